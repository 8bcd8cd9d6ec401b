/* stamp: formats timestamps in local time. localtime() returns a buffer of the C library shared by
 * the whole process, so every call is taken under one process-wide lock. */
#include <Python.h>
#include <time.h>

#ifdef HAVE_PTHREAD_H
#include <pthread.h>
static pthread_mutex_t stamp_mutex = PTHREAD_MUTEX_INITIALIZER;
#define LOCK() pthread_mutex_lock(&stamp_mutex)
#define UNLOCK() pthread_mutex_unlock(&stamp_mutex)
#else
#define LOCK()
#define UNLOCK()
#endif

static PyObject *
stamp_format(PyObject *self, PyObject *args)
{
    long seconds;
    const char *fmt = "%Y-%m-%d";
    char buf[128];
    size_t n = 0;
    time_t t;
    struct tm *tm;

    if (!PyArg_ParseTuple(args, "l|s", &seconds, &fmt))
        return NULL;
    t = (time_t)seconds;

    LOCK();
    tm = localtime(&t);
    if (tm != NULL)
        n = strftime(buf, sizeof(buf), fmt, tm);
    UNLOCK();

    if (n == 0) {
        PyErr_SetString(PyExc_ValueError, "cannot format that time");
        return NULL;
    }
    return PyUnicode_FromStringAndSize(buf, (Py_ssize_t)n);
}

static PyObject *
stamp_year(PyObject *self, PyObject *arg)
{
    long seconds = PyLong_AsLong(arg);
    time_t t;
    int year = -1;

    if (seconds == -1 && PyErr_Occurred())
        return NULL;
    t = (time_t)seconds;
    LOCK();
    {
        struct tm *tm = localtime(&t);
        if (tm != NULL)
            year = tm->tm_year + 1900;
    }
    UNLOCK();
    return PyLong_FromLong(year);
}

static PyMethodDef stamp_methods[] = {
    {"format", stamp_format, METH_VARARGS, "format(seconds, fmt='%Y-%m-%d') in local time."},
    {"year", stamp_year, METH_O, "The local year of a time in seconds."},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef stamp_module = {
    PyModuleDef_HEAD_INIT, "stamp", NULL, -1, stamp_methods
};

PyMODINIT_FUNC
PyInit_stamp(void)
{
    return PyModule_Create(&stamp_module);
}
