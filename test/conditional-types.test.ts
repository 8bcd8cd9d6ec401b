/**
 * Static types defined under a feature #if (the case type-under-feature-ifdef builds and runs one):
 * converted under that #if when every use is under it too; a use where the condition may not hold,
 * or a second definition in the #else, keeps the type static with the reason.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

function run(source: string): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-iftypes-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), source);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const TYPE = (name: string): string =>
  `static PyTypeObject ${name} = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.${name}", .tp_basicsize = sizeof(PyObject), .tp_flags = Py_TPFLAGS_DEFAULT, .tp_new = PyType_GenericNew };`;

const MODULE = (readies: string, after = ''): string => [
  '#include <Python.h>',
  after,
  'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
  'PyMODINIT_FUNC PyInit_m(void)',
  '{',
  '    PyObject *m;',
  readies,
  '    m = PyModule_Create(&def);',
  '    return m;',
  '}',
  '',
].join('\n');

const typeFinding = (r: ReturnType<typeof rewrite>) => r.findings.find((x) => x.rule === 'static-type-to-heap/static-type')!;

test('a type whose every use is under its #if is converted under it', () => {
  const r = run(MODULE('#ifdef HAVE_Q\n    if (PyType_Ready(&Q_Type) < 0)\n        return NULL;\n#endif', `#ifdef HAVE_Q\n${TYPE('Q_Type')}\n#endif`));
  expect(typeFinding(r).fix).toBe('auto');
  const out = r.changes[0].after;
  expect(out).toMatch(/#ifdef HAVE_Q\n\s*PyTypeObject \*Q_Type;/);
  expect(out).toMatch(/#ifdef HAVE_Q\n[^#]*Py_VISIT\(st->Q_Type\);\n#endif/);
  expect(out).toMatch(/#ifdef HAVE_Q\n\s*if \(m_create_type\(m, &Q_spec, NULL, &st->Q_Type, 0\) < 0\)/);
});

test('a use outside the #if of the type keeps it manual', () => {
  const r = run(MODULE('#ifdef HAVE_Q\n    if (PyType_Ready(&Q_Type) < 0)\n        return NULL;\n#endif\n    Py_INCREF(&Q_Type);', `#ifdef HAVE_Q\n${TYPE('Q_Type')}\n#endif`));
  const f = typeFinding(r);
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/its definition is inside #if defined\(HAVE_Q\), but it is used where that condition may not hold/);
});

test('a type defined in both branches of an #if keeps both manual', () => {
  const r = run(MODULE('    if (PyType_Ready(&Q_Type) < 0)\n        return NULL;', `#ifdef HAVE_Q\n${TYPE('Q_Type')}\n#else\n${TYPE('Q_Type')}\n#endif`));
  const fs_ = r.findings.filter((x) => x.rule === 'static-type-to-heap/static-type');
  expect(fs_.length).toBe(2);
  for (const f of fs_) {
    expect(f.fix).toBe('manual');
    expect(f.message).toMatch(/defined in more than one #if branch/);
  }
});
