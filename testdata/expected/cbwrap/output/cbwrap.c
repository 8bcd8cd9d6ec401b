/*
 * cbwrap -- Python bindings for evlib, a callback-based event library.
 *
 *   cbwrap.set_handler(fn)   fn(event) is called for every event
 *   cbwrap.Listener(fn)      a separately registered callback object
 *   cbwrap.post(event)       queue an event
 *   cbwrap.run()             deliver queued events (the GIL is released while
 *                            evlib runs; callbacks take it back themselves)
 *
 * evlib calls back with nothing but the user pointer it was given.  The
 * global handler is registered with a NULL user pointer, so its trampoline
 * can only find the handler through a C global.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "structmember.h"
#include "evlib.h"
#include "pyext_isolate_compat.h"

/* The function given to set_handler(), or NULL. */
static PyObject *handler = NULL;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct
{
    /* evlib handle of handler_trampoline, or -1 */
    int handler_slot;            /* was: static int handler_slot */
    PyTypeObject *Listener_Type; /* was: static PyTypeObject Listener_Type */
} cbwrap_state;

static inline cbwrap_state *
get_cbwrap_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (cbwrap_state *)state;
}

static int
cbwrap_traverse(PyObject *module, visitproc visit, void *arg)
{
    cbwrap_state *st = get_cbwrap_state(module);
    Py_VISIT(st->Listener_Type);
    return 0;
}

static int
cbwrap_clear(PyObject *module)
{
    cbwrap_state *st = get_cbwrap_state(module);
    Py_CLEAR(st->Listener_Type);
    return 0;
}

static void
cbwrap_free(void *module)
{
    (void)cbwrap_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
cbwrap_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                   int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL)
    {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL)
    {
        if (!PyErr_Occurred())
        {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new)
    {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

/* number of events delivered to the handler */
static unsigned long dispatched = 0;
/* Py_AtExit() may only be called a limited number of times */
static int atexit_registered = 0;

/* First exception raised by a callback during run(); re-raised when evlib
 * returns.  Callbacks cannot propagate exceptions through C. */
#if PY_VERSION_HEX >= 0x030C0000
static PyObject *saved_exc = NULL;
#else
static PyObject *saved_type = NULL;
static PyObject *saved_value = NULL;
static PyObject *saved_tb = NULL;
#endif

static void
save_exception(void)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (saved_exc == NULL)
    {
        saved_exc = PyErr_GetRaisedException();
        return;
    }
#else
    if (saved_type == NULL)
    {
        PyErr_Fetch(&saved_type, &saved_value, &saved_tb);
        return;
    }
#endif
    PyErr_WriteUnraisable(NULL);
}

static int
restore_exception(void)
{
#if PY_VERSION_HEX >= 0x030C0000
    if (saved_exc != NULL)
    {
        PyErr_SetRaisedException(saved_exc);
        saved_exc = NULL;
        return -1;
    }
#else
    if (saved_type != NULL)
    {
        PyErr_Restore(saved_type, saved_value, saved_tb);
        saved_type = saved_value = saved_tb = NULL;
        return -1;
    }
#endif
    return 0;
}

/* evlib callback for the global handler: no module, no self, only the GIL
 * state API to get back into Python. */
static void
handler_trampoline(void *userdata, int event)
{
    PyGILState_STATE gstate;
    PyObject *res;

    gstate = PyGILState_Ensure();
    if (handler != NULL)
    {
        dispatched++;
        res = PyObject_CallFunction(handler, "i", event);
        if (res == NULL)
            save_exception();
        else
            Py_DECREF(res);
    }
    PyGILState_Release(gstate);
}

/* ------------------------------------------------------------ Listener */

typedef struct
{
    PyObject_HEAD
    PyObject *callback;
    int slot;                   /* evlib handle, -1 when closed */
    long calls;
} ListenerObject;

/* evlib callback for Listener objects: userdata is the listener */
static void
listener_trampoline(void *userdata, int event)
{
    ListenerObject *self = (ListenerObject *)userdata;
    PyGILState_STATE gstate = PyGILState_Ensure();
    PyObject *res;

    self->calls++;
    res = PyObject_CallFunction(self->callback, "Oi", (PyObject *)self, event);
    if (res == NULL)
        save_exception();
    else
        Py_DECREF(res);
    PyGILState_Release(gstate);
}

static PyObject *
Listener_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"callback", NULL};
    PyObject *callback;
    ListenerObject *self;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "O:Listener", kwlist, &callback))
        return NULL;
    if (!PyCallable_Check(callback))
    {
        PyErr_SetString(PyExc_TypeError, "callback must be callable");
        return NULL;
    }
    self = (ListenerObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    Py_INCREF(callback);
    self->callback = callback;
    self->slot = register_callback(listener_trampoline, self);
    if (self->slot < 0)
    {
        Py_DECREF(self);
        PyErr_SetString(PyExc_RuntimeError, "too many evlib callbacks");
        return NULL;
    }
    /* evlib holds a borrowed pointer: keep ourselves alive until close() */
    Py_INCREF(self);
    return (PyObject *)self;
}

static PyObject *
Listener_close(ListenerObject *self, PyObject *Py_UNUSED(ignored))
{
    if (self->slot >= 0)
    {
        unregister_callback(self->slot);
        self->slot = -1;
        Py_DECREF(self);        /* the reference evlib held */
    }
    Py_RETURN_NONE;
}

static int
Listener_traverse(ListenerObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->callback);
    return 0;
}

static int
Listener_clear(ListenerObject *self)
{
    Py_CLEAR(self->callback);
    return 0;
}

static void
Listener_dealloc(ListenerObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Listener_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyMethodDef Listener_methods[] = {
    {"close", (PyCFunction)Listener_close, METH_NOARGS, "unregister from evlib"},
    {NULL, NULL, 0, NULL}
};

static PyMemberDef Listener_members[] = {
    {"calls", T_LONG, offsetof(ListenerObject, calls), READONLY, "events received"},
    {"callback", T_OBJECT, offsetof(ListenerObject, callback), READONLY, NULL},
    {NULL}
};

static PyType_Slot Listener_slots[] = {
    {Py_tp_dealloc, (void *)Listener_dealloc},
    {Py_tp_doc, (void *)"Listener(callback): callback(listener, event) for every event"},
    {Py_tp_traverse, (void *)Listener_traverse},
    {Py_tp_clear, (void *)Listener_clear},
    {Py_tp_methods, (void *)Listener_methods},
    {Py_tp_members, (void *)Listener_members},
    {Py_tp_new, (void *)Listener_new},
    {0, NULL},
};

static PyType_Spec Listener_spec = {
    .name = "cbwrap.Listener",
    .basicsize = sizeof(ListenerObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Listener_slots,
};

/* ------------------------------------------------------------ module */

static PyObject *
cbwrap_set_handler(PyObject *self, PyObject *fn)
{
    cbwrap_state *st = get_cbwrap_state(self);

    if (fn == Py_None)
    {
        if (st->handler_slot >= 0)
        {
            unregister_callback(st->handler_slot);
            st->handler_slot = -1;
        }
        Py_CLEAR(handler);
        Py_RETURN_NONE;
    }
    if (!PyCallable_Check(fn))
    {
        PyErr_SetString(PyExc_TypeError, "handler must be callable or None");
        return NULL;
    }
    if (st->handler_slot < 0)
    {
        st->handler_slot = register_callback(handler_trampoline, NULL);
        if (st->handler_slot < 0)
        {
            PyErr_SetString(PyExc_RuntimeError, "too many evlib callbacks");
            return NULL;
        }
    }
    Py_INCREF(fn);
    Py_XSETREF(handler, fn);
    Py_RETURN_NONE;
}

static PyObject *
cbwrap_post(PyObject *self, PyObject *args)
{
    int event;

    if (!PyArg_ParseTuple(args, "i:post", &event))
        return NULL;
    if (ev_post(event) < 0)
    {
        PyErr_SetString(PyExc_OverflowError, "evlib event queue is full");
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
cbwrap_run(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    int n;

    Py_BEGIN_ALLOW_THREADS
    n = ev_run();
    Py_END_ALLOW_THREADS
    if (restore_exception() < 0)
        return NULL;
    return PyLong_FromLong(n);
}

static PyObject *
cbwrap_stats(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return Py_BuildValue("{s:k,s:i,s:O}", "dispatched", dispatched,
                         "pending", ev_pending(),
                         "handler", handler != NULL ? handler : Py_None);
}

/* registered with atexit.register() in PyInit_cbwrap */
static PyObject *
cbwrap_atexit_cleanup(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    cbwrap_state *st = get_cbwrap_state(self);

    if (st->handler_slot >= 0)
    {
        unregister_callback(st->handler_slot);
        st->handler_slot = -1;
    }
    Py_CLEAR(handler);
    Py_RETURN_NONE;
}

/* Py_AtExit() hook: runs after the interpreter is gone, no Python here */
static void
cbwrap_c_atexit(void)
{
    ev_shutdown();
}

static PyMethodDef cbwrap_methods[] = {
    {"set_handler", cbwrap_set_handler, METH_O, "set_handler(fn or None)"},
    {"post", cbwrap_post, METH_VARARGS, "post(event: int)"},
    {"run", cbwrap_run, METH_NOARGS, "run() -> number of events delivered"},
    {"stats", cbwrap_stats, METH_NOARGS, NULL},
    {"_atexit_cleanup", cbwrap_atexit_cleanup, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int cbwrap_exec(PyObject *m);

static PyModuleDef_Slot cbwrap_slots[] = {
    {Py_mod_exec, (void *)cbwrap_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef cbwrapmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "cbwrap",
    .m_doc = "Bindings for the evlib event library.",
    .m_size = sizeof(cbwrap_state),
    .m_methods = cbwrap_methods,
    .m_slots = cbwrap_slots,
    .m_traverse = cbwrap_traverse,
    .m_clear = cbwrap_clear,
    .m_free = cbwrap_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int cbwrap_loaded_once = 0;

static int
cbwrap_exec(PyObject *m)
{
    cbwrap_state *st = get_cbwrap_state(m);
    PyObject *atexit_mod, *cleanup, *res;

    if (cbwrap_loaded_once)
    {
        PyErr_SetString(PyExc_ImportError, "cbwrap cannot be loaded more than once per process");
        return -1;
    }
    st->handler_slot = -1;
    if (cbwrap_create_type(m, &Listener_spec, NULL, &st->Listener_Type, 0) < 0)
        return -1;
    if (ev_init() < 0)
    {
        PyErr_SetString(PyExc_ImportError, "evlib failed to initialize");
        return -1;
    }

    Py_INCREF(st->Listener_Type);
    if (PyModule_AddObject(m, "Listener", (PyObject *)st->Listener_Type) < 0)
    {
        Py_DECREF(st->Listener_Type);
        goto error;
    }

    /* atexit.register(cbwrap._atexit_cleanup) */
    atexit_mod = PyImport_ImportModule("atexit");
    if (atexit_mod == NULL)
        goto error;
    cleanup = PyObject_GetAttrString(m, "_atexit_cleanup");
    if (cleanup == NULL)
    {
        Py_DECREF(atexit_mod);
        goto error;
    }
    res = PyObject_CallMethod(atexit_mod, "register", "O", cleanup);
    Py_DECREF(cleanup);
    Py_DECREF(atexit_mod);
    if (res == NULL)
        goto error;
    Py_DECREF(res);

    if (!atexit_registered)
    {
        if (Py_AtExit(cbwrap_c_atexit) < 0)
        {
            PyErr_SetString(PyExc_RuntimeError, "cannot register evlib shutdown");
            goto error;
        }
        atexit_registered = 1;
    }
    cbwrap_loaded_once = 1;
    return 0;

error:
    return -1;
}

PyMODINIT_FUNC
PyInit_cbwrap(void)
{
    return PyModuleDef_Init(&cbwrapmodule);
}
