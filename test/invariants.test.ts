/**
 * The static invariants of a rewrite (src/engine/invariants.ts), on hand-made before/after pairs:
 * each kind of breakage is found with its name and place, and the same text without the
 * breakage (or with the same "breakage" already in the original) passes.
 */
import * as path from 'path';
import { diffChars } from 'diff';
import { checkRewrite } from '../src/engine/invariants';
import { originalOffset } from '../src/engine/output-places';
import { InvariantFile, InvariantInput } from '../src/engine/invariant-types';
import type { Edit } from '../src/core/edits';
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import type { PyVersion } from '../src/core/pyversion';

const DIR = path.join(path.sep, 'ext');

/** The edits that turn before into after (a character diff), as the pipeline would hand them over. */
function diffEdits(before: string, after: string): Edit[] {
  const edits: Edit[] = [];
  let at = 0;
  for (const part of diffChars(before, after)) {
    if (part.added) {
      const last = edits[edits.length - 1];
      if (last && last.end === at) last.text += part.value;
      else edits.push({ start: at, end: at, text: part.value, by: 'test' });
    } else if (part.removed) {
      edits.push({ start: at, end: at + part.value.length, text: '', by: 'test' });
      at += part.value.length;
    } else at += part.value.length;
  }
  return edits;
}

type Spec = Record<string, [string | null, string | null]>; // path -> [before, after]; null: absent

function input(spec: Spec, opts: { minPython?: PyVersion; state?: { struct: string; fields: string[] }; movedLocals?: InvariantInput['movedLocals'] } = {}): InvariantInput {
  const files: InvariantFile[] = Object.entries(spec).map(([rel, [b, a]]) => {
    const p = path.join(DIR, rel);
    const original = b === null ? undefined : parseSource(SourceFile.fromText(p, b));
    const output = a === null ? undefined : a === b ? original : parseSource(SourceFile.fromText(p, a));
    return { path: p, original, output, edits: b !== null && a !== null && a !== b ? diffEdits(b, a) : undefined };
  });
  return {
    files,
    state: opts.state ? { struct: opts.state.struct, fields: new Set(opts.state.fields) } : undefined,
    movedLocals: (opts.movedLocals ?? []).map((m) => ({ ...m, path: path.join(DIR, m.path) })),
    minPython: opts.minPython ?? '3.9',
  };
}

function messages(spec: Spec, opts?: Parameters<typeof input>[1]): string[] {
  return checkRewrite(input(spec, opts)).map((v) => v.message);
}

const PY = '#include <Python.h>\n';

describe('a removed file-scope name', () => {
  const defs = `${PY}static PyObject *str_lower = NULL;\n`;
  const defsAfter = PY;
  const istr = 'static PyObject *fold(PyObject *k)\n{\n    return PyObject_CallMethodObjArgs(k, str_lower, NULL);\n}\n';
  const mod = '#include "defs.h"\n#include "istr.h"\nstatic PyObject *f(PyObject *m, PyObject *k) { return fold(k); }\n';

  test('still used by a second header: found, with the header line', () => {
    expect(messages({ 'defs.h': [defs, defsAfter], 'istr.h': [istr, istr], 'mod.c': [mod, mod] })).toEqual(["'str_lower' is used at istr.h:3 but its declaration was removed"]);
  });

  test('still used in a macro body of a third header: found', () => {
    const fold = '#define FOLD(k) PyObject_CallMethodObjArgs((k), str_lower, NULL)\n';
    const m = '#include "defs.h"\n#include "fold.h"\nstatic PyObject *f(PyObject *m, PyObject *k) { return FOLD(k); }\n';
    expect(messages({ 'defs.h': [defs, defsAfter], 'fold.h': [fold, fold], 'mod.c': [m, m] })).toEqual(["'str_lower' is used at fold.h:1 but its declaration was removed"]);
  });

  test('no use left, or only a local of the same name: nothing found', () => {
    const gone = 'static PyObject *fold(PyObject *k)\n{\n    return k;\n}\n';
    expect(messages({ 'defs.h': [defs, defsAfter], 'istr.h': [istr, gone], 'mod.c': [mod, mod] })).toEqual([]);
    const shadow = 'static PyObject *fold(PyObject *k)\n{\n    PyObject *str_lower = PyUnicode_FromString("lower");\n    return PyObject_CallMethodObjArgs(k, str_lower, NULL);\n}\n';
    expect(messages({ 'defs.h': [defs, defsAfter], 'istr.h': [shadow, shadow], 'mod.c': [mod, mod] })).toEqual([]);
  });

  test('a member of that name is no use', () => {
    const member = 'typedef struct { PyObject *str_lower; } S;\nstatic PyObject *g(S *s) { return s->str_lower; }\n';
    expect(messages({ 'defs.h': [defs, defsAfter], 'm.h': [member, member], 'mod.c': ['#include "defs.h"\n#include "m.h"\n', '#include "defs.h"\n#include "m.h"\n'] })).toEqual([]);
  });

  test('a name the original did not declare either (a macro declares it) is not judged', () => {
    const before = `${PY}_Py_IDENTIFIER(lower);\nstatic PyObject *g;\nstatic PyObject *f(PyObject *o) { return _PyObject_CallMethodIdNoArgs(o, &PyId_lower); }\n`;
    const after = `${PY}_Py_IDENTIFIER(lower);\nstatic PyObject *f(PyObject *o) { return _PyObject_CallMethodIdNoArgs(o, &PyId_lower); }\n`;
    expect(messages({ 'mod.c': [before, after] })).toEqual([]);
  });
});

describe('types named by new declarations', () => {
  const before = `${PY}static PyObject *Err;\ntypedef struct { PyObject_HEAD double x; } Vec;\nstatic Vec *ZERO;\n`;
  test('a state struct above the typedef it names', () => {
    const after = `${PY}typedef struct { PyObject *Err; Vec *ZERO; } m_state;\ntypedef struct { PyObject_HEAD double x; } Vec;\n`;
    expect(messages({ 'mod.c': [before, after] })).toEqual(["'Vec' is named at mod.c:2 (new code) above its declaration at mod.c:3"]);
  });
  test('below it: fine', () => {
    const after = `${PY}typedef struct { PyObject_HEAD double x; } Vec;\ntypedef struct { PyObject *Err; Vec *ZERO; } m_state;\n`;
    expect(messages({ 'mod.c': [before, after] })).toEqual([]);
  });
  test('a generated header naming a type of a .c file', () => {
    const hdr = `${PY}typedef struct { Vec *ZERO; } m_state;\n`;
    const after = `#include "m_state.h"\n${PY}typedef struct { PyObject_HEAD double x; } Vec;\n`;
    expect(messages({ 'mod.c': [before, after], 'm_state.h': [null, hdr] })).toEqual(["'Vec' is named at m_state.h:2 (a generated file) above its declaration at mod.c:3"]);
  });
});

describe('compatibility names', () => {
  const before = `${PY}static PyType_Slot s[] = {{0, NULL}};\n`;
  const after = `${PY}static PyType_Slot s[] = {{0, NULL}};\nstatic PyType_Spec spec = {"m.T", 0, 0, Py_TPFLAGS_DEFAULT | Py_TPFLAGS_IMMUTABLETYPE, s};\n`;
  test('Py_TPFLAGS_IMMUTABLETYPE below 3.10 without the header', () => {
    expect(messages({ 'mod.c': [before, after] })).toEqual(["'Py_TPFLAGS_IMMUTABLETYPE' is used at mod.c:3 (new code) without the compatibility header (Python.h has it from 3.10 on)"]);
  });
  test('with the header included first, or from 3.10 on: fine', () => {
    const withHeader = `${PY}#include "pyext_isolate_compat.h"\n${after.slice(PY.length)}`;
    expect(messages({ 'mod.c': [before, withHeader] })).toEqual([]);
    expect(messages({ 'mod.c': [before, after] }, { minPython: '3.10' })).toEqual([]);
  });
  test('the header included after the use does not count', () => {
    const late = `${after}#include "pyext_isolate_compat.h"\n`;
    expect(messages({ 'mod.c': [before, late] })).toHaveLength(1);
  });
});

describe('the state variable and its fields', () => {
  const before = `${PY}static PyObject *f(PyObject *m) { return Py_None; }\n`;
  test('st used in a function that does not declare it', () => {
    const after = `${PY}typedef struct { PyObject *x; } m_state;\nstatic PyObject *f(PyObject *m) { return st->x; }\n`;
    expect(messages({ 'mod.c': [before, after] }, { state: { struct: 'm_state', fields: ['x'] } })).toEqual(["'st' is used at mod.c:2 (new code) in a function that does not declare it"]);
  });
  test('declared (as a local or a parameter): fine', () => {
    const local = `${PY}typedef struct { PyObject *x; } m_state;\nstatic PyObject *f(PyObject *m) { m_state *st = PyModule_GetState(m); return st->x; }\n`;
    const param = `${PY}typedef struct { PyObject *x; } m_state;\nstatic PyObject *f(m_state *st, PyObject *m) { return st->x; }\nstatic PyObject *g(m_state *st);\n`;
    expect(messages({ 'mod.c': [before, local] }, { state: { struct: 'm_state', fields: ['x'] } })).toEqual([]);
    expect(messages({ 'mod.c': [before, param] }, { state: { struct: 'm_state', fields: ['x'] } })).toEqual([]);
  });
  test('a file #included inside a function body sees that function\'s st; included at file scope, it does not', () => {
    const modBefore = `${PY}#define ADD(n) x[n] = 1\nstatic PyObject *x[2];\nstatic int f(PyObject *m)\n{\n#include "list.h"\n    return 0;\n}\n`;
    const modAfter = `${PY}typedef struct { PyObject *x[2]; } m_state;\n#define ADD(st, n) st->x[n] = 1\nstatic int f(m_state *st, PyObject *m)\n{\n#include "list.h"\n    return 0;\n}\n`;
    const list: [string, string] = ['ADD(0);\nADD(1);\n', 'ADD(st, 0);\nADD(st, 1);\n'];
    const opts = { state: { struct: 'm_state', fields: ['x'] } };
    expect(messages({ 'mod.c': [modBefore, modAfter], 'list.h': list }, opts)).toEqual([]);
    const atFileScope = modAfter.replace('{\n#include "list.h"\n', '{\n').replace('typedef', '#include "list.h"\ntypedef');
    expect(messages({ 'mod.c': [modBefore.replace('{\n#include "list.h"\n', '{\n').replace('#define', '#include "list.h"\n#define'), atFileScope], 'list.h': list }, opts)).toEqual(["'st' is used at list.h:1 (new code) in a function that does not declare it"]);
  });
  test('a field the state does not have', () => {
    const after = `${PY}typedef struct { PyObject *x; } m_state;\nstatic PyObject *f(PyObject *m) { m_state *st = PyModule_GetState(m); return st->y; }\n`;
    const found = messages({ 'mod.c': [before, after] }, { state: { struct: 'm_state', fields: ['x'] } });
    expect(found).toHaveLength(1);
    expect(found[0]).toMatch(/^'st->y' at mod\.c:2 .*names no field of m_state$/);
  });
  test('a function that recovery from a lost `{` nests in a block at file scope still declares its st', () => {
    // The `{` of the first table entry is gone: tree-sitter opens a block at the stray `}` below and
    // runs it over the rest of the file, m_exec included (its CRLF twin's parse does not).
    const head = `${PY}static PyMethodDef m_methods[] = {\n  "a", m_a, METH_VARARGS, NULL},\n  {"b", m_b, METH_VARARGS, NULL},\n  {NULL, NULL, 0, NULL}\n};\n`;
    const b = `${head}static PyTypeObject *A_Type;\nstatic int\nm_exec(PyObject *m)\n{\n  if (m_create_type(m, &A_spec, &A_Type) < 0)\n    return -1;\n  return 0;\n}\n`;
    const a = `${head}typedef struct { PyTypeObject *A_Type; } m_state;\nstatic int m_exec(PyObject *m);\nstatic PyModuleDef_Slot m_slots[] = {\n  {Py_mod_exec, (void *)m_exec},\n  {0, NULL}\n};\nstatic int\nm_exec(PyObject *m)\n{\n  m_state *st = get_m_state(m);\n  if (m_create_type(m, &A_spec, &st->A_Type) < 0)\n    return -1;\n  return 0;\n}\n`;
    const out = parseSource(SourceFile.fromText(path.join(DIR, 'mod.c'), a)).tree.rootNode;
    expect(out.namedChildren.some((c) => c.type === 'compound_statement' && c.namedChildren.some((x) => x.type === 'function_definition'))).toBe(true);
    expect(messages({ 'mod.c': [b, a] }, { state: { struct: 'm_state', fields: ['A_Type'] } })).toEqual([]);
  });
  test("someone else's st is not ours", () => {
    const own = `${PY}struct cfg { int y; };\nstatic int f(struct cfg *st) { return st->y; }\n`;
    const after = `${own}typedef struct { PyObject *x; } m_state;\n`;
    expect(messages({ 'mod.c': [own, after] }, { state: { struct: 'm_state', fields: ['x'] } })).toEqual([]);
  });
});

describe('moved, duplicated and lost definitions', () => {
  test('a function-level static that moved but is still used in its function', () => {
    const before = `${PY}static PyObject *f(void) { static PyObject *cache = NULL; if (cache == NULL) cache = PyDict_New(); return cache; }\n`;
    const after = `${PY}static PyObject *f(void) { if (cache == NULL) cache = PyDict_New(); return cache; }\n`;
    expect(messages({ 'mod.c': [before, after] }, { movedLocals: [{ path: 'mod.c', func: 'f', name: 'cache' }] })).toEqual(["'cache' moved into the state, but f() still uses it at mod.c:2"]);
  });
  test('a name defined twice where it was defined once; tentative definitions may repeat', () => {
    const before = `${PY}static int f(void) { return 0; }\n`;
    const twice = `${before}static int f(void) { return 1; }\n`;
    expect(messages({ 'mod.c': [before, twice] })).toEqual(["'f' is defined twice (mod.c:2 and mod.c:3 (new code))"]);
    const tentative = `${PY}static struct PyModuleDef d;\nstatic struct PyModuleDef d = {PyModuleDef_HEAD_INIT};\n`;
    expect(messages({ 'mod.c': [`${PY}static struct PyModuleDef d = {PyModuleDef_HEAD_INIT};\n`, tentative] })).toEqual([]);
  });
  test('a definition removed while an extern declaration and a use stay', () => {
    const h = 'extern PyObject *Err;\n';
    const a = `#include "h.h"\nPyObject *Err;\n`;
    const b = '#include "h.h"\nstatic void f(void) { PyErr_SetString(Err, "x"); }\n';
    expect(messages({ 'h.h': [h, h], 'a.c': [a, '#include "h.h"\n'], 'b.c': [b, b] })).toEqual(["'Err' is used at b.c:2 but no longer defined anywhere in the extension"]);
  });
});

describe('statements inserted into brace-less bodies', () => {
  const fn = (body: string): string => `${PY}static PyObject *f(PyObject *o, int ok)\n{\n${body}}\n`;
  test('a statement in front of the body of an if, an else and a loop takes the body\'s place', () => {
    const ifBefore = fn('    if (ok)\n        return o;\n    Py_DECREF(o);\n    return NULL;\n');
    const ifAfter = fn('    if (ok)\n        PyObject_GC_Track(o);\n        return o;\n    Py_DECREF(o);\n    return NULL;\n');
    expect(messages({ 'mod.c': [ifBefore, ifAfter] })).toEqual([expect.stringMatching(/^a statement lands in the brace-less body of the 'if' at mod.c:4, and the statement after it at mod.c:5 .*would no longer be guarded by it$/)]);
    const elseBefore = fn('    if (ok)\n        return o;\n    else\n        Py_DECREF(o);\n    return NULL;\n');
    const elseAfter = fn('    if (ok)\n        return o;\n    else\n        Py_INCREF(o);\n        Py_DECREF(o);\n    return NULL;\n');
    expect(messages({ 'mod.c': [elseBefore, elseAfter] })).toEqual([expect.stringMatching(/^a statement lands in the brace-less body of the 'else' at mod.c:6, and the statement after it at mod.c:[67] .*would no longer be guarded by it$/)]);
    const loopBefore = fn('    int i;\n    for (i = 0; i < ok; i++)\n        PyList_Append(o, o);\n    return o;\n');
    const loopAfter = fn('    int i;\n    for (i = 0; i < ok; i++)\n        Py_INCREF(o);\n        PyList_Append(o, o);\n    return o;\n');
    expect(messages({ 'mod.c': [loopBefore, loopAfter] })).toHaveLength(1);
  });
  test('braced insertions, and a misleading body the original already had, pass', () => {
    const before = fn('    if (ok)\n        return o;\n    Py_DECREF(o);\n    return NULL;\n');
    const braced = fn('    if (ok) {\n        PyObject_GC_Track(o);\n        return o;\n    }\n    Py_DECREF(o);\n    return NULL;\n');
    expect(messages({ 'mod.c': [before, braced] })).toEqual([]);
    const already = fn('    if (ok)\n        Py_INCREF(o);\n        Py_DECREF(o);\n    return o;\n');
    const stillSo = fn('    PyObject_GC_Track(o);\n    if (ok)\n        Py_INCREF(o);\n        Py_DECREF(o);\n    return o;\n');
    expect(messages({ 'mod.c': [already, stillSo] })).toEqual([]);
  });
});

describe('originalOffset', () => {
  test('maps past, inside and after edits', () => {
    const edits: Edit[] = [
      { start: 2, end: 4, text: 'XYZ', by: 't' },
      { start: 6, end: 6, text: 'ab', by: 't' },
    ];
    // before: 0123456789 -> after: 01XYZ45ab6789
    expect(originalOffset(edits, 1)).toBe(1);
    expect(originalOffset(edits, 3)).toBe(2);
    expect(originalOffset(edits, 5)).toBe(4);
    expect(originalOffset(edits, 8)).toBe(6);
    expect(originalOffset(edits, 9)).toBe(6);
    expect(originalOffset(edits, 12)).toBe(9);
  });
});

describe('a macro parameter given twice', () => {
  const before = `${PY}#define CHECK(st, op) (Py_TYPE(op) == st->T)\n#define CHECK_OR_RAISE(op) (CHECK(st, op) ? 1 : 0)\n`;
  test('a second st of a rewrite: found, with the macro', () => {
    expect(messages({ 'm.c': [before, before.replace('CHECK_OR_RAISE(op)', 'CHECK_OR_RAISE(st, st, op)')] })).toEqual(['macro CHECK_OR_RAISE at m.c:3 would take a parameter name twice']);
  });
  test('one st: fine', () => {
    expect(messages({ 'm.c': [before, before.replace('CHECK_OR_RAISE(op)', 'CHECK_OR_RAISE(st, op)')] })).toEqual([]);
  });
});
