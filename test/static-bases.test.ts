/**
 * Bases of static types (the cases base-in-initializer and base-set-at-runtime build and run them):
 * a base only known at run time is passed to the creation as written, one made by a call is not,
 * and a subtype that stays static keeps its base static (a static type cannot derive from a heap type).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

function run(source: string): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-bases-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), source);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TYPE = (name: string, extra = ' .tp_new = PyType_GenericNew,'): string =>
  `static PyTypeObject ${name} = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.${name}", .tp_basicsize = sizeof(PyObject), .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,${extra} };`;

const MODULE = (body: string): string => [
  '#include <Python.h>',
  '#include <datetime.h>',
  'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
  'PyMODINIT_FUNC PyInit_m(void)',
  '{',
  '    PyObject *m;',
  body,
  '    m = PyModule_Create(&def);',
  '    return m;',
  '}',
  '',
].join('\n');

test('a base read through the datetime C-API becomes the creation argument (tp_new comes from it)', () => {
  const r = run(TYPE('Zone_Type', '') + '\n' + MODULE('    PyDateTime_IMPORT;\n    Zone_Type.tp_base = PyDateTimeAPI->TZInfoType;\n    if (PyType_Ready(&Zone_Type) < 0)\n        return NULL;'));
  expect(r.findings.filter((f) => f.rule === 'static-type-to-heap/static-type').map((f) => f.fix)).toEqual(['auto']);
  const out = r.changes[0].after;
  expect(out).toContain('m_create_type(m, &Zone_spec, PyDateTimeAPI->TZInfoType, &st->Zone_Type, 0) < 0');
  expect(out).not.toContain('Zone_Type.tp_base');
  // (The flags line may be wrapped at the file's width.)
  expect(/\.flags = ([^;]*?),\s*\n\s*\.slots/.exec(out)![1]).not.toContain('DISALLOW_INSTANTIATION');
});

test('a base made by a call is left to a human', () => {
  const r = run(TYPE('Zone_Type') + '\n' + MODULE('    Zone_Type.tp_base = (PyTypeObject *)PyObject_GetAttrString(NULL, "x");\n    if (PyType_Ready(&Zone_Type) < 0)\n        return NULL;'));
  const f = r.findings.find((x) => x.rule === 'static-type-to-heap/static-type')!;
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/tp_base is set to '\(PyTypeObject \*\)PyObject_GetAttrString\(NULL, "x"\)', which cannot be passed to the type's creation as it is$/);
});

test('a subtype that stays static keeps its base static', () => {
  const source = [
    TYPE('Base_Type'),
    TYPE('Sub_Type', ' .tp_base = &Base_Type, .tp_new = PyType_GenericNew,'),
    'static void *exported[] = { &Sub_Type };',
  ].join('\n') + '\n' + MODULE('    if (PyType_Ready(&Base_Type) < 0 || PyType_Ready(&Sub_Type) < 0)\n        return NULL;');
  const r = run(source);
  const byType = new Map(r.findings.filter((f) => f.rule === 'static-type-to-heap/static-type').map((f) => [/static type (\w+)/.exec(f.message)![1], f]));
  expect(byType.get('Sub_Type')!.fix).toBe('manual');
  expect(byType.get('Base_Type')!.fix).toBe('manual');
  expect(byType.get('Base_Type')!.message).toMatch(/its subtype Sub_Type stays a static type, and a static type cannot have a heap type as its base$/);
});
