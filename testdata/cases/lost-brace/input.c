/* A function whose opening brace is never matched in tree-sitter's reading (here: the file ends
 * inside it, as a half-written or truncated file does). Everything after that brace is read as
 * part of the function, so file-scope definitions there could be missed: check says so instead
 * of reporting the file as clean. */
#include <Python.h>

static PyTypeObject CounterType;

static PyObject *
total(PyObject *module, PyObject *args)
{
    long n;
    if (!PyArg_ParseTuple(args, "l", &n))
        return NULL;
    if (n > 0) {
        n = n * (n - 1) / 2;
    return PyLong_FromLong(n);
}
