/* seq: hands out increasing numbers from a counter under one lock, and calls a Python hook for each
 * under another. A lock held while Python runs can deadlock against another interpreter's GIL, and
 * one that guards the module's own data may have to become per module: a human decides both. */
#include <Python.h>
#include <pthread.h>

static pthread_mutex_t seq_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t hook_mutex = PTHREAD_MUTEX_INITIALIZER;

static PyObject *
seq_next(PyObject *self, PyObject *hook)
{
    static long counter = 0;
    long value;
    PyObject *r;

    pthread_mutex_lock(&seq_mutex);
    value = ++counter;
    pthread_mutex_unlock(&seq_mutex);
    pthread_mutex_lock(&hook_mutex);
    r = PyObject_CallFunction(hook, "l", value);
    pthread_mutex_unlock(&hook_mutex);
    if (r == NULL)
        return NULL;
    Py_DECREF(r);
    return PyLong_FromLong(value);
}

static PyMethodDef seq_methods[] = {
    {"next", seq_next, METH_O, "The next number; hook(number) is called under the lock."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef seq_module = {PyModuleDef_HEAD_INIT, "seq", NULL, -1, seq_methods};

PyMODINIT_FUNC
PyInit_seq(void)
{
    return PyModule_Create(&seq_module);
}
