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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    pid_t import_pid;   /* was: static pid_t import_pid */
    newfunc object_new; /* was: static newfunc object_new */
} forkstamp_state;

static inline forkstamp_state *
get_forkstamp_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (forkstamp_state *)state;
}

static PyObject *
forkstamp_import_pid(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    forkstamp_state *st = get_forkstamp_state(module);

    return PyLong_FromLong((long)st->import_pid);
}

static PyObject *
forkstamp_same_process(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    forkstamp_state *st = get_forkstamp_state(module);

    return PyBool_FromLong(getpid() == st->import_pid);
}

static PyObject *
forkstamp_blank(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    forkstamp_state *st = get_forkstamp_state(module);
    PyObject *args = PyTuple_New(0);
    PyObject *obj;

    if (args == NULL) {
        return NULL;
    }
    obj = st->object_new(&PyBaseObject_Type, args, NULL);
    Py_DECREF(args);
    return obj;
}

static PyMethodDef forkstamp_methods[] = {
    {"import_pid", forkstamp_import_pid, METH_NOARGS, "The id of the process that imported the module."},
    {"same_process", forkstamp_same_process, METH_NOARGS, "Whether this is still that process."},
    {"blank", forkstamp_blank, METH_NOARGS, "A new bare object()."},
    {NULL, NULL, 0, NULL}
};

static int forkstamp_exec(PyObject *m);

static PyModuleDef_Slot forkstamp_slots[] = {
    {Py_mod_exec, (void *)forkstamp_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef forkstamp_module = {
    PyModuleDef_HEAD_INIT, "forkstamp", NULL, sizeof(forkstamp_state), forkstamp_methods,
    forkstamp_slots
};

static int
forkstamp_exec(PyObject *m)
{
    forkstamp_state *st = get_forkstamp_state(m);

    st->import_pid = getpid();
    st->object_new = PyBaseObject_Type.tp_new;
    return 0;
}

PyMODINIT_FUNC
PyInit_forkstamp(void)
{
    return PyModuleDef_Init(&forkstamp_module);
}
