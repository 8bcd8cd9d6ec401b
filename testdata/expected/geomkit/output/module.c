/* module.c - the geomkit extension module: init and module-level functions.
 *
 * Vector_Type lives in vector.c and Matrix_Type in matrix.c; both are made
 * ready and added here.  GeomError is shared with the other files through
 * geomkit.h.
 */
#include "geomkit.h"
#include <math.h>

/* geomkit.GeometryError, a ValueError subclass; raised from all three files */
GEOM_NO_EXPORT PyObject *GeomError = NULL;

GEOM_NO_EXPORT int
geom_as_double(PyObject *obj, double *out)
{
    double d = PyFloat_AsDouble(obj);
    if (d == -1.0 && PyErr_Occurred())
        return -1;
    *out = d;
    return 0;
}

static PyObject *
import_attr(const char *modname, const char *attr)
{
    PyObject *mod = PyImport_ImportModule(modname), *res;
    if (mod == NULL)
        return NULL;
    res = PyObject_GetAttrString(mod, attr);
    Py_DECREF(mod);
    return res;
}

PyDoc_STRVAR(geom_cross__doc__,
"cross(a, b) -> Vector\n\n"
"Cross product of two 3-vectors.");

static PyObject *
geom_cross(PyObject *self, PyObject *args)
{
    PyObject *a, *b;
    double r[3], *x, *y;

    if (!PyArg_ParseTuple(args, "O!O!:cross", &Vector_Type, &a, &Vector_Type, &b))
        return NULL;
    if (VECTOR_LEN(a) != 3 || VECTOR_LEN(b) != 3) {
        PyErr_SetString(GeomError, "cross() needs two 3-vectors");
        return NULL;
    }
    x = VECTOR_DATA(a);
    y = VECTOR_DATA(b);
    r[0] = x[1] * y[2] - x[2] * y[1];
    r[1] = x[2] * y[0] - x[0] * y[2];
    r[2] = x[0] * y[1] - x[1] * y[0];
    return Vector_FromDoubles(r, 3);
}

PyDoc_STRVAR(geom_identity__doc__,
"identity(n) -> Matrix\n\n"
"The n x n identity matrix.");

static PyObject *
geom_identity(PyObject *self, PyObject *arg)
{
    Py_ssize_t n, i;
    PyObject *m;

    n = PyNumber_AsSsize_t(arg, PyExc_OverflowError);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    m = Matrix_New(n, n);
    if (m == NULL)
        return NULL;
    for (i = 0; i < n; i++)
        MATRIX_AT((MatrixObject *)m, i, i) = 1.0;
    return m;
}

PyDoc_STRVAR(geom_isclose__doc__,
"isclose(a, b, *, rel_tol=1e-09, abs_tol=0.0) -> bool\n\n"
"math.isclose() applied component-wise to two vectors.");

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *math_isclose; /* was: static PyObject *math_isclose in geom_isclose() */
} geomkit_state;

static inline geomkit_state *
get_geomkit_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (geomkit_state *)state;
}

static int
geomkit_traverse(PyObject *module, visitproc visit, void *arg)
{
    geomkit_state *st = get_geomkit_state(module);
    Py_VISIT(st->math_isclose);
    return 0;
}

static int
geomkit_clear(PyObject *module)
{
    geomkit_state *st = get_geomkit_state(module);
    Py_CLEAR(st->math_isclose);
    return 0;
}

static void
geomkit_free(void *module)
{
    (void)geomkit_clear((PyObject *)module);
}

static PyObject *
geom_isclose(PyObject *self, PyObject *args, PyObject *kwds)
{
    geomkit_state *st = get_geomkit_state(self);
    static char *kwlist[] = {"a", "b", "rel_tol", "abs_tol", NULL};
    PyObject *a, *b, *kw = NULL, *res = NULL;
    double rel_tol = 1e-09, abs_tol = 0.0;
    Py_ssize_t i;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O!O!|$dd:isclose", kwlist,
                                     &Vector_Type, &a, &Vector_Type, &b,
                                     &rel_tol, &abs_tol))
        return NULL;
    if (st->math_isclose == NULL && (st->math_isclose = import_attr("math", "isclose")) == NULL)
        return NULL;
    if (VECTOR_LEN(a) != VECTOR_LEN(b))
        Py_RETURN_FALSE;
    kw = Py_BuildValue("{s:d,s:d}", "rel_tol", rel_tol, "abs_tol", abs_tol);
    if (kw == NULL)
        return NULL;
    for (i = 0; i < VECTOR_LEN(a); i++) {
        PyObject *pair = Py_BuildValue("(dd)", VECTOR_DATA(a)[i], VECTOR_DATA(b)[i]);
        int truth;
        if (pair == NULL)
            goto done;
        res = PyObject_Call(st->math_isclose, pair, kw);
        Py_DECREF(pair);
        if (res == NULL)
            goto done;
        truth = PyObject_IsTrue(res);
        if (truth <= 0) {
            if (truth < 0)
                Py_CLEAR(res);
            goto done;
        }
        Py_DECREF(res);
        res = NULL;
    }
    res = Py_True;
    Py_INCREF(res);
done:
    Py_DECREF(kw);
    return res;
}

static PyObject *
geom_clear_freelist(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(Matrix_ClearFreeList());
}

static PyMethodDef geom_methods[] = {
    {"cross", geom_cross, METH_VARARGS, geom_cross__doc__},
    {"identity", geom_identity, METH_O, geom_identity__doc__},
    {"isclose", (PyCFunction)(void (*)(void))geom_isclose, METH_VARARGS | METH_KEYWORDS,
     geom_isclose__doc__},
    {"_clear_freelist", geom_clear_freelist, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int geomkit_exec(PyObject *m);

static PyModuleDef_Slot geomkit_slots[] = {
    {Py_mod_exec, (void *)geomkit_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef geommodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = GEOM_MODULE_NAME,
    .m_doc = "Small dense vectors and matrices.",
    .m_size = sizeof(geomkit_state),
    .m_methods = geom_methods,
    .m_slots = geomkit_slots,
    .m_traverse = geomkit_traverse,
    .m_clear = geomkit_clear,
    .m_free = geomkit_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int geomkit_loaded_once = 0;

static int
geomkit_exec(PyObject *m)
{

    if (geomkit_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "geomkit cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&Vector_Type) < 0 || PyType_Ready(&Matrix_Type) < 0)
        return -1;

    GeomError = PyErr_NewExceptionWithDoc(GEOM_MODULE_NAME ".GeometryError",
                                          "Invalid geometric operation.",
                                          PyExc_ValueError, NULL);
    if (GeomError == NULL)
        goto fail;
    Py_INCREF(GeomError);
    if (PyModule_AddObject(m, "GeometryError", GeomError) < 0) {
        Py_DECREF(GeomError);
        goto fail;
    }
    Py_INCREF(&Vector_Type);
    if (PyModule_AddObject(m, "Vector", (PyObject *)&Vector_Type) < 0) {
        Py_DECREF(&Vector_Type);
        goto fail;
    }
    Py_INCREF(&Matrix_Type);
    if (PyModule_AddObject(m, "Matrix", (PyObject *)&Matrix_Type) < 0) {
        Py_DECREF(&Matrix_Type);
        goto fail;
    }
    geomkit_loaded_once = 1;
    return 0;

fail:
    return -1;
}

PyMODINIT_FUNC
PyInit_geomkit(void)
{
    return PyModuleDef_Init(&geommodule);
}
