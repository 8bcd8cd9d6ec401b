/**
 * The "how" of manual findings whose message alone does not say what to do (the case snapshots
 * record messages only): a type readied in a helper called twice, a helper or macro that would free the module
 * in exec (an init that returns through a macro: test/init-macros.test.ts), a PyState_FindModule that only a
 * callback reaches.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { inTempDir, ROOT } from './helpers/modules';

const CASES = path.join(ROOT, 'testdata', 'cases');

function how(caseName: string, rule: string): string {
  const f = check([path.join(CASES, caseName, 'input.c')]).findings.find((x) => x.rule === rule && x.fix === 'manual');
  if (!f) throw new Error(`no manual ${rule} finding in ${caseName}`);
  return f.suggestion ?? '';
}

test('a type readied in a helper that is not called once from init: move PyType_Ready into the init function', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), [
      '#include <Python.h>',
      'static PyTypeObject Counter_Type = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.Counter", .tp_basicsize = sizeof(PyObject), .tp_flags = Py_TPFLAGS_DEFAULT, .tp_new = PyType_GenericNew };',
      'static int add_types(PyObject *m) { return PyType_Ready(&Counter_Type); }',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL || add_types(m) < 0 || add_types(m) < 0)',
      '        return NULL;',
      '    return m;',
      '}',
      '',
    ].join('\n'));
    const f = check([dir]).findings.find((x) => x.rule === 'static-type-to-heap/static-type' && x.fix === 'manual')!;
    expect(f.suggestion).toBe('move PyType_Ready(&Counter_Type), with the code that adds the type to the module, from add_types() into the init function, then run again');
  });
});

test('a helper that drops the module where the drop cannot simply go: name the call and what to change', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), [
      '#include <Python.h>',
      'static int add_consts(PyObject *module) { if (PyModule_AddIntConstant(module, "N", 1) < 0) { Py_DECREF(module); return -1; } return 0; }',
      'static PyObject *refill(PyObject *self, PyObject *o) { return add_consts(o) < 0 ? NULL : Py_NewRef(o); }',
      'static PyMethodDef methods[] = {{"refill", refill, METH_O, NULL}, {NULL, NULL, 0, NULL}};',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL || add_consts(m) < 0)',
      '        return NULL;',
      '    return m;',
      '}',
      '',
    ].join('\n'));
    const f = check([dir]).findings.find((x) => x.rule === 'multi-phase-init/single-phase-init')!;
    expect(f.message).toMatch(/cannot go by itself: refill\(\) calls it too$/);
    expect(f.suggestion).toMatch(/^remove the Py_DECREF\(module\) from add_consts\(\)/);
  });
});

test('PyState_FindModule in a helper only a callback reaches: say so, and carry the module in what the callback gets', () => {
  expect(how('findmodule-in-callback-helper', 'multi-phase-init/single-phase-init')).toBe(
    'value_is_fraction() is reached only through default_tag_of(), a callback (C code calls it through a function pointer, with its own arguments): carry the module in what that callback receives (a field of the struct or the user-data pointer it gets, set where the module is at hand), pass it on to value_is_fraction() and use it there instead of PyState_FindModule; PyState_FindModule returns NULL for multi-phase modules',
  );
  expect(how('findmodule-in-callback-helper', 'multi-phase-init/pystate-find-module')).toMatch(/^value_is_fraction\(\) is reached only through default_tag_of\(\), a callback/);
});


/** A module whose pack() parses with a converter that raises the module's exception; `before`: pack() comes first (a prototype declares the converter). */
function converterModule(before: boolean): string {
  const converter = [
    'static int level_converter(PyObject *o, int *level)',
    '{',
    '    long v = PyLong_AsLong(o);',
    '    if (v < 0 || v > 9) {',
    '        if (!PyErr_Occurred())',
    '            PyErr_SetString(LevelError, "level out of range");',
    '        return 0;',
    '    }',
    '    *level = (int)v;',
    '    return 1;',
    '}',
  ];
  const pack = [
    'static PyObject *pack(PyObject *self, PyObject *args)',
    '{',
    '    int level = 0;',
    '    if (!PyArg_ParseTuple(args, "O&", &level_converter, &level))',
    '        return NULL;',
    '    return PyLong_FromLong(level);',
    '}',
  ];
  return [
    '#include <Python.h>',
    'static PyObject *LevelError;',
    ...(before ? ['static int level_converter(PyObject *o, int *level);', ...pack, ...converter] : [...converter, ...pack]),
    'static PyMethodDef methods[] = {{"pack", pack, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};',
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
    'PyMODINIT_FUNC PyInit_m(void)',
    '{',
    '    PyObject *m = PyModule_Create(&def);',
    '    if (m == NULL)',
    '        return NULL;',
    '    LevelError = PyErr_NewException("m.LevelError", NULL, NULL);',
    '    if (LevelError == NULL || PyModule_AddObjectRef(m, "LevelError", LevelError) < 0) {',
    '        Py_DECREF(m);',
    '        return NULL;',
    '    }',
    '    return m;',
    '}',
    '',
  ].join('\n');
}

test('a global that a PyArg "O&" converter uses: the parser passes the state in the address argument, or the finding says what keeps it from doing so', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), converterModule(false));
    expect(check([dir]).findings.find((x) => x.rule === 'globals-to-state/exception')!.fix).toBe('auto');
    fs.writeFileSync(path.join(dir, 'm.c'), converterModule(true));
    const f = check([dir]).findings.find((x) => x.rule === 'globals-to-state/exception')!;
    expect(f.fix).toBe('manual');
    expect(f.message).toMatch(/level_converter\(\) uses 'LevelError' but cannot reach the module state: it is a PyArg "O&" converter \(PyArg_ParseTuple\(\) in pack\(\) passes it\), which the argument parser calls with the object and its output pointer only, and the parser cannot pass the state on to it: PyArg_ParseTuple\(\) in pack\(\) comes before its definition/);
    expect(f.suggestion).toBe('make level_converter() a static function of the file that parses with it, of the form int (PyObject *, T *), defined above every PyArg_ParseTuple(), PyArg_ParseTupleAndKeywords() or PyArg_Parse() call that passes it (as PyArg_ParseTuple() does in pack()) and passed nowhere else: the tool then gives it the state through its address argument (a struct of the state and the output, and an adapter the parser calls), which keeps when and in which order the parser converts; then run again');
  });
});

test('a METH_STATIC method that uses a global: CPython passes it NULL as self, so the step is METH_CLASS (and what Python then sees) or a module function', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), [
      '#include <Python.h>',
      'static PyObject *Unit;',
      'static PyObject *Meter_unit(PyObject *Py_UNUSED(self), PyObject *Py_UNUSED(args))',
      '{',
      '    return Py_NewRef(Unit);',
      '}',
      'static PyMethodDef Meter_methods[] = {{"unit", Meter_unit, METH_NOARGS | METH_STATIC, NULL}, {NULL, NULL, 0, NULL}};',
      'static PyTypeObject Meter_Type = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.Meter", .tp_basicsize = sizeof(PyObject), .tp_flags = Py_TPFLAGS_DEFAULT, .tp_methods = Meter_methods, .tp_new = PyType_GenericNew };',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m;',
      '    if (PyType_Ready(&Meter_Type) < 0)',
      '        return NULL;',
      '    m = PyModule_Create(&def);',
      '    if (m == NULL)',
      '        return NULL;',
      '    Unit = PyUnicode_InternFromString("m");',
      '    if (Unit == NULL || PyModule_AddObjectRef(m, "Meter", (PyObject *)&Meter_Type) < 0) {',
      '        Py_DECREF(m);',
      '        return NULL;',
      '    }',
      '    return m;',
      '}',
      '',
    ].join('\n'));
    const f = check([dir]).findings.find((x) => x.rule === 'globals-to-state/object-global' || x.rule === 'globals-to-state/cached-object' || /'Unit'/.test(x.message))!;
    expect(f.fix).toBe('manual');
    expect(f.message).toMatch(/Meter_unit\(\) uses 'Unit' but cannot reach the module state: it is a METH_STATIC method: CPython calls it with NULL as self/);
    expect(f.suggestion).toMatch(/^either make Meter_unit\(\) METH_CLASS in Meter_Type's methods \(its first parameter is then the class.*the method's __self__ is the class instead of None/);
  });
});

test('a function static whose type only a system header included inside an #if block declares: stays, and says where the include must go', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), [
      '#include <Python.h>',
      '#ifdef MS_WINDOWS',
      '#include <windows.h>',
      'static double',
      'ticks(void)',
      '{',
      '    static LARGE_INTEGER start;',
      '    LARGE_INTEGER now;',
      '    if (start.QuadPart == 0)',
      '        QueryPerformanceCounter(&start);',
      '    QueryPerformanceCounter(&now);',
      '    return (double)(now.QuadPart - start.QuadPart);',
      '}',
      '#else',
      'static double',
      'ticks(void)',
      '{',
      '    return 0.0;',
      '}',
      '#endif',
      'static PyObject *Unit;',
      'static PyObject *elapsed(PyObject *module, PyObject *Py_UNUSED(args))',
      '{',
      '    return Py_BuildValue("(dO)", ticks(), Unit);',
      '}',
      'static PyMethodDef methods[] = {{"elapsed", elapsed, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL)',
      '        return NULL;',
      '    Unit = PyUnicode_InternFromString("ticks");',
      '    if (Unit == NULL) {',
      '        Py_DECREF(m);',
      '        return NULL;',
      '    }',
      '    return m;',
      '}',
      '',
    ].join('\n'));
    const f = check([dir]).findings.find((x) => /'start'/.test(x.message))!;
    expect(f.fix).toBe('manual');
    expect(f.message).toMatch(/its type LARGE_INTEGER is declared by none of the extension's files, so it comes from a system header such as <windows.h>, which the file includes inside an #if block above it/);
    expect(f.suggestion).toMatch(/^include <windows.h> at the top of the file \(under the same condition\), then run again; /);
  });
});

test('once the header is included at the top under the same condition (the step above), the static moves into the state under that condition', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), [
      '#include <Python.h>',
      '#ifdef MS_WINDOWS',
      '#include <windows.h>',
      '#endif',
      '#ifdef MS_WINDOWS',
      '#include <windows.h>',
      'static double',
      'ticks(void)',
      '{',
      '    static LARGE_INTEGER start;',
      '    LARGE_INTEGER now;',
      '    if (start.QuadPart == 0)',
      '        QueryPerformanceCounter(&start);',
      '    QueryPerformanceCounter(&now);',
      '    return (double)(now.QuadPart - start.QuadPart);',
      '}',
      '#else',
      'static double',
      'ticks(void)',
      '{',
      '    return 0.0;',
      '}',
      '#endif',
      'static PyObject *Unit;',
      'static PyObject *elapsed(PyObject *module, PyObject *Py_UNUSED(args))',
      '{',
      '    return Py_BuildValue("(dO)", ticks(), Unit);',
      '}',
      'static PyMethodDef methods[] = {{"elapsed", elapsed, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL)',
      '        return NULL;',
      '    Unit = PyUnicode_InternFromString("ticks");',
      '    if (Unit == NULL) {',
      '        Py_DECREF(m);',
      '        return NULL;',
      '    }',
      '    return m;',
      '}',
      '',
    ].join('\n'));
    const findings = check([dir]).findings.filter((x) => /'start'/.test(x.message));
    expect(findings.map((x) => `${x.rule} ${x.fix}`)).toEqual(['function-statics-to-state/mutable-c-data auto']);
    const after = rewrite([dir]).changes[0].after;
    expect(after).toMatch(/#ifdef MS_WINDOWS\n    LARGE_INTEGER start; +\/\* was: static LARGE_INTEGER start in ticks\(\) \*\/\n/);
  });
});

/** python-ldap's shape: conn_add_functions(d) makes the functions of a table of functions.c with PyCFunction_New(meth, NULL). */
function looseTableTree(dir: string, connect: string[]): void {
  fs.writeFileSync(path.join(dir, 'conn.h'), [
    '#include <Python.h>',
    'extern PyObject *ConnError;',
    'extern PyTypeObject Conn_Type;',
    'void conn_add_functions(PyObject *d);',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'conn.c'), [
    '#include "conn.h"',
    'static PyObject *Conn_close(PyObject *self, PyObject *Py_UNUSED(args))',
    '{',
    '    PyErr_SetString(ConnError, "closed");',
    '    return NULL;',
    '}',
    'static PyMethodDef methods[] = {{"close", Conn_close, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};',
    'PyTypeObject Conn_Type = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.Conn", .tp_basicsize = sizeof(PyObject), .tp_flags = Py_TPFLAGS_DEFAULT, .tp_methods = methods, .tp_new = PyType_GenericNew };',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'functions.c'), [
    '#include "conn.h"',
    ...connect,
    'static PyMethodDef methods[] = {{"connect", l_connect, METH_VARARGS, NULL}, {NULL, NULL, 0, NULL}};',
    'void conn_add_functions(PyObject *d)',
    '{',
    '    PyMethodDef *meth;',
    '    for (meth = methods; meth->ml_meth; meth++) {',
    '        PyObject *f = PyCFunction_New(meth, NULL);',
    '        PyDict_SetItemString(d, meth->ml_name, f);',
    '        Py_DECREF(f);',
    '    }',
    '}',
    '',
  ].join('\n'));
  fs.writeFileSync(path.join(dir, 'module.c'), [
    '#include "conn.h"',
    'PyObject *ConnError;',
    'static PyObject *version(PyObject *module, PyObject *Py_UNUSED(args))',
    '{',
    '    return PyUnicode_FromString("1.0");',
    '}',
    'static PyMethodDef methods[] = {{"version", version, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};',
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
    'PyMODINIT_FUNC PyInit_m(void)',
    '{',
    '    PyObject *m;',
    '    if (PyType_Ready(&Conn_Type) < 0)',
    '        return NULL;',
    '    m = PyModule_Create(&def);',
    '    if (m == NULL)',
    '        return NULL;',
    '    ConnError = PyErr_NewException("m.ConnError", NULL, NULL);',
    '    if (ConnError == NULL || PyModule_AddObjectRef(m, "ConnError", ConnError) < 0) {',
    '        Py_DECREF(m);',
    '        return NULL;',
    '    }',
    '    conn_add_functions(PyModule_GetDict(m));',
    '    return m;',
    '}',
    '',
  ].join('\n'));
}

const CONNECT = ['static PyObject *l_connect(PyObject *unused, PyObject *args)', '{', '    PyErr_SetString(ConnError, "no server");', '    return NULL;', '}'];

test('static PyMethodDef tables of one name in several files: each type or module def gets its own file\'s; a loose one made where the module is at hand gets it as self', () => {
  inTempDir((dir) => {
    looseTableTree(dir, CONNECT);
    expect(check([dir]).findings.filter((x) => x.fix === 'manual')).toEqual([]);
    const changes = rewrite([dir]).changes;
    const after = (name: string): string => changes.find((c) => c.path.endsWith(name))!.after;
    // The module goes down the calls to where the functions are made, and is their self there.
    expect(after('functions.c')).toMatch(/void conn_add_functions\(PyObject \*module, PyObject \*d\)\n\{\n    PyMethodDef \*meth;\n    for \(meth = methods; meth->ml_meth; meth\+\+\) \{\n        PyObject \*f = PyCFunction_New\(meth, module\);/);
    expect(after('conn.h')).toContain('void conn_add_functions(PyObject *module, PyObject *d);');
    expect(after('module.c')).toContain('conn_add_functions(m, PyModule_GetDict(m));');
    expect(after('functions.c')).toMatch(/l_connect\(PyObject \*unused, PyObject \*args\)\n\{\n    m_state \*st = get_m_state\(unused\);/);
  });
});

test('a static function of the loose table named like a method of a type in another file is not that method (roles are per table file)', () => {
  inTempDir((dir) => {
    looseTableTree(dir, CONNECT);
    const conn = path.join(dir, 'conn.c');
    fs.writeFileSync(conn, fs.readFileSync(conn, 'utf8').replace(/Conn_close/g, 'l_connect'));
    expect(check([dir]).findings.filter((x) => x.fix === 'manual')).toEqual([]);
    const changes = rewrite([dir]).changes;
    const after = (name: string): string => changes.find((c) => c.path.endsWith(name))!.after;
    // functions.c's l_connect gets the module as self; conn.c's is Conn's method and finds it by its type.
    expect(after('functions.c')).toMatch(/l_connect\(PyObject \*unused, PyObject \*args\)\n\{\n    m_state \*st = get_m_state\(unused\);/);
    expect(after('conn.c')).not.toContain('get_m_state(self)');
  });
});

test('a loose PyMethodDef table whose function reads its self (NULL today) keeps its functions away from the state, and says why', () => {
  inTempDir((dir) => {
    looseTableTree(dir, ['static PyObject *l_connect(PyObject *self, PyObject *args)', '{', '    if (self != NULL)', '        return NULL;', '    PyErr_SetString(ConnError, "no server");', '    return NULL;', '}']);
    const f = check([dir]).findings.find((x) => x.rule === 'globals-to-state/exception')!;
    expect(f.fix).toBe('manual');
    expect(f.message).toMatch(/l_connect\(\) uses 'ConnError' but cannot reach the module state: it is in the PyMethodDef table 'methods' \(functions\.c\), which is neither the module's m_methods nor a type's tp_methods, so its self is whatever the code that makes functions of that table passes \(NULL with PyCFunction_New\(def, NULL\)\), and the module cannot be passed there instead: l_connect\(\) reads its self parameter 'self', which is NULL where the table's functions are made today/);
    expect(f.suggestion).toBe("move the entries of 'methods' (functions.c) into the module's m_methods table (its functions then get the module as self, and the tool reaches the state through it), then run again");
  });
});

test('a type a pasting macro defines at a use: expand that use (the macro, its parameter and argument named), or the spec-defining macro to write by hand, and where its uses are', () => {
  const f = check([path.join(CASES, 'types-pasted-by-macro-without-semicolon', 'input.c')]).findings.filter((x) => x.rule === 'checks/type-defined-by-macro');
  expect(f.map((x) => x.line)).toEqual([27, 28, 30, 32]);
  const meter = f[0].suggestion ?? '';
  expect(meter).toMatch(/^expand this use by hand: write the definition UNIT_TYPE\(\) gives \(input\.c:13\) with u = Meter in place of UNIT_TYPE\(Meter\), then run again/);
  expect(meter).toContain('its uses (input.c:41 in units_symbol(), input.c:70 in PyInit_units()) reaching the state');
  expect(meter).toContain('its body defines Unit_##u##_Type_slots[] and Unit_##u##_Type_spec instead of the PyTypeObject');
  expect(meter).toContain("the module state gets 'PyTypeObject *Unit_Meter_Type;', exec creates it with PyType_FromModuleAndSpec(module, &Unit_Meter_Type_spec, bases)");
});

test('a type whose declaration is completed by a macro given its name: write that initializer out, or give the macro a spec body (its parameter named)', () => {
  inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), [
      '#include <Python.h>',
      'static PyTypeObject Digest_Type;',
      '#define DIGEST_TYPE(type_obj, type_name) \\',
      '    static PyTypeObject type_obj = { \\',
      '        PyVarObject_HEAD_INIT(NULL, 0) \\',
      '        type_name, sizeof(PyObject), \\',
      '    }',
      'DIGEST_TYPE(Digest_Type, "m.Digest");',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL || PyType_Ready(&Digest_Type) < 0)',
      '        return NULL;',
      '    return m;',
      '}',
      '',
    ].join('\n'));
    const f = check([dir]).findings.find((x) => x.rule === 'checks/type-defined-by-macro')!;
    expect(f.suggestion).toMatch(/^write the PyTypeObject initializer DIGEST_TYPE\(\) gives \(line 3\) out in place of DIGEST_TYPE\(Digest_Type, \.\.\.\), then run again/);
    expect(f.suggestion).toContain("named from type_obj (type_obj ## _spec) instead of the PyTypeObject, the module state gets 'PyTypeObject *Digest_Type;'");
  });
});
