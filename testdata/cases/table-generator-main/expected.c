#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* tables.c: the entry at i of the decoding table */
int table_lookup(int i, int *op, int *val);

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *TableError; /* was: static PyObject *TableError */
} tablegen_state;

static inline tablegen_state *
get_tablegen_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tablegen_state *)state;
}

static int
tablegen_traverse(PyObject *module, visitproc visit, void *arg)
{
    tablegen_state *st = get_tablegen_state(module);
    Py_VISIT(st->TableError);
    return 0;
}

static int
tablegen_clear(PyObject *module)
{
    tablegen_state *st = get_tablegen_state(module);
    Py_CLEAR(st->TableError);
    return 0;
}

static void
tablegen_free(void *module)
{
    (void)tablegen_clear((PyObject *)module);
}

static PyObject *
tablegen_lookup(PyObject *self, PyObject *arg)
{
    int op, val;
    long i = PyLong_AsLong(arg);

    if (i == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (i < 0 || i >= 16) {
        tablegen_state *st = get_tablegen_state(self);
        PyErr_Format(st->TableError, "no entry %ld", i);
        return NULL;
    }
    table_lookup((int)i, &op, &val);
    return Py_BuildValue("(ii)", op, val);
}

static PyMethodDef tablegen_methods[] = {
    {"lookup", tablegen_lookup, METH_O, "The table's entry at an index."},
    {NULL, NULL, 0, NULL},
};

static int tablegen_exec(PyObject *m);

static PyModuleDef_Slot tablegen_slots[] = {
    {Py_mod_exec, (void *)tablegen_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tablegen_module = {
    PyModuleDef_HEAD_INIT, "tablegen", NULL, sizeof(tablegen_state), tablegen_methods,
    tablegen_slots,
    tablegen_traverse,
    tablegen_clear,
    tablegen_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int tablegen_loaded_once = 0;

static int
tablegen_exec(PyObject *m)
{
    tablegen_state *st = get_tablegen_state(m);

    if (tablegen_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "tablegen cannot be loaded more than once per process");
        return -1;
    }
    st->TableError = PyErr_NewException("tablegen.TableError", NULL, NULL);
    if (st->TableError == NULL) {
        return -1;
    }
    Py_INCREF(st->TableError);
    if (PyModule_AddObject(m, "TableError", st->TableError) < 0) {
        Py_DECREF(st->TableError);
        return -1;
    }
    tablegen_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_tablegen(void)
{
    return PyModuleDef_Init(&tablegen_module);
}
