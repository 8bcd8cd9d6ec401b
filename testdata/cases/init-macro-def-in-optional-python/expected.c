/* A C library with optional Python bindings: everything Python sits in one #ifndef NO_PYTHON
 * block at the end, and the init function is written with compat macros. The module def the
 * macro declared names a docstring macro and a method table that are defined inside that block,
 * so the def must be written there too, next to the init function, not above the block. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <string.h>

#if PY_MAJOR_VERSION >= 3
#define INIT_FUNC_DEF(name) PyMODINIT_FUNC PyInit_##name(void)
#define INIT_MOD(m, name, doc, methods) do { \
    static struct PyModuleDef moduledef = { PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \
    m = PyModule_Create(&moduledef); } while (0)
#define INIT_RETURN(m) return m
#else
#define INIT_FUNC_DEF(name) void init##name(void)
#define INIT_MOD(m, name, doc, methods) m = Py_InitModule3(name, methods, doc)
#define INIT_RETURN(m) return
#endif

/* The C part: Hamming distance of two byte strings of equal length. */
static size_t
hamming(const char *a, const char *b, size_t n)
{
    size_t i, d = 0;
    for (i = 0; i < n; i++)
        d += a[i] != b[i];
    return d;
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
#ifndef NO_PYTHON
    PyObject *LengthError; /* was: static PyObject *LengthError */
#endif
} dist_state;

static inline dist_state *
get_dist_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (dist_state *)state;
}

static int
dist_traverse(PyObject *module, visitproc visit, void *arg)
{
#ifndef NO_PYTHON
    dist_state *st = get_dist_state(module);
    Py_VISIT(st->LengthError);
#endif
    return 0;
}

static int
dist_clear(PyObject *module)
{
#ifndef NO_PYTHON
    dist_state *st = get_dist_state(module);
    Py_CLEAR(st->LengthError);
#endif
    return 0;
}

static void
dist_free(void *module)
{
    (void)dist_clear((PyObject *)module);
}

#ifndef NO_PYTHON

#define DIST_DOC \
    "Distances between byte strings.\n" \
    "\n" \
    "hamming(a, b) counts the positions where a and b differ."

static PyObject *
dist_hamming(PyObject *self, PyObject *args)
{
    const char *a, *b;
    Py_ssize_t na, nb;
    if (!PyArg_ParseTuple(args, "y#y#", &a, &na, &b, &nb))
        return NULL;
    if (na != nb) {
        dist_state *st = get_dist_state(self);
        PyErr_SetString(st->LengthError, "hamming distance needs equal lengths");
        return NULL;
    }
    return PyLong_FromSize_t(hamming(a, b, (size_t)na));
}

static PyMethodDef dist_methods[] = {
    {"hamming", dist_hamming, METH_VARARGS, "Hamming distance."},
    {NULL, NULL, 0, NULL}
};

static int dist_exec(PyObject *m);

static PyModuleDef_Slot dist_slots[] = {
    {Py_mod_exec, (void *)dist_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT, "dist", DIST_DOC, sizeof(dist_state), dist_methods,
    dist_slots,
    dist_traverse,
    dist_clear,
    dist_free
};

static int
dist_exec(PyObject *m)
{
    dist_state *st = get_dist_state(m);

    st->LengthError = PyErr_NewException("dist.LengthError", PyExc_ValueError, NULL);
    if (st->LengthError == NULL)
        return -1;
    Py_INCREF(st->LengthError);
    if (PyModule_AddObject(m, "LengthError", st->LengthError) < 0)
        return -1;
    return 0;
}

INIT_FUNC_DEF(dist)
{
    return PyModuleDef_Init(&moduledef);
}

#endif /* NO_PYTHON */
