/* isoclean_compat.h -- the few newer C-API pieces isoclean uses, for 3.9/3.10. */
#ifndef ISOCLEAN_COMPAT_H
#define ISOCLEAN_COMPAT_H

#include <Python.h>

#if PY_VERSION_HEX < 0x030B0000
/* PyType_GetModuleByDef() is new in 3.11: walk the MRO for a heap type made
 * from a module with the given def. */
static inline PyObject *
isoclean_GetModuleByDef(PyTypeObject *type, PyModuleDef *def)
{
    PyObject *mro = type->tp_mro;
    Py_ssize_t i;

    assert(mro != NULL);
    for (i = 0; i < PyTuple_GET_SIZE(mro); i++) {
        PyTypeObject *t = (PyTypeObject *)PyTuple_GET_ITEM(mro, i);
        PyObject *m;
        if (!(t->tp_flags & Py_TPFLAGS_HEAPTYPE))
            continue;               /* static types have no module */
        m = ((PyHeapTypeObject *)t)->ht_module;
        if (m != NULL && PyModule_GetDef(m) == def)
            return m;               /* borrowed */
    }
    PyErr_Format(PyExc_TypeError,
                 "PyType_GetModuleByDef: No superclass of '%s' has the given module",
                 type->tp_name);
    return NULL;
}
#define PyType_GetModuleByDef isoclean_GetModuleByDef
#endif

#if PY_VERSION_HEX < 0x030A0000
/* 3.9: heap types stay mutable; non-instantiable types get tp_new = NULL
 * after creation instead of the flag. */
#  define Py_TPFLAGS_IMMUTABLETYPE 0
#  define Py_TPFLAGS_DISALLOW_INSTANTIATION 0

static inline PyObject *
Py_NewRef(PyObject *obj)
{
    Py_INCREF(obj);
    return obj;
}

static inline int
PyModule_AddObjectRef(PyObject *mod, const char *name, PyObject *value)
{
    int res;

    Py_XINCREF(value);
    res = PyModule_AddObject(mod, name, value);
    if (res < 0)
        Py_XDECREF(value);
    return res;
}
#endif

#endif /* ISOCLEAN_COMPAT_H */
