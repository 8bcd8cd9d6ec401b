/* verify fixture: builds only with -DVFLAGS_SCALE=<n> -DVFLAGS_ON and -I<this dir>/inc
   (from the command line or from compile_commands.json). */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "vflags_answer.h"

#if !defined(VFLAGS_SCALE) || !defined(VFLAGS_ON)
#error "vflags needs -DVFLAGS_SCALE=<n> and -DVFLAGS_ON"
#endif

static int
vflags_exec(PyObject *module)
{
    return PyModule_AddIntConstant(module, "answer", VFLAGS_ANSWER * VFLAGS_SCALE);
}

static PyModuleDef_Slot vflags_slots[] = {
    {Py_mod_exec, vflags_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vflags_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "vflags",
    .m_size = 0,
    .m_slots = vflags_slots,
};

PyMODINIT_FUNC
PyInit_vflags(void)
{
    return PyModuleDef_Init(&vflags_module);
}
