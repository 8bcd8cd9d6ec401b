/* netkind: tells addresses from networks. The ipaddress module and two of its classes are
 * imported on first use; the loader resets all three with one chained store first, so a
 * failed import leaves them NULL together. */
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ipaddress_module; /* was: static PyObject *ipaddress_module */
    PyObject *address_base;     /* was: static PyObject *address_base */
    PyObject *network_base;     /* was: static PyObject *network_base */
    int imported;               /* was: static int imported */
} netkind_state;

static inline netkind_state *
get_netkind_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (netkind_state *)state;
}

static int
netkind_traverse(PyObject *module, visitproc visit, void *arg)
{
    netkind_state *st = get_netkind_state(module);
    Py_VISIT(st->ipaddress_module);
    Py_VISIT(st->address_base);
    Py_VISIT(st->network_base);
    return 0;
}

static int
netkind_clear(PyObject *module)
{
    netkind_state *st = get_netkind_state(module);
    Py_CLEAR(st->ipaddress_module);
    Py_CLEAR(st->address_base);
    Py_CLEAR(st->network_base);
    return 0;
}

static void
netkind_free(void *module)
{
    (void)netkind_clear((PyObject *)module);
}

static int
import_ipaddress(netkind_state *st)
{
    st->ipaddress_module = st->address_base = st->network_base = NULL;
    st->imported = 1;
    st->ipaddress_module = PyImport_ImportModule("ipaddress");
    if (st->ipaddress_module == NULL)
        return -1;
    st->address_base = PyObject_GetAttrString(st->ipaddress_module, "_BaseAddress");
    if (st->address_base == NULL)
        return -1;
    st->network_base = PyObject_GetAttrString(st->ipaddress_module, "_BaseNetwork");
    if (st->network_base == NULL)
        return -1;
    return 0;
}

static PyObject *
netkind_kind(PyObject *module, PyObject *arg)
{
    netkind_state *st = get_netkind_state(module);
    int r;

    if (!st->imported && import_ipaddress(st) < 0)
        return NULL;
    if (st->address_base == NULL || st->network_base == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "ipaddress could not be imported");
        return NULL;
    }
    r = PyObject_IsInstance(arg, st->address_base);
    if (r < 0)
        return NULL;
    if (r)
        return PyUnicode_FromString("address");
    r = PyObject_IsInstance(arg, st->network_base);
    if (r < 0)
        return NULL;
    return PyUnicode_FromString(r ? "network" : "other");
}

static PyMethodDef netkind_methods[] = {
    {"kind", netkind_kind, METH_O, "kind(x): 'address', 'network' or 'other'."},
    {NULL, NULL, 0, NULL}
};

static int netkind_exec(PyObject *module);

static PyModuleDef_Slot netkind_slots[] = {
    {Py_mod_exec, (void *)netkind_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef netkind_module = {
    PyModuleDef_HEAD_INIT,
    "netkind",
    "Tells IP addresses from networks.",
    sizeof(netkind_state),
    netkind_methods,
    netkind_slots,
    netkind_traverse,
    netkind_clear,
    netkind_free
};

static int
netkind_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_netkind(void)
{
    return PyModuleDef_Init(&netkind_module);
}
