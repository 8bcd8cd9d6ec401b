/* netkind: tells addresses from networks. The ipaddress module and two of its classes are
 * imported on first use; the loader resets all three with one chained store first, so a
 * failed import leaves them NULL together. */
#include <Python.h>

static PyObject *ipaddress_module = NULL;
static PyObject *address_base = NULL;
static PyObject *network_base = NULL;
static int imported = 0;

static int
import_ipaddress(void)
{
    ipaddress_module = address_base = network_base = NULL;
    imported = 1;
    ipaddress_module = PyImport_ImportModule("ipaddress");
    if (ipaddress_module == NULL)
        return -1;
    address_base = PyObject_GetAttrString(ipaddress_module, "_BaseAddress");
    if (address_base == NULL)
        return -1;
    network_base = PyObject_GetAttrString(ipaddress_module, "_BaseNetwork");
    if (network_base == NULL)
        return -1;
    return 0;
}

static PyObject *
netkind_kind(PyObject *module, PyObject *arg)
{
    int r;

    if (!imported && import_ipaddress() < 0)
        return NULL;
    if (address_base == NULL || network_base == NULL) {
        PyErr_SetString(PyExc_RuntimeError, "ipaddress could not be imported");
        return NULL;
    }
    r = PyObject_IsInstance(arg, address_base);
    if (r < 0)
        return NULL;
    if (r)
        return PyUnicode_FromString("address");
    r = PyObject_IsInstance(arg, network_base);
    if (r < 0)
        return NULL;
    return PyUnicode_FromString(r ? "network" : "other");
}

static PyMethodDef netkind_methods[] = {
    {"kind", netkind_kind, METH_O, "kind(x): 'address', 'network' or 'other'."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef netkind_module = {
    PyModuleDef_HEAD_INIT,
    "netkind",
    "Tells IP addresses from networks.",
    -1,
    netkind_methods
};

PyMODINIT_FUNC
PyInit_netkind(void)
{
    return PyModule_Create(&netkind_module);
}
