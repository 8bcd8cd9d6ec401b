/**
 * The "how" of manual findings whose message alone does not say what to do (the case snapshots
 * record messages only): a type readied in a helper called twice, a helper or macro that would free the module
 * in exec (an init that returns through a macro: test/init-macros.test.ts).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';
import { ROOT } from './helpers/modules';

const CASES = path.join(ROOT, 'testdata', 'cases');

function how(caseName: string, rule: string): string {
  const f = check([path.join(CASES, caseName, 'input.c')]).findings.find((x) => x.rule === rule && x.fix === 'manual');
  if (!f) throw new Error(`no manual ${rule} finding in ${caseName}`);
  return f.suggestion ?? '';
}

test('a type readied in a helper that is not called once from init: move PyType_Ready into the init function', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-steps-'));
  try {
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
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a helper that drops the module: name the call and what to change', () => {
  expect(how('helper-drops-module', 'multi-phase-init/single-phase-init')).toMatch(/^remove the Py_DECREF\(module\) from register_types\(\)/);
});

