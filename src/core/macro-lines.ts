/**
 * Edits inside a `#define`: a line break there ends the macro unless a backslash continues it.
 * The edits inside one macro body (the state lookup of a function a macro defines, a call that
 * now passes `st`) are applied to its lines together, and every line they leave without a
 * continuation gets one in the macro's own style: backslashes aligned at the column its other
 * lines use, or after the same gap. They become one edit of those lines.
 */
import { applyEdits, compareEdits, Edit } from './edits';
import { isInert } from './lex';
import type { LexInfo, Directive } from './lex';
import { displayWidth } from './source';

export interface MacroLinesResult {
  edits: Edit[];
  /** Edits that cannot go into a macro body (a directive line), with the macro's offset. */
  problem?: { at: number; reason: string };
}

export function continueMacroLines(text: string, lx: LexInfo, edits: readonly Edit[]): MacroLinesResult {
  const groups = new Map<Directive, Edit[]>();
  for (const e of edits) {
    const d = defineAround(lx, e);
    if (!d) continue;
    if (!groups.has(d)) groups.set(d, []);
    groups.get(d)!.push(e);
  }
  const replaced = new Set<Edit>();
  const added: Edit[] = [];
  for (const [d, group] of groups) {
    // (Edits within lines matter only where the macro aligns its backslashes.)
    if (!group.some((e) => e.text.includes('\n')) && continuationStyle(text, lx, d).column === undefined) continue;
    const first = Math.min(...group.map((e) => e.start));
    const last = Math.max(...group.map((e) => e.end));
    // Whole lines, within the directive.
    const lineStart = text.lastIndexOf('\n', first - 1) + 1;
    const from = lineStart > d.start ? lineStart : first;
    let to = text.indexOf('\n', last);
    if (to === -1 || to > d.end) to = d.end;
    else if (text[to - 1] === '\r') to--;
    // Another edit reaching into those lines from outside the macro: left as it is (the parse check judges).
    if (edits.some((e) => !group.includes(e) && e.start < to && e.end > from && !(e.start === e.end && (e.start === from || e.start === to)))) continue;
    const local = applyEdits(text.slice(from, to), group.map((e) => ({ ...e, start: e.start - from, end: e.end - from })));
    const lines = local.split('\n');
    if (lines.slice(1).some((l) => /^[ \t]*#/.test(l))) {
      const name = /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1] ?? '?';
      return { edits: [...edits], problem: { at: d.start, reason: `a preprocessor line would have to go inside the body of macro ${name}()` } };
    }
    const style = continuationStyle(text, lx, d);
    const prefix = displayWidth(text.slice(lineStart, from));
    const original = new Set(text.slice(from, to).split('\n'));
    const out = lines.map((line, i) => {
      const cr = line.endsWith('\r') ? '\r' : '';
      let body = cr ? line.slice(0, -1) : line;
      if (/\\$/.test(body)) {
        // A line of the macro as it was keeps its bytes; one an edit made longer or shorter is aligned again.
        if (original.has(line) || style.column === undefined) return line;
        body = body.replace(/[ \t]*\\$/, '');
      } else if (i === lines.length - 1) return line; // the macro's last line, or one that goes on after the region
      // A blank line of the body is the backslash alone (at the column, when the macro aligns them).
      const blank = body.trim() === '' && !(i === 0 && prefix > 0);
      const kept = blank ? '' : body.replace(/[ \t]+$/, '');
      const w = (i === 0 ? prefix : 0) + displayWidth(kept);
      const pad = style.column !== undefined ? ' '.repeat(Math.max(blank ? 0 : 1, style.column - w)) : blank ? '' : style.gap;
      return `${kept}${pad}\\${cr}`;
    });
    for (const e of group) replaced.add(e);
    added.push({ start: from, end: to, text: out.join('\n'), by: group[0].by, order: group[0].order });
  }
  if (added.length === 0) return { edits: [...edits] };
  return { edits: [...edits.filter((e) => !replaced.has(e)), ...added].sort(compareEdits) };
}

/** The `#define` whose body the edit is inside (an insertion at its very end is after it). */
function defineAround(lx: LexInfo, e: Edit): Directive | undefined {
  const ds = lx.directives;
  let lo = 0;
  let hi = ds.length - 1;
  let i = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (ds[mid].start <= e.start) {
      i = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  const d = i === -1 ? undefined : ds[i];
  if (!d || d.kind !== 'define' || e.start <= d.start || e.start >= d.end || e.end > d.end) return undefined;
  return d;
}

/** The column of the aligned backslashes of the `#define` at `start`, if it aligns them. */
export function continuationColumn(text: string, lx: LexInfo, start: number): number | undefined {
  const d = lx.directives.find((x) => x.start === start);
  return d ? continuationStyle(text, lx, d).column : undefined;
}

/** Column of the backslashes when the macro aligns them, else the gap its first continuation uses. */
function continuationStyle(text: string, lx: LexInfo, d: Directive): { column?: number; gap: string } {
  const cols: number[] = [];
  let gap: string | undefined;
  const re = /([ \t]*)\\\r?\n/g;
  const body = text.slice(d.start, d.end);
  let m: RegExpExecArray | null;
  while ((m = re.exec(body)) !== null) {
    const at = d.start + m.index + m[1].length;
    if (isInert(lx, at)) continue; // a string literal going on over lines
    const lineStart = text.lastIndexOf('\n', at - 1) + 1;
    cols.push(displayWidth(text.slice(lineStart, at)));
    gap ??= m[1] === '' ? ' ' : m[1].includes('\t') && m[1].length === 1 ? '\t' : ' ';
  }
  const aligned = cols.length >= 2 && cols.every((c) => c === cols[0]);
  return aligned ? { column: cols[0], gap: ' ' } : { gap: gap ?? ' ' };
}

