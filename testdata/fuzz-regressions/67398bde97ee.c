#include"tagapi_api.h"
static*tagapi_unwrap(t*a{}Object*tagapi_unwrap;TagAPI_Interface tagapi_capi={tagapi_unwrap;PyModuleDef tagapi_module={};y
PyInit_(d{t m=PyModule_Create(&tagapi_module);{}PyCapsule_New(tagapi_capi);}