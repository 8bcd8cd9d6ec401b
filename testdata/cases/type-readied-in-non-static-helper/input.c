/* ringbuf: fixed-size rings of Python objects. The types live in ring.c, which readies them
 * in ring_init_types() before the module exists, as modules of the Python 2 era did. */
#include "ring.h"

static PyMethodDef ringbuf_methods[] = {
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef ringbuf_module = {
    PyModuleDef_HEAD_INIT,
    "ringbuf",
    "Fixed-size rings of Python objects.",
    -1,
    ringbuf_methods
};

PyMODINIT_FUNC
PyInit_ringbuf(void)
{
    PyObject *m;

    if (ring_init_types() < 0)
        return NULL;
    m = PyModule_Create(&ringbuf_module);
    if (m == NULL)
        return NULL;
    if (ring_register(m) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
