#include <Python.h>
#include "platform.h"

typedef long (*step_fn)(long);

static long step_generic(long x) { return x + 1; }
#if defined(HAVE_FAST_PATH_X86)
static long step_x86(long x) { return x + 1; }
#elif defined(HAVE_FAST_PATH_ARM)
static long step_arm(long x) { return x + 1; }
#endif

static step_fn step;

static PyObject *
platmod_next(PyObject *m, PyObject *arg)
{
    long v = PyLong_AsLong(arg);
    if (v == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(step(v));
}

static PyMethodDef methods[] = {{"next", platmod_next, METH_O, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "platmod", NULL, -1, methods};

PyMODINIT_FUNC
PyInit_platmod(void)
{
    if (getenv("PLATMOD_GENERIC") != NULL) {
        step = step_generic;
    }
#if defined(HAVE_FAST_PATH_X86)
    else if (1) {
        step = step_x86;
    }
#elif defined(HAVE_FAST_PATH_ARM)
    else if (1) {
        step = step_arm;
    }
#endif
    else {
        step = step_generic;
    }
    return PyModule_Create(&def);
}
