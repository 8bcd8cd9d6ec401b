#include <Python.h>
#include "a.h"
#include "pyext_isolate_compat.h"

typedef struct { PyObject_HEAD } AObject;

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
A_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot A_slots[] = {
    {Py_tp_traverse, (void *)A_traverse},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

PyType_Spec A_spec = {
    .name = "loop.A",
    .basicsize = sizeof(AObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = A_slots,
};
