/* A prologue that declares its locals and calls into Python, and an epilogue with the labels,
 * used as statements without semicolons; the call they wrap is chosen per configuration, in
 * #ifdef / #else branches around the whole use or inside its argument list. Read as C, each use
 * runs into the #else line, and the type defined after these functions must still be seen. */
#include <Python.h>

#define HOOK_PROLOGUE(call)      \
    PyObject *res, *out = NULL;  \
    res = (call);                \
    if (res == NULL)             \
        goto done;               \
    if (res == Py_None) {        \
        out = PyLong_FromLong(-1); \
        goto release;            \
    }

#define HOOK_EPILOGUE            \
release:                         \
    Py_DECREF(res);              \
done:                            \
    return out;

static PyObject *hook = NULL;

static PyObject *
hookcall_set_hook(PyObject *module, PyObject *fn)
{
    Py_INCREF(fn);
    Py_XSETREF(hook, fn);
    Py_RETURN_NONE;
}

static PyObject *
hookcall_measure(PyObject *module, PyObject *args)
{
    const char *text;
    if (!PyArg_ParseTuple(args, "s", &text))
        return NULL;
#ifdef HOOKCALL_BYTES
    HOOK_PROLOGUE(PyObject_CallFunction(hook, "y", text))
#else
    HOOK_PROLOGUE(PyObject_CallFunction(hook, "s", text))
#endif
    out = PyLong_FromSsize_t(PyObject_Length(res));
    HOOK_EPILOGUE
}

static PyObject *
hookcall_pair(PyObject *module, PyObject *args)
{
    const char *a, *b;
    if (!PyArg_ParseTuple(args, "ss", &a, &b))
        return NULL;
    HOOK_PROLOGUE(PyObject_CallFunction(hook,
#ifdef HOOKCALL_BYTES
                                        "yy",
#else
                                        "ss",
#endif
                                        a, b))
    Py_INCREF(res);
    out = res;
    HOOK_EPILOGUE
}

static PyMethodDef hookcall_methods[] = {
    {"set_hook", hookcall_set_hook, METH_O, NULL},
    {"measure", hookcall_measure, METH_VARARGS, NULL},
    {"pair", hookcall_pair, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

typedef struct {
    PyObject_HEAD
    long calls;
} TallyObject;

static PyObject *
Tally_bump(TallyObject *self, PyObject *unused)
{
    return PyLong_FromLong(++self->calls);
}

static PyMethodDef Tally_methods[] = {
    {"bump", (PyCFunction)Tally_bump, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Tally_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "hookcall.Tally",
    .tp_basicsize = sizeof(TallyObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Tally_methods,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef hookcall_module = {
    PyModuleDef_HEAD_INIT, "hookcall", NULL, -1, hookcall_methods,
};

PyMODINIT_FUNC
PyInit_hookcall(void)
{
    PyObject *m;
    if (PyType_Ready(&Tally_Type) < 0)
        return NULL;
    m = PyModule_Create(&hookcall_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Tally_Type);
    if (PyModule_AddObject(m, "Tally", (PyObject *)&Tally_Type) < 0) {
        Py_DECREF(&Tally_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
