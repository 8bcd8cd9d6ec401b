/**
 * Function-defining macros: a `#define` whose body is one whole function definition, expanded
 * at file scope once per generated function (`#define BINOP(NAME, OP) static PyObject
 * *wrap_##NAME(PyObject *a, PyObject *b) { ... }` then `BINOP(add, PyNumber_Add)`). The parse
 * view shows such a body as the function it is (the `#define` head and the line continuations
 * blanked, `a##NAME` read as one identifier, `#NAME` as a string literal, every length kept) and
 * blanks the expansions, so the model sees one function whose text stands for every expansion,
 * and edits of its body land in the macro, where every expansion gets them.
 */
import { LexInfo, isInert, defineParts } from './lex';
import type { Hole } from './parse-view';
import { lastStartingAtOrBefore } from './search';

export interface FunctionMacroExpansion {
  /** The use `NAME(args)` (with a `;` right after it), at file scope. */
  start: number;
  end: number;
  args: string[];
  /** The name of the function this expansion defines, when it is an identifier. */
  name?: string;
}

export interface FunctionMacro {
  name: string;
  params: string[];
  /** The `#define` directive. */
  start: number;
  end: number;
  /** The function's name as written in the body (`wrap_##NAME`), and its offsets. */
  pattern: string;
  patternStart: number;
  patternEnd: number;
  /** Declarations the body has after the function (`PyDoc_STRVAR(name##_doc, ...)`): not shown to the parse. */
  tailStart?: number;
  expansions: FunctionMacroExpansion[];
}

const KEYWORDS = new Set(['if', 'else', 'while', 'for', 'do', 'switch', 'return', 'case', 'goto', 'sizeof', 'typedef', 'struct', 'union', 'enum']);

/**
 * The function-defining macros of a file with their expansions, and the holes that show them to
 * tree-sitter as code. A macro counts only when every use of it is at file scope and at least one
 * is, and it is defined once in the file.
 */
export function findFunctionMacros(text: string, lx: LexInfo): { macros: FunctionMacro[]; holes: Hole[] } {
  const candidates = new Map<string, FunctionMacro>();
  const seen = new Set<string>();
  for (const d of lx.directives) {
    if (d.kind !== 'define' || d.braceDepth !== 0) continue;
    const parts = defineParts(d.rest);
    if (!parts) continue;
    if (seen.has(parts.name)) {
      candidates.delete(parts.name);
      continue;
    }
    seen.add(parts.name);
    if (!parts.params || parts.params.length === 0 || parts.params.some((p) => p.includes('.'))) continue;
    const m = readTemplate(text, lx, d.start, d.end, parts.params);
    if (m) candidates.set(parts.name, { ...m, name: parts.name, params: parts.params, start: d.start, end: d.end, expansions: [] });
  }
  if (candidates.size === 0) return { macros: [], holes: [] };
  const depth = braceDepths(text, lx);
  const names = [...candidates.keys()];
  const re = new RegExp(`\\b(?:${names.join('|')})\\b`, 'g');
  const bad = new Set<string>();
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const at = m.index;
    if (isInert(lx, at) || inDirective(lx, at)) continue;
    const fm = candidates.get(m[0])!;
    const open = skipBlanks(text, at + m[0].length);
    const close = text[open] === '(' ? matchParen(text, open, lx) : -1;
    if (close === -1 || depth(at) !== 0 || !atLineStart(text, at)) {
      bad.add(m[0]);
      continue;
    }
    let end = close + 1;
    const semi = skipInline(text, end);
    if (text[semi] === ';') end = semi + 1;
    const args = splitArgs(text.slice(open + 1, close));
    fm.expansions.push({ start: at, end, args, name: expandedName(fm.pattern, fm.params, args) });
    re.lastIndex = end;
  }
  // Every expansion must name its function: a name that is no identifier would be a function the model cannot find.
  const macros = [...candidates.values()].filter((fm) => !bad.has(fm.name) && fm.expansions.length > 0 && fm.expansions.every((e) => e.name !== undefined));
  const holes: Hole[] = [];
  for (const fm of macros) {
    const d = lx.directives.find((x) => x.start === fm.start)!;
    const body = bodyStart(text, d.start, d.end);
    holes.push({ start: d.start, end: body, name: fm.name, kind: 'directive' });
    const end = fm.tailStart ?? d.end;
    if (fm.tailStart !== undefined) holes.push({ start: fm.tailStart, end: d.end, name: fm.name, kind: 'directive' });
    // Line continuations are blanks inside the function.
    for (let i = text.indexOf('\\', body); i !== -1 && i < end; i = text.indexOf('\\', i + 1)) {
      if (/^\\[ \t]*\r?\n/.test(text.slice(i, i + 4)) && !isInert(lx, i)) holes.push({ start: i, end: i + 1, name: fm.name, kind: 'directive' });
    }
    // `a ## NAME` is one identifier, `#NAME` a string literal: same lengths.
    const src = text.slice(body, end);
    const paste = /[ \t]*##[ \t]*/g;
    while ((m = paste.exec(src)) !== null) {
      const at = body + m.index;
      if (isInert(lx, at)) continue;
      holes.push({ start: at, end: at + m[0].length, name: fm.name, kind: 'directive', fill: '_'.repeat(m[0].length) });
    }
    const str = /(^|[^#])#[ \t]*([A-Za-z_]\w*)/g;
    while ((m = str.exec(src)) !== null) {
      const at = body + m.index + m[1].length;
      if (isInert(lx, at) || !fm.params.includes(m[2])) continue;
      const len = m[0].length - m[1].length;
      holes.push({ start: at, end: at + len, name: fm.name, kind: 'directive', fill: `"${'x'.repeat(len - 2)}"` });
    }
    for (const e of fm.expansions) holes.push({ start: e.start, end: e.end, name: fm.name, kind: 'hole-call' });
  }
  return { macros, holes };
}

/** The function a macro body defines: its name as written, or undefined when the body is something else. */
function readTemplate(text: string, lx: LexInfo, start: number, end: number, params: string[]): { pattern: string; patternStart: number; patternEnd: number } | undefined {
  const body = bodyStart(text, start, end);
  // Comments and continuations as blanks, so offsets stay those of the file.
  const chars = text.slice(body, end).split('');
  for (let k = Math.max(0, lastStartingAtOrBefore(lx.inertStarts, body, (x) => x)); k < lx.inertStarts.length && lx.inertStarts[k] < end; k++) {
    const s = lx.inertStarts[k];
    const e = lx.inertEnds[k];
    if (e <= body || s >= end || text[s] !== '/') continue;
    for (let i = Math.max(s, body); i < Math.min(e, end); i++) if (chars[i - body] !== '\n' && chars[i - body] !== '\r') chars[i - body] = ' ';
  }
  const src = chars.join('').replace(/\\(?=[ \t]*\r?\n)/g, ' ');
  const head = /^\s*((?:[A-Za-z_]\w*[\s*]+)+?)([A-Za-z_]\w*(?:\s*##\s*[A-Za-z_]\w*)*)\s*\(((?:[^()]|\([^()]*\))*)\)\s*\{/.exec(src);
  if (!head) return undefined;
  const words = head[1].match(/[A-Za-z_]\w*/g) ?? [];
  if (words.length === 0 || words.some((w) => KEYWORDS.has(w)) || KEYWORDS.has(head[2])) return undefined;
  // The `{` after the parameters closes at the end of the body.
  let depth = 0;
  const open = head[0].length - 1;
  for (let i = open; i < src.length; i++) {
    const c = src[i];
    if (c === '"' || c === "'") {
      for (i++; i < src.length && src[i] !== c; i++) if (src[i] === '\\') i++;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) {
      // After the function, declarations of its own (its docstring) may follow; not another body.
      const tail = src.slice(i + 1);
      if (/[{}]/.test(tail.replace(/"(?:[^"\\]|\\[\s\S])*"/g, '""'))) return undefined;
      const nameAt = head.index + head[0].indexOf(head[2], head[1].length);
      // Every `#` of the body is a paste or a parameter's stringification: nothing else parses.
      if (/#/.test(src.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, '').replace(/##/g, '').replace(/#\s*([A-Za-z_]\w*)/g, (x, p: string) => (params.includes(p) ? '' : x)))) return undefined;
      return { pattern: head[2], patternStart: body + nameAt, patternEnd: body + nameAt + head[2].length, ...(tail.trim() !== '' ? { tailStart: body + i + 1 } : {}) };
    }
  }
  return undefined;
}

/** Just past the `)` of the macro's parameter list. */
function bodyStart(text: string, start: number, end: number): number {
  const open = text.indexOf('(', text.indexOf('define', start));
  const close = text.indexOf(')', open);
  return close === -1 || close > end ? end : close + 1;
}

/** The generated function's name: each part of the pattern, a parameter replaced by its argument. */
export function expandedName(pattern: string, params: string[], args: string[]): string | undefined {
  const name = pattern
    .split('##')
    .map((p) => p.trim())
    .map((p) => {
      const i = params.indexOf(p);
      return i === -1 ? p : (args[i] ?? '').trim();
    })
    .join('');
  return /^[A-Za-z_]\w*$/.test(name) ? name : undefined;
}

/** The comma-separated pieces of `s` at depth 0, trimmed (strings, parentheses, brackets and braces kept whole). */
export function splitArgs(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === '"' || c === "'") {
      for (i++; i < s.length && s[i] !== c; i++) if (s[i] === '\\') i++;
    } else if (c === ',' && depth === 0) {
      out.push(s.slice(from, i).trim());
      from = i + 1;
    }
  }
  out.push(s.slice(from).trim());
  return out;
}

/** Brace depth at an offset, outside comments, literals and directives. */
function braceDepths(text: string, lx: LexInfo): (at: number) => number {
  const marks: number[] = [];
  const depths: number[] = [];
  let depth = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '{' && c !== '}') continue;
    if (isInert(lx, i) || inDirective(lx, i)) continue;
    depth += c === '{' ? 1 : -1;
    marks.push(i);
    depths.push(depth);
  }
  return (at) => {
    let lo = 0;
    let hi = marks.length - 1;
    let r = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid] < at) {
        r = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return r === -1 ? 0 : depths[r];
  };
}

function atLineStart(text: string, at: number): boolean {
  let i = at - 1;
  while (i >= 0 && (text[i] === ' ' || text[i] === '\t')) i--;
  return i < 0 || text[i] === '\n';
}

function skipBlanks(text: string, i: number): number {
  while (i < text.length && /\s/.test(text[i])) i++;
  return i;
}

function skipInline(text: string, i: number): number {
  while (i < text.length && (text[i] === ' ' || text[i] === '\t')) i++;
  return i;
}

function matchParen(text: string, open: number, lx: LexInfo): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (isInert(lx, i)) continue;
    const c = text[i];
    if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
    else if (c === ';' || c === '{' || c === '}') return -1;
  }
  return -1;
}

function inDirective(lx: LexInfo, at: number): boolean {
  const ds = lx.directives;
  let lo = 0;
  let hi = ds.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ds[mid].start <= at) {
      if (at < ds[mid].end) return true;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return false;
}
