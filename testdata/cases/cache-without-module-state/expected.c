/* Lazy caches in functions that receive no module: a function of the module's C-API (not
 * static, so other code may call it without a module at hand), one that raises only on its slow
 * path, and a callback a C helper calls through a pointer. None of them can reach the module
 * state, so their caches are kept per interpreter. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Functions other extensions call (exported from the shared object). */
#define LAZYCACHE_API __attribute__((visibility("default")))

/* Stores module.attr in *cache the first time it is asked (the npy_cache_import idiom). */
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

/* Per-interpreter caches (pyext-isolate): the functions below receive no module, so their caches
 * cannot live in the module state; each interpreter keeps its own copy in its interpreter dict. */
typedef struct {
    PyObject *fraction_type; /* was: static PyObject *fraction_type in lazycache_fraction(); cache_import() fills it through its address */
    PyObject *error_type; /* was: static PyObject *error_type in lazycache_check_index(); cache_import() fills it through its address */
    PyObject *append_name; /* was: static PyObject *append_name in append_item() */
} input_interp_cache;

static void
input_interp_cache_free(PyObject *capsule)
{
    input_interp_cache *cache = (input_interp_cache *)PyCapsule_GetPointer(capsule, "pyext_isolate.lazycache.input.c");
    if (cache == NULL) {
        PyErr_Clear();
        return;
    }
    Py_CLEAR(cache->fraction_type);
    Py_CLEAR(cache->error_type);
    Py_CLEAR(cache->append_name);
    PyMem_RawFree(cache);
}

/* This interpreter's caches, created on first use; NULL with an exception set on failure. */
static input_interp_cache *
get_input_interp_cache(void)
{
    PyObject *dict = PyInterpreterState_GetDict(PyInterpreterState_Get());
    PyObject *capsule;
    input_interp_cache *cache;

    if (dict == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "pyext_isolate.lazycache.input.c: no interpreter dict");
        return NULL;
    }
    capsule = PyDict_GetItemString(dict, "pyext_isolate.lazycache.input.c");
    if (capsule != NULL) {
        return (input_interp_cache *)PyCapsule_GetPointer(capsule, "pyext_isolate.lazycache.input.c");
    }
    cache = (input_interp_cache *)PyMem_RawCalloc(1, sizeof(*cache));
    if (cache == NULL) {
        PyErr_NoMemory();
        return NULL;
    }
    capsule = PyCapsule_New(cache, "pyext_isolate.lazycache.input.c", input_interp_cache_free);
    if (capsule == NULL) {
        PyMem_RawFree(cache);
        return NULL;
    }
    if (PyDict_SetItemString(dict, "pyext_isolate.lazycache.input.c", capsule) < 0) {
        Py_DECREF(capsule);
        return NULL;
    }
    Py_DECREF(capsule);
    return cache;
}

/* C-API: a Fraction num/den, or NULL with an exception set. */
LAZYCACHE_API PyObject *
lazycache_fraction(long num, long den)
{
    input_interp_cache *icache = get_input_interp_cache();

    if (icache == NULL) {
        return NULL;
    }

    cache_import("fractions", "Fraction", &icache->fraction_type);
    if (icache->fraction_type == NULL)
        return NULL;
    return PyObject_CallFunction(icache->fraction_type, "ll", num, den);
}

/* C-API: 0 when 0 <= index < size, else -1 with json.JSONDecodeError set (a stand-in for a
 * project's own exception class that lives in Python code). */
LAZYCACHE_API int
lazycache_check_index(Py_ssize_t index, Py_ssize_t size)
{
    if (index < 0 || index >= size) {
        input_interp_cache *icache = get_input_interp_cache();
        PyObject *exc;

        if (icache == NULL) {
            return -1;
        }

        cache_import("json", "JSONDecodeError", &icache->error_type);
        if (icache->error_type == NULL)
            return -1;
        exc = PyObject_CallFunction(icache->error_type, "ssn", "index out of range", "", index);
        if (exc == NULL)
            return -1;
        PyErr_SetObject(icache->error_type, exc);
        Py_DECREF(exc);
        return -1;
    }
    return 0;
}

typedef int (*item_visitor)(PyObject *item, void *arg);

static int
for_each(PyObject *iterable, item_visitor visit, void *arg)
{
    PyObject *it = PyObject_GetIter(iterable);
    PyObject *item;
    if (it == NULL)
        return -1;
    while ((item = PyIter_Next(it)) != NULL) {
        int r = visit(item, arg);
        Py_DECREF(item);
        if (r < 0) {
            Py_DECREF(it);
            return -1;
        }
    }
    Py_DECREF(it);
    return PyErr_Occurred() ? -1 : 0;
}

/* Appends item to the list in arg by calling its append method. */
static int
append_item(PyObject *item, void *arg)
{
    input_interp_cache *icache = get_input_interp_cache();
    PyObject *r;

    if (icache == NULL) {
        return -1;
    }

    if (icache->append_name == NULL) {
        icache->append_name = PyUnicode_InternFromString("append");
        if (icache->append_name == NULL)
            return -1;
    }
    r = PyObject_CallMethodObjArgs((PyObject *)arg, icache->append_name, item, NULL);
    if (r == NULL)
        return -1;
    Py_DECREF(r);
    return 0;
}

static PyObject *
lazycache_collect(PyObject *self, PyObject *iterable)
{
    PyObject *list = PyList_New(0);
    if (list == NULL)
        return NULL;
    if (for_each(iterable, append_item, list) < 0) {
        Py_DECREF(list);
        return NULL;
    }
    return list;
}

static PyObject *
lazycache_make_fraction(PyObject *self, PyObject *args)
{
    long num, den;
    if (!PyArg_ParseTuple(args, "ll", &num, &den))
        return NULL;
    return lazycache_fraction(num, den);
}

static PyObject *
lazycache_check(PyObject *self, PyObject *args)
{
    Py_ssize_t index, size;
    if (!PyArg_ParseTuple(args, "nn", &index, &size))
        return NULL;
    if (lazycache_check_index(index, size) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyMethodDef lazycache_methods[] = {
    {"collect", lazycache_collect, METH_O, "A list of the items of an iterable."},
    {"fraction", lazycache_make_fraction, METH_VARARGS, "fractions.Fraction(num, den)."},
    {"check", lazycache_check, METH_VARARGS, "Raise json.JSONDecodeError unless 0 <= index < size."},
    {NULL, NULL, 0, NULL}
};

static int lazycache_exec(PyObject *module);

static PyModuleDef_Slot lazycache_slots[] = {
    {Py_mod_exec, (void *)lazycache_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lazycache_module = {
    PyModuleDef_HEAD_INIT,
    "lazycache",
    "Lazy caches in functions without a module.",
    0,
    lazycache_methods,
    lazycache_slots
};

static int
lazycache_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_lazycache(void)
{
    return PyModuleDef_Init(&lazycache_module);
}
