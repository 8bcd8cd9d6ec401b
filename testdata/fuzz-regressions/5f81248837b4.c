#include "tagapi_api.h"
static*tagapi_unwrap(PyObject *tagged{
}
PyObject *
    tagapi_unwrap,;
TagAPI_Interface tagapi_capi = {
    tagapi_unwrap,;
PyModuleDef tagapi_module = {
    };
PyMODINIT_FUNC
PyInit_tagapi(void{
    PyObject m = PyModule_Create(&tagapi_module);{
    }
    PyCapsule_New(&tagapi_capi);
}