/*
 * tundev: constants and an exception of a device library, set up by an init
 * function that jumps to an error label, resets its module variable there and
 * returns it at a shared exit label.
 */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *tundev_error; /* was: static PyObject *tundev_error */
} tundev_state;

static inline tundev_state *
get_tundev_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tundev_state *)state;
}

static int
tundev_traverse(PyObject *module, visitproc visit, void *arg)
{
    tundev_state *st = get_tundev_state(module);
    Py_VISIT(st->tundev_error);
    return 0;
}

static int
tundev_clear(PyObject *module)
{
    tundev_state *st = get_tundev_state(module);
    Py_CLEAR(st->tundev_error);
    return 0;
}

static void
tundev_free(void *module)
{
    (void)tundev_clear((PyObject *)module);
}

static PyObject *
tundev_fail(PyObject *self, PyObject *arg)
{
    tundev_state *st = get_tundev_state(self);
    PyErr_SetObject(st->tundev_error, arg);
    return NULL;
}

static PyMethodDef tundev_methods[] = {
    {"fail", tundev_fail, METH_O, "fail(msg): raise tundev.Error(msg)"},
    {NULL, NULL, 0, NULL}
};

static int tundev_exec(PyObject *m);

static PyModuleDef_Slot tundev_slots[] = {
    {Py_mod_exec, (void *)tundev_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tundev_module = {
    PyModuleDef_HEAD_INIT,
    "tundev",
    NULL,
    sizeof(tundev_state),
    tundev_methods,
    tundev_slots,
    tundev_traverse,
    tundev_clear,
    tundev_free
};

static int
tundev_exec(PyObject *m)
{
    tundev_state *st = get_tundev_state(m);

    st->tundev_error = PyErr_NewException("tundev.Error", PyExc_OSError, NULL);
    if (st->tundev_error == NULL)
    {
        goto error;
    }
    Py_INCREF(st->tundev_error);
    if (PyModule_AddObject(m, "Error", st->tundev_error) != 0)
    {
        Py_DECREF(st->tundev_error);
        goto error;
    }
    if (PyModule_AddIntConstant(m, "MODE_TUN", 1) != 0)
    {
        goto error;
    }
    if (PyModule_AddIntConstant(m, "MODE_TAP", 2) != 0)
    {
        goto error;
    }
    goto out;

error:
    Py_CLEAR(st->tundev_error);
    st->tundev_error = NULL;
    return -1;

out:
    return 0;
}

PyMODINIT_FUNC
PyInit_tundev(void)
{
    return PyModuleDef_Init(&tundev_module);
}
