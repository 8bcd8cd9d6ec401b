#include <Python.h>
#include "cipher_state.h"

static int
cipher_traverse(PyObject *module, visitproc visit, void *arg)
{
    cipher_state *st = get_cipher_state(module);
    Py_VISIT(st->key);
    return 0;
}

static int
cipher_clear(PyObject *module)
{
    cipher_state *st = get_cipher_state(module);
    Py_CLEAR(st->key);
    return 0;
}

static void
cipher_free(void *module)
{
    (void)cipher_clear((PyObject *)module);
}

int helper_blocks(cipher_state *st);

static PyObject *
cipher_blocks(PyObject *self, PyObject *noargs)
{
    cipher_state *st = get_cipher_state(self);
    return PyLong_FromLong(helper_blocks(st));
}

static PyMethodDef cipher_methods[] = {
    {"blocks", cipher_blocks, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int cipher_exec(PyObject *m);

static PyModuleDef_Slot cipher_slots[] = {
    {Py_mod_exec, (void *)cipher_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef cipher_def = {PyModuleDef_HEAD_INIT, "cipher", NULL, sizeof(cipher_state), cipher_methods, cipher_slots, cipher_traverse, cipher_clear, cipher_free};

static int
cipher_exec(PyObject *m)
{
    cipher_state *st = get_cipher_state(m);
    st->key = PyErr_NewException("cipher.Error", NULL, NULL);
    if (st->key == NULL)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_cipher(void)
{
    return PyModuleDef_Init(&cipher_def);
}
