/* Every object of this module starts with the file's own head macro: PyObject_HEAD plus the
 * fields that chain an object to its owner. One struct is nothing but the macro (the view every
 * helper takes of any object); a second head macro builds on the first and leaves its last `;`
 * to the use. Read as C before preprocessing, `NodeObject_HEAD }` is a broken declaration. */
#include <Python.h>
#include <stddef.h>

struct node_link {
    struct node_object *prev;
    struct node_object *next;
};

#define NodeObject_HEAD \
    PyObject_HEAD \
    struct node_link siblings; \
    struct node_link children; \
    int valid;

#define TaggedObject_HEAD \
    NodeObject_HEAD \
    long tag

struct node_object {
    NodeObject_HEAD
};

struct ShelfObject {
    NodeObject_HEAD
    PyObject *weaklist;
    long count;
};
typedef struct ShelfObject ShelfObject;

static void
attach(struct node_object *parent, struct node_object *child)
{
    struct node_object *first = parent->children.next;

    child->siblings.prev = NULL;
    child->siblings.next = first;
    if (first) {
        first->siblings.prev = child;
    }
    parent->children.next = child;
}

typedef struct {
    TaggedObject_HEAD;
    PyObject *label;
} LabelObject;

static PyObject *ShelfClosed = NULL;
static PyTypeObject Shelf_Type;

static PyObject *
Shelf_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    ShelfObject *self = (ShelfObject *)type->tp_alloc(type, 0);

    if (self != NULL) {
        self->children.prev = NULL;
        self->children.next = NULL;
        self->weaklist = NULL;
        attach((struct node_object *)self, (struct node_object *)self);
        self->valid = 1;
        self->count = 0;
    }
    return (PyObject *)self;
}

static void
Shelf_dealloc(ShelfObject *self)
{
    if (self->weaklist != NULL) {
        PyObject_ClearWeakRefs((PyObject *)self);
    }
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Shelf_add(ShelfObject *self, PyObject *unused)
{
    if (!self->valid) {
        PyErr_SetString(ShelfClosed, "shelf closed");
        return NULL;
    }
    return PyLong_FromLong(++self->count);
}

static PyObject *
Shelf_close(ShelfObject *self, PyObject *unused)
{
    self->valid = 0;
    Py_RETURN_NONE;
}

static PyMethodDef Shelf_methods[] = {
    {"add", (PyCFunction)Shelf_add, METH_NOARGS, "Count one more item."},
    {"close", (PyCFunction)Shelf_close, METH_NOARGS, "Refuse further items."},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Shelf_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "headmac.Shelf",                    /* tp_name */
    sizeof(ShelfObject),                /* tp_basicsize */
    0,                                  /* tp_itemsize */
    (destructor)Shelf_dealloc,          /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    0,                                  /* tp_hash */
    0,                                  /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,                 /* tp_flags */
    "A shelf that counts its items.",   /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    0,                                  /* tp_richcompare */
    offsetof(ShelfObject, weaklist),    /* tp_weaklistoffset */
    0,                                  /* tp_iter */
    0,                                  /* tp_iternext */
    Shelf_methods,                      /* tp_methods */
    0,                                  /* tp_members */
    0,                                  /* tp_getset */
    0,                                  /* tp_base */
    0,                                  /* tp_dict */
    0,                                  /* tp_descr_get */
    0,                                  /* tp_descr_set */
    0,                                  /* tp_dictoffset */
    0,                                  /* tp_init */
    0,                                  /* tp_alloc */
    Shelf_new,                          /* tp_new */
};

static PyObject *
label_size(PyObject *module, PyObject *unused)
{
    return PyLong_FromSize_t(sizeof(LabelObject) - sizeof(struct node_object));
}

static PyMethodDef headmac_methods[] = {
    {"label_size", label_size, METH_NOARGS, "Bytes a label adds to the node head."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef headmac_module = {
    PyModuleDef_HEAD_INIT, "headmac", NULL, -1, headmac_methods
};

PyMODINIT_FUNC
PyInit_headmac(void)
{
    PyObject *mod;

    if (PyType_Ready(&Shelf_Type) < 0) {
        return NULL;
    }
    mod = PyModule_Create(&headmac_module);
    if (mod == NULL) {
        return NULL;
    }
    ShelfClosed = PyErr_NewException("headmac.ShelfClosed", NULL, NULL);
    if (ShelfClosed == NULL) {
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(ShelfClosed);
    if (PyModule_AddObject(mod, "ShelfClosed", ShelfClosed) < 0) {
        Py_DECREF(ShelfClosed);
        Py_DECREF(mod);
        return NULL;
    }
    Py_INCREF(&Shelf_Type);
    if (PyModule_AddObject(mod, "Shelf", (PyObject *)&Shelf_Type) < 0) {
        Py_DECREF(&Shelf_Type);
        Py_DECREF(mod);
        return NULL;
    }
    return mod;
}
