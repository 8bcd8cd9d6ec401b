/**
 * Helpers that release the module the single-phase init gave them (`Py_DECREF(module); return -1;`):
 * under multi-phase init the import machinery owns the module, so the drop goes where that is
 * certainly the init's reference, and stays a finding naming why everywhere else.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';

function initFinding(helper: string[], init: string[] = ['    if (setup(m) < 0)', '        return NULL;']): { fix: string; message: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-helper-drops-'));
  try {
    const text = [
      '#include <Python.h>',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "hd", NULL, -1, NULL};',
      ...helper,
      'PyMODINIT_FUNC',
      'PyInit_hd(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL)',
      '        return NULL;',
      ...init,
      '    return m;',
      '}',
      '',
    ].join('\n');
    fs.writeFileSync(path.join(dir, 'hd.c'), text);
    const f = check([dir]).findings.find((x) => x.rule === 'multi-phase-init/single-phase-init');
    if (!f) throw new Error('no single-phase-init finding');
    return { fix: f.fix, message: f.message };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const dropping = [
  'static int',
  'setup(PyObject *mod)',
  '{',
  '    if (PyModule_AddIntConstant(mod, "X", 1) < 0) {',
  '        Py_DECREF(mod);',
  '        return -1;',
  '    }',
  '    return 0;',
  '}',
];

describe('a helper that drops the module it got from the init', () => {
  test('loses the drop when only the init calls it, with the module', () => {
    expect(initFinding(dropping).fix).toBe('auto');
  });

  test('stays manual when another function calls it too', () => {
    const f = initFinding([...dropping, 'static PyObject *again(PyObject *self, PyObject *o) { return setup(o) < 0 ? NULL : Py_NewRef(o); }']);
    expect(f.fix).toBe('manual');
    expect(f.message).toMatch(/calls Py_DECREF\(mod\) \(hd\.c:7\).*cannot go by itself: again\(\) calls it too$/);
  });

  test('stays manual when the init passes it something else as well', () => {
    const f = initFinding(dropping, ['    if (setup(m) < 0)', '        return NULL;', '    if (setup(PyImport_AddModule("sys")) < 0)', '        return NULL;']);
    expect(f.message).toMatch(/also passes it something other than the module$/);
  });

  test('stays manual when the helper holds a reference of its own', () => {
    const f = initFinding(['static int', 'setup(PyObject *mod)', '{', '    Py_INCREF(mod);', '    if (PyModule_AddIntConstant(mod, "X", 1) < 0) {', '        Py_DECREF(mod);', '        return -1;', '    }', '    Py_DECREF(mod);', '    return 0;', '}']);
    expect(f.message).toMatch(/it also takes a reference \(Py_INCREF\(mod\)\)$/);
  });

  test('stays manual when the drop does not end the helper', () => {
    const f = initFinding(['static int', 'setup(PyObject *mod)', '{', '    if (PyModule_AddIntConstant(mod, "X", 1) < 0) {', '        Py_DECREF(mod);', '        PyErr_Clear();', '    }', '    return 0;', '}']);
    expect(f.message).toMatch(/the block of its Py_DECREF\(mod\) does not end with return or goto$/);
  });

  test('stays manual when the module is used after the drop', () => {
    const f = initFinding(['static int', 'setup(PyObject *mod)', '{', '    if (PyModule_AddIntConstant(mod, "X", 1) < 0) {', '        Py_DECREF(mod);', '        return PyModule_AddIntConstant(mod, "Y", 2);', '    }', '    return 0;', '}']);
    expect(f.message).toMatch(/it uses 'mod' after Py_DECREF\(mod\)$/);
  });

  test('stays manual when the helper is not static and nothing else of the extension calls it', () => {
    const f = initFinding(dropping.map((l) => (l === 'static int' ? 'int' : l)));
    expect(f.message).toMatch(/it is not static and no other file of the extension uses it$/);
  });
});
