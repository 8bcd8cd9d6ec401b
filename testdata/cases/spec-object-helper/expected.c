/* A streaming session whose type is created from a spec; a shared helper readies a session
 * before each operation and raises the module's error when the settings are out of range. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "session.h"
#include "pyext_isolate_compat.h"

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *SessionError;    /* was: static PyObject *SessionError */
    PyTypeObject *SessionType; /* was: static PyTypeObject *SessionType */
} streamsess_state;

static struct PyModuleDef streamsess_module;

static inline streamsess_state *get_streamsess_state(PyObject *module) {
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (streamsess_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline streamsess_state *streamsess_get_state_by_type(PyTypeObject *type) {
    PyObject *module = PyType_GetModuleByDef(type, &streamsess_module);
    return module == NULL ? NULL : get_streamsess_state(module);
}

static int streamsess_traverse(PyObject *module, visitproc visit, void *arg) {
    streamsess_state *st = get_streamsess_state(module);
    Py_VISIT(st->SessionError);
    Py_VISIT(st->SessionType);
    return 0;
}

static int streamsess_clear(PyObject *module) {
    streamsess_state *st = get_streamsess_state(module);
    Py_CLEAR(st->SessionError);
    Py_CLEAR(st->SessionType);
    return 0;
}

static void streamsess_free(void *module) {
    (void)streamsess_clear((PyObject *)module);
}

int ensure_session(Session *session, int reset_used) {
    if (session->window < 16 || session->window > 4096) {
        streamsess_state *st = streamsess_get_state_by_type(Py_TYPE(session));
        if (st == NULL) {
            return 1;
        }
        PyErr_Format(st->SessionError, "window %ld is out of range 16..4096", session->window);
        return 1;
    }
    if (session->format != 0 && session->format != 1) {
        streamsess_state *st = streamsess_get_state_by_type(Py_TYPE(session));
        if (st == NULL) {
            return 1;
        }
        PyErr_Format(st->SessionError, "unknown format %d", session->format);
        return 1;
    }
    if (reset_used) {
        session->used = 0;
    }
    return 0;
}

static int Session_init(Session *self, PyObject *args, PyObject *kwargs) {
    static char *kwlist[] = {"window", "format", NULL};
    long window = 1024;
    int format = 0;

    if (!PyArg_ParseTupleAndKeywords(args, kwargs, "|li:Session", kwlist, &window, &format)) {
        return -1;
    }
    self->window = window;
    self->format = format;
    self->used = 0;
    return 0;
}

static PyObject *Session_feed(Session *self, PyObject *data) {
    Py_ssize_t n = PyObject_Length(data);

    if (n < 0) {
        return NULL;
    }
    if (ensure_session(self, 0)) {
        return NULL;
    }
    if (self->used + n > self->window) {
        streamsess_state *st = streamsess_get_state_by_type(Py_TYPE(self));
        if (st == NULL) {
            return NULL;
        }
        PyErr_SetString(st->SessionError, "window is full");
        return NULL;
    }
    self->used += (long)n;
    return PyLong_FromLong(self->window - self->used);
}

static PyObject *Session_reset(Session *self, PyObject *Py_UNUSED(ignored)) {
    if (ensure_session(self, 1)) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *Session_get_window(Session *self, void *closure) {
    return PyLong_FromLong(self->window);
}

static int Session_set_window(Session *self, PyObject *value, void *closure) {
    long v;

    if (value == NULL) {
        PyErr_SetString(PyExc_AttributeError, "cannot delete window");
        return -1;
    }
    v = PyLong_AsLong(value);
    if (v == -1 && PyErr_Occurred()) {
        return -1;
    }
    self->window = v;
    return 0;
}

static void Session_dealloc(Session *self) {
    PyTypeObject *tp = Py_TYPE(self);

    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyMethodDef Session_methods[] = {
    {"feed", (PyCFunction)Session_feed, METH_O, "Account for data; return the room left."},
    {"reset", (PyCFunction)Session_reset, METH_NOARGS, "Check the settings and empty the window."},
    {NULL, NULL, 0, NULL}
};

static PyGetSetDef Session_getset[] = {
    {"window", (getter)Session_get_window, (setter)Session_set_window, "window size", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyType_Slot Session_slots[] = {
    {Py_tp_dealloc, Session_dealloc},
    {Py_tp_init, Session_init},
    {Py_tp_methods, Session_methods},
    {Py_tp_getset, Session_getset},
    {Py_tp_new, PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Session_spec = {
    "streamsess.Session",
    sizeof(Session),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    Session_slots,
};

static int streamsess_exec(PyObject *m);

static PyModuleDef_Slot streamsess_slots[] = {
    {Py_mod_exec, (void *)streamsess_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef streamsess_module = {
    PyModuleDef_HEAD_INIT,
    "streamsess",
    "Streaming sessions.",
    sizeof(streamsess_state),
    NULL,
    streamsess_slots,
    streamsess_traverse,
    streamsess_clear,
    streamsess_free
};

static int streamsess_exec(PyObject *m) {
    streamsess_state *st = get_streamsess_state(m);

    st->SessionError = PyErr_NewException("streamsess.SessionError", NULL, NULL);
    if (st->SessionError == NULL) {
        return -1;
    }
    Py_INCREF(st->SessionError);
    if (PyModule_AddObject(m, "SessionError", st->SessionError) < 0) {
        Py_DECREF(st->SessionError);
        return -1;
    }
    st->SessionType = (PyTypeObject *)PyType_FromModuleAndSpec(m, &Session_spec, NULL);
    if (st->SessionType == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        return -1;
    }
    Py_INCREF(st->SessionType);
    if (PyModule_AddObject(m, "Session", (PyObject *)st->SessionType) < 0) {
        Py_DECREF(st->SessionType);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC PyInit_streamsess(void) {
    return PyModuleDef_Init(&streamsess_module);
}
