/*
 * tally: counts words. Already written with multi-phase init (an exec slot, m_size 0), but its
 * exception, a cached helper and its type are still process-wide.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Raised for words that cannot be counted. */
static PyObject *TallyError;
static PyObject *str_lower;

typedef struct {
    PyObject_HEAD
    Py_ssize_t total;
} CounterObject;

static PyObject *
counter_add(CounterObject *self, PyObject *word)
{
    PyObject *low;

    if (!PyUnicode_Check(word)) {
        PyErr_SetString(TallyError, "words are str");
        return NULL;
    }
    low = PyObject_CallMethodObjArgs(word, str_lower, NULL);
    if (low == NULL)
        return NULL;
    Py_DECREF(low);
    self->total++;
    return PyLong_FromSsize_t(self->total);
}

static PyMethodDef counter_methods[] = {
    {"add", (PyCFunction)counter_add, METH_O, "Count one word."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Counter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "tally.Counter",
    .tp_basicsize = sizeof(CounterObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = counter_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef tallymodule;

static PyObject *
tally_module_name(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *mod = PyState_FindModule(&tallymodule);
    if (mod == NULL) {
        PyErr_SetString(TallyError, "module not found");
        return NULL;
    }
    return PyModule_GetNameObject(mod);
}

static PyMethodDef tally_methods[] = {
    {"module_name", tally_module_name, METH_NOARGS, "The module's name."},
    {NULL, NULL, 0, NULL}
};

static int
tally_exec(PyObject *module)
{
    TallyError = PyErr_NewException("tally.TallyError", NULL, NULL);
    if (TallyError == NULL)
        return -1;
    Py_INCREF(TallyError);
    if (PyModule_AddObject(module, "TallyError", TallyError) < 0) {
        Py_DECREF(TallyError);
        return -1;
    }
    str_lower = PyUnicode_InternFromString("lower");
    if (str_lower == NULL)
        return -1;
    if (PyType_Ready(&Counter_Type) < 0)
        return -1;
    Py_INCREF(&Counter_Type);
    if (PyModule_AddObject(module, "Counter", (PyObject *)&Counter_Type) < 0) {
        Py_DECREF(&Counter_Type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot tally_slots[] = {
    {Py_mod_exec, tally_exec},
    {0, NULL}
};

static struct PyModuleDef tallymodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "tally",
    .m_doc = "Word counts.",
    .m_size = 0,
    .m_methods = tally_methods,
    .m_slots = tally_slots,
};

PyMODINIT_FUNC
PyInit_tally(void)
{
    return PyModuleDef_Init(&tallymodule);
}
