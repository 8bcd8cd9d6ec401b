/**
 * One pass over a file's identifiers (outside comments and literals), keeping the offsets of
 * the names someone asked for. Cheaper than walking every tree node, and exact enough: every
 * hit is a whole word in code; the caller checks the tree where the syntax matters.
 */
import type { LexInfo } from '../core/lex';

export function indexIdentifiers(text: string, lx: Pick<LexInfo, 'inertStarts' | 'inertEnds'>, wanted: (name: string) => boolean): Map<string, number[]> {
  const out = new Map<string, number[]>();
  const re = /[A-Za-z_][A-Za-z0-9_]*/g;
  const starts = lx.inertStarts;
  const ends = lx.inertEnds;
  let k = 0;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const at = m.index;
    // Advance through inert spans in step with the scan.
    while (k < starts.length && ends[k] <= at) k++;
    if (k < starts.length && starts[k] <= at) {
      re.lastIndex = ends[k];
      continue;
    }
    // Skip the tail of a number such as 0x1F or 10UL (an identifier cannot start after a digit).
    if (at > 0) {
      const prev = text.charCodeAt(at - 1);
      if ((prev >= 48 && prev <= 57) || prev === 46 /* . (field access is kept below) */) {
        if (prev !== 46) continue;
      }
    }
    const name = m[0];
    if (!wanted(name)) continue;
    let list = out.get(name);
    if (!list) out.set(name, (list = []));
    list.push(at);
  }
  return out;
}

/** Text context helpers for a use at [start, end). */
export function prevNonSpace(text: string, i: number): number {
  let j = i - 1;
  while (j >= 0) {
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13) j--;
    else break;
  }
  return j;
}

export function nextNonSpace(text: string, i: number): number {
  let j = i;
  while (j < text.length) {
    const c = text.charCodeAt(j);
    if (c === 32 || c === 9 || c === 10 || c === 13) j++;
    else break;
  }
  return j;
}
