/* ringbuf: fixed-size rings of Python objects. The types live in ring.c, which readies them
 * in ring_init_types() before the module exists, as modules of the Python 2 era did. */
#include "ring.h"
#include "ringbuf_state.h"

static PyMethodDef ringbuf_methods[] = {
    {NULL, NULL, 0, NULL}
};

static int
ringbuf_traverse(PyObject *module, visitproc visit, void *arg)
{
    ringbuf_state *st = get_ringbuf_state(module);
    Py_VISIT(st->RingType);
    return 0;
}

static int
ringbuf_clear(PyObject *module)
{
    ringbuf_state *st = get_ringbuf_state(module);
    Py_CLEAR(st->RingType);
    return 0;
}

static void
ringbuf_free(void *module)
{
    (void)ringbuf_clear((PyObject *)module);
}

static int ringbuf_exec(PyObject *m);

static PyModuleDef_Slot ringbuf_slots[] = {
    {Py_mod_exec, (void *)ringbuf_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef ringbuf_module = {
    PyModuleDef_HEAD_INIT,
    "ringbuf",
    "Fixed-size rings of Python objects.",
    sizeof(ringbuf_state),
    ringbuf_methods,
    ringbuf_slots,
    ringbuf_traverse,
    ringbuf_clear,
    ringbuf_free
};

static int
ringbuf_exec(PyObject *m)
{

    if (ring_init_types(m) < 0)
        return -1;
    if (ring_register(m) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_ringbuf(void)
{
    return PyModuleDef_Init(&ringbuf_module);
}
