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

typedef uint32_t (*crc_function)(uint32_t crc, const unsigned char *data, size_t length);

/* Set at module loading time (use_bytewise() and use_slicing() switch it). */
static crc_function crc_fn;
static const char *impl_name;
static int is_big_endian;
static uint32_t slice8[8][256];

static uint32_t
crc32c_bytewise(uint32_t crc, const unsigned char *data, size_t length)
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
crc32c_init_tables(void)
{
    uint32_t crc;
    int b, k;

    for (b = 0; b < 256; b++) {
        crc = (uint32_t)b;
        for (k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ POLY : crc >> 1;
        slice8[0][b] = crc;
    }
    for (b = 0; b < 256; b++) {
        crc = slice8[0][b];
        for (k = 1; k < 8; k++) {
            crc = slice8[0][crc & 0xff] ^ (crc >> 8);
            slice8[k][b] = crc;
        }
    }
}

static uint32_t
crc32c_sw_slicing_by_8(uint32_t crc, const unsigned char *data, size_t length)
{
    if (!is_big_endian) {
        while (length >= 8) {
            uint32_t lo, hi;
            memcpy(&lo, data, 4);
            memcpy(&hi, data + 4, 4);
            lo ^= crc;
            crc = slice8[7][lo & 0xff] ^ slice8[6][(lo >> 8) & 0xff]
                ^ slice8[5][(lo >> 16) & 0xff] ^ slice8[4][lo >> 24]
                ^ slice8[3][hi & 0xff] ^ slice8[2][(hi >> 8) & 0xff]
                ^ slice8[1][(hi >> 16) & 0xff] ^ slice8[0][hi >> 24];
            data += 8;
            length -= 8;
        }
    }
    while (length-- > 0)
        crc = slice8[0][(crc ^ *data++) & 0xff] ^ (crc >> 8);
    return crc;
}

static PyObject *
crcdispatch_crc32c(PyObject *self, PyObject *args)
{
    Py_buffer pbin;
    unsigned int crc = 0U;
    uint32_t result;

    if (!PyArg_ParseTuple(args, "y*|I:crc32c", &pbin, &crc))
        return NULL;
    crc ^= 0xffffffff;
    result = crc_fn((uint32_t)crc, (const unsigned char *)pbin.buf, (size_t)pbin.len);
    result ^= 0xffffffff;
    PyBuffer_Release(&pbin);
    return PyLong_FromUnsignedLong(result);
}

static PyObject *
crcdispatch_use_bytewise(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    crc_fn = crc32c_bytewise;
    impl_name = "bytewise";
    Py_RETURN_NONE;
}

static PyObject *
crcdispatch_use_slicing(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    crc32c_init_tables();
    crc_fn = crc32c_sw_slicing_by_8;
    impl_name = "slicing-by-8";
    Py_RETURN_NONE;
}

static PyObject *
crcdispatch_implementation(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString(impl_name);
}

static PyMethodDef CRCDispatchMethods[] = {
    {"crc32c", crcdispatch_crc32c, METH_VARARGS, "crc32c(data, crc=0) -> int"},
    {"use_bytewise", crcdispatch_use_bytewise, METH_NOARGS, "compute bit by bit from now on"},
    {"use_slicing", crcdispatch_use_slicing, METH_NOARGS, "compute eight bytes at a time from now on"},
    {"implementation", crcdispatch_implementation, METH_NOARGS, "the implementation in use"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef crcdispatch_module = {
    PyModuleDef_HEAD_INIT,
    "crcdispatch",
    "CRC-32C with an implementation chosen at import.",
    -1,
    CRCDispatchMethods
};

PyMODINIT_FUNC
PyInit_crcdispatch(void)
{
    PyObject *m;
    const uint32_t n = 1;
    const char *mode = getenv("CRCDISPATCH_MODE");

    if (mode != NULL && strcmp(mode, "bytewise") == 0) {
        crc_fn = crc32c_bytewise;
        impl_name = "bytewise";
    }
    else {
        crc32c_init_tables();
        crc_fn = crc32c_sw_slicing_by_8;
        impl_name = "slicing-by-8";
    }
    is_big_endian = (*(const char *)(&n) == 0);

    m = PyModule_Create(&crcdispatch_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "big_endian", is_big_endian) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
