/* A regex engine's match-capture type: the type object comes first with only its name and size,
 * its slots are functions written further down and filled in by the init function. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    Py_ssize_t group;
    Py_ssize_t start;
    Py_ssize_t end;
} CaptureObject;

static PyTypeObject Capture_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "matchcap.Capture",
    sizeof(CaptureObject)
};

static PyObject *
capture(PyObject *module, PyObject *args)
{
    CaptureObject *c;
    Py_ssize_t group, start, end;
    if (!PyArg_ParseTuple(args, "nnn", &group, &start, &end))
        return NULL;
    c = PyObject_New(CaptureObject, &Capture_Type);
    if (c == NULL)
        return NULL;
    c->group = group;
    c->start = start;
    c->end = end;
    return (PyObject *)c;
}

static void
capture_dealloc(PyObject *self)
{
    PyObject_Free(self);
}

static PyObject *
capture_str(PyObject *self)
{
    CaptureObject *c = (CaptureObject *)self;
    return PyUnicode_FromFormat("<capture %zd: %zd-%zd>", c->group, c->start, c->end);
}

static Py_ssize_t
capture_length(PyObject *self)
{
    CaptureObject *c = (CaptureObject *)self;
    return c->end - c->start;
}

static PyObject *
capture_span(PyObject *self, PyObject *unused)
{
    CaptureObject *c = (CaptureObject *)self;
    return Py_BuildValue("nn", c->start, c->end);
}

static PyMethodDef capture_methods[] = {
    {"span", capture_span, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static PySequenceMethods capture_as_sequence = {
    capture_length,
};

static PyMethodDef matchcap_methods[] = {
    {"capture", capture, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef matchcap_module = {
    PyModuleDef_HEAD_INIT, "matchcap", NULL, -1, matchcap_methods
};

PyMODINIT_FUNC
PyInit_matchcap(void)
{
    PyObject *m;

    Capture_Type.tp_dealloc = capture_dealloc;
    Capture_Type.tp_str = capture_str;
    Capture_Type.tp_methods = capture_methods;
    Capture_Type.tp_as_sequence = &capture_as_sequence;
    Capture_Type.tp_flags = Py_TPFLAGS_DEFAULT;
    if (PyType_Ready(&Capture_Type) < 0)
        return NULL;
    m = PyModule_Create(&matchcap_module);
    return m;
}
