#include "b.h"
#include "twins_state.h"

typedef struct {
    PyObject_HEAD
    long n;
} BObject;

/* Same name as a.c's dealloc: each file's is static, so they are two functions. */
static void
obj_dealloc(BObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

/* Heap types are GC types: instances keep their type alive, the collector must
 * see it (pyext-isolate). */
static int
B_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot B_slots[] = {
    {Py_tp_dealloc, (void *)obj_dealloc},
    {Py_tp_traverse, (void *)B_traverse},
    {0, NULL},
};

PyType_Spec B_spec = {
    .name = "twins.B",
    .basicsize = sizeof(BObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = B_slots,
};

PyObject *
make_b(PyObject *self, PyObject *unused)
{
    twins_state *st = get_twins_state(self);
    BObject *b = PyObject_GC_New(BObject, st->B_Type);
    if (b == NULL)
        return NULL;
    b->n = 2;
    PyObject_GC_Track((PyObject *)b);
    return (PyObject *)b;
}
