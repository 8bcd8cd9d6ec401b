/* boxapi -- integer boxes with a C API exported through a capsule.
 *
 * The API table holds the Box type and two functions: BoxAPI_New() gets nothing but a long (it
 * needs the type from the module), BoxAPI_Value() gets a box.
 */
#define PY_SSIZE_T_CLEAN
#define BOXAPI_MODULE
#include "boxapi_api.h"

static PyObject *BoxError;      /* boxapi.BoxError */

static PyTypeObject Box_Type;

#define Box_Check(op) PyObject_TypeCheck(op, &Box_Type)

static PyObject *
BoxAPI_New(long value)
{
    BoxAPIObject *self = PyObject_GC_New(BoxAPIObject, &Box_Type);
    if (self == NULL)
        return NULL;
    self->value = value;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

static long
BoxAPI_Value(PyObject *obj)
{
    if (!Box_Check(obj)) {
        PyErr_Format(BoxError, "expected a boxapi.Box, not %.200s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    return ((BoxAPIObject *)obj)->value;
}

static int
Box_traverse(PyObject *self, visitproc visit, void *arg)
{
    return 0;
}

static void
Box_dealloc(PyObject *self)
{
    PyObject_GC_UnTrack(self);
    PyObject_GC_Del(self);
}

static PyObject *
Box_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    long v = 0;
    BoxAPIObject *self;
    if (!PyArg_ParseTuple(args, "|l:Box", &v))
        return NULL;
    self = (BoxAPIObject *)type->tp_alloc(type, 0);
    if (self != NULL)
        self->value = v;
    return (PyObject *)self;
}

static PyObject *
Box_get(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromLong(((BoxAPIObject *)self)->value);
}

static PyMethodDef Box_methods[] = {
    {"get", Box_get, METH_NOARGS, "the boxed value"},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject Box_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "boxapi.Box",
    .tp_basicsize = sizeof(BoxAPIObject),
    .tp_dealloc = Box_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE,
    .tp_doc = "An integer box.",
    .tp_traverse = Box_traverse,
    .tp_methods = Box_methods,
    .tp_new = Box_new,
};

static PyObject *
boxapi_make(PyObject *module, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return BoxAPI_New(v);
}

static PyObject *
boxapi_value(PyObject *module, PyObject *arg)
{
    long v = BoxAPI_Value(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(v);
}

static PyMethodDef boxapi_methods[] = {
    {"make", boxapi_make, METH_O, "make(int) -> Box, through the C API"},
    {"value", boxapi_value, METH_O, "value(box) -> int, through the C API"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef boxapi_module = {
    PyModuleDef_HEAD_INIT, "boxapi", "Integer boxes with a C API.", -1, boxapi_methods
};

PyMODINIT_FUNC
PyInit_boxapi(void)
{
    static void *api[BoxAPI_pointers];
    PyObject *m, *capsule;

    if (PyType_Ready(&Box_Type) < 0)
        return NULL;
    m = PyModule_Create(&boxapi_module);
    if (m == NULL)
        return NULL;
    BoxError = PyErr_NewException("boxapi.BoxError", PyExc_TypeError, NULL);
    if (BoxError == NULL)
        goto error;
    Py_INCREF(BoxError);
    if (PyModule_AddObject(m, "BoxError", BoxError) < 0) {
        Py_DECREF(BoxError);
        goto error;
    }
    Py_INCREF(&Box_Type);
    if (PyModule_AddObject(m, "Box", (PyObject *)&Box_Type) < 0) {
        Py_DECREF(&Box_Type);
        goto error;
    }

    api[BoxAPI_Type_NUM] = (void *)&Box_Type;
    api[BoxAPI_New_NUM] = (void *)BoxAPI_New;
    api[BoxAPI_Value_NUM] = (void *)BoxAPI_Value;
    capsule = PyCapsule_New((void *)api, BoxAPI_CAPSULE_NAME, NULL);
    if (capsule == NULL)
        goto error;
    if (PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_DECREF(capsule);
        goto error;
    }
    return m;

  error:
    Py_DECREF(m);
    return NULL;
}
