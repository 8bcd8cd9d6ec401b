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

  test('created by a call the rewrite does not read: the finding says the creation was not found', () => {
    const dir = withModule('library_new_type(&countertype_spec)');
    try {
      const f = check([dir]).findings.find((x) => x.message.includes("'CounterError'"));
      expect(f?.fix).toBe('manual');
      expect(f?.message).toMatch(/no PyType_FromSpec\(\) of it was found/);
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

/**
 * A type made with its module already (by hand, or by an earlier run's `<mod>_create_type()`) is one
 * of the module's types: a callback registered with one of its objects reaches the state through
 * the object's type, as it does when this run makes the type (issue 18.1: runs in steps).
 */
const TRACER = `#include <Python.h>
#include <frameobject.h>

typedef struct {
    PyObject_HEAD
    long lines;
} Tracer;

static PyObject *str_line;

static int
tracer_trace(Tracer *self, PyFrameObject *frame, int what, PyObject *arg)
{
    if (what == PyTrace_LINE && PyObject_Hash(str_line) != -1) {
        self->lines++;
    }
    return 0;
}

static PyObject *
tracer_start(Tracer *self, PyObject *unused)
{
    PyEval_SetTrace((Py_tracefunc)tracer_trace, (PyObject *)self);
    Py_RETURN_NONE;
}

static PyMethodDef tracer_methods[] = {
    {"start", (PyCFunction)tracer_start, METH_NOARGS, NULL},
    {NULL}
};

static PyType_Slot tracer_slots[] = {
    {Py_tp_methods, tracer_methods},
    {0, NULL}
};

static PyType_Spec tracer_spec = {"tracemod.Tracer", sizeof(Tracer), 0, FLAGS, tracer_slots};
HELPER
static int
tracemod_exec(PyObject *m)
{
    PyObject *t;
    str_line = PyUnicode_InternFromString("line");
    if (str_line == NULL) {
        return -1;
    }
    t = CREATE;
    if (t == NULL || PyModule_AddObject(m, "Tracer", t) < 0) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot tracemod_slots[] = {
    {Py_mod_exec, tracemod_exec},
    {0, NULL}
};

static struct PyModuleDef tracemod_module = {PyModuleDef_HEAD_INIT, "tracemod", NULL, 0, NULL, tracemod_slots};

PyMODINIT_FUNC
PyInit_tracemod(void)
{
    return PyModuleDef_Init(&tracemod_module);
}
`;

describe('types created from a spec with a module already', () => {
  const HELPER = `
static PyObject *
make_type(PyObject *module, PyType_Spec *spec)
{
    return PyType_FromModuleAndSpec(module, spec, NULL);
}
`;
  const convert = (create: string, helper = '', flags = 'Py_TPFLAGS_DEFAULT'): { out: string; manual: string[] } => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-spec-'));
    try {
      fs.writeFileSync(path.join(dir, 'tracemod.c'), TRACER.replace('CREATE', create).replace('HELPER', helper).replace('FLAGS', flags));
      const manual = check([dir]).findings.filter((f) => f.fix === 'manual' && f.severity === 'error').map((f) => f.message);
      const out = rewrite([dir]).changes.find((c) => c.path.endsWith('tracemod.c'))?.after ?? '';
      return { out, manual };
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  };

  // Its objects (made by tp_alloc) keep the state once looked up, as those of a static type this run converts do.
  test.each([
    ['PyType_FromModuleAndSpec(m, &tracer_spec, NULL)', '', 'Py_TPFLAGS_DEFAULT', 'get_state_of_Tracer\\(self\\)'],
    ['make_type(m, &tracer_spec)', HELPER, 'Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE', 'get_state_of_Tracer\\(self\\)'],
  ])('%s: the trace callback reaches the state through its object', (create, helper, flags, lookup) => {
    const { out, manual } = convert(create, helper, flags);
    expect(manual).toEqual([]);
    expect(out).toMatch(new RegExp(`tracer_trace\\(Tracer \\*self, [^)]*\\)\\n\\{\\n    tracemod_state \\*st = tracemod_${lookup};`));
    expect(out).toContain('void *module_state; /* the module state, once looked up (pyext-isolate) */');
    expect(out).toContain('PyObject_Hash(st->str_line)');
  });

  test('made with no module (NULL): the callback cannot reach the state, and says why', () => {
    const { out, manual } = convert('PyType_FromModuleAndSpec(NULL, &tracer_spec, NULL)');
    expect(manual.join('\n')).toMatch(/tracer_trace\(\) uses 'str_line' but cannot reach the module state: its address is taken/);
    expect(out).not.toContain('st->str_line');
  });
});
