/**
 * Where the types that state fields name are declared, so the state struct can go below them:
 * `static Vec *EMPTY;` becomes a field `Vec *EMPTY;`, and `Vec` may be a typedef further down
 * the file (or in a header included further down) than the first global that moves.
 */
import * as path from 'path';
import type { FileModel } from '../model/types';
import { fileScopeDeclarations } from '../model/file-scope';
import { includeTarget } from '../model/translation-units';
import { quotedInclude } from '../core/lex';

const NOT_NAMES = new Set([
  'const', 'volatile', 'restrict', 'signed', 'unsigned', 'short', 'long', 'int', 'char', 'float', 'double', 'void', '_Bool', 'bool',
  'size_t', 'ssize_t', 'struct', 'union', 'enum', 'static', 'extern', 'register', 'inline', '_Atomic',
]);

/** Typedef names a field's C type uses (`struct X *` needs no declaration: it is a tag, and a pointer to it may be incomplete). */
export function typeNamesOf(ctype: string): string[] {
  const out: string[] = [];
  const re = /\b(struct|union|enum)\s+[A-Za-z_]\w*|\b[A-Za-z_]\w*\b/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(ctype)) !== null) {
    if (m[1]) continue;
    if (!NOT_NAMES.has(m[0])) out.push(m[0]);
  }
  return out;
}

/** Standard C types a field may have that Python.h does not declare on every version, with their header. */
const STANDARD_HEADERS: Record<string, string> = {
  bool: 'stdbool.h',
  true: 'stdbool.h',
  false: 'stdbool.h',
  int8_t: 'stdint.h', int16_t: 'stdint.h', int32_t: 'stdint.h', int64_t: 'stdint.h',
  uint8_t: 'stdint.h', uint16_t: 'stdint.h', uint32_t: 'stdint.h', uint64_t: 'stdint.h',
  intptr_t: 'stdint.h', uintptr_t: 'stdint.h',
};

/**
 * The standard headers the fields' types need (`bool` from a file that included <stdbool.h>):
 * a generated state header shared by several files includes them itself.
 */
export function standardHeadersFor(ctypes: readonly string[]): string[] {
  const out = new Set<string>();
  for (const t of ctypes) for (const w of t.match(/[A-Za-z_]\w*/g) ?? []) if (STANDARD_HEADERS[w]) out.add(STANDARD_HEADERS[w]);
  return [...out].sort();
}

interface Lookup {
  byPath: Map<string, FileModel>;
  byBase: Map<string, FileModel[]>;
}

function lookupOf(files: readonly FileModel[]): Lookup {
  const byPath = new Map(files.map((f) => [path.resolve(f.path), f]));
  const byBase = new Map<string, FileModel[]>();
  for (const f of files) {
    const b = path.basename(f.path);
    if (!byBase.has(b)) byBase.set(b, []);
    byBase.get(b)!.push(f);
  }
  return { byPath, byBase };
}

/** The file, reached from `f` through its `#include "..."` lines (depth first, in order), that declares `name` as a type. */
const typeNames = new WeakMap<FileModel, Map<string, number>>();

/** Typedef names of a file, with the end of their first declaration (memoized). */
function typedefsOf(f: FileModel): Map<string, number> {
  let m = typeNames.get(f);
  if (!m) {
    m = new Map();
    for (const d of fileScopeDeclarations(f.parsed)) if (d.kind === 'type' && !m.has(d.name)) m.set(d.name, d.end);
    typeNames.set(f, m);
  }
  return m;
}

function declaringFile(f: FileModel, name: string, lk: Lookup, seen = new Set<FileModel>()): FileModel | undefined {
  if (seen.has(f)) return undefined;
  seen.add(f);
  if (typedefsOf(f).has(name)) return f;
  for (const inc of f.localIncludes) {
    const t = includeTarget(f, inc, lk.byPath, lk.byBase);
    const hit = t && declaringFile(t, name, lk, seen);
    if (hit) return hit;
  }
  return undefined;
}

/**
 * The offset in `file` from which every one of `names` declared in these files is declared: after
 * the file's own typedef, or after the `#include` line through which a header that declares it
 * is reached. 0 when none of them is declared in these files (they come from Python.h or nowhere).
 */
export function typesReadyAt(file: FileModel, names: readonly string[], files: readonly FileModel[]): number {
  const lk = lookupOf(files);
  let ready = 0;
  for (const name of new Set(names)) {
    const own = typedefsOf(file).get(name);
    let at: number | undefined = own !== undefined ? file.source.lineEndIncludingEol(own) : undefined;
    for (const d of file.parsed.lex.directives) {
      if (d.kind !== 'include' || (at !== undefined && d.start >= at)) continue;
      const inc = quotedInclude(d);
      const t = inc && includeTarget(file, inc, lk.byPath, lk.byBase);
      if (t && declaringFile(t, name, lk, new Set([file]))) {
        at = file.source.lineEndIncludingEol(d.end);
        break;
      }
    }
    if (at !== undefined) ready = Math.max(ready, at);
  }
  return ready;
}

/**
 * For a generated state header: the headers of these files that declare `names` (to include),
 * or the names declared only in a `.c` file, a header without an include guard (that header
 * cannot be included a second time) or one that includes the state header itself (`includesBack`:
 * its guard would hide it from the state header when it is read first).
 */
export function headersFor(names: readonly string[], from: FileModel, files: readonly FileModel[], includesBack: (f: FileModel) => boolean = () => false): { headers: FileModel[]; unreachable: string[] } {
  const lk = lookupOf(files);
  const headers: FileModel[] = [];
  const unreachable: string[] = [];
  for (const name of new Set(names)) {
    const f = declaringFile(from, name, lk) ?? files.find((x) => typedefsOf(x).has(name));
    if (!f) continue;
    const guarded = f.parsed.lex.groups.some((g) => g.includeGuard) || /^\s*#\s*pragma\s+once\b/m.test(f.source.text);
    if (f === from || !guarded || !/\.(h|hh|hpp|inc)$/.test(f.path) || includesBack(f)) unreachable.push(name);
    else if (!headers.includes(f)) headers.push(f);
  }
  return { headers, unreachable };
}

/** Does a file of these declare `name` as a type (a typedef or a tagged declaration)? */
export function declaredIn(name: string, files: readonly FileModel[]): boolean {
  return files.some((f) => typedefsOf(f).has(name));
}
