/** Small text helpers for building edits that keep the file's layout. */
import type { SourceFile } from '../core/source';
import { displayWidth } from '../core/source';

/** The span to delete for a statement: whole lines when it stands alone on them. */
export function statementRemoval(src: SourceFile, start: number, end: number): { start: number; end: number } {
  const text = src.text;
  const ls = src.lineStart(start);
  const before = text.slice(ls, start);
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  // A trailing `/* ... */` or `// ...` on the same line belongs to the statement.
  const tail = /^(\/\*[^\n]*?\*\/|\/\/[^\r\n]*)[ \t]*(?=\r?\n|$)/.exec(text.slice(e, e + 400));
  if (tail && /^[ \t]*$/.test(text.slice(src.lineStart(start), start))) e += tail[0].length;
  const atEol = e >= text.length || text[e] === '\n' || (text[e] === '\r' && text[e + 1] === '\n');
  if (/^[ \t]*$/.test(before) && atEol) {
    let le = src.lineEndIncludingEol(e);
    // Between two blank lines: take one of them too, so no double blank line is left.
    const prevBlank = ls === 0 || isBlankLine(src, src.lineStart(ls - 1), ls);
    const nextEnd = src.lineEndIncludingEol(le);
    if (prevBlank && le < text.length && isBlankLine(src, le, nextEnd)) le = nextEnd;
    return { start: ls, end: le };
  }
  return { start, end };
}

/** A span as the (start, end) arguments of an edit: `ctx.replace(file, ...spanOf(statementRemoval(...)), '')`. */
export function spanOf(s: { start: number; end: number }): [number, number] {
  return [s.start, s.end];
}

/**
 * Whole lines about to be deleted between a blank line above and one below: take the one below
 * too, so that deleting several neighbouring statements leaves no double blank line either.
 */
export function withoutDoubleBlank(src: SourceFile, span: { start: number; end: number }): { start: number; end: number } {
  const text = src.text;
  if (span.start === 0 || src.lineStart(span.start) !== span.start || span.end >= text.length || src.lineStart(span.end) !== span.end) return span;
  if (!isBlankLine(src, src.lineStart(span.start - 1), span.start)) return span;
  const nextEnd = src.lineEndIncludingEol(span.end);
  return isBlankLine(src, span.end, nextEnd) ? { start: span.start, end: nextEnd } : span;
}

function isBlankLine(src: SourceFile, start: number, end: number): boolean {
  return /^[ \t]*\r?\n?$/.test(src.text.slice(start, end));
}

/** A comment block on the lines right above `offset` (no blank line between), if any. */
export function leadingComment(src: SourceFile, offset: number): { start: number; text: string } | undefined {
  const text = src.text;
  const ls = src.lineStart(offset);
  if (text.slice(ls, offset).trim() !== '' || ls === 0) return undefined;
  const prevStart = src.lineStart(ls - 1);
  const prev = text.slice(prevStart, ls).trim();
  if (prev.startsWith('//')) {
    let s = prevStart;
    while (s > 0) {
      const p = src.lineStart(s - 1);
      if (!text.slice(p, s).trim().startsWith('//')) break;
      s = p;
    }
    return { start: s, text: text.slice(s, ls).trim() };
  }
  if (!prev.endsWith('*/')) return undefined;
  const open = text.lastIndexOf('/*', ls);
  if (open === -1) return undefined;
  const os = src.lineStart(open);
  if (text.slice(os, open).trim() !== '') return undefined;
  if (text.slice(open, ls).indexOf('*/') !== text.slice(open, ls).trimEnd().length - 2) return undefined;
  return { start: os, text: text.slice(open, ls).trim() };
}

/**
 * The indentation used for statements inside a block starting at `braceAt` (`{`): that of the first
 * line of code deeper than the brace's own line. Preprocessor lines and their continuations say
 * nothing about it, and neither does a line of code no deeper than the brace (a flush-left
 * `static int x = M(1);` under a block of `#define`s): which line comes first differs between a
 * function as written and the same function after an earlier step removed or added lines, and the
 * statement inserted there must be indented alike (fuzz regression b9df36a8b2aa). When no line is
 * deeper, the first line of code decides (a file written flush left stays so).
 */
export function blockIndent(src: SourceFile, braceAt: number, closeAt: number): string {
  const text = src.text;
  const brace = src.indentAt(braceAt);
  // An `#else` right after the brace (`PyInit_x(void) {` / `#else` / `initx(void) {` / `#endif`): its
  // lines are the rest of a head, not the body's.
  let i = text.indexOf('\n', braceAt);
  let skipping = 0;
  let continued = false;
  let first: string | undefined;
  let statementEnded = true;
  while (i !== -1 && i < closeAt) {
    const ls = i + 1;
    const le = text.indexOf('\n', ls);
    const line = text.slice(ls, le === -1 ? text.length : le).replace(/\r$/, '');
    const wasContinued: boolean = continued;
    let j = ls;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    const directive: boolean = !wasContinued && text[j] === '#';
    continued = (directive || wasContinued) && line.endsWith('\\');
    if (directive) {
      const word = /^#\s*(\w+)/.exec(text.slice(j, j + 32))?.[1];
      if (skipping > 0 && (word === 'if' || word === 'ifdef' || word === 'ifndef')) skipping++;
      else if (skipping > 0 && word === 'endif') skipping--;
      else if (skipping === 0 && (word === 'else' || word === 'elif')) skipping = 1;
    }
    if (!directive && !wasContinued && skipping === 0 && j < closeAt && text[j] !== '\n' && text[j] !== '\r') {
      const indent = text.slice(ls, j);
      // (the deeper line starts a statement, not the rest of one wrapped from a flush-left line)
      if (displayWidth(indent) > displayWidth(brace) && statementEnded) return indent;
      if (first === undefined) first = indent;
      statementEnded = /(?:[;{}:]|\*\/)\s*$/.test(line);
    }
    i = le;
  }
  return first ?? brace + src.indentUnit;
}

/** Re-indents generated '\n'-separated text (4-space units) with a base indent, in the file's style. */
export function indentLines(src: SourceFile, code: string, base: string): string {
  return code
    .split('\n')
    .map((l) => (l === '' || l.startsWith('#') ? l : base + l.replace(/^((?: {4})+)/, (m) => src.indentUnit.repeat(m.length / 4))))
    .join('\n');
}

/**
 * Whether `offset` starts a statement of its own in `text` from `bodyStart` on: what comes before it,
 * past blank and preprocessor lines (`#endif`), ends with `;`, `{` or `}`.
 */
export function startsStatement(text: string, bodyStart: number, offset: number): boolean {
  // A backward scan, not a regex anchored at the end: `(?:\n[ \t]*#[^\n]*|\s)+$` backtracks
  // exponentially over directive lines with trailing blanks (a minute of CPU on a 4 KB file).
  let end = offset;
  for (;;) {
    while (end > bodyStart && /\s/.test(text[end - 1])) end--;
    const nl = text.lastIndexOf('\n', end - 1);
    if (nl < bodyStart || !/^[ \t]*#/.test(text.slice(nl + 1, end))) break;
    end = nl;
  }
  return end > bodyStart && /[;{}]/.test(text[end - 1]);
}
