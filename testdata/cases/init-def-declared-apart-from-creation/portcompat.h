/* Python 2/3 helpers of the porting guides' kind: the module def is declared by one macro, at the
 * top of the init, and the module is created from it by another, later. The def's name is pasted
 * from the module variable's. */
#ifndef PORTCOMPAT_H
#define PORTCOMPAT_H

#if PY_MAJOR_VERSION >= 3
#define MOD_DECL(ob, name, doc, methods) \
    static struct PyModuleDef ob##_moduledef = { \
        PyModuleDef_HEAD_INIT, name, doc, -1, methods, };
#define MOD_DEF(ob) \
    ob = PyModule_Create(&ob##_moduledef);
#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)
#define RETURN_MOD_INIT_ERROR return ((PyObject *)NULL)
#define RETURN_MOD_INIT_SUCCESS(modvar) return modvar
#else
#define MOD_DECL(ob, name, doc, methods) \
    char *ob##_name = name; \
    char *ob##_doc = doc; \
    PyMethodDef *ob##_methods = methods;
#define MOD_DEF(ob) \
    ob = Py_InitModule3(ob##_name, ob##_methods, ob##_doc);
#define MOD_INIT(name) PyMODINIT_FUNC init##name(void)
#define RETURN_MOD_INIT_ERROR return
#define RETURN_MOD_INIT_SUCCESS(modvar) return
#endif

#endif /* PORTCOMPAT_H */
