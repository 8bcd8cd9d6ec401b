/* Already multi-phase, and it declares own-GIL support, but a call counter is a plain C global:
 * in two subinterpreters with their own GIL that counter is raced on. Nothing is rewritten; the
 * claim is pointed out next to the hazard that makes it untrue. */
#include <Python.h>

static unsigned long calls;

static PyObject *
counted(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    calls++;
    return PyLong_FromUnsignedLong(calls);
}

static PyMethodDef claim_methods[] = {
    {"counted", counted, METH_NOARGS, "How often this was called, in the whole process."},
    {NULL, NULL, 0, NULL}
};

static PyModuleDef_Slot claim_slots[] = {
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef claim_module = {
    PyModuleDef_HEAD_INIT, "claim", NULL, 0, claim_methods, claim_slots,
};

PyMODINIT_FUNC
PyInit_claim(void)
{
    return PyModuleDef_Init(&claim_module);
}
