/* Process helpers in the style of process-title modules: the environment table is moved once per
   process (so that its old area could be reused), the module remembers what it moved and whether
   setup ran, and it keeps the last umask it set because reading the mask means changing it. All of
   that describes the process, not a module; only the call counter is the module's own (proc_setup()
   reaches the environment through two calls, which does not make its counter the process's). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdlib.h>
#include <sys/types.h>
#include <sys/stat.h>

extern char **environ;

static char **moved_from = NULL;
static size_t moved_count = 0;
static int last_umask = -1;
static long calls = 0;

static int
move_environ(void)
{
    size_t n = 0, i;
    char **copy;

    while (environ[n] != NULL)
        n++;
    copy = (char **)malloc((n + 1) * sizeof(char *));
    if (copy == NULL)
        return -1;
    for (i = 0; i < n; i++)
        copy[i] = environ[i];
    copy[n] = NULL;
    moved_from = environ;
    moved_count = n;
    environ = copy;
    return 0;
}

static int
setup(void)
{
    static int done = 0;

    if (done)
        return 0;
    done = 1;
    return move_environ();
}

static PyObject *
proc_setup(PyObject *self, PyObject *unused)
{
    calls++;
    if (setup() < 0)
        return PyErr_NoMemory();
    return PyLong_FromSize_t(moved_count);
}

static PyObject *
proc_set_umask(PyObject *self, PyObject *arg)
{
    long mask = PyLong_AsLong(arg);
    mode_t old;

    if (mask == -1 && PyErr_Occurred())
        return NULL;
    old = umask((mode_t)mask);
    last_umask = (int)mask;
    return PyLong_FromLong((long)old);
}

static PyObject *
proc_last_umask(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(last_umask);
}

static PyObject *
proc_calls(PyObject *self, PyObject *unused)
{
    return PyLong_FromLong(calls);
}

static PyMethodDef proc_methods[] = {
    {"setup", proc_setup, METH_NOARGS, "Move the environment table once per process."},
    {"set_umask", proc_set_umask, METH_O, "Set the umask; return the old one."},
    {"last_umask", proc_last_umask, METH_NOARGS, "The last umask set here, or -1."},
    {"calls", proc_calls, METH_NOARGS, "How many calls changed something."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef proc_module = {
    PyModuleDef_HEAD_INIT, "procwide", NULL, -1, proc_methods,
};

PyMODINIT_FUNC
PyInit_procwide(void)
{
    return PyModule_Create(&proc_module);
}
