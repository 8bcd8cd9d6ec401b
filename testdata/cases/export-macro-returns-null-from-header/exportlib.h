#ifndef EXPORTLIB_H
#define EXPORTLIB_H

/* A library header's way to publish a value from an init: it returns NULL
   from the function that uses it when publishing fails. */
#define EXPORT_VALUE(D, N, V) \
    if (exportlib_publish((D), (N), (V)) < 0) return NULL;

static int
exportlib_publish(PyObject *dict, const char *name, PyObject *value)
{
    int r;

    if (value == NULL) {
        return -1;
    }
    r = PyDict_SetItemString(dict, name, value);
    Py_DECREF(value);
    return r;
}

#endif
