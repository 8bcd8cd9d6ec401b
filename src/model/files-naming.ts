/**
 * Which files of an extension name a function: the files whose code spells the name (their
 * `allIdentifiers`), listed once per extension for every function name. The plan asks it for every
 * function (who may call it, whether anything names it), and a filter over every file each time
 * cost about as much as finding the call sites themselves.
 */
import * as path from 'path';
import type { ExtensionModel, FileModel } from './types';

const indexes = new WeakMap<ExtensionModel, Map<string, FileModel[]>>();

/** The files of `ext` whose code uses the word `name`, in the order of `ext.files` (never change the list). */
export function filesNaming(ext: ExtensionModel, name: string): readonly FileModel[] {
  let index = indexes.get(ext);
  if (!index) indexes.set(ext, (index = functionNameIndex(ext)));
  return index.get(name) ?? ext.files.filter((x) => x.allIdentifiers.has(name));
}

function functionNameIndex(ext: ExtensionModel): Map<string, FileModel[]> {
  const names = new Set<string>();
  for (const f of ext.files) for (const g of f.functions) names.add(g.name);
  const index = new Map<string, FileModel[]>();
  for (const n of names) index.set(n, []);
  for (const f of ext.files) {
    // Whichever side is smaller: the file's words or the extension's function names.
    if (names.size < f.allIdentifiers.size) {
      for (const n of names) if (f.allIdentifiers.has(n)) index.get(n)!.push(f);
    } else {
      for (const n of f.allIdentifiers) index.get(n)?.push(f);
    }
  }
  return index;
}

const includers = new WeakMap<ExtensionModel, Map<string, FileModel[]>>();

/** The files of `ext` with a local `#include` whose `path.basename` is `base`, in the order of `ext.files`. */
export function filesIncluding(ext: ExtensionModel, base: string): readonly FileModel[] {
  let index = includers.get(ext);
  if (!index) {
    index = new Map();
    for (const f of ext.files) {
      for (const b of new Set(f.localIncludes.map((inc) => path.basename(inc)))) {
        const list = index.get(b);
        if (list) list.push(f);
        else index.set(b, [f]);
      }
    }
    includers.set(ext, index);
  }
  return index.get(base) ?? [];
}
