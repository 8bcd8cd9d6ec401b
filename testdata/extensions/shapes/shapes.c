/*
 * shapes.c - axis-aligned rectangles, squares and canvases.
 *
 *   Rect(x, y, w, h)      base type; instances have a __dict__ and are
 *                         weak-referenceable; r * k scales, r | s is the
 *                         bounding box, r & s the intersection, tuple(r)
 *   Square(x, y, side)    subtype of Rect, tp_base filled in at init
 *   Canvas()              ordered container of shapes (sequence protocol)
 *   VertexIter            iterator returned by Rect.vertices(); it cannot
 *                         be created from Python
 */
#define PY_SSIZE_T_CLEAN
#include "Python.h"
#include "structmember.h"

typedef struct {
    PyObject_HEAD
    double x, y, w, h;
    PyObject *tag;              /* any object, default None */
    PyObject *dict;             /* __dict__ */
    PyObject *weakreflist;
} RectObject;

typedef struct {
    PyObject_HEAD
    RectObject *rect;
    int index;
} VertexIterObject;

typedef struct {
    PyObject_HEAD
    PyObject *items;            /* list of Rect */
} CanvasObject;

static PyTypeObject Rect_Type;
static PyTypeObject Square_Type;
static PyTypeObject VertexIter_Type;
static PyTypeObject Canvas_Type;

#define Rect_Check(op) PyObject_TypeCheck(op, &Rect_Type)

/* ====================================================================== */
/* Rect                                                                   */

static PyObject *
rect_make(PyTypeObject *type, double x, double y, double w, double h)
{
    RectObject *r = (RectObject *)type->tp_alloc(type, 0);
    if (r == NULL)
        return NULL;
    r->x = x; r->y = y; r->w = w; r->h = h;
    Py_INCREF(Py_None);
    r->tag = Py_None;
    return (PyObject *)r;
}

static PyObject *
rect_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    return rect_make(type, 0.0, 0.0, 0.0, 0.0);
}

static int
rect_init(RectObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", "w", "h", "tag", NULL};
    double x, y, w, h;
    PyObject *tag = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "dddd|O:Rect", kwlist,
                                     &x, &y, &w, &h, &tag))
        return -1;
    if (w < 0 || h < 0) {
        PyErr_SetString(PyExc_ValueError, "width and height must be >= 0");
        return -1;
    }
    self->x = x; self->y = y; self->w = w; self->h = h;
    if (tag != NULL) {
        Py_INCREF(tag);
        Py_SETREF(self->tag, tag);
    }
    return 0;
}

static int
rect_traverse(RectObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->tag);
    Py_VISIT(self->dict);
    return 0;
}

static int
rect_clear(RectObject *self)
{
    Py_CLEAR(self->tag);
    Py_CLEAR(self->dict);
    return 0;
}

static void
rect_dealloc(RectObject *self)
{
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    rect_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
rect_repr(RectObject *self)
{
    PyObject *t = Py_BuildValue("(dddd)", self->x, self->y, self->w, self->h);
    PyObject *r;
    if (t == NULL)
        return NULL;
    r = PyUnicode_FromFormat("%s%R", Py_TYPE(self)->tp_name, t);
    Py_DECREF(t);
    return r;
}

/* Two shapes are equal when they have the same geometry and the same kind:
   a Square never equals a Rect with the same corners. */
static PyObject *
rect_richcompare(PyObject *a, PyObject *b, int op)
{
    RectObject *p = (RectObject *)a, *q = (RectObject *)b;
    int eq;

    if (!Rect_Check(b) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    eq = (Py_TYPE(a) == &Square_Type) == (Py_TYPE(b) == &Square_Type)
         && p->x == q->x && p->y == q->y && p->w == q->w && p->h == q->h;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

/* -- number protocol: r * k, k * r, r | s, r & s, bool(r) */

static PyObject *
rect_mul(PyObject *a, PyObject *b)
{
    PyObject *r = Rect_Check(a) ? a : b, *other = Rect_Check(a) ? b : a;
    RectObject *s = (RectObject *)r;
    double k;

    if (Rect_Check(other) || !PyNumber_Check(other))
        Py_RETURN_NOTIMPLEMENTED;
    k = PyFloat_AsDouble(other);
    if (k == -1.0 && PyErr_Occurred())
        return NULL;
    if (k < 0) {
        PyErr_SetString(PyExc_ValueError, "cannot scale by a negative factor");
        return NULL;
    }
    /* scaling keeps the exact type for Rect and Square, and gives a plain
       Rect for subclasses defined in Python */
    return rect_make(Py_TYPE(r) == &Square_Type ? &Square_Type : &Rect_Type,
                     s->x, s->y, s->w * k, s->h * k);
}

static PyObject *
rect_or(PyObject *a, PyObject *b)
{
    RectObject *p = (RectObject *)a, *q = (RectObject *)b;
    double x0, y0, x1, y1;

    if (!Rect_Check(a) || !Rect_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    x0 = Py_MIN(p->x, q->x);
    y0 = Py_MIN(p->y, q->y);
    x1 = Py_MAX(p->x + p->w, q->x + q->w);
    y1 = Py_MAX(p->y + p->h, q->y + q->h);
    return rect_make(&Rect_Type, x0, y0, x1 - x0, y1 - y0);
}

static PyObject *
rect_and(PyObject *a, PyObject *b)
{
    RectObject *p = (RectObject *)a, *q = (RectObject *)b;
    double x0, y0, x1, y1;

    if (!Rect_Check(a) || !Rect_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    x0 = Py_MAX(p->x, q->x);
    y0 = Py_MAX(p->y, q->y);
    x1 = Py_MIN(p->x + p->w, q->x + q->w);
    y1 = Py_MIN(p->y + p->h, q->y + q->h);
    if (x1 < x0 || y1 < y0)
        Py_RETURN_NONE;
    return rect_make(&Rect_Type, x0, y0, x1 - x0, y1 - y0);
}

static int
rect_bool(RectObject *self)
{
    return self->w > 0 && self->h > 0;
}

static PyNumberMethods rect_as_number = {
    0,                              /* nb_add */
    0,                              /* nb_subtract */
    (binaryfunc)rect_mul,           /* nb_multiply */
    0,                              /* nb_remainder */
    0,                              /* nb_divmod */
    0,                              /* nb_power */
    0,                              /* nb_negative */
    0,                              /* nb_positive */
    0,                              /* nb_absolute */
    (inquiry)rect_bool,             /* nb_bool */
    0,                              /* nb_invert */
    0,                              /* nb_lshift */
    0,                              /* nb_rshift */
    (binaryfunc)rect_and,           /* nb_and */
    0,                              /* nb_xor */
    (binaryfunc)rect_or,            /* nb_or */
};

/* -- sequence protocol: tuple(r) == (x, y, w, h) */

static Py_ssize_t
rect_length(PyObject *self)
{
    return 4;
}

static PyObject *
rect_item(RectObject *self, Py_ssize_t i)
{
    switch (i) {
    case 0: return PyFloat_FromDouble(self->x);
    case 1: return PyFloat_FromDouble(self->y);
    case 2: return PyFloat_FromDouble(self->w);
    case 3: return PyFloat_FromDouble(self->h);
    }
    PyErr_SetString(PyExc_IndexError, "Rect index out of range");
    return NULL;
}

static PySequenceMethods rect_as_sequence = {
    .sq_length = rect_length,
    .sq_item = (ssizeargfunc)rect_item,
};

/* -- methods */

static PyObject *
rect_area(RectObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->w * self->h);
}

static PyObject *
rect_vertices(RectObject *self, PyObject *Py_UNUSED(ignored))
{
    VertexIterObject *it = PyObject_GC_New(VertexIterObject, &VertexIter_Type);
    if (it == NULL)
        return NULL;
    Py_INCREF(self);
    it->rect = self;
    it->index = 0;
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static PyObject *
rect_reduce(RectObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *args;

    if (Py_TYPE(self) == &Square_Type)
        args = Py_BuildValue("(ddd)", self->x, self->y, self->w);
    else
        args = Py_BuildValue("(dddd)", self->x, self->y, self->w, self->h);
    if (args == NULL)
        return NULL;
    return Py_BuildValue("(ONO)", Py_TYPE(self), args,
                         self->dict ? self->dict : Py_None);
}

static PyMethodDef rect_methods[] = {
    {"area", (PyCFunction)rect_area, METH_NOARGS, "w * h"},
    {"vertices", (PyCFunction)rect_vertices, METH_NOARGS, "iterate over the four corners"},
    {"__reduce__", (PyCFunction)rect_reduce, METH_NOARGS, NULL},
    {NULL}
};

static PyMemberDef rect_members[] = {
    {"x", T_DOUBLE, offsetof(RectObject, x), READONLY, NULL},
    {"y", T_DOUBLE, offsetof(RectObject, y), READONLY, NULL},
    {"w", T_DOUBLE, offsetof(RectObject, w), READONLY, NULL},
    {"h", T_DOUBLE, offsetof(RectObject, h), READONLY, NULL},
    {"tag", T_OBJECT, offsetof(RectObject, tag), 0, "user data"},
    {NULL}
};

static PyGetSetDef rect_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL}
};

static PyTypeObject Rect_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "shapes.Rect",                              /* tp_name */
    sizeof(RectObject),                         /* tp_basicsize */
    0,                                          /* tp_itemsize */
    (destructor)rect_dealloc,                   /* tp_dealloc */
    0,                                          /* tp_vectorcall_offset */
    0,                                          /* tp_getattr */
    0,                                          /* tp_setattr */
    0,                                          /* tp_as_async */
    (reprfunc)rect_repr,                        /* tp_repr */
    &rect_as_number,                            /* tp_as_number */
    &rect_as_sequence,                          /* tp_as_sequence */
    0,                                          /* tp_as_mapping */
    PyObject_HashNotImplemented,                /* tp_hash */
    0,                                          /* tp_call */
    0,                                          /* tp_str */
    PyObject_GenericGetAttr,                    /* tp_getattro */
    PyObject_GenericSetAttr,                    /* tp_setattro */
    0,                                          /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE |
        Py_TPFLAGS_HAVE_GC,                     /* tp_flags */
    "Rect(x, y, w, h, tag=None)",               /* tp_doc */
    (traverseproc)rect_traverse,                /* tp_traverse */
    (inquiry)rect_clear,                        /* tp_clear */
    rect_richcompare,                           /* tp_richcompare */
    offsetof(RectObject, weakreflist),          /* tp_weaklistoffset */
    0,                                          /* tp_iter */
    0,                                          /* tp_iternext */
    rect_methods,                               /* tp_methods */
    rect_members,                               /* tp_members */
    rect_getset,                                /* tp_getset */
    0,                                          /* tp_base */
    0,                                          /* tp_dict */
    0,                                          /* tp_descr_get */
    0,                                          /* tp_descr_set */
    offsetof(RectObject, dict),                 /* tp_dictoffset */
    (initproc)rect_init,                        /* tp_init */
    PyType_GenericAlloc,                        /* tp_alloc */
    rect_new,                                   /* tp_new */
    PyObject_GC_Del,                            /* tp_free */
    0,                                          /* tp_is_gc */
    0,                                          /* tp_bases */
    0,                                          /* tp_mro */
    0,                                          /* tp_cache */
    0,                                          /* tp_subclasses */
    0,                                          /* tp_weaklist */
    0,                                          /* tp_del */
    0,                                          /* tp_version_tag */
    0,                                          /* tp_finalize */
#if PY_VERSION_HEX >= 0x03080000
    0,                                          /* tp_vectorcall */
#endif
};

/* ====================================================================== */
/* Square                                                                 */

static int
square_init(RectObject *self, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"x", "y", "side", "tag", NULL};
    double x, y, side;
    PyObject *tag = NULL;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "ddd|O:Square", kwlist,
                                     &x, &y, &side, &tag))
        return -1;
    if (side < 0) {
        PyErr_SetString(PyExc_ValueError, "side must be >= 0");
        return -1;
    }
    self->x = x; self->y = y; self->w = self->h = side;
    if (tag != NULL) {
        Py_INCREF(tag);
        Py_SETREF(self->tag, tag);
    }
    return 0;
}

static PyObject *
square_get_side(RectObject *self, void *closure)
{
    return PyFloat_FromDouble(self->w);
}

static PyGetSetDef square_getset[] = {
    {"side", (getter)square_get_side, NULL, "length of a side", NULL},
    {NULL}
};

static PyTypeObject Square_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Square",
    .tp_basicsize = sizeof(RectObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Square(x, y, side, tag=None)",
    .tp_traverse = (traverseproc)rect_traverse,
    .tp_clear = (inquiry)rect_clear,
    .tp_getset = square_getset,
    .tp_init = (initproc)square_init,
};

/* ====================================================================== */
/* VertexIter: no tp_new, only created by Rect.vertices()                 */

static int
vertexiter_traverse(VertexIterObject *it, visitproc visit, void *arg)
{
    Py_VISIT(it->rect);
    return 0;
}

static void
vertexiter_dealloc(VertexIterObject *it)
{
    PyObject_GC_UnTrack(it);
    Py_XDECREF(it->rect);
    PyObject_GC_Del(it);
}

static PyObject *
vertexiter_next(VertexIterObject *it)
{
    RectObject *r = it->rect;
    double px, py;

    if (r == NULL)
        return NULL;
    switch (it->index) {
    case 0: px = r->x;        py = r->y;        break;
    case 1: px = r->x + r->w; py = r->y;        break;
    case 2: px = r->x + r->w; py = r->y + r->h; break;
    case 3: px = r->x;        py = r->y + r->h; break;
    default:
        Py_CLEAR(it->rect);
        return NULL;
    }
    it->index++;
    return Py_BuildValue("(dd)", px, py);
}

static PyTypeObject VertexIter_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.VertexIter",
    .tp_basicsize = sizeof(VertexIterObject),
    .tp_dealloc = (destructor)vertexiter_dealloc,
    .tp_getattro = PyObject_GenericGetAttr,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC,
    .tp_traverse = (traverseproc)vertexiter_traverse,
    .tp_iter = PyObject_SelfIter,
    .tp_iternext = (iternextfunc)vertexiter_next,
};

/* ====================================================================== */
/* Canvas                                                                 */

static PyObject *
canvas_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {NULL};
    CanvasObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, ":Canvas", kwlist))
        return NULL;
    self = (CanvasObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->items = PyList_New(0);
    if (self->items == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    return (PyObject *)self;
}

static int
canvas_traverse(CanvasObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->items);
    return 0;
}

static int
canvas_clear(CanvasObject *self)
{
    Py_CLEAR(self->items);
    return 0;
}

static void
canvas_dealloc(CanvasObject *self)
{
    PyObject_GC_UnTrack(self);
    canvas_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
canvas_add(CanvasObject *self, PyObject *shape)
{
    if (!Rect_Check(shape)) {
        PyErr_Format(PyExc_TypeError, "Canvas holds shapes, not %.100s",
                     Py_TYPE(shape)->tp_name);
        return NULL;
    }
    if (PyList_Append(self->items, shape) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
canvas_bounds(CanvasObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *acc;
    Py_ssize_t i;

    if (PyList_GET_SIZE(self->items) == 0)
        Py_RETURN_NONE;
    acc = PyList_GET_ITEM(self->items, 0);
    Py_INCREF(acc);
    for (i = 1; i < PyList_GET_SIZE(self->items); i++) {
        Py_SETREF(acc, rect_or(acc, PyList_GET_ITEM(self->items, i)));
        if (acc == NULL)
            return NULL;
    }
    return acc;
}

static Py_ssize_t
canvas_length(CanvasObject *self)
{
    return PyList_GET_SIZE(self->items);
}

static PyObject *
canvas_item(CanvasObject *self, Py_ssize_t i)
{
    return PySequence_GetItem(self->items, i);
}

static int
canvas_contains(CanvasObject *self, PyObject *shape)
{
    return PySequence_Contains(self->items, shape);
}

static PyObject *
canvas_inplace_concat(CanvasObject *self, PyObject *other)
{
    PyObject *it = PyObject_GetIter(other), *shape;

    if (it == NULL)
        return NULL;
    while ((shape = PyIter_Next(it)) != NULL) {
        PyObject *r = canvas_add(self, shape);
        Py_DECREF(shape);
        if (r == NULL)
            break;
        Py_DECREF(r);
    }
    Py_DECREF(it);
    if (PyErr_Occurred())
        return NULL;
    Py_INCREF(self);
    return (PyObject *)self;
}

static PySequenceMethods canvas_as_sequence = {
    .sq_length = (lenfunc)canvas_length,
    .sq_item = (ssizeargfunc)canvas_item,
    .sq_contains = (objobjproc)canvas_contains,
    .sq_inplace_concat = (binaryfunc)canvas_inplace_concat,
};

static PyMethodDef canvas_methods[] = {
    {"add", (PyCFunction)canvas_add, METH_O, "add(shape)"},
    {"bounds", (PyCFunction)canvas_bounds, METH_NOARGS, "bounding Rect of all shapes, or None"},
    {NULL}
};

static PyTypeObject Canvas_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "shapes.Canvas",
    .tp_basicsize = sizeof(CanvasObject),
    .tp_dealloc = (destructor)canvas_dealloc,
    .tp_as_sequence = &canvas_as_sequence,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "Canvas()\n\nAn ordered collection of shapes.",
    .tp_traverse = (traverseproc)canvas_traverse,
    .tp_clear = (inquiry)canvas_clear,
    .tp_methods = canvas_methods,
    .tp_new = canvas_new,
};

/* ====================================================================== */

static struct PyModuleDef shapesmodule = {
    PyModuleDef_HEAD_INIT,
    "shapes",
    "Rectangles, squares and canvases.",
    -1,
    NULL,
};

PyMODINIT_FUNC
PyInit_shapes(void)
{
    PyObject *m;

    if (PyType_Ready(&Rect_Type) < 0)
        return NULL;
    Square_Type.tp_base = &Rect_Type;
    if (PyType_Ready(&Square_Type) < 0)
        return NULL;
    if (PyType_Ready(&VertexIter_Type) < 0)
        return NULL;
    if (PyType_Ready(&Canvas_Type) < 0)
        return NULL;

    m = PyModule_Create(&shapesmodule);
    if (m == NULL)
        return NULL;

    Py_INCREF(&Rect_Type);
    PyModule_AddObject(m, "Rect", (PyObject *)&Rect_Type);
    Py_INCREF(&Square_Type);
    PyModule_AddObject(m, "Square", (PyObject *)&Square_Type);
    Py_INCREF(&Canvas_Type);
    PyModule_AddObject(m, "Canvas", (PyObject *)&Canvas_Type);
    Py_INCREF(&VertexIter_Type);
    PyModule_AddObject(m, "VertexIter", (PyObject *)&VertexIter_Type);
    if (PyErr_Occurred()) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
