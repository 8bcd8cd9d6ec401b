/* Globals whose types are written with their struct tag and no typedef: a
 * pointer to a struct defined further down (opaque until then) and a struct
 * value from a system header. */
#include <Python.h>
#include <sys/time.h>

struct pool;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    struct pool *shared_pool;    /* was: static struct pool *shared_pool */
    unsigned int pool_users;     /* was: static unsigned int pool_users */
    struct timeval last_acquire; /* was: static struct timeval last_acquire */
    long next_serial;            /* was: static long next_serial */
} pooled_state;

static inline pooled_state *
get_pooled_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (pooled_state *)state;
}

struct pool {
    long serial;
    long handed_out;
};

static PyObject *
pooled_acquire(PyObject *self, PyObject *unused)
{
    pooled_state *st = get_pooled_state(self);
    if (st->shared_pool == NULL) {
        st->shared_pool = PyMem_Malloc(sizeof(struct pool));
        if (st->shared_pool == NULL)
            return PyErr_NoMemory();
        st->shared_pool->serial = st->next_serial++;
        st->shared_pool->handed_out = 0;
    }
    st->pool_users++;
    st->shared_pool->handed_out++;
    gettimeofday(&st->last_acquire, NULL);
    return PyLong_FromLong(st->shared_pool->serial);
}

static PyObject *
pooled_release(PyObject *self, PyObject *unused)
{
    pooled_state *st = get_pooled_state(self);
    if (st->pool_users > 0 && --st->pool_users == 0) {
        PyMem_Free(st->shared_pool);
        st->shared_pool = NULL;
    }
    return PyLong_FromUnsignedLong(st->pool_users);
}

static PyObject *
pooled_stats(PyObject *self, PyObject *unused)
{
    pooled_state *st = get_pooled_state(self);
    return Py_BuildValue("(lIi)",
                         st->shared_pool == NULL ? 0L : st->shared_pool->handed_out,
                         st->pool_users,
                         st->last_acquire.tv_sec != 0);
}

static PyMethodDef pooled_methods[] = {
    {"acquire", pooled_acquire, METH_NOARGS, "Open the pool if needed; return its serial."},
    {"release", pooled_release, METH_NOARGS, "Drop one user; the last one closes the pool."},
    {"stats", pooled_stats, METH_NOARGS, "(handed out, users, acquired ever)"},
    {NULL, NULL, 0, NULL}
};

static int pooled_exec(PyObject *module);

static PyModuleDef_Slot pooled_slots[] = {
    {Py_mod_exec, (void *)pooled_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef pooledmodule = {
    PyModuleDef_HEAD_INIT, "pooled", "A pool kept by struct-tagged globals.", sizeof(pooled_state), pooled_methods,
    pooled_slots
};

static int
pooled_exec(PyObject *module)
{
    pooled_state *st = get_pooled_state(module);
    st->next_serial = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_pooled(void)
{
    return PyModuleDef_Init(&pooledmodule);
}
