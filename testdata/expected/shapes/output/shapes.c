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
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    void *module_state; /* the module state, once looked up (pyext-isolate) */
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
    void *module_state; /* the module state, once looked up (pyext-isolate) */
    PyObject *items;            /* list of Rect */
} CanvasObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *Rect_Type;       /* was: static PyTypeObject Rect_Type */
    PyTypeObject *Square_Type;     /* was: static PyTypeObject Square_Type */
    PyTypeObject *VertexIter_Type; /* was: static PyTypeObject
                                      VertexIter_Type */
    PyTypeObject *Canvas_Type;     /* was: static PyTypeObject Canvas_Type */
} shapes_state;

static struct PyModuleDef shapesmodule;

static inline shapes_state *
get_shapes_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (shapes_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with
 * an exception if none did. */
static inline shapes_state *
shapes_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &shapesmodule);
    return module == NULL ? NULL : get_shapes_state(module);
}

/* For binary number slots: the state of whichever operand is of this module's
 * types (either may be; a static type such as int never is, so it is not
 * searched). */
static inline shapes_state *
shapes_get_state_by_types(PyTypeObject *left, PyTypeObject *right)
{
    PyObject *module = NULL;
    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {
        module = PyType_GetModuleByDef(left, &shapesmodule);
        if (module == NULL)
            PyErr_Clear();
    }
    if (module == NULL) {
        module = PyType_GetModuleByDef(right, &shapesmodule);
        if (module == NULL)
            return NULL;
    }
    return get_shapes_state(module);
}

/* The state of `self`, a RectObject of this module's types or of a subclass:
 * kept in the object once looked up. */
static inline shapes_state *
shapes_get_state_of_RectObject(RectObject *self)
{
    if (self->module_state == NULL)
        self->module_state = shapes_get_state_by_type(Py_TYPE(self));
    return (shapes_state *)self->module_state;
}

static void rect_dealloc(RectObject *self);

/* For binary number slots: the state kept in whichever operand is a RectObject
 * (its type's dealloc tells), else that of the operand whose type is a
 * subclass defined in Python. */
static inline shapes_state *
shapes_get_state_of_RectObject_operands(PyObject *left, PyObject *right)
{
    if (Py_TYPE(left)->tp_dealloc == (destructor)rect_dealloc)
        return shapes_get_state_of_RectObject((RectObject *)left);
    if (Py_TYPE(right)->tp_dealloc == (destructor)rect_dealloc)
        return shapes_get_state_of_RectObject((RectObject *)right);
    return shapes_get_state_by_types(Py_TYPE(left), Py_TYPE(right));
}

/* The state of `self`, a CanvasObject of this module's types or of a subclass:
 * kept in the object once looked up. */
static inline shapes_state *
shapes_get_state_of_CanvasObject(CanvasObject *self)
{
    if (self->module_state == NULL)
        self->module_state = shapes_get_state_by_type(Py_TYPE(self));
    return (shapes_state *)self->module_state;
}

static int
shapes_traverse(PyObject *module, visitproc visit, void *arg)
{
    shapes_state *st = get_shapes_state(module);
    Py_VISIT(st->Rect_Type);
    Py_VISIT(st->Square_Type);
    Py_VISIT(st->VertexIter_Type);
    Py_VISIT(st->Canvas_Type);
    return 0;
}

static int
shapes_clear(PyObject *module)
{
    shapes_state *st = get_shapes_state(module);
    Py_CLEAR(st->Rect_Type);
    Py_CLEAR(st->Square_Type);
    Py_CLEAR(st->VertexIter_Type);
    Py_CLEAR(st->Canvas_Type);
    return 0;
}

static void
shapes_free(void *module)
{
    (void)shapes_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as
 * its base: 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
shapes_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,
                   PyTypeObject **type, int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the
             * type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
        (*type)->tp_new = NULL;
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

/* Only Rect_Type and its subtypes have rect_dealloc: an exact instance is
 * told without the module state, which a subtype's instance needs. */
#define Rect_Check(st, op) \
    (Py_TYPE(op)->tp_dealloc == (destructor)rect_dealloc \
     || PyObject_TypeCheck(op, st->Rect_Type))

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
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    if (self->weakreflist != NULL)
        PyObject_ClearWeakRefs((PyObject *)self);
    rect_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
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
    shapes_state *st = shapes_get_state_of_RectObject((RectObject *)a);
    RectObject *p = (RectObject *)a, *q = (RectObject *)b;
    int eq;

    if (st == NULL)
        return NULL;
    if (!Rect_Check(st, b) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    eq = (Py_TYPE(a) == st->Square_Type) == (Py_TYPE(b) == st->Square_Type)
         && p->x == q->x && p->y == q->y && p->w == q->w && p->h == q->h;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

/* -- number protocol: r * k, k * r, r | s, r & s, bool(r) */

static PyObject *
rect_mul_impl(shapes_state *st, PyObject *a, PyObject *b)
{
    PyObject *r = Rect_Check(st, a) ? a : b, *other = Rect_Check(st, a) ? b : a;
    RectObject *s = (RectObject *)r;
    double k;

    if (Rect_Check(st, other) || !PyNumber_Check(other))
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
    return rect_make(Py_TYPE(r) == st->Square_Type ? st->Square_Type : st->Rect_Type,
                     s->x, s->y, s->w * k, s->h * k);
}

static PyObject *
rect_mul(PyObject *a, PyObject *b)
{
    shapes_state *st = shapes_get_state_of_RectObject_operands(a, b);
    if (st == NULL)
        return NULL;
    return rect_mul_impl(st, a, b);
}

static PyObject *
rect_or_impl(shapes_state *st, PyObject *a, PyObject *b)
{
    RectObject *p = (RectObject *)a, *q = (RectObject *)b;
    double x0, y0, x1, y1;

    if (!Rect_Check(st, a) || !Rect_Check(st, b))
        Py_RETURN_NOTIMPLEMENTED;
    x0 = Py_MIN(p->x, q->x);
    y0 = Py_MIN(p->y, q->y);
    x1 = Py_MAX(p->x + p->w, q->x + q->w);
    y1 = Py_MAX(p->y + p->h, q->y + q->h);
    return rect_make(st->Rect_Type, x0, y0, x1 - x0, y1 - y0);
}

static PyObject *
rect_or(PyObject *a, PyObject *b)
{
    shapes_state *st = shapes_get_state_of_RectObject_operands(a, b);
    if (st == NULL)
        return NULL;
    return rect_or_impl(st, a, b);
}

static PyObject *
rect_and(PyObject *a, PyObject *b)
{
    shapes_state *st = shapes_get_state_of_RectObject_operands(a, b);
    RectObject *p = (RectObject *)a, *q = (RectObject *)b;
    double x0, y0, x1, y1;

    if (st == NULL)
        return NULL;
    if (!Rect_Check(st, a) || !Rect_Check(st, b))
        Py_RETURN_NOTIMPLEMENTED;
    x0 = Py_MAX(p->x, q->x);
    y0 = Py_MAX(p->y, q->y);
    x1 = Py_MIN(p->x + p->w, q->x + q->w);
    y1 = Py_MIN(p->y + p->h, q->y + q->h);
    if (x1 < x0 || y1 < y0)
        Py_RETURN_NONE;
    return rect_make(st->Rect_Type, x0, y0, x1 - x0, y1 - y0);
}

static int
rect_bool(RectObject *self)
{
    return self->w > 0 && self->h > 0;
}

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

/* -- methods */

static PyObject *
rect_area(RectObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyFloat_FromDouble(self->w * self->h);
}

static PyObject *
rect_vertices(RectObject *self, PyObject *Py_UNUSED(ignored))
{
    shapes_state *st = shapes_get_state_of_RectObject(self);
    VertexIterObject *it;
    if (st == NULL)
        return NULL;
    it = PyObject_GC_New(VertexIterObject, st->VertexIter_Type);
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
    shapes_state *st = shapes_get_state_of_RectObject(self);
    PyObject *args;

    if (st == NULL)
        return NULL;
    if (Py_TYPE(self) == st->Square_Type)
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
    {"__dictoffset__", T_PYSSIZET, offsetof(RectObject, dict), READONLY, NULL},
    {"__weaklistoffset__", T_PYSSIZET, offsetof(RectObject, weakreflist), READONLY, NULL},
    {NULL}
};

static PyGetSetDef rect_getset[] = {
    {"__dict__", PyObject_GenericGetDict, PyObject_GenericSetDict, NULL, NULL},
    {NULL}
};

static PyType_Slot Rect_slots[] = {
    {Py_tp_dealloc, (void *)rect_dealloc},
    {Py_tp_repr, (void *)rect_repr},
    {Py_nb_multiply, (void *)rect_mul},
    {Py_nb_bool, (void *)rect_bool},
    {Py_nb_and, (void *)rect_and},
    {Py_nb_or, (void *)rect_or},
    {Py_sq_length, (void *)rect_length},
    {Py_sq_item, (void *)rect_item},
    {Py_tp_hash, (void *)PyObject_HashNotImplemented},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_setattro, (void *)PyObject_GenericSetAttr},
    {Py_tp_doc, (void *)"Rect(x, y, w, h, tag=None)"},
    {Py_tp_traverse, (void *)rect_traverse},
    {Py_tp_clear, (void *)rect_clear},
    {Py_tp_richcompare, (void *)rect_richcompare},
    {Py_tp_methods, (void *)rect_methods},
    {Py_tp_getset, (void *)rect_getset},
    {Py_tp_init, (void *)rect_init},
    {Py_tp_new, (void *)rect_new},
    {Py_tp_members, (void *)rect_members},
    {0, NULL},
};

static PyType_Spec Rect_spec = {
    .name = "shapes.Rect",
    .basicsize = sizeof(RectObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Rect_slots,
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

static PyType_Slot Square_slots[] = {
    {Py_tp_dealloc, (void *)rect_dealloc},
    {Py_tp_doc, (void *)"Square(x, y, side, tag=None)"},
    {Py_tp_traverse, (void *)rect_traverse},
    {Py_tp_clear, (void *)rect_clear},
    {Py_tp_getset, (void *)square_getset},
    {Py_tp_init, (void *)square_init},
    {0, NULL},
};

static PyType_Spec Square_spec = {
    .name = "shapes.Square",
    .basicsize = sizeof(RectObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Square_slots,
};

/* ====================================================================== */
/* VertexIter: no tp_new, only created by Rect.vertices()                 */

static int
vertexiter_traverse(VertexIterObject *it, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(it));
    Py_VISIT(it->rect);
    return 0;
}

static void
vertexiter_dealloc(VertexIterObject *it)
{
    PyTypeObject *tp = Py_TYPE(it);
    PyObject_GC_UnTrack(it);
    Py_XDECREF(it->rect);
    PyObject_GC_Del(it);
    Py_DECREF(tp);
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

static PyType_Slot VertexIter_slots[] = {
    {Py_tp_dealloc, (void *)vertexiter_dealloc},
    {Py_tp_getattro, (void *)PyObject_GenericGetAttr},
    {Py_tp_traverse, (void *)vertexiter_traverse},
    {Py_tp_iter, (void *)PyObject_SelfIter},
    {Py_tp_iternext, (void *)vertexiter_next},
    {0, NULL},
};

static PyType_Spec VertexIter_spec = {
    .name = "shapes.VertexIter",
    .basicsize = sizeof(VertexIterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = VertexIter_slots,
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
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    canvas_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
canvas_add(CanvasObject *self, PyObject *shape)
{
    shapes_state *st = shapes_get_state_of_CanvasObject(self);

    if (st == NULL)
        return NULL;
    if (!Rect_Check(st, shape)) {
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
    shapes_state *st = shapes_get_state_of_CanvasObject(self);
    PyObject *acc;
    Py_ssize_t i;

    if (st == NULL)
        return NULL;
    if (PyList_GET_SIZE(self->items) == 0)
        Py_RETURN_NONE;
    acc = PyList_GET_ITEM(self->items, 0);
    Py_INCREF(acc);
    for (i = 1; i < PyList_GET_SIZE(self->items); i++) {
        Py_SETREF(acc, rect_or_impl(st, acc, PyList_GET_ITEM(self->items, i)));
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

static PyMethodDef canvas_methods[] = {
    {"add", (PyCFunction)canvas_add, METH_O, "add(shape)"},
    {"bounds", (PyCFunction)canvas_bounds, METH_NOARGS, "bounding Rect of all shapes, or None"},
    {NULL}
};

static PyType_Slot Canvas_slots[] = {
    {Py_tp_dealloc, (void *)canvas_dealloc},
    {Py_sq_length, (void *)canvas_length},
    {Py_sq_item, (void *)canvas_item},
    {Py_sq_contains, (void *)canvas_contains},
    {Py_sq_inplace_concat, (void *)canvas_inplace_concat},
    {Py_tp_doc, (void *)"Canvas()\n\nAn ordered collection of shapes."},
    {Py_tp_traverse, (void *)canvas_traverse},
    {Py_tp_clear, (void *)canvas_clear},
    {Py_tp_methods, (void *)canvas_methods},
    {Py_tp_new, (void *)canvas_new},
    {0, NULL},
};

static PyType_Spec Canvas_spec = {
    .name = "shapes.Canvas",
    .basicsize = sizeof(CanvasObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Canvas_slots,
};

/* ====================================================================== */

static int shapes_exec(PyObject *m);

static PyModuleDef_Slot shapes_slots[] = {
    {Py_mod_exec, (void *)shapes_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef shapesmodule = {
    PyModuleDef_HEAD_INIT,
    "shapes",
    "Rectangles, squares and canvases.",
    sizeof(shapes_state),
    NULL,
    shapes_slots,
    shapes_traverse,
    shapes_clear,
    shapes_free,
};

static int
shapes_exec(PyObject *m)
{
    shapes_state *st = get_shapes_state(m);

    if (shapes_create_type(m, &Rect_spec, NULL, &st->Rect_Type, 0) < 0)
        return -1;
    if (shapes_create_type(m, &Square_spec, st->Rect_Type, &st->Square_Type, 0) < 0)
        return -1;
    if (shapes_create_type(m, &VertexIter_spec, NULL, &st->VertexIter_Type, 1) < 0)
        return -1;
    if (shapes_create_type(m, &Canvas_spec, NULL, &st->Canvas_Type, 0) < 0)
        return -1;

    Py_INCREF(st->Rect_Type);
    PyModule_AddObject(m, "Rect", (PyObject *)st->Rect_Type);
    Py_INCREF(st->Square_Type);
    PyModule_AddObject(m, "Square", (PyObject *)st->Square_Type);
    Py_INCREF(st->Canvas_Type);
    PyModule_AddObject(m, "Canvas", (PyObject *)st->Canvas_Type);
    Py_INCREF(st->VertexIter_Type);
    PyModule_AddObject(m, "VertexIter", (PyObject *)st->VertexIter_Type);
    if (PyErr_Occurred())
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_shapes(void)
{
    return PyModuleDef_Init(&shapesmodule);
}
