/* Platform and feature code under #ifdef: psutil keeps a Windows version number set at init,
 * netifaces resolves a Windows function lazily, and a feature the build may switch off
 * (-DPLATMOD_NO_STATS) guards a cache. Only this build's branches are compiled; the others must stay as they were. */
#include <Python.h>
#include <stddef.h>

#ifdef PLATMOD_WINDOWS
typedef long (*version_fn)(void);
#endif

#ifdef PLATMOD_WINDOWS
static int PLATMOD_WINVER;  /* set at init on Windows only */

static int
platmod_set_winver(void)
{
    PLATMOD_WINVER = 0x0A00;
    return 0;
}

static long
fallback_version(void)
{
    return 6;
}

static version_fn
get_version_fn(void)
{
    static int ptr_is_set;
    static version_fn ptr;

    if (!ptr_is_set) {
        ptr = fallback_version;
        ptr_is_set = 1;
    }
    return ptr;
}
#endif

#ifndef PLATMOD_NO_STATS
/* How often platform() ran, and the last name it returned. */
static long platform_calls;
static PyObject *last_name = NULL;
#endif

static PyObject *
platform(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    PyObject *name;

#ifdef PLATMOD_WINDOWS
    name = PyUnicode_FromFormat("windows %x.%ld", PLATMOD_WINVER, get_version_fn()());
#else
    name = PyUnicode_FromString("posix");
#endif
    if (name == NULL)
        return NULL;
#ifndef PLATMOD_NO_STATS
    platform_calls++;
    Py_INCREF(name);
    Py_XSETREF(last_name, name);
#endif
    return name;
}

static PyObject *
stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
#ifndef PLATMOD_NO_STATS
    return Py_BuildValue("lO", platform_calls, last_name ? last_name : Py_None);
#else
    Py_RETURN_NONE;
#endif
}

static PyMethodDef platmod_methods[] = {
    {"platform", platform, METH_NOARGS, NULL},
    {"stats", stats, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef platmod_module = {
    PyModuleDef_HEAD_INIT,
    "platmod",
    NULL,
    -1,
    platmod_methods
};

PyMODINIT_FUNC
PyInit_platmod(void)
{
#ifdef PLATMOD_WINDOWS
    if (platmod_set_winver() < 0)
        return NULL;
#endif
    return PyModule_Create(&platmod_module);
}
