#include "widget.h"

PyObject *WidgetError;

static PyMethodDef widget_methods[] = {
    {"poke", widget_poke, METH_O, "Double a level between 0 and 10."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef widget_module = {
    PyModuleDef_HEAD_INIT, "widgetmod", NULL, -1, widget_methods,
};

PyMODINIT_FUNC
PyInit_widgetmod(void)
{
    PyObject *m = PyModule_Create(&widget_module);

    if (m == NULL) {
        return NULL;
    }
    WidgetError = PyErr_NewException("widgetmod.WidgetError", NULL, NULL);
    if (WidgetError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(WidgetError);
    if (PyModule_AddObject(m, "WidgetError", WidgetError) < 0) {
        Py_DECREF(WidgetError);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
