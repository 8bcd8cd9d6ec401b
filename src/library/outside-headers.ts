/**
 * Headers that the given files include but that were not given (`_map.c` given, `_map.h` beside it
 * not): read for the names they mention only. A type or global that such a header declares or names
 * (a `Map_Check(o)` macro on `&_Map_Type`) must not move into the state: the header cannot be
 * rewritten, and its own declaration would silently stand for the moved object.
 */
import * as path from 'path';
import type { FileModel } from '../model/types';
import { readRegularFile, MAX_SOURCE_BYTES } from '../engine/read';

export function attachOutsideHeaders(files: FileModel[], includeDirs: readonly string[]): void {
  const given = new Set(files.map((f) => path.resolve(f.path)));
  const read = new Map<string, ReadonlySet<string> | null>();
  const namesOf = (p: string): ReadonlySet<string> | null => {
    let names = read.get(p);
    if (names === undefined) {
      const r = readRegularFile(p, MAX_SOURCE_BYTES);
      names = 'problem' in r ? null : new Set(r.bytes.toString('latin1').match(/[A-Za-z_]\w*/g) ?? []);
      read.set(p, names);
    }
    return names;
  };
  for (const f of files) {
    const outside: { path: string; names: ReadonlySet<string> }[] = [];
    for (const inc of f.localIncludes) {
      // Found as the compiler would: next to the file first, then the configured include dirs.
      for (const dir of [path.dirname(path.resolve(f.path)), ...includeDirs]) {
        const p = path.resolve(dir, inc);
        if (given.has(p)) break;
        const names = namesOf(p);
        if (names) {
          outside.push({ path: p, names });
          break;
        }
      }
    }
    if (outside.length > 0) f.outsideHeaders = outside;
  }
}
