/* Platform and feature code under #ifdef: psutil keeps a Windows version number set at init,
 * netifaces resolves a Windows function lazily, and a feature the build may switch off
 * (-DPLATMOD_NO_STATS) guards a cache. Only this build's branches are compiled; the others must stay as they were. */
#include <Python.h>
#include <stddef.h>

#ifdef PLATMOD_WINDOWS
typedef long (*version_fn)(void);
#endif

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
#ifdef PLATMOD_WINDOWS
    int PLATMOD_WINVER;  /* was: static int PLATMOD_WINVER */
    int ptr_is_set;      /* was: static int ptr_is_set in get_version_fn() */
    version_fn ptr;      /* was: static version_fn ptr in get_version_fn() */
#endif
#ifndef PLATMOD_NO_STATS
    /* How often platform() ran, and the last name it returned. */
    long platform_calls; /* was: static long platform_calls */
    PyObject *last_name; /* was: static PyObject *last_name */
#endif
} platmod_state;

static inline platmod_state *
get_platmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (platmod_state *)state;
}

static int
platmod_traverse(PyObject *module, visitproc visit, void *arg)
{
#ifndef PLATMOD_NO_STATS
    platmod_state *st = get_platmod_state(module);
    Py_VISIT(st->last_name);
#endif
    return 0;
}

static int
platmod_clear(PyObject *module)
{
#ifndef PLATMOD_NO_STATS
    platmod_state *st = get_platmod_state(module);
    Py_CLEAR(st->last_name);
#endif
    return 0;
}

static void
platmod_free(void *module)
{
    (void)platmod_clear((PyObject *)module);
}

#ifdef PLATMOD_WINDOWS

static int
platmod_set_winver(platmod_state *st)
{
    st->PLATMOD_WINVER = 0x0A00;
    return 0;
}

static long
fallback_version(void)
{
    return 6;
}

static version_fn
get_version_fn(platmod_state *st)
{

    if (!st->ptr_is_set) {
        st->ptr = fallback_version;
        st->ptr_is_set = 1;
    }
    return st->ptr;
}
#endif

static PyObject *
platform(PyObject *module, PyObject *Py_UNUSED(ignored))
{
#if defined(PLATMOD_WINDOWS) || !defined(PLATMOD_NO_STATS)
    platmod_state *st = get_platmod_state(module);
#endif
    PyObject *name;

#ifdef PLATMOD_WINDOWS
    name = PyUnicode_FromFormat("windows %x.%ld", st->PLATMOD_WINVER, get_version_fn(st)());
#else
    name = PyUnicode_FromString("posix");
#endif
    if (name == NULL)
        return NULL;
#ifndef PLATMOD_NO_STATS
    st->platform_calls++;
    Py_INCREF(name);
    Py_XSETREF(st->last_name, name);
#endif
    return name;
}

static PyObject *
stats(PyObject *module, PyObject *Py_UNUSED(ignored))
{
#ifndef PLATMOD_NO_STATS
    platmod_state *st = get_platmod_state(module);
#endif
#ifndef PLATMOD_NO_STATS
    return Py_BuildValue("lO", st->platform_calls, st->last_name ? st->last_name : Py_None);
#else
    Py_RETURN_NONE;
#endif
}

static PyMethodDef platmod_methods[] = {
    {"platform", platform, METH_NOARGS, NULL},
    {"stats", stats, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int platmod_exec(PyObject *module);

static PyModuleDef_Slot platmod_slots[] = {
    {Py_mod_exec, (void *)platmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef platmod_module = {
    PyModuleDef_HEAD_INIT,
    "platmod",
    NULL,
    sizeof(platmod_state),
    platmod_methods,
    platmod_slots,
    platmod_traverse,
    platmod_clear,
    platmod_free
};

static int
platmod_exec(PyObject *module)
{
#ifdef PLATMOD_WINDOWS
    platmod_state *st = get_platmod_state(module);
#endif
#ifdef PLATMOD_WINDOWS
    if (platmod_set_winver(st) < 0)
        return -1;
#endif
    (void)module;
    return 0;
}

PyMODINIT_FUNC
PyInit_platmod(void)
{
    return PyModuleDef_Init(&platmod_module);
}
