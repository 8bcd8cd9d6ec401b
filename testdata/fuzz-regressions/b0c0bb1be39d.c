#include <Python.h>
typedef struct { PyObject *x; } m_state;
static int m_exec(PyObject *m) { return 0; }
static PyMethodDef m_methods[] = {{NULL, NULL, 0, NULL}};
static PyModuleDef_Slot m_slots[] = {
    {Py_mod_exec, m_exec},
#if PY_VERSION_HEX >= 0x030C0000
#else
#{
#endif
    {0, NULL},
};
static struct PyModuleDef m_module = {
    PyModuleDef_HEAD_INIT, "m", NULL, sizeof(m_state), m_methods, m_slots
};
PyMODINIT_FUNC
PyInit_m(void)
{
    return PyModuleDef_Init(&m_module);
}
