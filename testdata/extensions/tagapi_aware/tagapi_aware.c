/* tagapi_aware -- an isolation-aware consumer: the table lives in its module state, imported per
 * module in exec, and only entries that work in any interpreter are used (the type, and the
 * functions that receive an object). */
#define PY_SSIZE_T_CLEAN
#define TAGAPI_MODULE   /* no C-global consumer section */
#include "tagapi_api.h"

typedef struct {
    TagAPI_Interface *tagapi;
} aware_state;

static PyObject *
aware_retag(PyObject *module, PyObject *args)
{
    aware_state *st = (aware_state *)PyModule_GetState(module);
    PyObject *tagged, *value, *result;
    const char *tag;
    if (!PyArg_ParseTuple(args, "Os:retag", &tagged, &tag))
        return NULL;
    if (!st->tagapi->check(tagged)) {
        PyErr_SetString(PyExc_TypeError, "a tagapi.Tagged is needed");
        return NULL;
    }
    value = st->tagapi->unwrap(tagged);
    if (value == NULL)
        return NULL;
    result = PyObject_CallFunction((PyObject *)st->tagapi->taggedtype, "Os", value, tag);
    Py_DECREF(value);
    return result;
}

static PyMethodDef aware_methods[] = {
    {"retag", aware_retag, METH_VARARGS, "retag(tagged, tag) -> Tagged"},
    {NULL, NULL, 0, NULL},
};

static int
aware_exec(PyObject *module)
{
    aware_state *st = (aware_state *)PyModule_GetState(module);
    st->tagapi = (TagAPI_Interface *)PyCapsule_Import(TagAPI_CAPSULE_NAME, 0);
    if (st->tagapi == NULL)
        return -1;
    if (st->tagapi->version < TagAPI_VERSION) {
        PyErr_SetString(PyExc_ImportError, "tagapi is too old");
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot aware_slots[] = {
    {Py_mod_exec, aware_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef aware_module = {
    PyModuleDef_HEAD_INIT, "tagapi_aware", NULL, sizeof(aware_state), aware_methods, aware_slots
};

PyMODINIT_FUNC
PyInit_tagapi_aware(void)
{
    return PyModuleDef_Init(&aware_module);
}
