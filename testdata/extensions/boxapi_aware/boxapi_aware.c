/* boxapi_aware -- an isolation-aware consumer: the table lives in its module state, imported per
 * module in exec, and only API entries that work in any interpreter are used (the type, and a
 * function that receives an object). */
#define PY_SSIZE_T_CLEAN
#define BOXAPI_MODULE   /* no C-global consumer section */
#include "boxapi_api.h"

typedef struct {
    void **boxapi;
} aware_state;

static PyObject *
aware_double(PyObject *module, PyObject *arg)
{
    aware_state *st = (aware_state *)PyModule_GetState(module);
    PyTypeObject *box_type = BoxAPI_TABLE_TYPE(st->boxapi);
    long v;
    if (!PyObject_TypeCheck(arg, box_type)) {
        PyErr_SetString(PyExc_TypeError, "a boxapi.Box is needed");
        return NULL;
    }
    v = BoxAPI_TABLE_VALUE(st->boxapi)(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyObject_CallFunction((PyObject *)box_type, "l", 2 * v);
}

static PyMethodDef aware_methods[] = {
    {"double", aware_double, METH_O, "double(box) -> box"},
    {NULL, NULL, 0, NULL},
};

static int
aware_exec(PyObject *module)
{
    aware_state *st = (aware_state *)PyModule_GetState(module);
    st->boxapi = (void **)PyCapsule_Import(BoxAPI_CAPSULE_NAME, 0);
    return st->boxapi == NULL ? -1 : 0;
}

static PyModuleDef_Slot aware_slots[] = {
    {Py_mod_exec, aware_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef aware_module = {
    PyModuleDef_HEAD_INIT, "boxapi_aware", NULL, sizeof(aware_state), aware_methods, aware_slots
};

PyMODINIT_FUNC
PyInit_boxapi_aware(void)
{
    return PyModuleDef_Init(&aware_module);
}
