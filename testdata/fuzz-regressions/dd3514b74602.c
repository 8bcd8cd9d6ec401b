#include <Python.h>

static struct PyModuleDef m_def = {PyModuleDef_HEAD_INIT, "m", NULL, 0, NULL};

PyMODINIT_FUNC
PyInit_m(void)
{
    PyObject *m = PyModuleDef_Init(&m_def);
    if (PyState_AddModule(m, &m_def) < 0)
        return NULL;
    return m;
}
