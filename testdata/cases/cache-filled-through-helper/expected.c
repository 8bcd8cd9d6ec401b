/* NumPy's cache idiom: a function-level static filled by a helper that gets its address and only
 * tests and sets *cache (numpy's npy_cache_import). The helper then gets the state field's
 * address instead. */
#include <Python.h>

static void
cache_import(const char *module, const char *attr, PyObject **cache)
{
    if (*cache == NULL) {
        PyObject *mod = PyImport_ImportModule(module);

        if (mod != NULL) {
            *cache = PyObject_GetAttrString(mod, attr);
            Py_DECREF(mod);
        }
    }
}

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *fraction_type; /* was: static PyObject *fraction_type in make_fraction();
                                cache_import() fills it through its address */
    PyObject *gcd;           /* was: static PyObject *gcd in gcd_of(); cache_import() fills it
                                through its address */
} cachehelper_state;

static inline cachehelper_state *
get_cachehelper_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (cachehelper_state *)state;
}

static int
cachehelper_traverse(PyObject *module, visitproc visit, void *arg)
{
    cachehelper_state *st = get_cachehelper_state(module);
    Py_VISIT(st->fraction_type);
    Py_VISIT(st->gcd);
    return 0;
}

static int
cachehelper_clear(PyObject *module)
{
    cachehelper_state *st = get_cachehelper_state(module);
    Py_CLEAR(st->fraction_type);
    Py_CLEAR(st->gcd);
    return 0;
}

static void
cachehelper_free(void *module)
{
    (void)cachehelper_clear((PyObject *)module);
}

static PyObject *
make_fraction(PyObject *module, PyObject *args)
{
    cachehelper_state *st = get_cachehelper_state(module);

    cache_import("fractions", "Fraction", &st->fraction_type);
    if (st->fraction_type == NULL) {
        return NULL;
    }
    return PyObject_CallObject(st->fraction_type, args);
}

static PyObject *
gcd_of(PyObject *module, PyObject *args)
{
    cachehelper_state *st = get_cachehelper_state(module);

    cache_import("math", "gcd", &st->gcd);
    if (st->gcd == NULL) {
        return NULL;
    }
    return PyObject_CallObject(st->gcd, args);
}

static PyMethodDef cachehelper_methods[] = {
    {"make_fraction", make_fraction, METH_VARARGS, "fractions.Fraction(*args)."},
    {"gcd_of", gcd_of, METH_VARARGS, "math.gcd(*args)."},
    {NULL, NULL, 0, NULL}
};

static int cachehelper_exec(PyObject *module);

static PyModuleDef_Slot cachehelper_slots[] = {
    {Py_mod_exec, (void *)cachehelper_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef cachehelper_module = {
    PyModuleDef_HEAD_INIT, "cachehelper", NULL, sizeof(cachehelper_state), cachehelper_methods,
    cachehelper_slots,
    cachehelper_traverse,
    cachehelper_clear,
    cachehelper_free,
};

static int
cachehelper_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_cachehelper(void)
{
    return PyModuleDef_Init(&cachehelper_module);
}
