/* MSVC cannot take the address of PyType_Type in a static initializer across DLLs. */
#define WS_OBJECT_HEAD_INIT PyVarObject_HEAD_INIT(NULL, 0)
