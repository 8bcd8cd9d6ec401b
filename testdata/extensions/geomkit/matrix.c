/* matrix.c - geomkit.Matrix, a dense row-major matrix of doubles.
 *
 *   M * N, M @ N    matrix product
 *   M * v, M @ v    matrix times column vector -> Vector
 *   v * M, v @ M    row vector times matrix -> Vector (we are the right operand)
 *   M * k, k * M    scaling
 *   M[i, j]         element access (mapping protocol)
 *
 * Matrix objects are recycled through a small free list, like floats in
 * CPython, because geometry code creates and drops millions of 3x3 and 4x4
 * temporaries.
 */
#include "geomkit.h"

#define MATRIX_MAXFREELIST 16

/* free list of Matrix objects, data already released */
static MatrixObject *free_list[MATRIX_MAXFREELIST];
static int numfree = 0;

GEOM_NO_EXPORT PyObject *
Matrix_New(Py_ssize_t rows, Py_ssize_t cols)
{
    MatrixObject *m;
    double *data;

    if (rows <= 0 || cols <= 0) {
        PyErr_Format(GeomError, "invalid matrix shape (%zd, %zd)", rows, cols);
        return NULL;
    }
    if (rows > PY_SSIZE_T_MAX / cols / (Py_ssize_t)sizeof(double))
        return PyErr_NoMemory();
    data = PyMem_Calloc((size_t)(rows * cols), sizeof(double));
    if (data == NULL)
        return PyErr_NoMemory();
    if (numfree > 0) {
        m = free_list[--numfree];
        (void)PyObject_Init((PyObject *)m, &Matrix_Type);
    }
    else {
        m = PyObject_New(MatrixObject, &Matrix_Type);
        if (m == NULL) {
            PyMem_Free(data);
            return NULL;
        }
    }
    m->rows = rows;
    m->cols = cols;
    m->data = data;
    return (PyObject *)m;
}

GEOM_NO_EXPORT int
Matrix_ClearFreeList(void)
{
    int n = numfree;
    while (numfree > 0)
        PyObject_Free(free_list[--numfree]);
    return n;
}

static void
matrix_dealloc(MatrixObject *self)
{
    PyMem_Free(self->data);
    self->data = NULL;
    if (numfree < MATRIX_MAXFREELIST)
        free_list[numfree++] = self;
    else
        PyObject_Free(self);
}

static PyObject *
matrix_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"rows", NULL};
    PyObject *rows, *outer = NULL, *inner = NULL;
    MatrixObject *m = NULL;
    Py_ssize_t i, j, nrows, ncols;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Matrix", kwlist, &rows))
        return NULL;
    outer = PySequence_Fast(rows, "Matrix() needs a sequence of rows");
    if (outer == NULL)
        return NULL;
    nrows = PySequence_Fast_GET_SIZE(outer);
    for (i = 0; i < nrows; i++) {
        inner = PySequence_Fast(PySequence_Fast_GET_ITEM(outer, i), "each row must be a sequence");
        if (inner == NULL)
            goto error;
        if (m == NULL) {
            ncols = PySequence_Fast_GET_SIZE(inner);
            m = (MatrixObject *)Matrix_New(nrows, ncols);
            if (m == NULL)
                goto error;
        }
        if (PySequence_Fast_GET_SIZE(inner) != m->cols) {
            PyErr_SetString(GeomError, "rows must all have the same length");
            goto error;
        }
        for (j = 0; j < m->cols; j++) {
            if (geom_as_double(PySequence_Fast_GET_ITEM(inner, j), &MATRIX_AT(m, i, j)) < 0)
                goto error;
        }
        Py_CLEAR(inner);
    }
    Py_DECREF(outer);
    if (m == NULL)
        PyErr_SetString(GeomError, "empty matrix");
    return (PyObject *)m;

  error:
    Py_XDECREF(inner);
    Py_XDECREF(m);
    Py_DECREF(outer);
    return NULL;
}

static PyObject *
matrix_tolist(MatrixObject *self, PyObject *Py_UNUSED(ignored))
{
    PyObject *result = PyList_New(self->rows);
    Py_ssize_t i, j;

    if (result == NULL)
        return NULL;
    for (i = 0; i < self->rows; i++) {
        PyObject *row = PyList_New(self->cols);
        if (row == NULL) {
            Py_DECREF(result);
            return NULL;
        }
        PyList_SET_ITEM(result, i, row);
        for (j = 0; j < self->cols; j++) {
            PyObject *x = PyFloat_FromDouble(MATRIX_AT(self, i, j));
            if (x == NULL) {
                Py_DECREF(result);
                return NULL;
            }
            PyList_SET_ITEM(row, j, x);
        }
    }
    return result;
}

static PyObject *
matrix_repr(MatrixObject *self)
{
    PyObject *lst = matrix_tolist(self, NULL), *r;
    if (lst == NULL)
        return NULL;
    r = PyUnicode_FromFormat("Matrix(%R)", lst);
    Py_DECREF(lst);
    return r;
}

static PyObject *
matrix_transpose(MatrixObject *self, PyObject *Py_UNUSED(ignored))
{
    MatrixObject *t = (MatrixObject *)Matrix_New(self->cols, self->rows);
    Py_ssize_t i, j;
    if (t == NULL)
        return NULL;
    for (i = 0; i < self->rows; i++)
        for (j = 0; j < self->cols; j++)
            MATRIX_AT(t, j, i) = MATRIX_AT(self, i, j);
    return (PyObject *)t;
}

/* --------------------------------------------------------- mapping protocol */

static int
matrix_index(MatrixObject *self, PyObject *key, Py_ssize_t *i, Py_ssize_t *j)
{
    if (!PyTuple_Check(key) || PyTuple_GET_SIZE(key) != 2) {
        PyErr_SetString(PyExc_TypeError, "matrix indices must be (row, column) pairs");
        return -1;
    }
    *i = PyNumber_AsSsize_t(PyTuple_GET_ITEM(key, 0), PyExc_IndexError);
    if (*i == -1 && PyErr_Occurred())
        return -1;
    *j = PyNumber_AsSsize_t(PyTuple_GET_ITEM(key, 1), PyExc_IndexError);
    if (*j == -1 && PyErr_Occurred())
        return -1;
    if (*i < 0 || *i >= self->rows || *j < 0 || *j >= self->cols) {
        PyErr_SetString(PyExc_IndexError, "matrix index out of range");
        return -1;
    }
    return 0;
}

static PyObject *
matrix_subscript(MatrixObject *self, PyObject *key)
{
    Py_ssize_t i, j;
    if (matrix_index(self, key, &i, &j) < 0)
        return NULL;
    return PyFloat_FromDouble(MATRIX_AT(self, i, j));
}

static int
matrix_ass_subscript(MatrixObject *self, PyObject *key, PyObject *value)
{
    Py_ssize_t i, j;
    if (value == NULL) {
        PyErr_SetString(GeomError, "cannot delete matrix elements");
        return -1;
    }
    if (matrix_index(self, key, &i, &j) < 0)
        return -1;
    return geom_as_double(value, &MATRIX_AT(self, i, j));
}

static PyMappingMethods matrix_as_mapping = {
    0,                                      /* mp_length */
    (binaryfunc)matrix_subscript,           /* mp_subscript */
    (objobjargproc)matrix_ass_subscript,    /* mp_ass_subscript */
};

/* ---------------------------------------------------------- number protocol */

static PyObject *
matrix_matmul(PyObject *a, PyObject *b)
{
    Py_ssize_t i, j, k;

    if (Matrix_Check(a) && Matrix_Check(b)) {
        MatrixObject *x = (MatrixObject *)a, *y = (MatrixObject *)b, *r;
        if (x->cols != y->rows) {
            PyErr_Format(GeomError, "shape mismatch: (%zd, %zd) @ (%zd, %zd)",
                         x->rows, x->cols, y->rows, y->cols);
            return NULL;
        }
        r = (MatrixObject *)Matrix_New(x->rows, y->cols);
        if (r == NULL)
            return NULL;
        for (i = 0; i < x->rows; i++)
            for (j = 0; j < y->cols; j++)
                for (k = 0; k < x->cols; k++)
                    MATRIX_AT(r, i, j) += MATRIX_AT(x, i, k) * MATRIX_AT(y, k, j);
        return (PyObject *)r;
    }
    if (Matrix_Check(a) && Vector_Check(b)) {           /* M @ v */
        MatrixObject *x = (MatrixObject *)a;
        PyObject *r;
        if (x->cols != VECTOR_LEN(b)) {
            PyErr_SetString(GeomError, "matrix and vector sizes do not match");
            return NULL;
        }
        r = Vector_New(x->rows);
        if (r == NULL)
            return NULL;
        for (i = 0; i < x->rows; i++)
            for (k = 0; k < x->cols; k++)
                VECTOR_DATA(r)[i] += MATRIX_AT(x, i, k) * VECTOR_DATA(b)[k];
        return r;
    }
    if (Vector_Check(a) && Matrix_Check(b)) {           /* v @ M: right operand */
        MatrixObject *y = (MatrixObject *)b;
        PyObject *r;
        if (y->rows != VECTOR_LEN(a)) {
            PyErr_SetString(GeomError, "vector and matrix sizes do not match");
            return NULL;
        }
        r = Vector_New(y->cols);
        if (r == NULL)
            return NULL;
        for (j = 0; j < y->cols; j++)
            for (k = 0; k < y->rows; k++)
                VECTOR_DATA(r)[j] += VECTOR_DATA(a)[k] * MATRIX_AT(y, k, j);
        return r;
    }
    Py_RETURN_NOTIMPLEMENTED;
}

static PyObject *
matrix_mul(PyObject *a, PyObject *b)
{
    MatrixObject *src, *r;
    PyObject *scalar;
    double k;
    Py_ssize_t i;

    if ((Matrix_Check(a) || Vector_Check(a)) && (Matrix_Check(b) || Vector_Check(b)))
        return matrix_matmul(a, b);
    if (Matrix_Check(a)) {
        src = (MatrixObject *)a;
        scalar = b;
    }
    else {
        src = (MatrixObject *)b;                        /* k * M */
        scalar = a;
    }
    if (!PyNumber_Check(scalar))
        Py_RETURN_NOTIMPLEMENTED;
    if (geom_as_double(scalar, &k) < 0)
        return NULL;
    r = (MatrixObject *)Matrix_New(src->rows, src->cols);
    if (r == NULL)
        return NULL;
    for (i = 0; i < src->rows * src->cols; i++)
        r->data[i] = src->data[i] * k;
    return (PyObject *)r;
}

static PyNumberMethods matrix_as_number = {
    .nb_multiply = matrix_mul,
    .nb_matrix_multiply = matrix_matmul,
};

static PyObject *
matrix_get_shape(MatrixObject *self, void *closure)
{
    return Py_BuildValue("(nn)", self->rows, self->cols);
}

static PyGetSetDef matrix_getset[] = {
    {"shape", (getter)matrix_get_shape, NULL, "(rows, cols)", NULL},
    {NULL}
};

static PyMethodDef matrix_methods[] = {
    {"tolist", (PyCFunction)matrix_tolist, METH_NOARGS, "list of rows"},
    {"transpose", (PyCFunction)matrix_transpose, METH_NOARGS, "transposed copy"},
    {NULL, NULL, 0, NULL}
};

/* not subclassable: the free list assumes exact instances */
GEOM_NO_EXPORT PyTypeObject Matrix_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = GEOM_MODULE_NAME ".Matrix",
    .tp_basicsize = sizeof(MatrixObject),
    .tp_dealloc = (destructor)matrix_dealloc,
    .tp_repr = (reprfunc)matrix_repr,
    .tp_as_number = &matrix_as_number,
    .tp_as_mapping = &matrix_as_mapping,
    .tp_hash = PyObject_HashNotImplemented,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_doc = "Matrix(rows)\n\nA dense matrix of floats.",
    .tp_methods = matrix_methods,
    .tp_getset = matrix_getset,
    .tp_new = matrix_new,
};
