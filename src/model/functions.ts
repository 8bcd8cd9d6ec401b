/** Lookups over a file's functions (sorted by start). */
import type { FileModel, FunctionInfo } from './types';

/** The function whose body or signature contains `offset`. */
export function enclosingFunction(fm: FileModel, offset: number): FunctionInfo | undefined {
  const fs = fm.functions;
  let lo = 0;
  let hi = fs.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (fs[mid].start <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  if (found >= 0 && offset < fs[found].end) return fs[found];
  return undefined;
}
