/* Bindings of a device library that must be started once per process: the module mirrors the
   library's started state in a flag, which its other functions check. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

int devlib_init(int *version);
void devlib_exit(void);
int devlib_count(void);

static int g_started = 0;

static PyObject *devices_init(PyObject *self, PyObject *args)
{
    int version;
    if (devlib_init(&version) != 0) {
        PyErr_SetString(PyExc_RuntimeError, "devlib_init failed");
        return NULL;
    }
    g_started = 1;
    return PyLong_FromLong(version);
}

static PyObject *devices_exit(PyObject *self, PyObject *args)
{
    devlib_exit();
    g_started = 0;
    Py_RETURN_NONE;
}

static PyObject *devices_count(PyObject *self, PyObject *args)
{
    if (!g_started) {
        PyErr_SetString(PyExc_RuntimeError, "call init() first");
        return NULL;
    }
    return PyLong_FromLong(devlib_count());
}

static PyMethodDef devices_methods[] = {
    {"init", devices_init, METH_NOARGS, NULL},
    {"exit", devices_exit, METH_NOARGS, NULL},
    {"count", devices_count, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int devices_exec(PyObject *module);

static PyModuleDef_Slot devices_slots[] = {
    {Py_mod_exec, (void *)devices_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef devices_module = {
    PyModuleDef_HEAD_INIT, "devices", NULL, 0, devices_methods,
    devices_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module
 * loads once per process. */
static int devices_loaded_once = 0;

static int devices_exec(PyObject *Py_UNUSED(module))
{
    if (devices_loaded_once) {
        PyErr_SetString(PyExc_ImportError,
                        "devices cannot be loaded more than once per process");
        return -1;
    }
    devices_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC PyInit_devices(void)
{
    return PyModuleDef_Init(&devices_module);
}
