phase.
 *
 * Copyright 2014-2021 The Spamlib Authors.  MIT licensed.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"

#define SPAMLIB_VERSION "1.4.2"#define SPAM_MAX_TAGS 64
PyTypeObject Record_Type={};PyModuleDef spamlibmodule={s;M
PyInit_(){if(PyType_Ready(&Record_Type)m=PyModule_Create(&spamlibmodule);;