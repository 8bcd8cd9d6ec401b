/**
 * Macros CPython's own headers define on every supported version (3.9-3.13, checked against
 * each version's headers), once Python.h is included and the limited API is off: a compat shim
 * under `#ifndef _Py_IDENTIFIER` (for Python 3.2) is then never compiled.
 */
import type { LexInfo } from './lex';

/**
 * Defined by Python.h without Py_LIMITED_API on 3.9-3.13 (the limited API of 3.11+ drops the Py_SET_* macros);
 * WITH_THREAD since threads are always on, kept by pyport.h for compatibility.
 */
export const CPYTHON_DEFINES: ReadonlySet<string> = new Set(['WITH_THREAD', '_Py_IDENTIFIER', 'Py_SET_TYPE', 'Py_SET_SIZE', 'Py_SET_REFCNT', 'Py_IS_TYPE', 'Py_TPFLAGS_HAVE_FINALIZE']);

/**
 * Defined on 3.9-3.13 with or without the limited API: `WITH_THREAD` by pyport.h (threads are no
 * longer optional), so a `#ifndef WITH_THREAD` branch (and a Python 2.2 fallback inside `#ifdef
 * WITH_THREAD`) is never compiled; `Py_TPFLAGS_HAVE_FINALIZE` by object.h (3.4+, outside its
 * limited-API blocks), so a type initializer written both ways under `#ifdef Py_TPFLAGS_HAVE_FINALIZE`
 * (cffi's, with or without `tp_finalize`) has one branch.
 */
export const CPYTHON_ALWAYS_DEFINES: ReadonlySet<string> = new Set(['WITH_THREAD', 'Py_TPFLAGS_HAVE_FINALIZE']);

const INCLUDE_NAME = /^\s*[<"]([^>"]+)[>"]/;

/** The name of an `#include`d file, without its directories. */
export function includedBase(rest: string): string | undefined {
  return INCLUDE_NAME.exec(rest)?.[1].replace(/^.*[\\/]/, '');
}

/** `#include`s outside every condition but an include guard: certainly compiled. */
export function topLevelIncludes(lx: LexInfo): { base: string; end: number }[] {
  const out: { base: string; end: number }[] = [];
  for (const d of lx.directives) {
    if (d.kind !== 'include' || lx.groups.some((g) => !g.includeGuard && d.start >= g.start && d.start < g.end)) continue;
    const base = includedBase(d.rest);
    if (base) out.push({ base, end: d.end });
  }
  return out;
}

/**
 * Where Python.h is certainly included in this file (directly, or through one of `viaHeaders`,
 * the project headers that include it themselves), or undefined.
 */
export function pythonIncludedAt(lx: LexInfo, viaHeaders: ReadonlySet<string>): number | undefined {
  return topLevelIncludes(lx).find((i) => i.base === 'Python.h' || viaHeaders.has(i.base))?.end;
}

/**
 * The names of CPYTHON_DEFINES certainly defined from an offset on (the end of the include that
 * brings Python.h in); none without `viaHeaders` (the limited API is on, or nothing was read) or
 * Python.h, and none the file #undefs anywhere. CPYTHON_ALWAYS_DEFINES count below a direct
 * `#include <Python.h>` even without `viaHeaders` (a header read on its own).
 */
export function cpythonDefinedAt(lx: LexInfo, viaHeaders: ReadonlySet<string> | undefined): Map<string, number> {
  const out = new Map<string, number>();
  const at = pythonIncludedAt(lx, viaHeaders ?? new Set());
  if (at === undefined) return out;
  const touched = new Set<string>();
  for (const d of lx.directives) {
    if (d.kind !== 'undef') continue;
    const name = /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1];
    if (name) touched.add(name);
  }
  for (const name of viaHeaders ? [...CPYTHON_DEFINES, ...CPYTHON_ALWAYS_DEFINES] : CPYTHON_ALWAYS_DEFINES) if (!touched.has(name)) out.set(name, at);
  return out;
}
