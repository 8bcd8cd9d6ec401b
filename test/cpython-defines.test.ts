/**
 * A block under `#ifndef <macro CPython's headers define>` (a compat shim for Python 3.2, as in
 * testdata/cases/compat-shim-under-cpython-macro) is never compiled once Python.h is included without
 * the limited API: it is not parsed, so its statics are no hazard. Anywhere else it stays live.
 */
import { SourceFile } from '../src/core/source';
import { parseSource } from '../src/core/parse';
import { projectMacrosByFile } from '../src/core/project-macros';

const SHIM = '#ifndef _Py_IDENTIFIER\nstatic int cached_count;\n#endif\n';

/** Whether the shim's static is still in the parse view of `name` among `files`. */
function shimParsed(files: Record<string, string>, name = 'm.c', limitedApi = false): boolean {
  const units = Object.entries(files).map(([path, text]) => ({ path, text }));
  const project = projectMacrosByFile(units, 9, limitedApi).get(name);
  return parseSource(SourceFile.fromText(name, files[name]), undefined, project).parseText.includes('cached_count');
}

describe('blocks under a macro CPython always defines', () => {
  it('are dead below the include of Python.h', () => {
    expect(shimParsed({ 'm.c': `#include <Python.h>\n${SHIM}` })).toBe(false);
    expect(shimParsed({ 'm.c': `#include "Python.h"\n#if !defined(Py_SET_SIZE)\nstatic int cached_count;\n#endif\n` })).toBe(false);
  });

  it('include WITH_THREAD (pyport.h defines it on every version), also through a define derived under it', () => {
    expect(shimParsed({ 'm.c': `#include <Python.h>\n#ifndef WITH_THREAD\nstatic int cached_count;\n#endif\n` })).toBe(false);
    // pylzma.h: the pre-2.3 thread code is the `#else` of a define derived under `defined(WITH_THREAD)`.
    const lz = '#include <Python.h>\n#if defined(WITH_THREAD)\n#if (PY_VERSION_HEX >= 0x02030000)\n#define LZ_USE_GILSTATE\n#endif\n#endif\n';
    expect(shimParsed({ 'm.c': `${lz}#if defined(LZ_USE_GILSTATE)\n#define LZ_BLOCK 1\n#else\nstatic int cached_count;\n#endif\n` })).toBe(false);
  });

  it('are dead below a project header that includes Python.h', () => {
    const files = { 'm.c': `#include "common.h"\n${SHIM}`, 'common.h': '#ifndef COMMON_H\n#define COMMON_H\n#include <Python.h>\n#endif\n' };
    expect(shimParsed(files)).toBe(false);
  });

  it('stay live above the include, or with an include only under a condition', () => {
    expect(shimParsed({ 'm.c': `${SHIM}#include <Python.h>\n` })).toBe(true);
    expect(shimParsed({ 'm.c': `#ifdef HAVE_PY\n#include <Python.h>\n#endif\n${SHIM}` })).toBe(true);
  });

  it('stay live under the limited API (its headers lack _Py_IDENTIFIER)', () => {
    expect(shimParsed({ 'm.c': `#include <Python.h>\n${SHIM}` }, 'm.c', true)).toBe(true);
    expect(shimParsed({ 'm.c': `#define Py_LIMITED_API 0x03090000\n#include <Python.h>\n${SHIM}` })).toBe(true);
  });

  it('stay live when the file #undefs the macro, or the macro is not CPython\'s', () => {
    expect(shimParsed({ 'm.c': `#include <Python.h>\n#undef _Py_IDENTIFIER\n${SHIM}` })).toBe(true);
    expect(shimParsed({ 'm.c': `#include <Python.h>\n#ifndef HAVE_FAST_PATH\nstatic int cached_count;\n#endif\n` })).toBe(true);
  });
});

describe('WITH_THREAD, which pyport.h defines with or without the limited API', () => {
  const FALLBACK = '#ifndef WITH_THREAD\nstatic int cached_count;\n#endif\n';

  it('makes a threads-missing branch dead, also under the limited API', () => {
    expect(shimParsed({ 'm.c': `#include <Python.h>\n${FALLBACK}` })).toBe(false);
    expect(shimParsed({ 'm.c': `#include <Python.h>\n${FALLBACK}` }, 'm.c', true)).toBe(false);
  });

  it('decides a header flag set inside #ifdef WITH_THREAD (pylzma\'s Python 2.2 fallback)', () => {
    const header = '#ifndef M_H\n#define M_H\n#include <Python.h>\n#ifdef WITH_THREAD\n#if PY_VERSION_HEX >= 0x02030000\n#define M_USE_GILSTATE\n#endif\n#endif\n#endif\n';
    const file = '#include "m.h"\n#if defined(WITH_THREAD) && !defined(M_USE_GILSTATE)\nstatic int cached_count;\n#endif\n';
    expect(shimParsed({ 'm.c': file, 'm.h': header })).toBe(false);
  });

  it('stays undecided above the include of Python.h', () => {
    expect(shimParsed({ 'm.c': `${FALLBACK}#include <Python.h>\n` })).toBe(true);
  });
});
