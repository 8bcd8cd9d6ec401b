/* tally.h -- what every file of the tally extension shares: the Python 2/3 spellings of the
 * module's init, the head of its types, its storage class for private functions, and the type
 * check. */
#ifndef TALLY_H
#define TALLY_H

#include <Python.h>

#if PY_MAJOR_VERSION >= 3
#define MOD_ERROR_VAL NULL
#define MOD_SUCCESS_VAL(val) val
#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    static struct PyModuleDef moduledef = { \
        PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \
    ob = PyModule_Create(&moduledef);
#else
#define MOD_ERROR_VAL
#define MOD_SUCCESS_VAL(val)
#define MOD_INIT(name) void init##name(void)
#define MOD_DEF(ob, name, doc, methods) \
    ob = Py_InitModule3(name, methods, doc);
#endif

#define TALLY_HEAD(type) PyVarObject_HEAD_INIT(type, 0)
#define TALLY_LOCAL static

#if defined(__GNUC__)
#define TALLY_SWITCH_BEGIN _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wswitch-enum\"")
#define TALLY_SWITCH_END _Pragma("GCC diagnostic pop")
#else
#define TALLY_SWITCH_BEGIN
#define TALLY_SWITCH_END
#endif

typedef enum { TALLY_ADD, TALLY_SUB, TALLY_RESET } tally_op;

typedef struct {
    PyObject_HEAD
    long count;
} TallyObject;

extern PyTypeObject TallyType;

#define Tally_Check(op) PyObject_TypeCheck(op, &TallyType)

#endif /* TALLY_H */
