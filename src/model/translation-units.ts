/**
 * Translation units of a set of files: every `.c` file that no other file of the set includes is
 * compiled on its own, together with the local headers it includes (transitively, each once, in
 * the order the preprocessor first reaches them). Two files "see" each other's file-scope names
 * only when some unit holds both; a header that no unit reaches is a unit of its own.
 */
import * as path from 'path';
import { isHeaderPath } from '../core/parse';

export interface IncludingFile {
  path: string;
  /** `#include "x.h"` targets in source order. */
  localIncludes: string[];
}

export interface TranslationUnit<F extends IncludingFile> {
  root: F;
  /** The root first, then every file it reaches, in first-inclusion order. */
  files: F[];
}

/** The file an `#include "inc"` of `from` names: relative to its directory, else the only file of that base name. */
export function includeTarget<F extends IncludingFile>(from: F, inc: string, byPath: Map<string, F>, byBase: Map<string, F[]>): F | undefined {
  const direct = byPath.get(path.resolve(path.dirname(path.resolve(from.path)), inc));
  if (direct) return direct === from ? undefined : direct;
  const hits = byBase.get(path.basename(inc)) ?? [];
  return hits.length === 1 && hits[0] !== from ? hits[0] : undefined;
}

export function translationUnits<F extends IncludingFile>(files: readonly F[]): TranslationUnit<F>[] {
  const byPath = new Map(files.map((f) => [path.resolve(f.path), f]));
  const byBase = new Map<string, F[]>();
  for (const f of files) {
    const b = path.basename(f.path);
    if (!byBase.has(b)) byBase.set(b, []);
    byBase.get(b)!.push(f);
  }
  const targets = new Map<F, F[]>();
  const included = new Set<F>();
  for (const f of files) {
    const list: F[] = [];
    for (const inc of f.localIncludes) {
      const t = includeTarget(f, inc, byPath, byBase);
      if (t) {
        list.push(t);
        included.add(t);
      }
    }
    targets.set(f, list);
  }
  const expand = (root: F): F[] => {
    const seen = new Set<F>();
    const order: F[] = [];
    const visit = (f: F): void => {
      if (seen.has(f)) return;
      seen.add(f);
      order.push(f);
      for (const t of targets.get(f) ?? []) visit(t);
    };
    visit(root);
    return order;
  };
  const units: TranslationUnit<F>[] = [];
  const reached = new Set<F>();
  for (const f of files) {
    if (included.has(f) || isHeaderPath(f.path)) continue;
    const list = expand(f);
    for (const x of list) reached.add(x);
    units.push({ root: f, files: list });
  }
  // Headers (and included .c files) that no unit reaches: their own unit, so that nothing is lost.
  for (const f of files) {
    if (reached.has(f)) continue;
    const list = expand(f);
    for (const x of list) reached.add(x);
    units.push({ root: f, files: list });
  }
  return units;
}

/** For each file, the files it shares a unit with (itself included). */
export function unitNeighbours<F extends IncludingFile>(units: readonly TranslationUnit<F>[]): Map<F, Set<F>> {
  const out = new Map<F, Set<F>>();
  for (const u of units) {
    for (const f of u.files) {
      if (!out.has(f)) out.set(f, new Set());
      for (const g of u.files) out.get(f)!.add(g);
    }
  }
  return out;
}
