/**
 * Where a function's address goes when it is not called by name: `crc_fn = sw_crc;` stores it in a
 * function pointer that other code calls (CPU dispatch chosen in init). The state access names that
 * pointer in its reason, so the finding says which use cannot pass the state.
 */
import type { ExtensionModel, FunctionInfo } from '../model/types';
import { enclosingFunction } from '../model/functions';

export interface PointerStore {
  /** The pointer as written on the left of `=` (`crc_fn`, `self->impl`). */
  into: string;
  /** The function that stores it. */
  func?: string;
}

/** The first of `f`'s value uses that is the right side of an assignment, if any. */
export function pointerStore(ext: ExtensionModel, f: FunctionInfo, valueUses: number[]): PointerStore | undefined {
  for (const fm of ext.files) {
    const text = fm.source.text;
    for (const at of valueUses) {
      if (!text.startsWith(f.name, at)) continue;
      const before = /([A-Za-z_][\w.>-]*(?:\[[^\]]*\])?)\s*=\s*(?:\([^()]*\)\s*)?&?\s*$/.exec(text.slice(Math.max(0, at - 120), at));
      if (!before || /[=!<>]$/.test(before[1]) || !/^\s*[;,)]/.test(text.slice(at + f.name.length))) continue;
      return { into: before[1], func: enclosingFunction(fm, at)?.name };
    }
  }
  return undefined;
}
