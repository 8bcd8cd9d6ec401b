/** Binary search over arrays sorted by start offset. */

/** Index of the last element whose start is <= offset, or -1. */
export function lastStartingAtOrBefore<T>(items: readonly T[], offset: number, startOf: (x: T) => number): number {
  let lo = 0;
  let hi = items.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (startOf(items[mid]) <= offset) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
