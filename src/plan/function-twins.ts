/**
 * Functions a file defines more than once, one definition per #if branch.
 */
import type { FileModel, FunctionInfo } from '../model/types';

export const twins = new WeakMap<FileModel, Set<string>>();

/** Names a file defines more than once (one definition per #if branch). */
export function twinNames(fm: FileModel): Set<string> {
  let t = twins.get(fm);
  if (!t) {
    const seen = new Set<string>();
    t = new Set();
    // (The bodies of function-defining macros are templates, not definitions: two macros may paste the same name.)
    for (const g of fm.functions) if (g.macroTemplate) continue; else if (seen.has(g.name)) t.add(g.name); else seen.add(g.name);
    twins.set(fm, t);
  }
  return t;
}

/** The definitions of f's name in its file (more than one: one per #if branch). */
export function definitionsOf(f: FunctionInfo): FunctionInfo[] {
  return !f.macroTemplate && twinNames(f.file).has(f.name) ? f.file.functions.filter((g) => g.name === f.name && !g.macroTemplate) : [f];
}
