#include "widget.h"
#include "widgetmod_state.h"

static int
widgetmod_traverse(PyObject *module, visitproc visit, void *arg)
{
    widgetmod_state *st = get_widgetmod_state(module);
    Py_VISIT(st->WidgetError);
    return 0;
}

static int
widgetmod_clear(PyObject *module)
{
    widgetmod_state *st = get_widgetmod_state(module);
    Py_CLEAR(st->WidgetError);
    return 0;
}

static void
widgetmod_free(void *module)
{
    (void)widgetmod_clear((PyObject *)module);
}

static PyMethodDef widget_methods[] = {
    {"poke", widget_poke, METH_O, "Double a level between 0 and 10."},
    {NULL, NULL, 0, NULL},
};

static int widgetmod_exec(PyObject *m);

static PyModuleDef_Slot widgetmod_slots[] = {
    {Py_mod_exec, (void *)widgetmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef widget_module = {
    PyModuleDef_HEAD_INIT, "widgetmod", NULL, sizeof(widgetmod_state), widget_methods,
    widgetmod_slots,
    widgetmod_traverse,
    widgetmod_clear,
    widgetmod_free,
};

static int
widgetmod_exec(PyObject *m)
{
    widgetmod_state *st = get_widgetmod_state(m);

    st->WidgetError = PyErr_NewException("widgetmod.WidgetError", NULL, NULL);
    if (st->WidgetError == NULL) {
        return -1;
    }
    Py_INCREF(st->WidgetError);
    if (PyModule_AddObject(m, "WidgetError", st->WidgetError) < 0) {
        Py_DECREF(st->WidgetError);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_widgetmod(void)
{
    return PyModuleDef_Init(&widget_module);
}
