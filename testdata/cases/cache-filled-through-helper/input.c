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

static PyObject *
make_fraction(PyObject *module, PyObject *args)
{
    static PyObject *fraction_type = NULL;

    cache_import("fractions", "Fraction", &fraction_type);
    if (fraction_type == NULL) {
        return NULL;
    }
    return PyObject_CallObject(fraction_type, args);
}

static PyObject *
gcd_of(PyObject *module, PyObject *args)
{
    static PyObject *gcd = NULL;

    cache_import("math", "gcd", &gcd);
    if (gcd == NULL) {
        return NULL;
    }
    return PyObject_CallObject(gcd, args);
}

static PyMethodDef cachehelper_methods[] = {
    {"make_fraction", make_fraction, METH_VARARGS, "fractions.Fraction(*args)."},
    {"gcd_of", gcd_of, METH_VARARGS, "math.gcd(*args)."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cachehelper_module = {
    PyModuleDef_HEAD_INIT, "cachehelper", NULL, -1, cachehelper_methods,
};

PyMODINIT_FUNC
PyInit_cachehelper(void)
{
    return PyModule_Create(&cachehelper_module);
}
