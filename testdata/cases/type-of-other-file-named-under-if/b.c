#include "b.h"

typedef struct {
    PyObject_HEAD
    long n;
} BObject;

/* Same name as a.c's dealloc: each file's is static, so they are two functions. */
static void
obj_dealloc(BObject *self)
{
    PyObject_Free(self);
}

PyTypeObject B_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "twins.B",
    .tp_basicsize = sizeof(BObject),
    .tp_dealloc = (destructor)obj_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT,
};

PyObject *
make_b(PyObject *self, PyObject *unused)
{
    BObject *b = PyObject_New(BObject, &B_Type);
    if (b == NULL)
        return NULL;
    b->n = 2;
    return (PyObject *)b;
}
