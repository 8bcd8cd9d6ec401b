/* A process-wide pthread mutex around a call into a C library that is not thread-safe (cracklib
 * 2.9.6's `_cracklib`: `LOCK(); result = FascistCheck(...); UNLOCK();`). The lock holds nothing of
 * Python's: no Python API runs while it is taken, so it works as it is for every interpreter, own
 * GIL or not, and per process is what it must stay (the library's state is per process). */
#include <Python.h>
#include <pthread.h>

static pthread_mutex_t checker_mutex = PTHREAD_MUTEX_INITIALIZER;
#define LOCK() pthread_mutex_lock(&checker_mutex)
#define UNLOCK() pthread_mutex_unlock(&checker_mutex)

/* The library's (not thread-safe: it reuses a static buffer). */
extern const char *library_check(const char *word);

static PyObject *
checker_check(PyObject *self, PyObject *arg)
{
    const char *word = PyUnicode_AsUTF8(arg);
    const char *why;
    if (word == NULL)
        return NULL;
    LOCK();
    why = library_check(word);
    UNLOCK();
    if (why != NULL) {
        PyErr_SetString(PyExc_ValueError, why);
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyMethodDef checker_methods[] = {
    {"check", checker_check, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef checker_module = {PyModuleDef_HEAD_INIT, "checker", NULL, -1, checker_methods};

PyMODINIT_FUNC
PyInit_checker(void)
{
    return PyModule_Create(&checker_module);
}
