/** Small text helpers for building edits that keep the file's layout. */
import type { SourceFile } from '../core/source';

/** The span to delete for a statement: whole lines when it stands alone on them. */
export function statementRemoval(src: SourceFile, start: number, end: number): { start: number; end: number } {
  const text = src.text;
  const ls = src.lineStart(start);
  const before = text.slice(ls, start);
  let e = end;
  while (e < text.length && (text[e] === ' ' || text[e] === '\t')) e++;
  const atEol = e >= text.length || text[e] === '\n' || (text[e] === '\r' && text[e + 1] === '\n');
  if (/^[ \t]*$/.test(before) && atEol) {
    const le = src.lineEndIncludingEol(e);
    return { start: ls, end: le };
  }
  return { start, end };
}

/** The indentation used for statements inside a block starting at `braceAt` (`{`). */
export function blockIndent(src: SourceFile, braceAt: number, closeAt: number): string {
  const text = src.text;
  // The first non-empty line after the brace.
  let i = text.indexOf('\n', braceAt);
  while (i !== -1 && i < closeAt) {
    const ls = i + 1;
    let j = ls;
    while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
    if (j < closeAt && text[j] !== '\n' && text[j] !== '\r' && text[j] !== '#') return text.slice(ls, j);
    i = text.indexOf('\n', ls);
  }
  return src.indentAt(braceAt) + src.indentUnit;
}

/** Re-indents generated '\n'-separated text (4-space units) with a base indent, in the file's style. */
export function indentLines(src: SourceFile, code: string, base: string): string {
  return code
    .split('\n')
    .map((l) => (l === '' || l.startsWith('#') ? l : base + l.replace(/^((?: {4})+)/, (m) => src.indentUnit.repeat(m.length / 4))))
    .join('\n');
}
