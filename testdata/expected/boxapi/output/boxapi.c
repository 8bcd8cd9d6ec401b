/* boxapi -- integer boxes with a C API exported through a capsule.
 *
 * The API table holds the Box type and two functions: BoxAPI_New() gets nothing but a long (it
 * needs the type from the module), BoxAPI_Value() gets a box.
 */
#define PY_SSIZE_T_CLEAN
#define BOXAPI_MODULE
#include "boxapi_api.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *BoxError;               /* was: static PyObject *BoxError */
    PyTypeObject *Box_Type;           /* was: static PyTypeObject Box_Type */
    void *api_table[BoxAPI_pointers]; /* was: static void *api[BoxAPI_pointers] (the exported C-API
                                         table) */
} boxapi_state;

static struct PyModuleDef boxapi_module;

static inline boxapi_state *
get_boxapi_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (boxapi_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline boxapi_state *
boxapi_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &boxapi_module);
    return module == NULL ? NULL : get_boxapi_state(module);
}

static int
boxapi_traverse(PyObject *module, visitproc visit, void *arg)
{
    boxapi_state *st = get_boxapi_state(module);
    Py_VISIT(st->BoxError);
    Py_VISIT(st->Box_Type);
    return 0;
}

static int
boxapi_clear(PyObject *module)
{
    boxapi_state *st = get_boxapi_state(module);
    Py_CLEAR(st->BoxError);
    Py_CLEAR(st->Box_Type);
    return 0;
}

static void
boxapi_free(void *module)
{
    (void)boxapi_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
boxapi_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                   int disallow_new)
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
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

/* The legacy C-API's module: the main interpreter's first one (set in exec, never freed). */
static boxapi_state *boxapi_main_state = NULL;

static boxapi_state *
boxapi_legacy_state(void)
{
    if (boxapi_main_state == NULL || PyInterpreterState_Get() != PyInterpreterState_Main()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "boxapi C-API: this function works in the main interpreter only");
        return NULL;
    }
    return boxapi_main_state;
}

static long BoxAPI_Value_impl(boxapi_state *st, PyObject *obj);
static PyObject *BoxAPI_New_impl(boxapi_state *st, long value);

#define Box_Check(st, op) PyObject_TypeCheck(op, st->Box_Type)

static PyObject *
BoxAPI_New_impl(boxapi_state *st, long value)
{
    BoxAPIObject *self = PyObject_GC_New(BoxAPIObject, st->Box_Type);
    if (self == NULL)
        return NULL;
    self->value = value;
    PyObject_GC_Track(self);
    return (PyObject *)self;
}

/* For the C-API table: the main interpreter's module (pyext-isolate). */
static PyObject *
BoxAPI_New(long value)
{
    boxapi_state *st = boxapi_legacy_state();
    if (st == NULL)
        return NULL;
    return BoxAPI_New_impl(st, value);
}

static long
BoxAPI_Value_impl(boxapi_state *st, PyObject *obj)
{
    if (!Box_Check(st, obj)) {
        PyErr_Format(st->BoxError, "expected a boxapi.Box, not %.200s", Py_TYPE(obj)->tp_name);
        return -1;
    }
    return ((BoxAPIObject *)obj)->value;
}

/* For the C-API table: the module of obj's type, else the main interpreter's module
 * (pyext-isolate). */
static long
BoxAPI_Value(PyObject *obj)
{
    boxapi_state *st = boxapi_get_state_by_type(Py_TYPE(obj));
    if (st == NULL) {
        PyErr_Clear();
        st = boxapi_legacy_state();
    }
    if (st == NULL)
        return -1;
    return BoxAPI_Value_impl(st, obj);
}

static int
Box_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static void
Box_dealloc(PyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
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

static PyType_Slot Box_slots[] = {
    {Py_tp_dealloc, (void *)Box_dealloc},
    {Py_tp_doc, (void *)"An integer box."},
    {Py_tp_traverse, (void *)Box_traverse},
    {Py_tp_methods, (void *)Box_methods},
    {Py_tp_new, (void *)Box_new},
    {0, NULL},
};

static PyType_Spec Box_spec = {
    .name = "boxapi.Box",
    .basicsize = sizeof(BoxAPIObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Box_slots,
};

static PyObject *
boxapi_make(PyObject *module, PyObject *arg)
{
    boxapi_state *st = get_boxapi_state(module);
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return BoxAPI_New_impl(st, v);
}

static PyObject *
boxapi_value(PyObject *module, PyObject *arg)
{
    boxapi_state *st = get_boxapi_state(module);
    long v = BoxAPI_Value_impl(st, arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(v);
}

static PyMethodDef boxapi_methods[] = {
    {"make", boxapi_make, METH_O, "make(int) -> Box, through the C API"},
    {"value", boxapi_value, METH_O, "value(box) -> int, through the C API"},
    {NULL, NULL, 0, NULL},
};

static int boxapi_exec(PyObject *m);

static PyModuleDef_Slot boxapi_slots[] = {
    {Py_mod_exec, (void *)boxapi_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef boxapi_module = {
    PyModuleDef_HEAD_INIT, "boxapi", "Integer boxes with a C API.", sizeof(boxapi_state), boxapi_methods,
    boxapi_slots,
    boxapi_traverse,
    boxapi_clear,
    boxapi_free
};

static int
boxapi_exec(PyObject *m)
{
    boxapi_state *st = get_boxapi_state(m);
    PyObject *capsule;

    if (boxapi_create_type(m, &Box_spec, NULL, &st->Box_Type, 0) < 0)
        return -1;
    st->BoxError = PyErr_NewException("boxapi.BoxError", PyExc_TypeError, NULL);
    if (st->BoxError == NULL)
        goto error;
    Py_INCREF(st->BoxError);
    if (PyModule_AddObject(m, "BoxError", st->BoxError) < 0) {
        Py_DECREF(st->BoxError);
        goto error;
    }
    Py_INCREF(st->Box_Type);
    if (PyModule_AddObject(m, "Box", (PyObject *)st->Box_Type) < 0) {
        Py_DECREF(st->Box_Type);
        goto error;
    }

    st->api_table[BoxAPI_Type_NUM] = (void *)st->Box_Type;
    st->api_table[BoxAPI_New_NUM] = (void *)BoxAPI_New;
    st->api_table[BoxAPI_Value_NUM] = (void *)BoxAPI_Value;
    /* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */
    if (boxapi_main_state == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {
        boxapi_main_state = st;
        Py_INCREF(m); /* kept alive until exit */
    }
    capsule = PyCapsule_New((void *)st->api_table, BoxAPI_CAPSULE_NAME, NULL);
    if (capsule == NULL)
        goto error;
    if (PyModule_AddObject(m, "_C_API", capsule) < 0) {
        Py_DECREF(capsule);
        goto error;
    }
    return 0;

  error:
    return -1;
}

PyMODINIT_FUNC
PyInit_boxapi(void)
{
    return PyModuleDef_Init(&boxapi_module);
}
