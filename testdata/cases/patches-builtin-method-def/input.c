/* A clock-freezing module that patches time.time in place, the way test-time libraries do:
 * it swaps the C function pointer in the builtin's PyMethodDef. That PyMethodDef is a static of
 * the time module, one per process: a second interpreter would save the first one's patch as
 * "original" and call itself. */
#include <Python.h>

typedef struct {
    PyCFunction real_time;
    double frozen_at;
} freezer_state;

static PyObject *
frozen_time(PyObject *self, PyObject *unused)
{
    PyObject *mod = PyImport_ImportModule("freezer");
    freezer_state *st;
    double t;
    if (mod == NULL)
        return NULL;
    st = (freezer_state *)PyModule_GetState(mod);
    t = st->frozen_at;
    Py_DECREF(mod);
    return PyFloat_FromDouble(t);
}

static PyObject *
time_function(void)
{
    PyObject *time_module = PyImport_ImportModule("time");
    PyObject *f;
    if (time_module == NULL)
        return NULL;
    f = PyObject_GetAttrString(time_module, "time");
    Py_DECREF(time_module);
    return f;
}

static PyObject *
freeze(PyObject *module, PyObject *arg)
{
    freezer_state *st = (freezer_state *)PyModule_GetState(module);
    double at = PyFloat_AsDouble(arg);
    PyObject *f;
    if (at == -1.0 && PyErr_Occurred())
        return NULL;
    st->frozen_at = at;
    if (st->real_time != NULL)
        Py_RETURN_NONE;
    f = time_function();
    if (f == NULL)
        return NULL;
    st->real_time = ((PyCFunctionObject *)f)->m_ml->ml_meth;
    ((PyCFunctionObject *)f)->m_ml->ml_meth = frozen_time;
    Py_DECREF(f);
    Py_RETURN_NONE;
}

static PyObject *
unfreeze(PyObject *module, PyObject *unused)
{
    freezer_state *st = (freezer_state *)PyModule_GetState(module);
    PyObject *f;
    if (st->real_time == NULL)
        Py_RETURN_NONE;
    f = time_function();
    if (f == NULL)
        return NULL;
    /* `==` below is a comparison, not a patch */
    if (((PyCFunctionObject *)f)->m_ml->ml_meth == frozen_time)
        ((PyCFunctionObject *)f)->m_ml->ml_meth = st->real_time;
    st->real_time = NULL;
    Py_DECREF(f);
    Py_RETURN_NONE;
}

static PyMethodDef freezer_methods[] = {
    {"freeze", freeze, METH_O, "Make time.time() return the given value."},
    {"unfreeze", unfreeze, METH_NOARGS, "Give time.time() back its own function."},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot freezer_slots[] = {
    {0, NULL}
};

static struct PyModuleDef freezer_module = {
    PyModuleDef_HEAD_INIT,
    "freezer",
    NULL,
    sizeof(freezer_state),
    freezer_methods,
    freezer_slots,
};

PyMODINIT_FUNC
PyInit_freezer(void)
{
    return PyModuleDef_Init(&freezer_module);
}
