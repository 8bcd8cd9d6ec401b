/*
 * crcslice: CRC-32C (Castagnoli) by slicing four bytes at a time, with the lookup tables
 * computed at import, and byte-pair popcounts for a Hamming distance.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <stdint.h>

#define POLY 0x82f63b78u
#define NSLICES 4
#define NBYTES 256

/* slice_table[k][b]: the CRC of byte b followed by k zero bytes. */
static uint32_t slice_table[NSLICES][NBYTES];
static unsigned char count_bits[2][NBYTES];
static int tables_built;

static void
build_tables(void)
{
    uint32_t crc;
    int b, k;

    for (b = 0; b < NBYTES; b++) {
        crc = (uint32_t)b;
        for (k = 0; k < 8; k++)
            crc = crc & 1 ? (crc >> 1) ^ POLY : crc >> 1;
        slice_table[0][b] = crc;
    }
    for (b = 0; b < NBYTES; b++) {
        crc = slice_table[0][b];
        for (k = 1; k < NSLICES; k++) {
            crc = slice_table[0][crc & 0xff] ^ (crc >> 8);
            slice_table[k][b] = crc;
        }
    }
    for (b = 0; b < NBYTES; b++) {
        int n = 0, v = b;
        while (v) {
            n += v & 1;
            v >>= 1;
        }
        count_bits[0][b] = (unsigned char)n;
        count_bits[1][b] = (unsigned char)(8 - n);
    }
    tables_built = 1;
}

static uint32_t
crc32c_update(uint32_t crc, const unsigned char *p, Py_ssize_t len)
{
    crc = ~crc;
    while (len >= 4) {
        crc ^= (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
        crc = slice_table[3][crc & 0xff] ^ slice_table[2][(crc >> 8) & 0xff]
            ^ slice_table[1][(crc >> 16) & 0xff] ^ slice_table[0][crc >> 24];
        p += 4;
        len -= 4;
    }
    while (len-- > 0)
        crc = slice_table[0][(crc ^ *p++) & 0xff] ^ (crc >> 8);
    return ~crc;
}

static PyObject *
crcslice_crc32c(PyObject *module, PyObject *args)
{
    Py_buffer view;
    unsigned int crc = 0;
    uint32_t value;

    if (!PyArg_ParseTuple(args, "y*|I:crc32c", &view, &crc))
        return NULL;
    value = crc32c_update((uint32_t)crc, (const unsigned char *)view.buf, view.len);
    PyBuffer_Release(&view);
    return PyLong_FromUnsignedLong(value);
}

/* The docstrings of the counting functions, as their family writes them. */
#define COUNT_DOC(op, what) \
PyDoc_STRVAR(count_ ## op ## _doc, "count_" #op "(a, b, same=False): bits that " what)

COUNT_DOC(distance, "differ (or agree)");

static PyObject *
crcslice_distance(PyObject *module, PyObject *args)
{
    Py_buffer a, b;
    Py_ssize_t i, n = 0;
    int same = 0;

    if (!PyArg_ParseTuple(args, "y*y*|p:distance", &a, &b, &same))
        return NULL;
    if (a.len != b.len) {
        PyBuffer_Release(&a);
        PyBuffer_Release(&b);
        PyErr_SetString(PyExc_ValueError, "buffers differ in length");
        return NULL;
    }
    for (i = 0; i < a.len; i++)
        n += count_bits[same][((const unsigned char *)a.buf)[i] ^ ((const unsigned char *)b.buf)[i]];
    PyBuffer_Release(&a);
    PyBuffer_Release(&b);
    return PyLong_FromSsize_t(n);
}

static PyObject *
crcslice_table_entry(PyObject *module, PyObject *args)
{
    int k, b;

    if (!PyArg_ParseTuple(args, "ii:table_entry", &k, &b))
        return NULL;
    if (k < 0 || k >= NSLICES || b < 0 || b >= NBYTES) {
        PyErr_SetString(PyExc_IndexError, "no such table entry");
        return NULL;
    }
    return PyLong_FromUnsignedLong(slice_table[k][b]);
}

static PyMethodDef crcslice_methods[] = {
    {"crc32c", crcslice_crc32c, METH_VARARGS, "crc32c(data, crc=0) -> int"},
    {"distance", crcslice_distance, METH_VARARGS, count_distance_doc},
    {"table_entry", crcslice_table_entry, METH_VARARGS, "table_entry(k, b) -> int"},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef crcslice_module = {
    PyModuleDef_HEAD_INIT,
    "crcslice",
    "CRC-32C by slicing, tables built at import.",
    -1,
    crcslice_methods
};

PyMODINIT_FUNC
PyInit_crcslice(void)
{
    PyObject *m;

    build_tables();
    m = PyModule_Create(&crcslice_module);
    if (m == NULL)
        return NULL;
    if (PyModule_AddIntConstant(m, "tables_built", tables_built) < 0) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
