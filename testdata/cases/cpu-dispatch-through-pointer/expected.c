/*
 * crcdispatch: CRC-32C with the implementation picked at import, as hardware CRC modules do: a
 * function pointer set in init to a bytewise loop or to slicing-by-8 over tables built then, and
 * called through by the module's functions.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define POLY 0x82f63b78u

struct crcdispatch_state;
typedef uint32_t (*crc_function)(struct crcdispatch_state *st, uint32_t crc, const unsigned char *data, size_t length);

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct crcdispatch_state {
    /* Set at module loading time (use_bytewise() and use_slicing() switch it). */
    crc_function crc_fn;     /* was: static crc_function crc_fn */
    const char *impl_name;   /* was: static const char *impl_name */
    int is_big_endian;       /* was: static int is_big_endian */
    uint32_t slice8[8][256]; /* was: static uint32_t slice8[8][256] */
} crcdispatch_state;

static inline crcdispatch_state *
get_crcdispatch_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (crcdispatch_state *)state;
}

static uint32_t
crc32c_bytewise(crcdispatch_state *Py_UNUSED(st), uint32_t crc, const unsigned char *data, size_t length)
{
    int k;

    while (length-- > 0) {
        crc ^= *data++;
        for (k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ POLY : crc >> 1;
    }
    return crc;
}

static void
crc32c_init_tables(crcdispatch_state *st)
{
    uint32_t crc;
    int b, k;

    for (b = 0; b < 256; b++) {
        crc = (uint32_t)b;
        for (k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ POLY : crc >> 1;
        st->slice8[0][b] = crc;
    }
    for (b = 0; b < 256; b++) {
        crc = st->slice8[0][b];
        for (k = 1; k < 8; k++) {
            crc = st->slice8[0][crc & 0xff] ^ (crc >> 8);
            st->slice8[k][b] = crc;
        }
    }
}

static uint32_t
crc32c_sw_slicing_by_8(crcdispatch_state *st, uint32_t crc, const unsigned char *data, size_t length)
{
    if (!st->is_big_endian) {
        while (length >= 8) {
            uint32_t lo, hi;
            memcpy(&lo, data, 4);
            memcpy(&hi, data + 4, 4);
            lo ^= crc;
            crc = st->slice8[7][lo & 0xff] ^ st->slice8[6][(lo >> 8) & 0xff]
                ^ st->slice8[5][(lo >> 16) & 0xff] ^ st->slice8[4][lo >> 24]
                ^ st->slice8[3][hi & 0xff] ^ st->slice8[2][(hi >> 8) & 0xff]
                ^ st->slice8[1][(hi >> 16) & 0xff] ^ st->slice8[0][hi >> 24];
            data += 8;
            length -= 8;
        }
    }
    while (length-- > 0)
        crc = st->slice8[0][(crc ^ *data++) & 0xff] ^ (crc >> 8);
    return crc;
}

static PyObject *
crcdispatch_crc32c(PyObject *self, PyObject *args)
{
    crcdispatch_state *st = get_crcdispatch_state(self);
    Py_buffer pbin;
    unsigned int crc = 0U;
    uint32_t result;

    if (!PyArg_ParseTuple(args, "y*|I:crc32c", &pbin, &crc))
        return NULL;
    crc ^= 0xffffffff;
    result = st->crc_fn(st, (uint32_t)crc, (const unsigned char *)pbin.buf, (size_t)pbin.len);
    result ^= 0xffffffff;
    PyBuffer_Release(&pbin);
    return PyLong_FromUnsignedLong(result);
}

static PyObject *
crcdispatch_use_bytewise(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    crcdispatch_state *st = get_crcdispatch_state(self);

    st->crc_fn = crc32c_bytewise;
    st->impl_name = "bytewise";
    Py_RETURN_NONE;
}

static PyObject *
crcdispatch_use_slicing(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    crcdispatch_state *st = get_crcdispatch_state(self);

    crc32c_init_tables(st);
    st->crc_fn = crc32c_sw_slicing_by_8;
    st->impl_name = "slicing-by-8";
    Py_RETURN_NONE;
}

static PyObject *
crcdispatch_implementation(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    crcdispatch_state *st = get_crcdispatch_state(self);

    return PyUnicode_FromString(st->impl_name);
}

static PyMethodDef CRCDispatchMethods[] = {
    {"crc32c", crcdispatch_crc32c, METH_VARARGS, "crc32c(data, crc=0) -> int"},
    {"use_bytewise", crcdispatch_use_bytewise, METH_NOARGS, "compute bit by bit from now on"},
    {"use_slicing", crcdispatch_use_slicing, METH_NOARGS, "compute eight bytes at a time from now on"},
    {"implementation", crcdispatch_implementation, METH_NOARGS, "the implementation in use"},
    {NULL, NULL, 0, NULL}
};

static int crcdispatch_exec(PyObject *m);

static PyModuleDef_Slot crcdispatch_slots[] = {
    {Py_mod_exec, (void *)crcdispatch_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef crcdispatch_module = {
    PyModuleDef_HEAD_INIT,
    "crcdispatch",
    "CRC-32C with an implementation chosen at import.",
    sizeof(crcdispatch_state),
    CRCDispatchMethods,
    crcdispatch_slots
};

static int
crcdispatch_exec(PyObject *m)
{
    crcdispatch_state *st = get_crcdispatch_state(m);
    const uint32_t n = 1;
    const char *mode = getenv("CRCDISPATCH_MODE");

    if (mode != NULL && strcmp(mode, "bytewise") == 0) {
        st->crc_fn = crc32c_bytewise;
        st->impl_name = "bytewise";
    }
    else {
        crc32c_init_tables(st);
        st->crc_fn = crc32c_sw_slicing_by_8;
        st->impl_name = "slicing-by-8";
    }
    st->is_big_endian = (*(const char *)(&n) == 0);

    if (PyModule_AddIntConstant(m, "big_endian", st->is_big_endian) < 0)
        return -1;
    return 0;
}

PyMODINIT_FUNC
PyInit_crcdispatch(void)
{
    return PyModuleDef_Init(&crcdispatch_module);
}
