/*
 * forkstamp: remembers the process that imported it and makes bare objects through object's
 * own tp_new, looked up once. Both C statics have types that Python.h itself declares (pid_t,
 * newfunc), below a platform header included under #ifdef.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#ifdef _WIN32
#include <process.h>
#define getpid _getpid
#else
#include <unistd.h>
#endif

static pid_t import_pid;    /* the process that imported the module */
static newfunc object_new;  /* object.__new__, looked up at import */

static PyObject *
forkstamp_import_pid(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong((long)import_pid);
}

static PyObject *
forkstamp_same_process(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyBool_FromLong(getpid() == import_pid);
}

static PyObject *
forkstamp_blank(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *args = PyTuple_New(0);
    PyObject *obj;

    if (args == NULL) {
        return NULL;
    }
    obj = object_new(&PyBaseObject_Type, args, NULL);
    Py_DECREF(args);
    return obj;
}

static PyMethodDef forkstamp_methods[] = {
    {"import_pid", forkstamp_import_pid, METH_NOARGS, "The id of the process that imported the module."},
    {"same_process", forkstamp_same_process, METH_NOARGS, "Whether this is still that process."},
    {"blank", forkstamp_blank, METH_NOARGS, "A new bare object()."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef forkstamp_module = {
    PyModuleDef_HEAD_INIT, "forkstamp", NULL, -1, forkstamp_methods
};

PyMODINIT_FUNC
PyInit_forkstamp(void)
{
    PyObject *m = PyModule_Create(&forkstamp_module);

    if (m == NULL) {
        return NULL;
    }
    import_pid = getpid();
    object_new = PyBaseObject_Type.tp_new;
    return m;
}
