/**
 * A file's code style, measured from the file (and a function, where it has evidence of its own):
 * where the brace of a block goes, whether a single statement gets braces, how function
 * definitions are laid out, how wide lines run. Generated code is written in one canonical style
 * (K&R blocks, braces always, 4-space indent) and rendered into the file's with `restyle`.
 */
import { continuationColumn } from '../core/macro-lines';
import type { SyntaxNode } from '../core/parse';
import type { SourceFile } from '../core/source';
import { displayWidth } from '../core/source';
import type { FileModel, FunctionInfo } from '../model/types';
import { leadingTypeLine } from './teardown';

export interface CodeStyle {
  indentUnit: string;
  eol: string;
  /** `if (x) {` (same line), `if (x)\n{` (next line, at the statement's indent), or GNU (next line, indented). */
  blockBrace: 'same' | 'next' | 'gnu';
  /** A single statement as the body of an `if` gets braces. */
  bracesForSingle: boolean;
  /** The `{` of a function body: on its own line, or after the parameters. */
  functionBrace: 'same' | 'next';
  /** `static int\nname(...)`: the return type on a line of its own. */
  returnTypeOwnLine: boolean;
  /** `typedef struct {` or `typedef struct\n{`. */
  structBrace: 'same' | 'next';
  /** Lines longer than this are wrapped. */
  maxWidth: number;
  /** A declaration block is followed by a blank line before the statements. */
  blankAfterDeclarations: boolean;
  /** Wrapped argument lists continue under the first argument (else one level deeper). */
  wrapAlign: boolean;
}

interface Counts {
  same: number;
  next: number;
  gnu: number;
  single: number;
  braced1: number;
}

const cache = new WeakMap<object, CodeStyle>();

/** The style of a file, measured once. */
export function fileStyle(file: FileModel): CodeStyle {
  let s = cache.get(file);
  if (!s) {
    s = measure(file.source, file.parsed.tree.rootNode, file);
    cache.set(file, s);
  }
  return s;
}

/** The style inside one function: its own evidence where it has some, else the file's. */
export function functionStyle(f: FunctionInfo): CodeStyle {
  let s = cache.get(f);
  if (!s) {
    const base = fileStyle(f.file);
    const body = f.node.childForFieldName('body');
    const c = body ? blockCounts(f.file.source, body) : undefined;
    s = { ...base };
    if (c && c.same + c.next + c.gnu > 0) s.blockBrace = pick(c);
    if (c && c.single + c.braced1 > 0) s.bracesForSingle = c.braced1 > c.single;
    // In a macro that defines the function, lines end in ` \` (at the column the macro aligns them to).
    const macro = f.macroTemplate ? f.file.parsed.functionMacros.find((m) => m.name === f.macroTemplate!.macro) : undefined;
    if (macro) {
      const column = continuationColumn(f.file.source.text, f.file.parsed.lex, macro.start);
      s.maxWidth = Math.min(s.maxWidth, column !== undefined ? column - 1 : s.maxWidth - 2);
    }
    cache.set(f, s);
  }
  return s;
}

function pick(c: Counts): 'same' | 'next' | 'gnu' {
  if (c.gnu > c.same && c.gnu > c.next) return 'gnu';
  return c.next > c.same ? 'next' : 'same';
}

function measure(src: SourceFile, root: SyntaxNode, file: FileModel): CodeStyle {
  const c = blockCounts(src, root);
  let fnNext = 0;
  let fnSame = 0;
  let ownLine = 0;
  let sameLine = 0;
  for (const f of file.functions) {
    const braceLine = src.lineStart(f.bodyStart);
    if (src.text.slice(braceLine, f.bodyStart).trim() === '') fnNext++;
    else fnSame++;
    const nameAt = src.text.indexOf(f.name, f.declStart);
    if (nameAt !== -1 && nameAt < f.paramsStart) {
      if (src.lineStart(nameAt) > f.declStart && src.text.slice(src.lineStart(nameAt), nameAt).trim() === '') ownLine++;
      else sameLine++;
    }
  }
  const structs = [...src.text.matchAll(/\bstruct(?:\s+[A-Za-z_]\w*)?[ \t]*(\r?\n[ \t]*)?\{/g)];
  const structNext = structs.filter((m) => m[1] !== undefined).length;
  return {
    indentUnit: src.indentUnit,
    eol: src.eol,
    blockBrace: c.same + c.next + c.gnu > 0 ? pick(c) : 'same',
    bracesForSingle: c.single + c.braced1 > 0 ? c.braced1 >= c.single : true,
    functionBrace: fnSame > fnNext ? 'same' : 'next',
    returnTypeOwnLine: ownLine + sameLine > 0 ? ownLine >= sameLine : true,
    structBrace: structNext * 2 > structs.length ? 'next' : 'same',
    maxWidth: lineLimit(src),
    blankAfterDeclarations: blankAfterDeclarations(src, file),
    wrapAlign: wrapsAligned(src.text),
  };
}

/** Braces of `if`/`for`/`while` bodies under `root`, and single statements with and without them. */
function blockCounts(src: SourceFile, root: SyntaxNode): Counts {
  const c: Counts = { same: 0, next: 0, gnu: 0, single: 0, braced1: 0 };
  const text = src.text;
  // The parser's own search: no walk through every node in JavaScript (slow on huge files, and
  // no recursion however deep the nesting).
  for (const n of root.descendantsOfType(['if_statement', 'for_statement', 'while_statement'])) {
    const body = n.type === 'if_statement' ? n.childForFieldName('consequence') : n.childForFieldName('body');
    if (body && body.type === 'compound_statement') {
      const ls = src.lineStart(body.startIndex);
      if (ls <= n.startIndex || text.slice(ls, body.startIndex).trim() !== '') c.same++;
      else if (src.indentAt(body.startIndex).length > src.indentAt(n.startIndex).length) c.gnu++;
      else c.next++;
      if (n.type === 'if_statement' && body.namedChildren.filter((x) => x.type !== 'comment').length === 1) c.braced1++;
    } else if (body && n.type === 'if_statement') c.single++;
  }
  return c;
}

const PARTIAL_RUN_LINE = /\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b|cannot be loaded more than once per process/;

/**
 * The width the file keeps to: the smallest usual limit (79, 80, 99, 100, 119, 120) that all but
 * a few of its lines respect; a file with many longer lines is not wrapped.
 */
function lineLimit(src: SourceFile): number {
  // A line that continues a string literal is as long as its text: no limit can wrap it, so it says
  // nothing; lines a partial run writes and one run does not (the load-once slot value is 82 columns
  // wide) are not the file's: counted, they would widen the file for the next run.
  const lengths = src.text
    .split(/\r?\n/)
    .filter((l) => !/^\s*"/.test(l) && !PARTIAL_RUN_LINE.test(l))
    .map((l) => l.replace(/\t/g, '        ').length);
  const allowed = Math.max(1, Math.floor(lengths.length / 200));
  for (const limit of [79, 80, 99, 100, 119, 120]) {
    if (lengths.filter((n) => n > limit).length <= allowed) return limit;
  }
  return Infinity;
}

/** Whether continuation lines of wrapped parentheses start under the first argument (the usual C style). */
function wrapsAligned(text: string): boolean {
  const lines = text.split(/\r?\n/);
  let aligned = 0;
  let deeper = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i];
    if (!/,\s*$/.test(l) || /^\s*(\/\*|\*|#)/.test(l)) continue;
    let depth = 0;
    let last = -1;
    const stack: number[] = [];
    for (let j = 0; j < l.length; j++) {
      if (l[j] === '(') stack.push(j);
      else if (l[j] === ')') stack.pop();
    }
    depth = stack.length;
    last = stack[stack.length - 1] ?? -1;
    if (depth === 0) continue;
    const next = lines[i + 1];
    const col = displayWidth(next.slice(0, next.length - next.trimStart().length), 0);
    if (col === displayWidth(l.slice(0, last + 1), 0)) aligned++;
    else deeper++;
  }
  return aligned >= deeper;
}

/** Whether the file's functions separate their leading declarations from the statements with a blank line. */
function blankAfterDeclarations(src: SourceFile, file: FileModel): boolean {
  let blank = 0;
  let none = 0;
  const setup = moduleSetupFunctions(src, file);
  const hooks = stateFunctions(file);
  for (const f of file.functions) {
    if (setup.has(f.name) || hooks.has(f.name)) continue;
    const body = f.node.childForFieldName('body');
    if (!body) continue;
    const all = body.namedChildren.filter((c) => c.type !== 'comment');
    // A dealloc's `PyTypeObject *tp = Py_TYPE(self);` is the heap-type rewrite's line, not the author's habit.
    const kids = leadingTypeLine(f, all) ? all.slice(1) : all;
    const i = kids.findIndex((c) => c.type !== 'declaration');
    if (i < 0) continue;
    // No declarations left but a blank line first (they were removed, by hand or by an earlier run): the same habit.
    if (i === 0 && !/\n[ \t]*\r?\n/.test(src.text.slice(body.startIndex, kids[0].startIndex))) continue;
    const between = src.text.slice(i === 0 ? body.startIndex : kids[i - 1].endIndex, kids[i].startIndex);
    if (/\n[ \t]*\r?\n/.test(between)) blank++;
    else none++;
  }
  return blank > none;
}

/**
 * The module def's GC hooks and functions named like state getters (`get_x_state`, `x_get_state_of_type`,
 * `x_create_type`): what a run of this tool writes in its own layout, left out of the measurement in every
 * run alike, so an earlier run's do not sway the next one.
 */
function stateFunctions(file: FileModel): Set<string> {
  const out = new Set<string>();
  for (const d of file.moduleDefs) for (const hook of ['m_traverse', 'm_clear', 'm_free']) {
    const v = d.fields.get(hook)?.value.trim();
    if (v && /^[A-Za-z_]\w*$/.test(v)) out.add(v);
  }
  for (const f of file.functions) if (/^get_\w+_state$|_get_state(_\w+)?$|_create_type$|_legacy_state$/.test(f.name)) out.add(f.name);
  return out;
}

/**
 * The module's init and exec functions and everything they call: converting the init removes
 * declarations there (the module variable) and may move its body into a helper it calls, so a
 * later run would measure another file. Left out of the measurement in every run alike.
 */
function moduleSetupFunctions(src: SourceFile, file: FileModel): Set<string> {
  const byName = new Map(file.functions.map((f) => [f.name, f]));
  const execs = file.tables.flatMap((t) => t.entries.filter((e) => e.pyName === 'Py_mod_exec' && e.func).map((e) => e.func!));
  const out = new Set<string>();
  const work = [...file.functions.filter((f) => f.name.startsWith('PyInit_')).map((f) => f.name), ...execs];
  while (work.length > 0) {
    const name = work.pop()!;
    if (out.has(name)) continue;
    out.add(name);
    const f = byName.get(name);
    if (!f) continue;
    for (const m of src.text.slice(f.bodyStart, f.bodyEnd).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (byName.has(m[1]) && !out.has(m[1])) work.push(m[1]);
  }
  return out;
}

/** Generated text (canonical, see restyle) in a file's style, indentation unit and line ends. */
export function styled(file: FileModel, text: string): string {
  const s = fileStyle(file);
  const out = layout(restyle(text, s), s, 0).join('\n');
  return s.eol === '\r\n' ? out.replace(/\r?\n/g, '\r\n') : out;
}

/**
 * Generated statement lines (canonical 4-space levels) in a function's style, for a block whose
 * statements are indented by `indent`; the lines come back without that indentation.
 */
export function styledLines(f: FunctionInfo, lines: string[], indent: string): string[] {
  const s = functionStyle(f);
  return layout(restyle(lines.join('\n'), s), s, displayWidth(indent, 0));
}

const OPENER = /^(?:\} )?(?:if|else if|for|while|switch)\b.*\)\s*\{$|^(?:\} )?else \{$/;

/**
 * Generated C is written canonically: 4-space levels, K&R blocks, braces always, a function's `{`
 * and its return type on lines of their own. This puts block and function braces where the file
 * puts them and drops the braces of single statements when the file does.
 */
export function restyle(text: string, s: CodeStyle): string {
  let lines = text.split(/\r?\n/);
  if (!s.bracesForSingle) lines = unbraceSingles(lines);
  if (s.blockBrace !== 'same') lines = bracesOnOwnLine(lines, s.blockBrace === 'gnu');
  return functionHeads(lines, s).join('\n');
}

/** The file's indentation unit for the canonical levels, then lines wrapped at the file's width. */
export function layout(text: string, s: CodeStyle, baseColumn: number): string[] {
  const lines = text.split('\n').map((l) => (s.indentUnit === '    ' ? l : l.replace(/^((?: {4})+)/, (m) => s.indentUnit.repeat(m.length / 4))));
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    // A comment over several lines is reflowed as a whole when one of its lines is too long.
    const t = lines[i].trimStart();
    if (t.startsWith('/*') && !t.includes('*/')) {
      let j = i;
      while (j + 1 < lines.length && !lines[j].includes('*/') && lines[j + 1].trimStart().startsWith('*')) j++;
      const group = lines.slice(i, j + 1);
      if (lines[j].includes('*/') && group.some((l) => displayWidth(l, baseColumn) > s.maxWidth)) {
        const pad = lines[i].slice(0, lines[i].length - t.length);
        const text = group.map((l) => l.trim().replace(/^\/\*\s?|^\*\s?/, '').replace(/\s?\*\/$/, '')).join(' ');
        out.push(...wrapComment(pad, `/* ${text} */`, s.maxWidth - displayWidth(pad, baseColumn)));
        i = j;
        continue;
      }
    }
    out.push(...wrap(lines[i], s, baseColumn));
  }
  return out;
}

function level(l: string): number {
  return l.length - l.trimStart().length;
}

/** `if (c) {` / one statement / `}` -> `if (c)` / the statement, outside else-chains. */
function unbraceSingles(lines: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    const t = l.trim();
    const body = lines[i + 1];
    const close = lines[i + 2];
    if (/^(if|for|while)\b.*\)\s*\{$/.test(t) && body !== undefined && close !== undefined && close.trim() === '}' && level(close) === level(l) && level(body) > level(l)) {
      const b = body.trim();
      const isSimple = b.endsWith(';') && !b.includes('{') && !/^(if|for|while|switch|else|do)\b/.test(b) && !b.startsWith('/');
      const chained = /^\}?\s*else\b/.test((lines[i + 3] ?? '').trim());
      if (isSimple && !chained) {
        out.push(l.replace(/\s*\{$/, ''), body);
        i += 2;
        continue;
      }
    }
    out.push(l);
  }
  return out;
}

/** `if (c) {` -> `if (c)` + `{` on its own line (GNU: the braces half a level in, the body a level deeper). */
function bracesOnOwnLine(lines: string[], gnu: boolean): string[] {
  const out: string[] = [];
  // Every open brace: whether it opened a statement block, and how many levels GNU moved its body.
  const open: { block: boolean; extra: number }[] = [];
  let shift = 0;
  const at = (l: string): string => ' '.repeat(level(l) + shift * 4);
  const close = (l: string): void => {
    const o = open.pop();
    shift -= o?.extra ?? 0;
    out.push(`${at(l)}${o?.block && gnu ? '    ' : ''}}`);
  };
  for (const l of lines) {
    const t = l.trim();
    if (OPENER.test(t)) {
      if (t.startsWith('}')) close(l);
      const p = at(l);
      out.push(`${p}${t.replace(/^\}\s*/, '').replace(/\s*\{$/, '')}`, `${p}${gnu ? '    ' : ''}{`);
      open.push({ block: true, extra: gnu ? 1 : 0 });
      shift += gnu ? 1 : 0;
      continue;
    }
    if (t === '}') {
      close(l);
      continue;
    }
    if (t.startsWith('}')) {
      const o = open.pop();
      shift -= o?.extra ?? 0;
    }
    out.push(t === '' ? '' : at(l) + t);
    if (t.endsWith('{')) open.push({ block: false, extra: 0 });
  }
  return out;
}

/** A function's `{` after its parameters, and its return type on the name's line, when the file does so. */
function functionHeads(lines: string[], s: CodeStyle): string[] {
  const out: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i];
    if (l === '{' && s.functionBrace === 'same' && out.length > 0 && /\)$/.test(out[out.length - 1]) && level(out[out.length - 1]) === 0) {
      out[out.length - 1] += ' {';
      continue;
    }
    if (!s.returnTypeOwnLine && level(l) === 0 && /^[A-Za-z_]\w*\(/.test(l) && out.length > 0) {
      const prev = out[out.length - 1];
      if (prev !== '' && level(prev) === 0 && /^(static|extern|inline|const|unsigned|struct|void|int|PyObject|PyTypeObject|[A-Za-z_]\w*)\b[\w\s*]*$/.test(prev) && !/[;{}),]$/.test(prev)) {
        out[out.length - 1] = prev.endsWith('*') ? prev + l : `${prev} ${l}`;
        continue;
      }
    }
    if (s.structBrace === 'next' && level(l) === 0 && /^(typedef )?struct( \w+)? \{$/.test(l)) {
      out.push(l.replace(/ \{$/, ''), '{');
      continue;
    }
    out.push(l);
  }
  return out;
}

/**
 * A line longer than the file's width broken the way C is usually wrapped: a comment at word
 * boundaries (continued with ` * `), a trailing comment continued under its own start, code after
 * a `, ` inside parentheses (continued under the first argument, or one level deeper when the
 * file wraps so) or after a ` | `, ` && `, ` || `. String literals are never split; a line with no
 * place to break stays as it is.
 */
function wrap(line: string, s: CodeStyle, baseColumn: number): string[] {
  const width = s.maxWidth;
  if (!Number.isFinite(width) || displayWidth(line, baseColumn) <= width) return [line];
  const pad = line.slice(0, line.length - line.trimStart().length);
  const t = line.trimStart();
  const room = width - displayWidth(pad, baseColumn);
  if (room < 30) return [line];
  if (t.startsWith('#') || t.endsWith('\\')) return [line];
  if (t.startsWith('/*') || t.startsWith('* ')) return wrapComment(pad, t, room);
  // Code with a trailing comment: the comment continues under its own start.
  const trailing = /^(.*?[;,{])(\s+)(\/\*.*\*\/)$/.exec(t);
  const declaration = !!trailing && /^(?:struct\s+)?[A-Za-z_][\w\s*]*?[\s*][A-Za-z_]\w*(\[[^\]]*\])?;$/.test(trailing[1]);
  if (trailing && !declaration) {
    // A comment after a statement goes above it.
    return [...wrapComment(pad, trailing[3], room), pad + trailing[1]];
  }
  if (trailing) {
    // A declaration's comment (aligned with its neighbours') continues under its own start.
    const startCol = trailing[1].length + trailing[2].length;
    if (startCol > room - 25) return [line];
    const parts = wrapWords(trailing[3], room - startCol, '   ');
    // Too narrow a column for it (more than two lines): above the declaration.
    if (parts.length > 2) return [...wrapComment(pad, trailing[3], room), pad + trailing[1]];
    return [pad + trailing[1] + trailing[2] + parts[0], ...parts.slice(1).map((p) => pad + ' '.repeat(startCol) + p)];
  }
  const cut = breakPoint(t, room);
  if (!cut) return [line];
  const cont = s.wrapAlign ? ' '.repeat(cut.align) : s.indentUnit + s.indentUnit;
  return [pad + t.slice(0, cut.at).trimEnd(), ...wrap(pad + cont + t.slice(cut.at).trimStart(), s, baseColumn)];
}

function wrapComment(pad: string, t: string, room: number): string[] {
  const open = t.startsWith('/*');
  const close = t.endsWith('*/');
  const inner = t.replace(/^\/\*\s?|^\*\s?/, '').replace(/\s?\*\/$/, '');
  const words = wrapWords(inner, room - 3, '');
  return words.map((w, i) => {
    const first = i === 0 && open ? '/* ' : ' * ';
    const last = i === words.length - 1 && close ? ' */' : '';
    return pad + first + w + last;
  });
}

/** Words of `text` in lines of at most `room` characters (a longer word gets a line of its own). */
function wrapWords(text: string, room: number, contPrefix: string): string[] {
  // A comment's `/*` and `*/` stay with the word next to them.
  const words = text.replace(/^\/\* /, '/*\u0000').replace(/ \*\/$/, '\u0000*/').split(/ +/).map((w) => w.replace('\u0000', ' '));
  const out: string[] = [];
  let cur = '';
  for (const w of words) {
    const next = cur === '' ? w : `${cur} ${w}`;
    if (next.length > room && cur !== '') {
      out.push(cur);
      cur = contPrefix + w;
    } else cur = next;
  }
  if (cur !== '') out.push(cur);
  return out;
}

/**
 * Where to break code so that the head fits in `room`: after a `, ` inside parentheses (or
 * braces), or after a ` | `, ` && `, ` || `, or before a ` ? `/` : `; the outermost such place
 * wins, then the last one. `align` is the column continuation lines start at: after the open
 * parenthesis, else after `= ` or `return `.
 */
function breakPoint(t: string, room: number): { at: number; align: number } | undefined {
  const opens: number[] = [];
  let inString: string | undefined;
  let best: { at: number; align: number; depth: number } | undefined;
  const lead = /^(?:return\s|[^=("?]*?[^=!<>]=\s)/.exec(t);
  const consider = (at: number, depth: number, align: number): void => {
    if (at > room || at < 10) return;
    if (!best || depth < best.depth || (depth === best.depth && at > best.at)) best = { at, align, depth };
  };
  for (let i = 0; i < t.length; i++) {
    const c = t[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === inString) inString = undefined;
      continue;
    }
    const top = opens.length > 0 ? opens[opens.length - 1] + 1 : lead ? lead[0].length : 8;
    if (c === '"' || c === "'") inString = c;
    else if (c === '(' || c === '{' || c === '[') opens.push(i);
    else if (c === ')' || c === '}' || c === ']') opens.pop();
    else if (c === ',' && t[i + 1] === ' ' && opens.length > 0) consider(i + 1, opens.length, top);
    else if (c === ' ') {
      const op = /^ (\|\||&&|\|) /.exec(t.slice(i, i + 4));
      if (op) consider(i + op[1].length + 2, opens.length, top);
      else if (/^ [?:] /.test(t.slice(i, i + 3))) consider(i + 1, opens.length, top);
    }
  }
  const pick = best as { at: number; align: number } | undefined;
  if (!pick || pick.align >= room - 10) return undefined;
  return pick;
}
