/* vector.c - geomkit.Vector, a fixed-length vector of doubles.
 *
 * Vectors are variable-size objects: the components live inline after the
 * header (tp_itemsize == sizeof(double)).  They support +, -, unary -, abs()
 * (the Euclidean norm), * with a scalar on either side, * between two vectors
 * (the dot product) and / by a scalar, plus the sequence protocol.
 */
#include "geomkit.h"
#include <math.h>

GEOM_NO_EXPORT PyObject *
Vector_New(Py_ssize_t n)
{
    VectorObject *v;

    if (n < 0) {
        PyErr_SetString(GeomError, "negative vector length");
        return NULL;
    }
    v = PyObject_NewVar(VectorObject, &Vector_Type, n);
    if (v == NULL)
        return NULL;
    memset(v->ob_item, 0, (size_t)n * sizeof(double));
    return (PyObject *)v;
}

GEOM_NO_EXPORT PyObject *
Vector_FromDoubles(const double *values, Py_ssize_t n)
{
    PyObject *v = Vector_New(n);
    if (v != NULL && n > 0)
        memcpy(VECTOR_DATA(v), values, (size_t)n * sizeof(double));
    return v;
}

GEOM_NO_EXPORT double
Vector_Dot(PyObject *a, PyObject *b)
{
    double s = 0.0;
    Py_ssize_t i;
    for (i = 0; i < VECTOR_LEN(a); i++)
        s += VECTOR_DATA(a)[i] * VECTOR_DATA(b)[i];
    return s;
}

static PyObject *
vector_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"components", NULL};
    PyObject *iterable = NULL, *seq, *self;
    Py_ssize_t i, n;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|O:Vector", kwlist, &iterable))
        return NULL;
    if (iterable == NULL)
        return type->tp_alloc(type, 0);
    seq = PySequence_Fast(iterable, "Vector() argument must be iterable");
    if (seq == NULL)
        return NULL;
    n = PySequence_Fast_GET_SIZE(seq);
    self = type->tp_alloc(type, n);
    if (self == NULL)
        goto error;
    for (i = 0; i < n; i++) {
        if (geom_as_double(PySequence_Fast_GET_ITEM(seq, i), &VECTOR_DATA(self)[i]) < 0)
            goto error;
    }
    Py_DECREF(seq);
    return self;
error:
    Py_XDECREF(self);
    Py_DECREF(seq);
    return NULL;
}

static void
vector_dealloc(VectorObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
vector_repr(VectorObject *self)
{
    PyObject *parts, *sep, *joined, *result = NULL;
    const char *name;
    Py_ssize_t i;

    parts = PyList_New(Py_SIZE(self));
    if (parts == NULL)
        return NULL;
    for (i = 0; i < Py_SIZE(self); i++) {
        char *s = PyOS_double_to_string(self->ob_item[i], 'r', 0, Py_DTSF_ADD_DOT_0, NULL);
        PyObject *item;
        if (s == NULL)
            goto done;
        item = PyUnicode_FromString(s);
        PyMem_Free(s);
        if (item == NULL)
            goto done;
        PyList_SET_ITEM(parts, i, item);
    }
    sep = PyUnicode_FromString(", ");
    if (sep == NULL)
        goto done;
    joined = PyUnicode_Join(sep, parts);
    Py_DECREF(sep);
    if (joined == NULL)
        goto done;
    name = strrchr(Py_TYPE(self)->tp_name, '.');
    name = name ? name + 1 : Py_TYPE(self)->tp_name;
    result = PyUnicode_FromFormat("%s(%U)", name, joined);
    Py_DECREF(joined);
done:
    Py_DECREF(parts);
    return result;
}

static PyObject *
vector_richcompare(PyObject *a, PyObject *b, int op)
{
    int eq;

    if (!Vector_Check(a) || !Vector_Check(b) || (op != Py_EQ && op != Py_NE))
        Py_RETURN_NOTIMPLEMENTED;
    eq = VECTOR_LEN(a) == VECTOR_LEN(b)
         && memcmp(VECTOR_DATA(a), VECTOR_DATA(b), (size_t)VECTOR_LEN(a) * sizeof(double)) == 0;
    return PyBool_FromLong(op == Py_EQ ? eq : !eq);
}

/* ------------------------------------------------------ sequence protocol */

static Py_ssize_t
vector_length(VectorObject *self)
{
    return Py_SIZE(self);
}

static PyObject *
vector_item(VectorObject *self, Py_ssize_t i)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "vector index out of range");
        return NULL;
    }
    return PyFloat_FromDouble(self->ob_item[i]);
}

static int
vector_ass_item(VectorObject *self, Py_ssize_t i, PyObject *value)
{
    if (i < 0 || i >= Py_SIZE(self)) {
        PyErr_SetString(PyExc_IndexError, "vector assignment index out of range");
        return -1;
    }
    if (value == NULL) {
        PyErr_SetString(GeomError, "cannot delete vector components");
        return -1;
    }
    return geom_as_double(value, &self->ob_item[i]);
}

static PySequenceMethods vector_as_sequence = {
    (lenfunc)vector_length,                 /* sq_length */
    0,                                      /* sq_concat */
    0,                                      /* sq_repeat */
    (ssizeargfunc)vector_item,              /* sq_item */
    0,                                      /* was_sq_slice */
    (ssizeobjargproc)vector_ass_item,       /* sq_ass_item */
};

/* -------------------------------------------------------- number protocol */

static int
check_same_length(PyObject *a, PyObject *b)
{
    if (VECTOR_LEN(a) != VECTOR_LEN(b)) {
        PyErr_Format(GeomError, "length mismatch: %zd != %zd",
                     VECTOR_LEN(a), VECTOR_LEN(b));
        return -1;
    }
    return 0;
}

static PyObject *
vector_add_sub(PyObject *a, PyObject *b, double sign)
{
    PyObject *r;
    Py_ssize_t i;

    if (!Vector_Check(a) || !Vector_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    if (check_same_length(a, b) < 0)
        return NULL;
    r = Vector_New(VECTOR_LEN(a));
    if (r == NULL)
        return NULL;
    for (i = 0; i < VECTOR_LEN(a); i++)
        VECTOR_DATA(r)[i] = VECTOR_DATA(a)[i] + sign * VECTOR_DATA(b)[i];
    return r;
}

static PyObject *vector_add(PyObject *a, PyObject *b) { return vector_add_sub(a, b, 1.0); }
static PyObject *vector_sub(PyObject *a, PyObject *b) { return vector_add_sub(a, b, -1.0); }

static PyObject *
vector_scaled(PyObject *v, double k)
{
    PyObject *r = Vector_New(VECTOR_LEN(v));
    Py_ssize_t i;
    if (r == NULL)
        return NULL;
    for (i = 0; i < VECTOR_LEN(v); i++)
        VECTOR_DATA(r)[i] = VECTOR_DATA(v)[i] * k;
    return r;
}

/* v * k, k * v, and v * w (dot product).  Anything else, including a
   Matrix on the right, is left to the other operand's slot. */
static PyObject *
vector_mul(PyObject *a, PyObject *b)
{
    double k;

    if (Vector_Check(a) && Vector_Check(b)) {
        if (check_same_length(a, b) < 0)
            return NULL;
        return PyFloat_FromDouble(Vector_Dot(a, b));
    }
    if (Vector_Check(a) && PyNumber_Check(b) && !Matrix_Check(b)) {
        if (geom_as_double(b, &k) < 0)
            return NULL;
        return vector_scaled(a, k);
    }
    if (Vector_Check(b) && PyNumber_Check(a) && !Matrix_Check(a)) {
        if (geom_as_double(a, &k) < 0)
            return NULL;
        return vector_scaled(b, k);
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *
vector_truediv(PyObject *a, PyObject *b)
{
    double k;
    if (!Vector_Check(a) || !PyNumber_Check(b))
        Py_RETURN_NOTIMPLEMENTED;
    if (geom_as_double(b, &k) < 0)
        return NULL;
    if (k == 0.0) {
        PyErr_SetString(PyExc_ZeroDivisionError, "vector division by zero");
        return NULL;
    }
    return vector_scaled(a, 1.0 / k);
}

static PyObject *vector_neg(PyObject *v) { return vector_scaled(v, -1.0); }

static PyObject *
vector_abs(PyObject *v)
{
    return PyFloat_FromDouble(sqrt(Vector_Dot(v, v)));
}

static int
vector_bool(PyObject *v)
{
    Py_ssize_t i;
    for (i = 0; i < VECTOR_LEN(v); i++)
        if (VECTOR_DATA(v)[i] != 0.0)
            return 1;
    return 0;
}

static PyNumberMethods vector_as_number = {
    .nb_add = vector_add,
    .nb_subtract = vector_sub,
    .nb_multiply = vector_mul,
    .nb_negative = vector_neg,
    .nb_absolute = vector_abs,
    .nb_bool = vector_bool,
    .nb_true_divide = vector_truediv,
};

/* ---------------------------------------------------------------- methods */

static PyObject *
vector_dot(PyObject *self, PyObject *other)
{
    if (!Vector_Check(other)) {
        PyErr_Format(PyExc_TypeError, "dot() argument must be a Vector, not %.100s",
                     Py_TYPE(other)->tp_name);
        return NULL;
    }
    if (check_same_length(self, other) < 0)
        return NULL;
    return PyFloat_FromDouble(Vector_Dot(self, other));
}

static PyObject *
vector_normalized(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    double n = sqrt(Vector_Dot(self, self));
    if (n == 0.0) {
        PyErr_SetString(GeomError, "cannot normalize a zero vector");
        return NULL;
    }
    return vector_scaled(self, 1.0 / n);
}

static PyObject *
vector_reduce(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *t = PyTuple_New(VECTOR_LEN(self));
    Py_ssize_t i;
    if (t == NULL)
        return NULL;
    for (i = 0; i < VECTOR_LEN(self); i++) {
        PyObject *f = PyFloat_FromDouble(VECTOR_DATA(self)[i]);
        if (f == NULL) {
            Py_DECREF(t);
            return NULL;
        }
        PyTuple_SET_ITEM(t, i, f);
    }
    return Py_BuildValue("O(N)", (PyObject *)Py_TYPE(self), t);
}

static PyMethodDef vector_methods[] = {
    {"dot", vector_dot, METH_O, PyDoc_STR("dot(other) -> float")},
    {"normalized", vector_normalized, METH_NOARGS, PyDoc_STR("unit vector in the same direction")},
    {"__reduce__", vector_reduce, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

PyDoc_STRVAR(vector_doc,
"Vector(components=())\n\n"
"A fixed-length vector of floats.");

GEOM_NO_EXPORT PyTypeObject Vector_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = GEOM_MODULE_NAME ".Vector",
    .tp_basicsize = offsetof(VectorObject, ob_item),
    .tp_itemsize = sizeof(double),
    .tp_dealloc = (destructor)vector_dealloc,
    .tp_repr = (reprfunc)vector_repr,
    .tp_as_number = &vector_as_number,
    .tp_as_sequence = &vector_as_sequence,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    .tp_doc = vector_doc,
    .tp_richcompare = vector_richcompare,
    .tp_methods = vector_methods,
    .tp_new = vector_new,
};
