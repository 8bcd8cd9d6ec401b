/* A streaming session whose type is created from a spec; a shared helper readies a session
 * before each operation and raises the module's error when the settings are out of range. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#include "session.h"

static PyObject *SessionError;
static PyTypeObject *SessionType;

int ensure_session(Session *session, int reset_used) {
    if (session->window < 16 || session->window > 4096) {
        PyErr_Format(SessionError, "window %ld is out of range 16..4096", session->window);
        return 1;
    }
    if (session->format != 0 && session->format != 1) {
        PyErr_Format(SessionError, "unknown format %d", session->format);
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
        PyErr_SetString(SessionError, "window is full");
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

static struct PyModuleDef streamsess_module = {
    PyModuleDef_HEAD_INIT,
    "streamsess",
    "Streaming sessions.",
    -1,
    NULL
};

PyMODINIT_FUNC PyInit_streamsess(void) {
    PyObject *m = PyModule_Create(&streamsess_module);

    if (m == NULL) {
        return NULL;
    }
    SessionError = PyErr_NewException("streamsess.SessionError", NULL, NULL);
    if (SessionError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(SessionError);
    if (PyModule_AddObject(m, "SessionError", SessionError) < 0) {
        Py_DECREF(SessionError);
        Py_DECREF(m);
        return NULL;
    }
    SessionType = (PyTypeObject *)PyType_FromSpec(&Session_spec);
    if (SessionType == NULL) {
        /* 3.12 and 3.13 can fail to copy the name without setting MemoryError */
        if (!PyErr_Occurred()) {
            PyErr_NoMemory();
        }
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(SessionType);
    if (PyModule_AddObject(m, "Session", (PyObject *)SessionType) < 0) {
        Py_DECREF(SessionType);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
