/*
 * pastenames: describes objects by their dunder attributes. The attribute names are interned
 * once; their globals are declared and filled through token-pasting macros, one line per name.
 */
#include <Python.h>

#define DECLARE_STRING(S) static PyObject *str_##S;
DECLARE_STRING(__name__)
DECLARE_STRING(__module__)
DECLARE_STRING(__qualname__)

/* Filled in init; a failure leaves the module uncreated. */
#define INIT_STRING(S) \
    if (!(str_##S = PyUnicode_InternFromString(#S))) \
        return NULL

/* The attribute of `o` named S, as a new reference (NULL with an exception set). */
#define GET_ATTR(o, S) PyObject_GetAttr((o), str_##S)

/* Separators, declared the usual way and filled by a helper of init (persistent's layout). */
static PyObject *py_dot, *py_colon;

static int
init_separators(void)
{
#define DEFINE_SEPARATOR(NAME, TEXT) \
    if (!(py_ ## NAME = PyUnicode_InternFromString(TEXT))) \
        return -1
    DEFINE_SEPARATOR(dot, ".");
    DEFINE_SEPARATOR(colon, ":");
#undef DEFINE_SEPARATOR
    return 0;
}

static PyObject *
describe(PyObject *module, PyObject *args)
{
    PyObject *ob, *mod, *name, *res;
    int colon = 0;

    if (!PyArg_ParseTuple(args, "O|p:describe", &ob, &colon))
        return NULL;
    mod = GET_ATTR(ob, __module__);
    if (mod == NULL)
        return NULL;
    name = PyObject_HasAttr(ob, str___qualname__) ? GET_ATTR(ob, __qualname__) : GET_ATTR(ob, __name__);
    if (name == NULL) {
        Py_DECREF(mod);
        return NULL;
    }
    res = PyUnicode_FromFormat("%U%U%U", mod, colon ? py_colon : py_dot, name);
    Py_DECREF(mod);
    Py_DECREF(name);
    return res;
}

static PyObject *
names(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyTuple_Pack(3, str___name__, str___module__, str___qualname__);
}

static PyMethodDef pastenames_methods[] = {
    {"describe", describe, METH_VARARGS, "describe(ob, colon=False) -> 'module.qualname'"},
    {"names", names, METH_NOARGS, "the interned attribute names"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef pastenames_module = {
    PyModuleDef_HEAD_INIT,
    "pastenames",
    "Describe objects by their dunder attributes.",
    -1,
    pastenames_methods
};

PyMODINIT_FUNC
PyInit_pastenames(void)
{
    PyObject *m;

    INIT_STRING(__name__);
    INIT_STRING(__module__);
    INIT_STRING(__qualname__);
    if (init_separators() < 0)
        return NULL;
    m = PyModule_Create(&pastenames_module);
    if (m == NULL)
        return NULL;
    return m;
}
