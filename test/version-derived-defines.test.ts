/**
 * A name the file defines in the live branch of a version test (`#if PY_MAJOR_VERSION >= 3` /
 * `#define HAVE_PY3K` / `#endif`, python-rrdtool, udatetime) decides `#ifdef HAVE_PY3K` as the
 * version test itself would: the Python 2 `#else` (`Py_InitModule3`) is dead, not a second
 * assignment of the module variable. testdata/cases/version-derived-define-picks-branch builds
 * and runs the whole module; here what is and is not decided.
 */
import * as fs from 'fs';
import { rewrite } from '../src/api';
import { lex } from '../src/core/lex';
import { caseInputCopy, editFile } from './helpers/modules';
import { deadVersionBranches } from '../src/core/version-conditions';
import { projectMacrosByFile } from '../src/core/project-macros';
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';

/** The resolved branch of each #if group that tests `name` (undefined: not decided). */
function decided(text: string, name: string): (number | undefined)[] {
  const lx = lex(text);
  deadVersionBranches(lx, 9);
  return lx.groups.filter((g) => g.branches[0].directive.rest.includes(name)).map((g) => g.resolvedBranch);
}

const HEAD = '#include <Python.h>\n#if PY_MAJOR_VERSION >= 3\n#define HAVE_PY3K\n#endif\n';

test('#ifdef, #ifndef and defined() of a name the live version branch defines are decided', () => {
  const text = `${HEAD}#ifdef HAVE_PY3K\nint a;\n#else\nint b;\n#endif\n#ifndef HAVE_PY3K\nint c;\n#endif\n#if defined(HAVE_PY3K) && !defined(PYPY_VERSION)\nint d;\n#endif\n`;
  expect(decided(text, 'HAVE_PY3K')).toEqual([0, -1, 0]);
});

test('a use above the definition, or a name the file #undefs under another condition, stays undecided', () => {
  const above = `#include <Python.h>\n#ifdef HAVE_PY3K\nint a;\n#endif\n${HEAD.slice('#include <Python.h>\n'.length)}`;
  expect(decided(above, 'HAVE_PY3K')).toEqual([undefined]);
  const undone = `${HEAD}#ifdef SOMETHING\n#undef HAVE_PY3K\n#endif\n#ifdef HAVE_PY3K\nint a;\n#endif\n`;
  expect(decided(undone, 'HAVE_PY3K')).toEqual([undefined]);
});

test('a name set only in version branches no supported Python compiles is undefined below them', () => {
  const dead = '#if PY_MAJOR_VERSION < 3\n#define IS_PY2\n#endif\n#ifdef IS_PY2\nint a;\n#else\nint b;\n#endif\n#ifndef IS_PY2\nint c;\n#endif\n#if !defined(IS_PY2)\nint d;\n#endif\n';
  expect(decided(dead, 'IS_PY2')).toEqual([1, 0, 0]);
  // Chains: a flag defined under the dead flag is dead too; one #undef'd in the live branch is undefined.
  const chain = `${dead}#ifdef IS_PY2\n#define OLD_INIT\n#endif\n#ifdef OLD_INIT\nint e;\n#endif\n`;
  expect(decided(chain, 'OLD_INIT')).toEqual([-1]);
  const undef = '#if PY_MAJOR_VERSION < 3\n#define NO_ASYNC 1\n#else\n#undef NO_ASYNC\n#endif\n#ifndef NO_ASYNC\nint a;\n#endif\n';
  expect(decided(undef, 'NO_ASYNC')).toEqual([0]);
  // A project's own flag spelled like a reserved name (fastcache's `_PY2`) is a flag like any other.
  expect(decided('#if PY_MAJOR_VERSION == 2\n#define _PY2\n#endif\n#ifdef _PY2\nint a;\n#else\nint b;\n#endif\n', '_PY2')).toEqual([1]);
  const defChain = '#if PY_VERSION_HEX >= 0x03000000\n#define PY3\n#endif\n#ifdef PY3\n#define TEXT 1\n#endif\n#ifdef TEXT\nint a;\n#endif\n';
  expect(decided(defChain, 'TEXT')).toEqual([0]);
});

test('a dead-branch name CPython, pyconfig.h, a project header or a later #define may set stays undecided', () => {
  for (const name of ['PyBytes_Check', 'Py_TYPE', 'PY_SSIZE_T_CLEAN', 'HAVE_LONG_LONG', '_GNU_SOURCE', '_WIN32', '__STDC_VERSION__']) {
    expect(decided(`#if PY_MAJOR_VERSION < 3\n#define ${name} 1\n#endif\n#ifdef ${name}\nint a;\n#endif\n`, name)).toEqual([undefined]);
  }
  const text = '#if PY_MAJOR_VERSION < 3\n#define IS_PY2\n#endif\n#ifdef IS_PY2\nint a;\n#endif\n';
  const lx = lex(text);
  deadVersionBranches(lx, 9, undefined, undefined, new Map([['IS_PY2', {}]]));
  expect(lx.groups[1].resolvedBranch).toBeUndefined();
  const later = '#if PY_MAJOR_VERSION < 3\n#define IS_PY2\n#endif\n#ifdef IS_PY2\nint a;\n#endif\n#ifdef _WIN32\n#define IS_PY2\n#endif\n';
  expect(decided(later, 'IS_PY2')).toEqual([undefined]);
});

test('a definition under a platform condition inside the version branch is not certain', () => {
  const text = '#if PY_MAJOR_VERSION >= 3\n#ifdef _WIN32\n#define FAST_PATH\n#endif\n#endif\n#ifdef FAST_PATH\nint a;\n#endif\n';
  expect(decided(text, 'FAST_PATH')).toEqual([undefined]);
});

/** As `decided`, for `/p/mod.c` parsed with the macros of the project headers given (path -> text). */
function decidedWithHeaders(text: string, headers: Record<string, string>, name: string): (number | undefined)[] {
  const units = [{ path: '/p/mod.c', text }, ...Object.entries(headers).map(([p, t]) => ({ path: p, text: t }))];
  const parsed = parseSource(SourceFile.fromText('/p/mod.c', text), undefined, projectMacrosByFile(units, 9).get('/p/mod.c'));
  return parsed.lex.groups.filter((g) => g.branches[0].directive.rest.includes(name)).map((g) => g.resolvedBranch);
}

describe('version flags of a project header (cheetah3: IS_PYTHON3 in _namemapper.h)', () => {
  const PY3 = '#ifndef FLAGS_H\n#define FLAGS_H\n#include <Python.h>\n#if PY_MAJOR_VERSION >= 3\n#define MY_PY3\n#endif\n#endif\n';
  const USE = '#ifdef MY_PY3\nint a;\n#else\nint b;\n#endif\n#ifndef MY_PY3\nint c;\n#endif\n';

  test('below the #include that brings the header in, #ifdef of its flag decides like the version test', () => {
    expect(decidedWithHeaders(`#include "flags.h"\n${USE}`, { '/p/flags.h': PY3 }, 'MY_PY3')).toEqual([0, -1]);
    // Above the #include it is not defined yet: left open.
    expect(decidedWithHeaders(`${USE}#include "flags.h"\n`, { '/p/flags.h': PY3 }, 'MY_PY3')).toEqual([undefined, undefined]);
    // Through another header's unconditional #include.
    expect(decidedWithHeaders(`#include "all.h"\n${USE}`, { '/p/all.h': '#include "flags.h"\n', '/p/flags.h': PY3 }, 'MY_PY3')).toEqual([0, -1]);
  });

  test('a flag the header sets only in branches no supported Python compiles is undefined', () => {
    const py2 = '#if PY_MAJOR_VERSION == 2\n#define MY_PY2\n#endif\n';
    expect(decidedWithHeaders('#include "flags.h"\n#ifdef MY_PY2\nint a;\n#else\nint b;\n#endif\n', { '/p/flags.h': py2 }, 'MY_PY2')).toEqual([1]);
    // A name of CPython's namespace may still come from its headers.
    const shim = '#if PY_MAJOR_VERSION == 2\n#define Py_TYPE(o) ((o)->ob_type)\n#endif\n';
    expect(decidedWithHeaders('#include "flags.h"\n#ifdef Py_TYPE\nint a;\n#endif\n', { '/p/flags.h': shim }, 'Py_TYPE')).toEqual([undefined]);
  });

  test('a conditional #include, an #undef, a definition outside version branches or the file\'s own leave it open', () => {
    expect(decidedWithHeaders(`#ifdef USE_FLAGS\n#include "flags.h"\n#endif\n${USE}`, { '/p/flags.h': PY3 }, 'MY_PY3')).toEqual([undefined, undefined]);
    expect(decidedWithHeaders(`#include "flags.h"\n${USE}`, { '/p/flags.h': `${PY3}#ifdef NO_PY3\n#undef MY_PY3\n#endif\n` }, 'MY_PY3')).toEqual([undefined, undefined]);
    expect(decidedWithHeaders(`#include "flags.h"\n#include "other.h"\n${USE}`, { '/p/flags.h': PY3, '/p/other.h': '#define MY_PY3 1\n' }, 'MY_PY3')).toEqual([undefined, undefined]);
    // A header of the run that this file does not include does not count.
    expect(decidedWithHeaders(`#include "flags.h"\n${USE}`, { '/p/flags.h': PY3, '/p/other.h': '#define MY_PY3 1\n' }, 'MY_PY3')).toEqual([0, -1]);
    expect(decidedWithHeaders(`#include "flags.h"\n#include "other.h"\n${USE}`, { '/p/flags.h': PY3, '/p/other.h': '#ifdef _WIN32\n#define MY_PY3 1\n#endif\n' }, 'MY_PY3')).toEqual([undefined, undefined]);
    expect(decidedWithHeaders(`#include "flags.h"\n#ifdef _WIN32\n#undef MY_PY3\n#endif\n${USE}`, { '/p/flags.h': PY3 }, 'MY_PY3')).toEqual([undefined, undefined]);
  });
});

describe('values of a project header\'s macros (iteration_utilities: #if PyIU_USE_VECTORCALL from helpercompat.h)', () => {
  const COMPAT = '#ifndef C_H\n#define C_H\n#ifdef PYPY_VERSION\n#define MY_CPYTHON 0\n#else\n#define MY_CPYTHON 1\n#endif\n#define MY_VC MY_CPYTHON && PY_MINOR_VERSION >= 8\n#define MY_OLD_VC MY_CPYTHON && PY_MINOR_VERSION == 8\n#endif\n';
  const USE = '#if MY_VC\nint a;\n#else\nint b;\n#endif\n#if MY_VC && !MY_OLD_VC\nint c;\n#endif\n#if MY_OLD_VC\nint d;\n#elif MY_VC\nint e;\n#endif\n';

  test('below the #include, #if of the value (and of expressions over values) decides like the version test', () => {
    expect(decidedWithHeaders(`#include "c.h"\n${USE}`, { '/p/c.h': COMPAT }, 'MY_')).toEqual([0, 0, 1]);
    // Through another header's unconditional #include, and in the file's own macro over a header's one.
    expect(decidedWithHeaders(`#include "all.h"\n#define MINE MY_CPYTHON\n#if MINE\nint a;\n#endif\n`, { '/p/all.h': '#include "c.h"\n', '/p/c.h': COMPAT }, 'MINE')).toEqual([0]);
    // Above the #include the value is not known yet.
    expect(decidedWithHeaders(`${USE}#include "c.h"\n`, { '/p/c.h': COMPAT }, 'MY_')).toEqual([undefined, undefined, undefined]);
  });

  test('a value under an undecided condition, #undef\'d, defined differently, conditionally included or set by the file stays open', () => {
    const use = '#if MY_VC\nint a;\n#endif\n';
    const open = [undefined];
    expect(decidedWithHeaders(`#include "c.h"\n${use}`, { '/p/c.h': '#ifdef _WIN32\n#define MY_VC 1\n#endif\n' }, 'MY_VC')).toEqual(open);
    expect(decidedWithHeaders(`#include "c.h"\n${use}`, { '/p/c.h': '#ifndef MY_VC\n#define MY_VC 1\n#endif\n' }, 'MY_VC')).toEqual(open);
    expect(decidedWithHeaders(`#include "c.h"\n${use}`, { '/p/c.h': `${COMPAT}#ifdef NO_VC\n#undef MY_VC\n#endif\n` }, 'MY_VC')).toEqual(open);
    expect(decidedWithHeaders(`#include "c.h"\n#include "d.h"\n${use}`, { '/p/c.h': COMPAT, '/p/d.h': '#define MY_VC 0\n' }, 'MY_VC')).toEqual(open);
    expect(decidedWithHeaders(`#ifdef WANT\n#include "c.h"\n#endif\n${use}`, { '/p/c.h': COMPAT }, 'MY_VC')).toEqual(open);
    expect(decidedWithHeaders(`#include "c.h"\n#ifdef FORCE\n#undef MY_VC\n#endif\n${use}`, { '/p/c.h': COMPAT }, 'MY_VC')).toEqual(open);
    // A value that names something else (a platform macro) is no version test.
    expect(decidedWithHeaders(`#include "c.h"\n${use}`, { '/p/c.h': '#define MY_VC HAVE_VECTORCALL && PY_MINOR_VERSION >= 8\n' }, 'MY_VC')).toEqual(open);
  });
});

describe('the case module with a hazard left (it loads once)', () => {
  let dir = '';
  beforeAll(() => {
    dir = caseInputCopy('version-derived-define-picks-branch', 'version-define-load-once');
    // The module check after the create with its exit picked by the define, as python-rrdtool writes it.
    editFile(dir, 'input.c', '    if (m == NULL)\n        goto error;\n', '    if (m == NULL)\n#ifdef HAVE_PY3\n        return NULL;\n#else\n        return;\n#endif\n');
    editFile(dir, 'input.c', 'static PyObject *RingError;\n', 'static PyObject *RingError;\n\nstatic void\nring_from_thread(void)\n{\n    PyGILState_STATE g = PyGILState_Ensure();\n    PyGILState_Release(g);\n}\n');
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the load-once flag goes above the #ifdef that picks the init head, the split null check goes whole', () => {
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes.find((c) => c.path.endsWith('input.c'))!.after;
    expect(out).toContain('static int ringbuf_loaded_once = 0;\n\nstatic int\nringbuf_exec(PyObject *m)\n{\n');
    expect(out).not.toMatch(/if \(m == NULL\)/);
    // Every #else still has its #if.
    let depth = 0;
    for (const line of out.split('\n')) {
      if (/^#\s*if/.test(line)) depth++;
      else if (/^#\s*endif/.test(line)) depth--;
      else if (/^#\s*else/.test(line)) expect(depth).toBeGreaterThan(0);
    }
    expect(depth).toBe(0);
  });
});
