#define TAGAPI_MODULE
#include"tagapi_api.h"
#define Tagged_Check)TaggedType
static*tagapi_unwrap(ct*td{Tagged_Check}i
Tagged_traverse(d*arg{d tagapi_unwrap()}d
Tagged_dealloc(){}PyTypeObject TaggedType={,f(),0,Tagged_dealloc 0,,0,0,g 0,0
0,,0,,0,,0,T,,Tagged_traverse;TagAPI_Interface tagapi_capi={tagapi_unwrap;PyModuleDef tagapi_module={};C
PyInit_(){P m=PyModule_Create(&tagapi_module)PyCapsule_New(&tagapi_capi;