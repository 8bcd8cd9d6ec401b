/* Writes a fixed frame marker to a file descriptor. The marker is kept as
 * bytes with an alignment the kernel likes, and handed out as an iovec in a
 * capsule, the way security bindings hand out OIDs. */
#include <Python.h>
#include <sys/uio.h>

typedef union { unsigned char b[8]; unsigned long long ull; } align8;

static align8 frame_magic_bytes = { { 0x89, 'F', 'R', 'M', 0x0d, 0x0a } };
static struct iovec frame_magic = { NULL, 6 };

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *FrameError; /* was: static PyObject *FrameError */
} framing_state;

static inline framing_state *
get_framing_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (framing_state *)state;
}

static int
framing_traverse(PyObject *module, visitproc visit, void *arg)
{
    framing_state *st = get_framing_state(module);
    Py_VISIT(st->FrameError);
    return 0;
}

static int
framing_clear(PyObject *module)
{
    framing_state *st = get_framing_state(module);
    Py_CLEAR(st->FrameError);
    return 0;
}

static void
framing_free(void *module)
{
    (void)framing_clear((PyObject *)module);
}

static PyObject *
send_magic(PyObject *self, PyObject *args)
{
    int fd;
    PyObject *capsule;
    struct iovec *iov;
    ssize_t n;

    if (!PyArg_ParseTuple(args, "iO:send_magic", &fd, &capsule))
        return NULL;
    iov = (struct iovec *)PyCapsule_GetPointer(capsule, "framing.MAGIC");
    if (iov == NULL)
        return NULL;
    n = writev(fd, iov, 1);
    if (n < 0)
        return PyErr_SetFromErrno(PyExc_OSError);
    if ((size_t)n != iov->iov_len) {
        framing_state *st = get_framing_state(self);
        PyErr_SetString(st->FrameError, "short write");
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef framing_methods[] = {
    {"send_magic", send_magic, METH_VARARGS, "Write the frame marker to fd."},
    {NULL, NULL, 0, NULL}
};

static int framing_exec(PyObject *m);

static PyModuleDef_Slot framing_slots[] = {
    {Py_mod_exec, (void *)framing_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef framing_module = {
    PyModuleDef_HEAD_INIT, "framing", NULL, sizeof(framing_state), framing_methods,
    framing_slots,
    framing_traverse,
    framing_clear,
    framing_free
};

static int
framing_exec(PyObject *m)
{
    framing_state *st = get_framing_state(m);
    PyObject *capsule;

    st->FrameError = PyErr_NewException("framing.FrameError", NULL, NULL);
    if (st->FrameError == NULL)
        return -1;
    Py_INCREF(st->FrameError);
    if (PyModule_AddObject(m, "FrameError", st->FrameError) < 0) {
        Py_DECREF(st->FrameError);
        return -1;
    }
    frame_magic.iov_base = &frame_magic_bytes.b;
    capsule = PyCapsule_New(&frame_magic, "framing.MAGIC", NULL);
    if (capsule == NULL || PyModule_AddObject(m, "MAGIC", capsule) < 0) {
        Py_XDECREF(capsule);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_framing(void)
{
    return PyModuleDef_Init(&framing_module);
}
