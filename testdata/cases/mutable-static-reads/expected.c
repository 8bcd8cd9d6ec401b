/* Lookup tables that are only read (bit masks, elements passed by value, memcpy/memcmp sources)
   next to statics that really are written (an element store, a counter, an address handed to a
   helper, a memcpy destination, a row given to a filler). Only the written ones are hazards. */
#include <Python.h>
#include <string.h>

#if defined(__GNUC__)
#define MSR_ALIGNED(n) __attribute__((aligned(n)))
#else
#define MSR_ALIGNED(n)
#endif

/* Read only: const, with an attribute macro between the qualifier and the type (on its own line). */
static const MSR_ALIGNED(16)
unsigned char nibble_bits[16] = {0, 1, 1, 2, 1, 2, 2, 3, 1, 2, 2, 3, 2, 3, 3, 4};

/* Read only: used on the right of a bitwise and. */
static unsigned long fold_masks[] = {0xffUL, 0xffffUL, 0xffffffUL};

/* Read only: elements passed by value. */
static unsigned int bucket_sizes[4] = {7, 17, 37, 79};
static struct { long lo; long hi; } ranges[2] = {{0, 9}, {10, 99}};
static unsigned char weights[2][3] = {{1, 2, 3}, {4, 5, 6}};

/* Read only: the source of memcpy, compared with memcmp and strlen, formatted by PyUnicode_FromFormat. */
static unsigned char default_key[8] = {0x5a, 0x17, 0x3c, 0x99, 0x01, 0xee, 0x42, 0x7d};
static char default_label[] = "digest";

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* Written: an element store, a counter, an address given to a helper. */
    unsigned long last_seen[4];  /* was: static unsigned long last_seen[4] */
    long digest_calls;           /* was: static long digest_calls */
    long error_count;            /* was: static long error_count */
    /* Written: a memcpy destination, and a row given to a helper that fills it. */
    unsigned char scratch[8];    /* was: static unsigned char scratch[8] */
    unsigned char history[2][8]; /* was: static unsigned char history[2][8] */
} msrmod_state;

static inline msrmod_state *
get_msrmod_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (msrmod_state *)state;
}

static void
count_error(long *counter)
{
    (*counter)++;
}

static void
fill_row(unsigned char *row, unsigned char v)
{
    memset(row, v, 8);
}

static int
bit_count(const unsigned char *table, unsigned long v)
{
    return table[v & 0xf] + table[(v >> 4) & 0xf];
}

static PyObject *
msr_fold(PyObject *self, PyObject *arg)
{
    msrmod_state *st = get_msrmod_state(self);
    unsigned long h = PyLong_AsUnsignedLong(arg);
    if (h == (unsigned long)-1 && PyErr_Occurred()) {
        count_error(&st->error_count);
        return NULL;
    }
    unsigned long small = h & fold_masks[0];
    unsigned long mid = (h >> 3) & fold_masks[1];
    st->last_seen[h % 4] = h;
    return Py_BuildValue("(ki)", small ^ mid ^ (0x5UL & fold_masks[2]), bit_count(nibble_bits, h));
}

static PyObject *
msr_bucket(PyObject *self, PyObject *arg)
{
    msrmod_state *st = get_msrmod_state(self);
    long i = PyLong_AsLong(arg);
    if (i == -1 && PyErr_Occurred()) {
        return NULL;
    }
    i &= 1;
    st->digest_calls++;
    return Py_BuildValue("(kll)", (unsigned long)bucket_sizes[i], ranges[i].lo, (long)weights[i][2]);
}

static PyObject *
msr_key(PyObject *self, PyObject *arg)
{
    msrmod_state *st = get_msrmod_state(self);
    unsigned char key[8];
    memcpy(key, default_key, sizeof(default_key));
    if (memcmp(key, default_key, sizeof(key)) != 0) {
        PyErr_SetString(PyExc_RuntimeError, "key copy differs");
        return NULL;
    }
    memcpy(st->scratch, key, sizeof(key));
    fill_row(st->history[key[0] & 1], key[1]);
    return PyUnicode_FromFormat("%s:%d:%d", default_label, (int)strlen(default_label), (int)st->scratch[0]);
}

static PyMethodDef msr_methods[] = {
    {"fold", msr_fold, METH_O, NULL},
    {"bucket", msr_bucket, METH_O, NULL},
    {"key", msr_key, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL},
};

static int msrmod_exec(PyObject *module);

static PyModuleDef_Slot msrmod_slots[] = {
    {Py_mod_exec, (void *)msrmod_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef msr_module = {
    PyModuleDef_HEAD_INIT, "msrmod", NULL, sizeof(msrmod_state), msr_methods,
    msrmod_slots
};

static int
msrmod_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC
PyInit_msrmod(void)
{
    return PyModuleDef_Init(&msr_module);
}
