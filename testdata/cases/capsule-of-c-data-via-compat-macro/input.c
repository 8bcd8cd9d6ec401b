/* A C struct handed to Python by address in a capsule, made through the file's Python 2
 * compatibility macro; a function takes the capsule back and reads the struct through it. The
 * capsule can outlive the module (a caller keeps it across a re-import), so the struct must stay
 * one per process and never move into a module state that is freed with the module. */
#include <Python.h>

#define PyCObject_FromVoidPtr(ptr, destructor) PyCapsule_New(ptr, NULL, destructor)
#define PyCObject_AsVoidPtr(obj) PyCapsule_GetPointer(obj, NULL)
/* A second spelling, through the first macro. */
#define EXPORT_ADDRESS(ptr) PyCObject_FromVoidPtr((void *)(ptr), NULL)

typedef struct {
    int id;
    const char *label;
    double weight;
} Codec;

Codec codec_default = { 0, NULL, 0.0 };
static Codec codec_spare = { 7, "spare", 0.5 };

static PyObject *
codec_label(PyObject *self, PyObject *capsule)
{
    Codec *c = (Codec *)PyCObject_AsVoidPtr(capsule);
    if (c == NULL)
        return NULL;
    if (c->label == NULL)
        return PyUnicode_FromString("<unset>");
    return PyUnicode_FromFormat("%s/%d", c->label, c->id);
}

static PyMethodDef codec_methods[] = {
    {"label", codec_label, METH_O, "The label of the codec a capsule points at."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef codecmod_def = {
    PyModuleDef_HEAD_INIT, "codecmod", NULL, -1, codec_methods
};

PyMODINIT_FUNC
PyInit_codecmod(void)
{
    PyObject *m, *cap;

    m = PyModule_Create(&codecmod_def);
    if (m == NULL)
        return NULL;
    codec_default.id = 3;
    codec_default.label = "default";
    codec_default.weight = 1.0;
    cap = PyCObject_FromVoidPtr(&codec_default, NULL);
    if (cap == NULL || PyModule_AddObject(m, "DEFAULT", cap) < 0) {
        Py_XDECREF(cap);
        Py_DECREF(m);
        return NULL;
    }
    cap = EXPORT_ADDRESS(&codec_spare);
    if (cap == NULL || PyModule_AddObject(m, "SPARE", cap) < 0) {
        Py_XDECREF(cap);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
