/* A struct sequence type filled once per process, guarded by its own tp_name. */
#include <Python.h>
#include <structseq.h>

static PyTypeObject PairType;

static PyStructSequence_Field pair_fields[] = {
    {"left", "the left item"},
    {"right", "the right item"},
    {NULL}
};

static PyStructSequence_Desc pair_desc = {
    "seq.pair", NULL, pair_fields, 2
};

static PyObject *
make_pair(PyObject *self, PyObject *args)
{
    PyObject *a, *b, *p;
    if (!PyArg_ParseTuple(args, "OO", &a, &b))
        return NULL;
    p = PyStructSequence_New(&PairType);
    if (p == NULL)
        return NULL;
    Py_INCREF(a);
    Py_INCREF(b);
    PyStructSequence_SET_ITEM(p, 0, a);
    PyStructSequence_SET_ITEM(p, 1, b);
    return p;
}

static PyMethodDef seq_methods[] = {
    {"make_pair", make_pair, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef seqmodule = {
    PyModuleDef_HEAD_INIT, "seq", NULL, -1, seq_methods
};

PyMODINIT_FUNC
PyInit_seq(void)
{
    PyObject *m = PyModule_Create(&seqmodule);
    if (m == NULL)
        return NULL;
    if (PairType.tp_name == 0) {
        if (PyStructSequence_InitType2(&PairType, &pair_desc) < 0)
            return NULL;
        Py_INCREF(&PairType);
        PyModule_AddObject(m, "pair", (PyObject *)&PairType);
    }
    return m;
}
