/**
 * Offsets of a rewritten file mapped back to the original (through the accepted edits).
 */
import type { Edit } from '../core/edits';

/** An offset of a rewritten text mapped back to the original (inside new text: where it was inserted). */
export function originalOffset(edits: readonly Edit[], outOffset: number): number {
  return originalPlace(edits, outOffset).offset;
}

export function originalPlace(edits: readonly Edit[], outOffset: number): { offset: number; inserted: boolean } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let delta = 0;
  let last: Edit | undefined;
  for (const e of sorted) {
    if (last && e.start < e.end && e.start === last.start && e.end === last.end && e.text === last.text) continue;
    last = e;
    const outStart = e.start + delta;
    if (outOffset < outStart) break;
    if (outOffset < outStart + e.text.length) return { offset: e.start, inserted: true };
    delta += e.text.length - (e.end - e.start);
  }
  return { offset: Math.max(0, outOffset - delta), inserted: false };
}
