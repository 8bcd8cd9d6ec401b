/* Writes a fixed frame marker to a file descriptor. The marker is kept as
 * bytes with an alignment the kernel likes, and handed out as an iovec in a
 * capsule, the way security bindings hand out OIDs. */
#include <Python.h>
#include <sys/uio.h>

typedef union { unsigned char b[8]; unsigned long long ull; } align8;

static align8 frame_magic_bytes = { { 0x89, 'F', 'R', 'M', 0x0d, 0x0a } };
static struct iovec frame_magic = { NULL, 6 };

static PyObject *FrameError;

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
        PyErr_SetString(FrameError, "short write");
        return NULL;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef framing_methods[] = {
    {"send_magic", send_magic, METH_VARARGS, "Write the frame marker to fd."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef framing_module = {
    PyModuleDef_HEAD_INIT, "framing", NULL, -1, framing_methods
};

PyMODINIT_FUNC
PyInit_framing(void)
{
    PyObject *m, *capsule;

    m = PyModule_Create(&framing_module);
    if (m == NULL)
        return NULL;
    FrameError = PyErr_NewException("framing.FrameError", NULL, NULL);
    if (FrameError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    Py_INCREF(FrameError);
    if (PyModule_AddObject(m, "FrameError", FrameError) < 0) {
        Py_DECREF(FrameError);
        Py_DECREF(m);
        return NULL;
    }
    frame_magic.iov_base = &frame_magic_bytes.b;
    capsule = PyCapsule_New(&frame_magic, "framing.MAGIC", NULL);
    if (capsule == NULL || PyModule_AddObject(m, "MAGIC", capsule) < 0) {
        Py_XDECREF(capsule);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
