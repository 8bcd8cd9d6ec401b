/* Globals whose types are written with their struct tag and no typedef: a
 * pointer to a struct defined further down (opaque until then) and a struct
 * value from a system header. */
#include <Python.h>
#include <sys/time.h>

struct pool;

static struct pool *shared_pool = NULL;
static unsigned int pool_users = 0;
static struct timeval last_acquire;

struct pool {
    long serial;
    long handed_out;
};

static long next_serial = 1;

static PyObject *
pooled_acquire(PyObject *self, PyObject *unused)
{
    if (shared_pool == NULL) {
        shared_pool = PyMem_Malloc(sizeof(struct pool));
        if (shared_pool == NULL)
            return PyErr_NoMemory();
        shared_pool->serial = next_serial++;
        shared_pool->handed_out = 0;
    }
    pool_users++;
    shared_pool->handed_out++;
    gettimeofday(&last_acquire, NULL);
    return PyLong_FromLong(shared_pool->serial);
}

static PyObject *
pooled_release(PyObject *self, PyObject *unused)
{
    if (pool_users > 0 && --pool_users == 0) {
        PyMem_Free(shared_pool);
        shared_pool = NULL;
    }
    return PyLong_FromUnsignedLong(pool_users);
}

static PyObject *
pooled_stats(PyObject *self, PyObject *unused)
{
    return Py_BuildValue("(lIi)",
                         shared_pool == NULL ? 0L : shared_pool->handed_out,
                         pool_users,
                         last_acquire.tv_sec != 0);
}

static PyMethodDef pooled_methods[] = {
    {"acquire", pooled_acquire, METH_NOARGS, "Open the pool if needed; return its serial."},
    {"release", pooled_release, METH_NOARGS, "Drop one user; the last one closes the pool."},
    {"stats", pooled_stats, METH_NOARGS, "(handed out, users, acquired ever)"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pooledmodule = {
    PyModuleDef_HEAD_INIT, "pooled", "A pool kept by struct-tagged globals.", -1, pooled_methods
};

PyMODINIT_FUNC
PyInit_pooled(void)
{
    return PyModule_Create(&pooledmodule);
}
