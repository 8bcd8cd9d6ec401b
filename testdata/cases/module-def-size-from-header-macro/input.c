/* The module def's m_size is a macro of a header (`NO_STATE`, -1): not read as a size, so the def keeps
 * it; converted to multi-phase init with a negative m_size the module would not import, so the rewrite
 * is refused (a macro of the file itself is expanded: module-def-size-cast). */
#include <Python.h>
#include "nsdef.h"

typedef struct {
    PyObject_HEAD
} ThingObject;

static PyTypeObject Thing_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "nsdef.Thing",
    .tp_basicsize = sizeof(ThingObject),
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_new = PyType_GenericNew,
};

static struct PyModuleDef nsdef_module = {
    PyModuleDef_HEAD_INIT, "nsdef", NULL,
    NO_STATE,                    /* m_size */
    NULL, NULL, NULL, NULL, NULL
};

PyMODINIT_FUNC
PyInit_nsdef(void)
{
    PyObject *m;
    if (PyType_Ready(&Thing_Type) < 0)
        return NULL;
    m = PyModule_Create(&nsdef_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Thing_Type);
    if (PyModule_AddObject(m, "Thing", (PyObject *)&Thing_Type) < 0) {
        Py_DECREF(&Thing_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
