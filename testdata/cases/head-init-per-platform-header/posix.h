/* Elsewhere the metatype can be named right away. */
#define WS_OBJECT_HEAD_INIT PyVarObject_HEAD_INIT(&PyType_Type, 0)
