/**
 * A fast lexical pre-scan of C text, done before tree-sitter sees it: comments and literals
 * ("inert" spans), preprocessor directive lines, `#if` groups, and which braces open an
 * initializer list. The macro layer uses it to cut holes; the model uses it to skip
 * identifiers in comments and to know the conditional regions of the file.
 */

import { lastStartingAtOrBefore } from './search';

export type DirectiveKind = 'if' | 'ifdef' | 'ifndef' | 'elif' | 'else' | 'endif' | 'define' | 'undef' | 'include' | 'other';

export interface Directive {
  kind: DirectiveKind;
  /** Offset of the '#' line's first byte (its indentation included). */
  start: number;
  /** Offset of the end of the (possibly continued) line, before its EOL. */
  end: number;
  /** The text after the directive keyword (the condition, macro body, ...). */
  rest: string;
  /** Brace depth at the directive. */
  braceDepth: number;
  /** True when the innermost open brace is an initializer list. */
  inInitializer: boolean;
}

export interface CondBranch {
  directive: Directive;
  /** Body: from after the directive line to the start of the next directive of the group. */
  bodyStart: number;
  bodyEnd: number;
}

/** One `#if ... #elif ... #else ... #endif` group. */
export interface CondGroup {
  branches: CondBranch[];
  endif?: Directive;
  start: number;
  end: number;
  /** Nesting depth among conditional groups (0 = outermost). */
  depth: number;
  /** `#ifndef X_H / #define X_H ... #endif` around a whole header: not a real condition. */
  includeGuard?: boolean;
  /** The one branch compiled for every supported Python version, when the conditions say so. */
  resolvedBranch?: number;
}

export interface BraceSpan {
  open: number;
  close: number;
  initializer: boolean;
}

export interface LexInfo {
  /** Sorted, non-overlapping [start, end) spans of comments, string and char literals. */
  inertStarts: number[];
  inertEnds: number[];
  /** The subset of inert spans that are comments. */
  commentStarts: number[];
  directives: Directive[];
  groups: CondGroup[];
  /** Initializer-list braces only (the others are not needed by anyone). */
  initializerBraces: BraceSpan[];
  /**
   * Backslash-newlines that split a token (`Shadow\` + newline + `Error`, `-\` + newline + `>`),
   * in code or in a directive: the compiler joins the lines, the parser and the identifier index
   * do not, so such a file cannot be read reliably (offsets of the backslash).
   */
  splices: number[];
}

const HASH = 35, SLASH = 47, STAR = 42, QUOTE = 34, APOS = 39, BSLASH = 92, NL = 10, CR = 13, SP = 32, TAB = 9;
const LBRACE = 123, RBRACE = 125, EQ = 61, COMMA = 44, RPAREN = 41;

export function lex(text: string): LexInfo {
  const inert: InertLists = { inertStarts: [], inertEnds: [], commentStarts: [], splices: [] };
  const directives: Directive[] = [];
  const initializerBraces: BraceSpan[] = [];
  // Brace stack: open offset and whether it is an initializer.
  const braceOpen: number[] = [];
  const braceInit: boolean[] = [];
  // The last significant (non-space, non-comment, non-directive) char code, for initializer detection.
  let lastSig = 0;
  let atLineStart = true;
  const n = text.length;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === NL) {
      atLineStart = true;
      i++;
      continue;
    }
    if (c === SP || c === TAB || c === CR || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === BSLASH) {
      const len = spliceLength(text, i);
      if (len > 0) {
        if (splitsToken(text, i, len)) inert.splices.push(i);
        i += len;
        continue;
      }
    }
    if (c === HASH && atLineStart) {
      i = scanDirective(text, i, directives, braceOpen.length, braceInit.length > 0 && braceInit[braceInit.length - 1], inert);
      atLineStart = true;
      continue;
    }
    atLineStart = false;
    if (c === SLASH && i + 1 < n) {
      const d = text.charCodeAt(i + 1);
      if (d === STAR || d === SLASH) {
        i = markInert(inert, i, commentEnd(text, i), true);
        continue;
      }
    }
    if (c === QUOTE || c === APOS) {
      i = markInert(inert, i, literalEnd(text, i, c), false);
      lastSig = c;
      continue;
    }
    if (c === LBRACE) {
      const parentInit = braceInit.length > 0 && braceInit[braceInit.length - 1];
      const init = lastSig === EQ || (parentInit && (lastSig === COMMA || lastSig === LBRACE || lastSig === RPAREN));
      braceOpen.push(i);
      braceInit.push(init);
    } else if (c === RBRACE) {
      if (braceOpen.length > 0) {
        const open = braceOpen.pop()!;
        const init = braceInit.pop()!;
        if (init) initializerBraces.push({ open, close: i, initializer: true });
      }
    }
    lastSig = c;
    i++;
  }
  initializerBraces.sort((a, b) => a.open - b.open);
  const groups = buildGroups(directives);
  markIncludeGuard(text, directives, groups);
  return { ...inert, directives, groups, initializerBraces };
}

function markIncludeGuard(text: string, directives: Directive[], groups: CondGroup[]): void {
  const first = groups[0];
  if (!first || first.depth !== 0 || first.branches.length !== 1 || first.branches[0].directive.kind !== 'ifndef' || !first.endif) return;
  const name = first.branches[0].directive.rest.split(/\s/)[0];
  const next = directives[directives.indexOf(first.branches[0].directive) + 1];
  if (!next || next.kind !== 'define' || next.rest.split(/\s/)[0] !== name) return;
  // Only comments and blank lines may follow the #endif.
  const after = text.slice(first.endif.end).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  if (after.trim() === '') first.includeGuard = true;
}

interface InertLists {
  inertStarts: number[];
  inertEnds: number[];
  commentStarts: number[];
  splices: number[];
}

/** 2 or 3 when a backslash-newline (LF or CRLF) starts at `i`, else 0. */
function spliceLength(text: string, i: number): number {
  if (text.charCodeAt(i) !== BSLASH) return 0;
  const d = text.charCodeAt(i + 1);
  if (d === NL) return 2;
  return d === CR && text.charCodeAt(i + 2) === NL ? 3 : 0;
}

const WORD_RE = /[A-Za-z0-9_$]/;
const OPERATOR_RE = /[-+*/%<>=!&|^#.:]/;

/** Whether the characters joined by the splice at `i` belong to one token (a word, a number, an operator). */
function splitsToken(text: string, i: number, len: number): boolean {
  const before = text[i - 1] ?? '';
  const after = text[i + len] ?? '';
  return (WORD_RE.test(before) && WORD_RE.test(after)) || (OPERATOR_RE.test(before) && OPERATOR_RE.test(after));
}

/** Records [start, end) as inert (a comment when `comment`), and returns `end`. */
function markInert(lists: InertLists, start: number, end: number, comment: boolean): number {
  lists.inertStarts.push(start);
  lists.inertEnds.push(end);
  if (comment) lists.commentStarts.push(start);
  return end;
}

/** End of the comment starting at `i` (`/*` or `//`). */
function commentEnd(text: string, i: number): number {
  if (text.charCodeAt(i + 1) === STAR) {
    const close = text.indexOf('*/', i + 2);
    return close === -1 ? text.length : close + 2;
  }
  return lineCommentEnd(text, i);
}

function lineCommentEnd(text: string, i: number): number {
  // A line comment continues over backslash-newline.
  let j = i;
  for (;;) {
    const nl = text.indexOf('\n', j);
    if (nl === -1) return text.length;
    let k = nl - 1;
    if (k >= 0 && text.charCodeAt(k) === CR) k--;
    if (k >= 0 && text.charCodeAt(k) === BSLASH) {
      j = nl + 1;
      continue;
    }
    return text.charCodeAt(nl - 1) === CR ? nl - 1 : nl;
  }
}

function literalEnd(text: string, i: number, quote: number): number {
  const n = text.length;
  let j = i + 1;
  while (j < n) {
    const c = text.charCodeAt(j);
    if (c === BSLASH) {
      j += text.charCodeAt(j + 1) === CR && text.charCodeAt(j + 2) === NL ? 3 : 2;
      continue;
    }
    if (c === quote) return j + 1;
    if (c === NL) return j; // unterminated: stop at the line end, as a compiler would complain there
    j++;
  }
  return n;
}

function scanDirective(
  text: string,
  i: number,
  out: Directive[],
  depth: number,
  inInit: boolean,
  inert: InertLists,
): number {
  const start = text.lastIndexOf('\n', i - 1) + 1;
  const n = text.length;
  // Find the end of the logical line, honouring backslash continuations and block comments.
  let j = i + 1;
  let end = n;
  while (j < n) {
    const c = text.charCodeAt(j);
    const splice = spliceLength(text, j);
    if (splice > 0) {
      if (splitsToken(text, j, splice)) inert.splices.push(j);
      j += splice;
      continue;
    }
    if (c === SLASH && (text.charCodeAt(j + 1) === STAR || text.charCodeAt(j + 1) === SLASH)) {
      j = markInert(inert, j, commentEnd(text, j), true);
      continue;
    }
    if (c === QUOTE || c === APOS) {
      j = markInert(inert, j, literalEnd(text, j, c), false);
      continue;
    }
    if (c === NL) {
      end = j > 0 && text.charCodeAt(j - 1) === CR ? j - 1 : j;
      break;
    }
    j++;
  }
  if (j >= n) end = n;
  const m = /^#\s*([A-Za-z_]+)/.exec(text.slice(i, Math.min(end, i + 64)));
  const word = m ? m[1] : '';
  const kind: DirectiveKind =
    word === 'if' || word === 'ifdef' || word === 'ifndef' || word === 'elif' || word === 'else' || word === 'endif' ||
    word === 'define' || word === 'undef' || word === 'include'
      ? (word as DirectiveKind)
      : word === 'elifdef' || word === 'elifndef'
        ? 'elif'
        : 'other';
  const restStart = m ? i + m[0].length : i + 1;
  out.push({ kind, start, end, rest: text.slice(restStart, end).trim(), braceDepth: depth, inInitializer: inInit });
  return end;
}

function buildGroups(directives: Directive[]): CondGroup[] {
  const groups: CondGroup[] = [];
  const stack: CondGroup[] = [];
  for (const d of directives) {
    if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') {
      const g: CondGroup = { branches: [{ directive: d, bodyStart: d.end, bodyEnd: d.end }], start: d.start, end: d.end, depth: stack.length };
      stack.push(g);
      groups.push(g);
    } else if ((d.kind === 'elif' || d.kind === 'else') && stack.length > 0) {
      const g = stack[stack.length - 1];
      g.branches[g.branches.length - 1].bodyEnd = d.start;
      g.branches.push({ directive: d, bodyStart: d.end, bodyEnd: d.end });
    } else if (d.kind === 'endif' && stack.length > 0) {
      const g = stack.pop()!;
      g.branches[g.branches.length - 1].bodyEnd = d.start;
      g.endif = d;
      g.end = d.end;
    }
  }
  // Unterminated groups run to the end of the text.
  for (const g of stack) {
    const last = g.branches[g.branches.length - 1];
    last.bodyEnd = Number.MAX_SAFE_INTEGER;
    g.end = Number.MAX_SAFE_INTEGER;
  }
  return groups;
}

/** Index of the inert span containing `offset`, or -1. */
export function inertIndexAt(lx: LexInfo, offset: number): number {
  const found = lastStartingAtOrBefore(lx.inertStarts, offset, (x) => x);
  if (found >= 0 && offset < lx.inertEnds[found]) return found;
  return -1;
}

export function isInert(lx: LexInfo, offset: number): boolean {
  return inertIndexAt(lx, offset) !== -1;
}

/** The innermost conditional branches containing `offset`, outermost first. */
export function branchesAt(lx: LexInfo, offset: number): CondBranch[] {
  const out: CondBranch[] = [];
  for (const g of lx.groups) {
    if (offset < g.start || offset >= g.end) continue;
    if (g.includeGuard || g.resolvedBranch !== undefined) continue; // compiled unconditionally
    for (const b of g.branches) if (offset >= b.bodyStart && offset < b.bodyEnd) out.push(b);
  }
  return out;
}

/** True if [start, end) crosses a directive line or a branch boundary of some group. */
export function crossesConditional(lx: LexInfo, start: number, end: number): boolean {
  const ds = lx.directives;
  let lo = 0;
  let hi = ds.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ds[mid].start < start) lo = mid + 1;
    else hi = mid;
  }
  for (let k = lo; k < ds.length && ds[k].start < end; k++) {
    const kind = ds[k].kind;
    if (kind === 'if' || kind === 'ifdef' || kind === 'ifndef' || kind === 'elif' || kind === 'else' || kind === 'endif') return true;
  }
  return false;
}


/** The parts of a `#define` line: name, parameters of a function-like macro, body. */
export interface DefineParts {
  name: string;
  params?: string[];
  /** Continuation lines joined, trimmed; comments kept. */
  body: string;
}

/**
 * Splits the text after `#define` (a Directive's `rest`). A macro is function-like only when `(`
 * follows its name directly. A parameter list that is not identifiers (a damaged or cut line)
 * gives undefined: no macro to reason about.
 */
export function defineParts(rest: string): DefineParts | undefined {
  const m = /^([A-Za-z_]\w*)(\(([^)]*)\))?\s*([\s\S]*)$/.exec(rest);
  if (!m) return undefined;
  const params = m[2] !== undefined ? m[3].split(',').map((p) => p.trim()).filter((p) => p !== '') : undefined;
  if (params && !params.every((p) => /^(?:[A-Za-z_]\w*(?:\.\.\.)?|\.\.\.)$/.test(p))) return undefined;
  return { name: m[1], params, body: m[4].replace(/\\\r?\n/g, ' ').trim() };
}

/** One `#define` line of a file; `parts` is missing when its parameter list is unreadable. */
export interface Definition {
  name: string;
  start: number;
  end: number;
  parts?: DefineParts;
}

/** The file's `#define` lines by name, in file order (a name may be defined in several #if branches). */
export type DefinitionTable = ReadonlyMap<string, readonly Definition[]>;

const definitionTables = new WeakMap<LexInfo, DefinitionTable>();

/** Every `#define` of the file, read once per file for every reader. */
export function definitions(lx: LexInfo): DefinitionTable {
  let table = definitionTables.get(lx);
  if (!table) {
    const byName = new Map<string, Definition[]>();
    for (const d of lx.directives) {
      if (d.kind !== 'define') continue;
      const name = /^[A-Za-z_]\w*/.exec(d.rest)?.[0];
      if (!name) continue;
      const def: Definition = { name, start: d.start, end: d.end, parts: defineParts(d.rest) };
      const list = byName.get(name);
      if (list) list.push(def);
      else byName.set(name, [def]);
    }
    table = byName;
    definitionTables.set(lx, table);
  }
  return table;
}

/** The `#define` lines of `name` in the file (none: an empty list). */
export function definitionsOf(lx: LexInfo, name: string): readonly Definition[] {
  return definitions(lx).get(name) ?? [];
}

/** The file an `#include "x.h"` line names, as written; undefined for `<x.h>` and other directives. */
export function quotedInclude(d: Directive): string | undefined {
  return d.kind === 'include' ? /^"([^"]+)"/.exec(d.rest)?.[1] : undefined;
}

/** The directive line containing `offset`, if any. */
export function directiveAt(lx: LexInfo, offset: number): Directive | undefined {
  const i = lastStartingAtOrBefore(lx.directives, offset, (d) => d.start);
  return i !== -1 && offset < lx.directives[i].end ? lx.directives[i] : undefined;
}
