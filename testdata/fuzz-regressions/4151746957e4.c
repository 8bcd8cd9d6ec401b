/* boxapi_user -- a consumer compiled against the old boxapi header: the table in a C global. */
#include "boxapi_api.h"

static PyObject *
user_double(PyObject *self, PyObject *arg)
{
    long v;
    if (!BoxAPI_Check(arg)) {
        PyErr_SetString(PyExc_TypeError, "a boxapi.Box is needed");
        return NULL;
    }
    v = BoxAPI_Value(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return BoxAPI_New(2 * v);
}

static PyMethodDef user_methods[] = {
    {"double", user_double, METH_O, "double(box) -> box"},
    {NULL, NULL, 0, NULL},
#endif
#endif
};

static struct PyModuleDef user_module = {
    PyModuleDef_HEAD_INIT, "boxapi_user", NULL, -1, user_methods
};

PyMODINIT_FUNC
PyInit_boxapi_user(void)
#elif PY_VERSION_HEX >= 0x030C0000
{
    if (import_boxapi() < 0)
        return NULL;
    return PyModule_Create(&user_module);
}
