/* A module that lets Python code poll for SIGUSR1: a C signal handler sets a flag, a function
 * reads and clears it. The handler is process-wide, so the flag is too, on purpose: the author
 * records that decision with a suppression comment, and nothing else is shared. */
#include <Python.h>
#include <signal.h>

/* pyext-isolate: allow(checks/mutable-c-static): set by a process-wide signal handler; whichever interpreter polls first consumes it, and sig_atomic_t makes the access safe */
static volatile sig_atomic_t usr1_seen = 0;

static void
on_usr1(int signum)
{
    (void)signum;
    usr1_seen = 1;
}

static PyObject *
install(PyObject *module, PyObject *unused)
{
    if (signal(SIGUSR1, on_usr1) == SIG_ERR) {
        PyErr_SetFromErrno(PyExc_OSError);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
fire(PyObject *module, PyObject *unused)
{
    if (raise(SIGUSR1) != 0) {
        PyErr_SetFromErrno(PyExc_OSError);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
poll_usr1(PyObject *module, PyObject *unused)
{
    int seen = usr1_seen;
    usr1_seen = 0;
    return PyBool_FromLong(seen);
}

static PyMethodDef sigpoll_methods[] = {
    {"install", install, METH_NOARGS, "Install the SIGUSR1 handler."},
    {"fire", fire, METH_NOARGS, "Send SIGUSR1 to this process."},
    {"poll", poll_usr1, METH_NOARGS, "True once after each SIGUSR1."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef sigpoll_module = {
    PyModuleDef_HEAD_INIT, "sigpoll", NULL, -1, sigpoll_methods
};

PyMODINIT_FUNC
PyInit_sigpoll(void)
{
    return PyModule_Create(&sigpoll_module);
}
