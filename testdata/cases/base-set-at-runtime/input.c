/* An exception type written in C whose base is only known at run time: PyExc_ValueError is a
 * pointer, not a constant a static initializer may hold, so the init function sets tp_base
 * before readying the type. As a heap type the base is an argument of the type's creation. */
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyException_HEAD
    PyObject *position;
} ParseErrorObject;

static int
ParseError_traverse(ParseErrorObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->position);
    return ((PyTypeObject *)PyExc_ValueError)->tp_traverse((PyObject *)self, visit, arg);
}

static int
ParseError_clear(ParseErrorObject *self)
{
    Py_CLEAR(self->position);
    return ((PyTypeObject *)PyExc_ValueError)->tp_clear((PyObject *)self);
}

static void
ParseError_dealloc(ParseErrorObject *self)
{
    PyObject_GC_UnTrack(self);
    ParseError_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyMemberDef ParseError_members[] = {
    {"position", T_OBJECT, offsetof(ParseErrorObject, position), 0, "Where parsing stopped."},
    {NULL},
};

static PyTypeObject ParseError_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "kvparse.ParseError",
    .tp_basicsize = sizeof(ParseErrorObject),
    .tp_dealloc = (destructor)ParseError_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Raised for text that is not key=value pairs.",
    .tp_traverse = (traverseproc)ParseError_traverse,
    .tp_clear = (inquiry)ParseError_clear,
    .tp_members = ParseError_members,
};

static PyObject *
parse_error(const char *what, Py_ssize_t at)
{
    PyObject *exc = PyObject_CallFunction((PyObject *)&ParseError_Type, "s", what);
    PyObject *pos;
    if (exc == NULL)
        return NULL;
    pos = PyLong_FromSsize_t(at);
    if (pos == NULL) {
        Py_DECREF(exc);
        return NULL;
    }
    Py_XSETREF(((ParseErrorObject *)exc)->position, pos);
    PyErr_SetObject((PyObject *)&ParseError_Type, exc);
    Py_DECREF(exc);
    return NULL;
}

static PyObject *
kvparse_parse(PyObject *module, PyObject *arg)
{
    Py_ssize_t n, i = 0;
    const char *s = PyUnicode_AsUTF8AndSize(arg, &n);
    PyObject *result;
    if (s == NULL)
        return NULL;
    result = PyDict_New();
    if (result == NULL)
        return NULL;
    while (i < n) {
        Py_ssize_t key = i, eq, end;
        PyObject *k, *v;
        int rc;
        while (i < n && s[i] != '=' && s[i] != ';')
            i++;
        if (i == n || s[i] != '=') {
            Py_DECREF(result);
            return parse_error("expected '='", i);
        }
        eq = i++;
        while (i < n && s[i] != ';')
            i++;
        end = i;
        k = PyUnicode_FromStringAndSize(s + key, eq - key);
        v = PyUnicode_FromStringAndSize(s + eq + 1, end - eq - 1);
        rc = (k == NULL || v == NULL) ? -1 : PyDict_SetItem(result, k, v);
        Py_XDECREF(k);
        Py_XDECREF(v);
        if (rc < 0) {
            Py_DECREF(result);
            return NULL;
        }
        if (i < n)
            i++;
    }
    return result;
}

static PyMethodDef kvparse_methods[] = {
    {"parse", kvparse_parse, METH_O, "Parse 'k=v;k2=v2' into a dict."},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef kvparse_module = {
    PyModuleDef_HEAD_INIT, "kvparse", "key=value parsing.", -1, kvparse_methods
};

PyMODINIT_FUNC
PyInit_kvparse(void)
{
    PyObject *m;

    ParseError_Type.tp_base = (PyTypeObject *)PyExc_ValueError;
    if (PyType_Ready(&ParseError_Type) < 0)
        return NULL;

    m = PyModule_Create(&kvparse_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&ParseError_Type);
    if (PyModule_AddObject(m, "ParseError", (PyObject *)&ParseError_Type) < 0) {
        Py_DECREF(&ParseError_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
