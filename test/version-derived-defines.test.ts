/**
 * A name the file defines in the live branch of a version test (`#if PY_MAJOR_VERSION >= 3` /
 * `#define HAVE_PY3K` / `#endif`, python-rrdtool, udatetime) decides `#ifdef HAVE_PY3K` as the
 * version test itself would: the Python 2 `#else` (`Py_InitModule3`) is dead, not a second
 * assignment of the module variable. testdata/cases/version-derived-define-picks-branch builds
 * and runs the whole module; here what is and is not decided.
 */
import { lex } from '../src/core/lex';
import { deadVersionBranches } from '../src/core/version-conditions';

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

test('a use above the definition, a name defined in the dead branch, or one the file #undefs stays undecided', () => {
  const above = `#include <Python.h>\n#ifdef HAVE_PY3K\nint a;\n#endif\n${HEAD.slice('#include <Python.h>\n'.length)}`;
  expect(decided(above, 'HAVE_PY3K')).toEqual([undefined]);
  const dead = '#if PY_MAJOR_VERSION < 3\n#define IS_PY2\n#endif\n#ifdef IS_PY2\nint a;\n#endif\n';
  expect(decided(dead, 'IS_PY2')).toEqual([undefined]);
  const undone = `${HEAD}#ifdef SOMETHING\n#undef HAVE_PY3K\n#endif\n#ifdef HAVE_PY3K\nint a;\n#endif\n`;
  expect(decided(undone, 'HAVE_PY3K')).toEqual([undefined]);
});

test('a definition under a platform condition inside the version branch is not certain', () => {
  const text = '#if PY_MAJOR_VERSION >= 3\n#ifdef _WIN32\n#define FAST_PATH\n#endif\n#endif\n#ifdef FAST_PATH\nint a;\n#endif\n';
  expect(decided(text, 'FAST_PATH')).toEqual([undefined]);
});
