/*
 * npstyle -- reductions over typed buffers, written in the style of the
 * NumPy C sources.
 *
 * The typed loops are generated from loops.c.src; this file holds the
 * module-level functions, the loop dispatch table and module init.
 */
#include "npstyle_common.h"
#include "loops.h"
#include "npstyle_state.h"

static int
npstyle_traverse(PyObject *module, visitproc visit, void *arg)
{
    npstyle_state *st = get_npstyle_state(module);
    Py_VISIT(st->math_fsum);
    Py_VISIT(st->str_empty_msg);
    Py_VISIT(st->Fraction);
    Py_VISIT(st->Decimal);
    Py_VISIT(st->warn);
    Py_VISIT(st->PyNpsAccumulator_Type);
    return 0;
}

static int
npstyle_clear(PyObject *module)
{
    npstyle_state *st = get_npstyle_state(module);
    Py_CLEAR(st->math_fsum);
    Py_CLEAR(st->str_empty_msg);
    Py_CLEAR(st->Fraction);
    Py_CLEAR(st->Decimal);
    Py_CLEAR(st->warn);
    Py_CLEAR(st->PyNpsAccumulator_Type);
    return 0;
}

static void
npstyle_free(void *module)
{
    (void)npstyle_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
npstyle_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                    int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL) {
            return -1;
        }
    }
    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
    Py_XDECREF(bases);
    if (*type == NULL) {
        if (!PyErr_Occurred()) {
            /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
            PyErr_NoMemory();
        }
        return -1;
    }
#if PY_VERSION_HEX < 0x030A0000
    if (disallow_new) {
        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
    }
#else
    (void)disallow_new;
#endif
    return 0;
}

typedef struct {
    char code;                      /* struct-module format character */
    const char *name;
    nps_sum_func *sum;
    nps_reduce_func *min;
    nps_reduce_func *max;
    nps_scale_func *scale;
    nps_fill_func *fill;
} nps_loop_entry;

static const nps_loop_entry nps_loops[] = {
    {'i', "int", nps_int_sum, nps_int_min, nps_int_max, nps_int_scale, nps_int_fill},
    {'l', "long", nps_long_sum, nps_long_min, nps_long_max, nps_long_scale, nps_long_fill},
    {'f', "float", nps_float_sum, nps_float_min, nps_float_max, nps_float_scale, nps_float_fill},
    {'d', "double", nps_double_sum, nps_double_min, nps_double_max, nps_double_scale, nps_double_fill},
};

#define NPS_NLOOPS ((int)(sizeof(nps_loops) / sizeof(nps_loops[0])))

Py_LOCAL_INLINE(const nps_loop_entry *)
find_loop(const char *format)
{
    int i;

    if (format == NULL || format[0] == '\0') {
        format = "B";
    }
    if (format[0] == '@' || format[0] == '=') {
        format++;
    }
    for (i = 0; i < NPS_NLOOPS; i++) {
        if (nps_loops[i].code == format[0] && format[1] == '\0') {
            return &nps_loops[i];
        }
    }
    PyErr_Format(PyExc_TypeError, "no npstyle loop for buffer format '%s'", format);
    return NULL;
}

/* Get a C-contiguous buffer and its loop; returns NULL with an exception set. */
Py_LOCAL_INLINE(const nps_loop_entry *)
get_view(PyObject *obj, Py_buffer *view, int writable)
{
    const nps_loop_entry *loop;
    int flags = PyBUF_FORMAT | PyBUF_C_CONTIGUOUS | (writable ? PyBUF_WRITABLE : 0);

    if (PyObject_GetBuffer(obj, view, flags) < 0) {
        return NULL;
    }
    loop = find_loop(view->format);
    if (loop == NULL) {
        PyBuffer_Release(view);
    }
    return loop;
}

static PyObject *
npstyle_sum(PyObject *self, PyObject *obj)
{
    npstyle_state *st = get_npstyle_state(self);
    Py_buffer view;
    const nps_loop_entry *loop;
    PyObject *hook;
    double result = 0.0;

    /* objects may provide their own reduction, like __array_function__ */
    if (nps_GetOptionalAttr(obj, st->nps_interned_str.nps_sum, &hook) < 0) {
        return NULL;
    }
    if (hook != NULL) {
        PyObject *res = PyObject_CallNoArgs(hook);
        Py_DECREF(hook);
        return res;
    }
    loop = get_view(obj, &view, 0);
    if (loop == NULL) {
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    loop->sum(view.buf, view.len / view.itemsize, &result);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    return PyFloat_FromDouble(result);
}

static PyObject *
npstyle_minmax(PyObject *self, PyObject *obj)
{
    npstyle_state *st = get_npstyle_state(self);
    Py_buffer view;
    const nps_loop_entry *loop;
    double lo = 0.0, hi = 0.0;
    int rlo, rhi;

    if (st->str_empty_msg == NULL) {
        st->str_empty_msg = PyUnicode_InternFromString("minmax() of an empty buffer");
        if (st->str_empty_msg == NULL) {
            return NULL;
        }
    }
    loop = get_view(obj, &view, 0);
    if (loop == NULL) {
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    rlo = loop->min(view.buf, view.len / view.itemsize, &lo);
    rhi = loop->max(view.buf, view.len / view.itemsize, &hi);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    if (rlo < 0 || rhi < 0) {
        PyErr_SetObject(PyExc_ValueError, st->str_empty_msg);
        return NULL;
    }
    return Py_BuildValue("(dd)", lo, hi);
}

static PyObject *
npstyle_scale(PyObject *NPS_UNUSED(self), PyObject *args)
{
    PyObject *obj;
    double k;
    Py_buffer view;
    const nps_loop_entry *loop;

    if (!PyArg_ParseTuple(args, "Od:scale", &obj, &k)) {
        return NULL;
    }
    loop = get_view(obj, &view, 1);
    if (loop == NULL) {
        return NULL;
    }
    Py_BEGIN_ALLOW_THREADS
    loop->scale(view.buf, view.len / view.itemsize, k);
    Py_END_ALLOW_THREADS
    PyBuffer_Release(&view);
    Py_RETURN_NONE;
}

static PyObject *
npstyle_fill(PyObject *NPS_UNUSED(self), PyObject *args, PyObject *kwds)
{
    static char *kwlist[] = {"buffer", "value", NULL};
    PyObject *obj, *value;
    Py_buffer view;
    const nps_loop_entry *loop;
    int ret;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "OO:fill", kwlist, &obj, &value)) {
        return NULL;
    }
    loop = get_view(obj, &view, 1);
    if (loop == NULL) {
        return NULL;
    }
    ret = loop->fill(view.buf, view.len / view.itemsize, value);
    PyBuffer_Release(&view);
    if (ret < 0) {
        return NULL;
    }
    Py_RETURN_NONE;
}

static PyObject *
npstyle_buffer_info(PyObject *self, PyObject *obj)
{
    npstyle_state *st = get_npstyle_state(self);
    Py_buffer view;
    PyObject *info = NULL, *tmp;

    if (get_view(obj, &view, 0) == NULL) {
        return NULL;
    }
    info = PyDict_New();
    if (info == NULL) {
        goto fail;
    }
    tmp = PyUnicode_FromString(view.format);
    if (tmp == NULL || PyDict_SetItem(info, st->nps_interned_str.format, tmp) < 0) {
        Py_XDECREF(tmp);
        goto fail;
    }
    Py_DECREF(tmp);
    tmp = PyLong_FromSsize_t(view.itemsize);
    if (tmp == NULL || PyDict_SetItem(info, st->nps_interned_str.itemsize, tmp) < 0) {
        Py_XDECREF(tmp);
        goto fail;
    }
    Py_DECREF(tmp);
    tmp = PyLong_FromSsize_t(view.len / view.itemsize);
    if (tmp == NULL || PyDict_SetItem(info, st->nps_interned_str.count, tmp) < 0) {
        Py_XDECREF(tmp);
        goto fail;
    }
    Py_DECREF(tmp);
    PyBuffer_Release(&view);
    return info;

  fail:
    Py_XDECREF(info);
    PyBuffer_Release(&view);
    return NULL;
}

static PyObject *
npstyle_as_fraction(PyObject *self, PyObject *obj)
{
    npstyle_state *st = get_npstyle_state(self);

    if (st->Fraction == NULL) {
        PyObject *mod = PyImport_ImportModule("fractions");
        if (mod == NULL) {
            return NULL;
        }
        st->Fraction = PyObject_GetAttrString(mod, "Fraction");
        Py_DECREF(mod);
        if (st->Fraction == NULL) {
            return NULL;
        }
    }
    return PyObject_CallOneArg(st->Fraction, obj);
}

static PyObject *
npstyle_to_decimal(PyObject *self, PyObject *obj)
{
    npstyle_state *st = get_npstyle_state(self);

    if (st->Decimal == NULL && (st->Decimal = nps_import_attr("decimal", "Decimal")) == NULL) {
        return NULL;
    }
    if (PyFloat_Check(obj)) {
        /* go through repr() so that 0.1 becomes Decimal('0.1') */
        PyObject *s = PyObject_Repr(obj), *res;
        if (s == NULL) {
            return NULL;
        }
        res = PyObject_CallOneArg(st->Decimal, s);
        Py_DECREF(s);
        return res;
    }
    return PyObject_CallOneArg(st->Decimal, obj);
}

static PyObject *
npstyle_legacy_sum(PyObject *self, PyObject *obj)
{
    npstyle_state *st = get_npstyle_state(self);
    PyObject *res;

    nps_cache_import("warnings", "warn", &st->warn);
    if (st->warn == NULL) {
        return NULL;
    }
    res = PyObject_CallFunction(st->warn, "sOi", "legacy_sum() is deprecated, use sum()",
                                PyExc_DeprecationWarning, 2);
    if (res == NULL) {
        return NULL;
    }
    Py_DECREF(res);
    return npstyle_sum(self, obj);
}

static PyMethodDef npstyle_methods[] = {
    {"sum", (PyCFunction)npstyle_sum, METH_O,
        "sum(buffer) -> float\n\nCompensated sum of a buffer of i, l, f or d items."},
    {"minmax", (PyCFunction)npstyle_minmax, METH_O, "minmax(buffer) -> (min, max)"},
    {"scale", (PyCFunction)npstyle_scale, METH_VARARGS, "scale(buffer, k): multiply in place"},
    {"fill", (PyCFunction)(void(*)(void))npstyle_fill, METH_VARARGS | METH_KEYWORDS,
        "fill(buffer, value): set every item"},
    {"buffer_info", (PyCFunction)npstyle_buffer_info, METH_O, NULL},
    {"as_fraction", (PyCFunction)npstyle_as_fraction, METH_O, NULL},
    {"to_decimal", (PyCFunction)npstyle_to_decimal, METH_O, NULL},
    {"legacy_sum", (PyCFunction)npstyle_legacy_sum, METH_O, NULL},
    {NULL, NULL, 0, NULL}           /* sentinel */
};

static int
intern_strings(npstyle_state *st)
{
#define INTERN_STRING(st, struct_member, string)                            \
    st->nps_interned_str.struct_member = PyUnicode_InternFromString(string); \
    if (st->nps_interned_str.struct_member == NULL) {                       \
        return -1;                                                      \
    }

    INTERN_STRING(st, format, "format");
    INTERN_STRING(st, itemsize, "itemsize");
    INTERN_STRING(st, count, "count");
    INTERN_STRING(st, nps_sum, "__nps_sum__");
    return 0;
#undef INTERN_STRING
}

static int npstyle_exec(PyObject *m);

static PyModuleDef_Slot npstyle_slots[] = {
    {Py_mod_exec, (void *)npstyle_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

struct PyModuleDef moduledef = {
    PyModuleDef_HEAD_INIT,
    "npstyle",
    NULL,
    sizeof(npstyle_state),
    npstyle_methods,
    npstyle_slots,
    npstyle_traverse,
    npstyle_clear,
    npstyle_free
};

/* Initialization function for the module */
/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int npstyle_loaded_once = 0;

static int npstyle_exec(PyObject *m) {
    npstyle_state *st = get_npstyle_state(m);
    PyObject *d, *s;

    if (npstyle_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "npstyle cannot be loaded more than once per process");
        return -1;
    }
    /* Create the module and add the functions */
    if (intern_strings(st) < 0) {
        goto err;
    }
    if (npstyle_create_type(m, &PyNpsAccumulator_spec, NULL, &st->PyNpsAccumulator_Type, 0) < 0) {
        goto err;
    }
    d = PyModule_GetDict(m);
    if (!d) {
        goto err;
    }
    s = PyUnicode_FromString(NPSTYLE_VERSION);
    if (s == NULL) {
        goto err;
    }
    if (PyDict_SetItemString(d, "__version__", s) < 0) {
        Py_DECREF(s);
        goto err;
    }
    Py_DECREF(s);
    if (PyDict_SetItemString(d, "Accumulator", (PyObject *)st->PyNpsAccumulator_Type) < 0) {
        goto err;
    }
    npstyle_loaded_once = 1;
    return 0;

 err:
    if (!PyErr_Occurred()) {
        PyErr_SetString(PyExc_RuntimeError,
                        "cannot load npstyle module.");
    }
    return -1;
}

PyMODINIT_FUNC
PyInit_npstyle(void)
{
    return PyModuleDef_Init(&moduledef);
}
