/**
 * Uses of the state on a teardown path (plan/teardown.ts): each is skipped when the slot's lookup
 * finds no module, in the shape the statement allows; a use that cannot be skipped keeps its global
 * manual with the call chain. (The cases teardown-* build and run these shapes.)
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

/** A module with one static type whose dealloc calls `helper(self)`, with `globals` and `helper` given. */
function module(globals: string, helper: string): string {
  return [
    '#include <Python.h>',
    globals,
    'typedef struct { PyObject_HEAD int n; } Obj;',
    helper,
    'static void Obj_dealloc(Obj *self)',
    '{',
    '    helper(self->n);',
    '    Py_TYPE(self)->tp_free((PyObject *)self);',
    '}',
    'static PyTypeObject Obj_Type = {',
    '    PyVarObject_HEAD_INIT(NULL, 0)',
    '    .tp_name = "m.Obj",',
    '    .tp_basicsize = sizeof(Obj),',
    '    .tp_dealloc = (destructor)Obj_dealloc,',
    '    .tp_flags = Py_TPFLAGS_DEFAULT,',
    '    .tp_new = PyType_GenericNew,',
    '};',
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
    'PyMODINIT_FUNC PyInit_m(void)',
    '{',
    '    PyObject *m;',
    '    if (PyType_Ready(&Obj_Type) < 0)',
    '        return NULL;',
    '    m = PyModule_Create(&def);',
    '    if (m == NULL)',
    '        return NULL;',
    '    Py_INCREF(&Obj_Type);',
    '    if (PyModule_AddObject(m, "Obj", (PyObject *)&Obj_Type) < 0) {',
    '        Py_DECREF(&Obj_Type);',
    '        Py_DECREF(m);',
    '        return NULL;',
    '    }',
    '    return m;',
    '}',
    '',
  ].join('\n');
}

function run(source: string): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-teardown-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), source);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const helperBody = (r: ReturnType<typeof rewrite>): string => {
  const after = r.changes[0].after;
  const at = after.indexOf('static void helper(');
  return after.slice(at, after.indexOf('\n}', at) + 2);
};

test('the dealloc looks the state up through its type, at the top, and passes it on', () => {
  const r = run(module('static int count;', 'static void helper(int n)\n{\n    count -= n;\n}'));
  const after = r.changes[0].after;
  expect(after).toMatch(/static void Obj_dealloc\(Obj \*self\)\n\{\n    PyTypeObject \*tp = Py_TYPE\(self\);\n    m_state \*st = m_get_state_in_teardown\(Py_TYPE\(self\)\);\n/);
  expect(after).toContain('    helper(st, self->n);');
  expect(helperBody(r)).toContain('    if (st != NULL)\n        st->count -= n;\n');
  expect(after).not.toContain('PyType_GetModuleByDef');
});

test('a condition gets the check first, parenthesized when it is an ||, and its body needs nothing more', () => {
  const r = run(module('static int pool[4];\nstatic int npool;', 'static void helper(int n)\n{\n    if (npool < 4 || n == 0) {\n        pool[npool] = n;\n        npool++;\n    }\n}'));
  expect(helperBody(r)).toContain('    if (st != NULL && (st->npool < 4 || n == 0)) {\n        st->pool[st->npool] = n;\n        st->npool++;\n    }');
});

test('an object field read on the path also waits for the field; a test of the field needs nothing', () => {
  const r = run(module('static PyObject *cache;', 'static void helper(int n)\n{\n    if (!cache)\n        cache = PyList_New(0);\n    PyList_Append(cache, Py_None);\n}'));
  const body = helperBody(r);
  expect(body).toContain('    if (st != NULL && !st->cache)\n        st->cache = PyList_New(0);');
  expect(body).toContain('    if (st != NULL && st->cache != NULL)\n        PyList_Append(st->cache, Py_None);');
});

test('a use that cannot be skipped keeps the global manual and names the chain', () => {
  const r = run(module('static int count;', 'static void helper(int n)\n{\n    int left = count - n;\n    count = left;\n}'));
  const f = r.findings.find((x) => x.message.includes("'count'"))!;
  expect(f.fix).toBe('manual');
  expect(f.message).toContain("helper() uses 'count' on a teardown path (call chain: helper <- Obj_dealloc), where the module may already be gone");
  expect(f.message).toContain("it is in a declaration's initializer");
});

test('a loop condition cannot be skipped either', () => {
  const r = run(module('static int count;', 'static void helper(int n)\n{\n    while (count > n)\n        count--;\n}'));
  const f = r.findings.find((x) => x.message.includes("'count'"))!;
  expect(f.fix).toBe('manual');
  expect(f.message).toContain('it is in a while loop');
});
