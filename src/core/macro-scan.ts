/**
 * Lexical scanning that the macro hole finders share: blanks, balanced parentheses, brace and
 * parenthesis depths (per #if branch), the significant text around an offset, uses of names outside
 * holes, directives and inert text.
 */
import { LexInfo, Directive, isInert, directiveAt } from './lex';
import { lastStartingAtOrBefore } from './search';
import type { Hole } from './parse-view';

/** Offset of the nearest character before `at` that is not space, comment or directive; -1 at the start. */
export function lastSignificantIndex(text: string, lx: LexInfo, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i--;
    else if (directiveAt(lx, i)) i = directiveAt(lx, i)!.start - 1;
    else if ((c === '/' || c === '*') && isInert(lx, i)) {
      const idx = lastStartingAtOrBefore(lx.inertStarts, i, (x) => x);
      if (idx === -1 || lx.inertEnds[idx] <= i || text[lx.inertStarts[idx]] !== '/') return i;
      i = lx.inertStarts[idx] - 1;
    } else return i;
  }
  return -1;
}

/**
 * Brace and parenthesis depths a scan carries over `#if` groups: every branch starts at the depths
 * the group started at (the preprocessor keeps one branch), so that branches which each open the
 * same bracket (`f(a,` / `#else` / `f(b,` / `#endif` / `c)`) count it once.
 */
class BranchDepths {
  brace = 0;
  paren = 0;
  private readonly starts: [number, number][] = [];

  /** A directive line the scan passes. */
  directive(d: Directive): void {
    if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') this.starts.push([this.brace, this.paren]);
    else if ((d.kind === 'else' || d.kind === 'elif') && this.starts.length > 0) [this.brace, this.paren] = this.starts[this.starts.length - 1];
    else if (d.kind === 'endif') this.starts.pop();
  }
}

/** Brace and parenthesis depth at each of the (ascending) offsets, comments, literals and directives skipped. */
export function depthsAt(text: string, lx: LexInfo, offsets: number[]): { brace: number; paren: number }[] {
  const out: { brace: number; paren: number }[] = [];
  const at = new BranchDepths();
  let k = 0;
  for (let i = 0; i < text.length && k < offsets.length; i++) {
    while (k < offsets.length && i === offsets[k]) {
      out.push({ brace: at.brace, paren: at.paren });
      k++;
    }
    const ch = text.charCodeAt(i);
    if ((ch === 34 || ch === 39 || ch === 47) && isInert(lx, i)) {
      const idx = findInert(lx, i);
      if (idx !== -1) i = lx.inertEnds[idx] - 1;
      continue;
    }
    if (ch === 123) at.brace++;
    else if (ch === 125) at.brace = Math.max(0, at.brace - 1);
    else if (ch === 40) at.paren++;
    else if (ch === 41) at.paren = Math.max(0, at.paren - 1);
    else if (ch === 35 && inDirective(lx, i)) {
      const d = directiveAt(lx, i);
      if (d) {
        at.directive(d);
        i = d.end - 1;
      }
    }
  }
  while (out.length < offsets.length) out.push({ brace: at.brace, paren: at.paren });
  return out;
}

/** The nearest character from `at` on that is not space, comment or directive; '' at the end. */
export function significantAfter(text: string, lx: LexInfo, at: number): string {
  const i = significantIndexAfter(text, lx, at);
  return i === -1 ? '' : text[i];
}

/** Offset of the nearest character from `at` on that is not space, comment or directive; -1 at the end. */
export function significantIndexAfter(text: string, lx: LexInfo, at: number): number {
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const d = directiveAt(lx, i);
    if (d) {
      i = d.end;
      continue;
    }
    if (c === '/' && isInert(lx, i)) {
      const idx = findInert(lx, i);
      if (idx !== -1) {
        i = lx.inertEnds[idx];
        continue;
      }
    }
    return i;
  }
  return -1;
}

/** `\bNAME\b` matches of the names that are code (not comments, literals, directive lines) and not yet in a hole. */
export function* usesOutsideHoles(text: string, lx: LexInfo, names: string[], holes: Hole[]): Generator<RegExpExecArray> {
  if (names.length === 0) return;
  const re = new RegExp(`\\b(?:${names.join('|')})\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    if (isInert(lx, start) || inDirective(lx, start) || insideHole(holes, start)) continue;
    yield m;
  }
}

/** The uses of `names` outside any brace or parenthesis that are calls: each with the offset of its closing `)`. */
export function fileScopeCalls(text: string, lx: LexInfo, names: string[], holes: Hole[]): { use: RegExpExecArray; close: number }[] {
  const uses = [...usesOutsideHoles(text, lx, names, holes)];
  if (uses.length === 0) return [];
  const depths = depthsAt(text, lx, uses.map((m) => m.index));
  const out: { use: RegExpExecArray; close: number }[] = [];
  uses.forEach((m, k) => {
    if (depths[k].brace !== 0 || depths[k].paren !== 0) return;
    const open = skipSpace(text, m.index + m[0].length);
    if (text.charCodeAt(open) !== 40 /* ( */) return;
    const close = matchParen(text, open, lx);
    if (close !== -1) out.push({ use: m, close });
  });
  return out;
}

export function insideHole(holes: Hole[], at: number): boolean {
  return holes.some((h) => h.start <= at && at < h.end);
}

/** A macro body (or any code) with its comments blanked; `//` inside a string literal is no comment. */
export function withoutComments(s: string): string {
  return s.includes('/') ? scanComments(s, false) : s;
}

/**
 * A macro body with its comments and its string and character literals blanked: what is left is
 * code. A doc string's commas (`"a polygon is a \n\<newline>collection of contours, ..."`) are no
 * separators of the code the macro stands for.
 */
export function codeOfBody(s: string): string {
  return scanComments(s, true);
}

function scanComments(s: string, blankLiterals: boolean): string {
  let out = '';
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '/' && s[i + 1] === '*') {
      const close = s.indexOf('*/', i + 2);
      i = close < 0 ? s.length : close + 1;
      out += ' ';
    } else if (c === '/' && s[i + 1] === '/') {
      const eol = s.indexOf('\n', i);
      i = eol < 0 ? s.length : eol - 1;
      out += ' ';
    } else if (c === '"' || c === "'") {
      // Up to the closing quote; a backslash escapes the next character, a newline among them.
      let j = i + 1;
      while (j < s.length && s[j] !== c) j += s[j] === '\\' ? 2 : 1;
      out += blankLiterals ? c + c : s.slice(i, j + 1);
      i = j;
    } else out += c;
  }
  return out;
}

export function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

/**
 * Offset of the `)` matching the `(` at `open`, skipping comments, literals and the directive
 * lines after it (each `#if` branch counted from where its group started: see BranchDepths); -1
 * if none.
 */
export function matchParen(text: string, open: number, lx: LexInfo): number {
  const at = new BranchDepths();
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      const d = directiveAt(lx, i);
      if (d && d.start > open) {
        at.directive(d);
        i = d.end - 1;
        continue;
      }
    }
    if (c === 40) at.paren++;
    else if (c === 41) {
      at.paren--;
      if (at.paren === 0) return i;
    } else if ((c === 34 || c === 39 || c === 47) && isInert(lx, i)) {
      // jump over the literal or comment
      const idx = findInert(lx, i);
      if (idx !== -1) i = lx.inertEnds[idx] - 1;
    }
  }
  return -1;
}

function findInert(lx: LexInfo, offset: number): number {
  const s = lx.inertStarts;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid] === offset) return mid;
    if (s[mid] < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

export function inDirective(lx: LexInfo, offset: number): boolean {
  return directiveAt(lx, offset) !== undefined;
}
