/**
 * A type created by PyType_FromSpec() knows no module, so its slots cannot find the state through
 * it (PyType_GetModuleByDef fails at run time). Where the module is at hand the creation becomes
 * PyType_FromModuleAndSpec (testdata/cases/unity-build-internal-data builds and runs that); where it
 * is not, the slots stay away from the state and say why.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';

const MODULE = `#include <Python.h>

static PyObject *CounterError;

static PyObject *
counter_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    if (PyTuple_GET_SIZE(args) > 0) {
        PyErr_SetString(CounterError, "no arguments");
        return NULL;
    }
    return type->tp_alloc(type, 0);
}

static PyType_Slot countertype_slots[] = {
    {Py_tp_new, counter_new},
    {0, NULL}
};

static PyType_Spec countertype_spec = {"counter.Counter", sizeof(PyObject), 0, Py_TPFLAGS_DEFAULT, countertype_slots};

static PyObject *
make_type(void)
{
    return PyType_FromSpec(&countertype_spec);
}

static struct PyModuleDef counter_module = {PyModuleDef_HEAD_INIT, "counter", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_counter(void)
{
    PyObject *m = PyModule_Create(&counter_module);
    PyObject *t;
    if (m == NULL)
        return NULL;
    CounterError = PyErr_NewException("counter.Error", NULL, NULL);
    if (CounterError == NULL)
        return NULL;
    t = MAKE_TYPE;
    if (t == NULL || PyModule_AddObject(m, "Counter", t) < 0)
        return NULL;
    return m;
}
`;

function withModule(makeType: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-spec-'));
  let text = MODULE.replace('MAKE_TYPE', makeType);
  // Every creation of the spec counts: without the helper's call, the helper goes too.
  if (!makeType.includes('make_type')) text = text.replace(/static PyObject \*\nmake_type[^]*?\n}\n\n/, '');
  fs.writeFileSync(path.join(dir, 'counter.c'), text);
  return dir;
}

describe('types created from a spec', () => {
  test('created where the module is at hand: PyType_FromModuleAndSpec, and the slot reaches the state', () => {
    const dir = withModule('PyType_FromSpec(&countertype_spec)');
    try {
      const r = rewrite([dir]);
      const out = r.changes.find((c) => c.path.endsWith('counter.c'))!.after;
      expect(out).toContain('t = PyType_FromModuleAndSpec(m, &countertype_spec, NULL);');
      expect(out).toMatch(/PyErr_SetString\(st->CounterError, "no arguments"\)/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('created where no module is at hand: the slot cannot reach the state, and the finding says why', () => {
    const dir = withModule('make_type()');
    try {
      const f = check([dir]).findings.find((x) => x.message.includes("'CounterError'"));
      expect(f?.fix).toBe('manual');
      expect(f?.message).toMatch(/created by PyType_FromSpec\(\) where no module is at hand/);
      const out = rewrite([dir]).changes.find((c) => c.path.endsWith('counter.c'))?.after ?? '';
      expect(out).not.toContain('PyType_FromModuleAndSpec');
      expect(out).not.toContain('get_state_by_type');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
