/* seq: hands out increasing numbers from a counter under one lock, and calls a Python hook for each
 * under another. A lock held while Python runs can deadlock against another interpreter's GIL, and
 * one that guards the module's own data may have to become per module: a human decides both. */
#include <Python.h>
#include <pthread.h>

static pthread_mutex_t seq_mutex = PTHREAD_MUTEX_INITIALIZER;
static pthread_mutex_t hook_mutex = PTHREAD_MUTEX_INITIALIZER;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    long counter; /* was: static long counter in seq_next() */
} seq_state;

static inline seq_state *
get_seq_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (seq_state *)state;
}

static PyObject *
seq_next(PyObject *self, PyObject *hook)
{
    seq_state *st = get_seq_state(self);
    long value;
    PyObject *r;

    pthread_mutex_lock(&seq_mutex);
    value = ++st->counter;
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

static int seq_exec(PyObject *module);

static PyModuleDef_Slot seq_slots[] = {
    {Py_mod_exec, (void *)seq_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef seq_module = {PyModuleDef_HEAD_INIT, "seq", NULL, sizeof(seq_state), seq_methods, seq_slots};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int seq_loaded_once = 0;

static int
seq_exec(PyObject *Py_UNUSED(module))
{
    if (seq_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "seq cannot be loaded more than once per process");
        return -1;
    }
    seq_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_seq(void)
{
    return PyModuleDef_Init(&seq_module);
}
