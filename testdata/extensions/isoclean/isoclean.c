/*
 * isoclean -- word tallies, written as an isolated extension module.
 *
 * Everything per-module lives in isoclean_state: the exception, both heap
 * types, an interned string and a lazily imported helper.  Types find their
 * module with PyType_GetModuleByDef() (or METH_METHOD's defining_class), so
 * subclasses defined in Python work, and every module object -- one per
 * interpreter, or several in one interpreter -- is independent.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "isoclean_compat.h"

/* character classes for the tokenizer: 1 = part of a word */
static const unsigned char word_chars[128] = {
    ['0'] = 1, ['1'] = 1, ['2'] = 1, ['3'] = 1, ['4'] = 1,
    ['5'] = 1, ['6'] = 1, ['7'] = 1, ['8'] = 1, ['9'] = 1,
    ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1, ['E'] = 1, ['F'] = 1, ['G'] = 1,
    ['H'] = 1, ['I'] = 1, ['J'] = 1, ['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1,
    ['O'] = 1, ['P'] = 1, ['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1,
    ['V'] = 1, ['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['_'] = 1, ['\''] = 1,
    ['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1, ['g'] = 1,
    ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1, ['m'] = 1, ['n'] = 1,
    ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1, ['s'] = 1, ['t'] = 1, ['u'] = 1,
    ['v'] = 1, ['w'] = 1, ['x'] = 1, ['y'] = 1, ['z'] = 1,
};

static const char *const tally_kwlist[] = {"lower", NULL};

typedef struct {
    PyObject *TallyError;
    PyTypeObject *Tally_Type;
    PyTypeObject *TallyIter_Type;
    PyObject *str_items;            /* interned "items" */
    PyObject *heapq_nlargest;       /* lazily imported heapq.nlargest */
} isoclean_state;

static struct PyModuleDef isoclean_module;

static inline isoclean_state *
get_isoclean_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (isoclean_state *)state;
}

static inline isoclean_state *
isoclean_get_state_by_type(PyTypeObject *tp)
{
    PyObject *module = PyType_GetModuleByDef(tp, &isoclean_module);
    return module == NULL ? NULL : get_isoclean_state(module);
}

/* ================================================================ Tally */

typedef struct {
    PyObject_HEAD
    PyObject *counts;               /* dict: word -> int */
    int lower;
} TallyObject;

typedef struct {
    PyObject_HEAD
    PyObject *inner;                /* iterator over counts.items() */
} TallyIterObject;

static PyObject *
Tally_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    TallyObject *self;
    int lower = 0;

    if (!PyArg_ParseTupleAndKeywords(args, kwds, "|$p:Tally",
                                     (char **)tally_kwlist, &lower))
        return NULL;
    self = (TallyObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    self->counts = PyDict_New();
    if (self->counts == NULL) {
        Py_DECREF(self);
        return NULL;
    }
    self->lower = lower;
    return (PyObject *)self;
}

static int
Tally_traverse(TallyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->counts);
    return 0;
}

static int
Tally_clear(TallyObject *self)
{
    Py_CLEAR(self->counts);
    return 0;
}

static void
Tally_dealloc(TallyObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);

    PyObject_GC_UnTrack(self);
    (void)Tally_clear(self);
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static int
tally_add_word(TallyObject *self, PyObject *word)
{
    PyObject *old, *new;

    old = PyDict_GetItemWithError(self->counts, word);
    if (old == NULL && PyErr_Occurred())
        return -1;
    new = PyLong_FromSsize_t(old == NULL ? 1 : PyLong_AsSsize_t(old) + 1);
    if (new == NULL)
        return -1;
    if (PyDict_SetItem(self->counts, word, new) < 0) {
        Py_DECREF(new);
        return -1;
    }
    Py_DECREF(new);
    return 0;
}

/* feed(text) -> number of words; METH_METHOD: the state comes from the
 * class that defines the method, not from type(self). */
static PyObject *
Tally_feed(TallyObject *self, PyTypeObject *defining_class,
           PyObject *const *args, Py_ssize_t nargs, PyObject *kwnames)
{
    isoclean_state *st = PyType_GetModuleState(defining_class);
    const char *text;
    Py_ssize_t len, i, start = -1, n = 0;

    if (nargs != 1 || (kwnames != NULL && PyTuple_GET_SIZE(kwnames) != 0)) {
        PyErr_SetString(PyExc_TypeError, "feed() takes exactly one positional argument");
        return NULL;
    }
    if (!PyUnicode_Check(args[0])) {
        PyErr_Format(st->TallyError, "feed() needs str, not %.100s",
                     Py_TYPE(args[0])->tp_name);
        return NULL;
    }
    text = PyUnicode_AsUTF8AndSize(args[0], &len);
    if (text == NULL)
        return NULL;
    for (i = 0; i <= len; i++) {
        unsigned char c = i < len ? (unsigned char)text[i] : ' ';
        int in_word = c >= 128 || word_chars[c];
        if (in_word && start < 0) {
            start = i;
        }
        else if (!in_word && start >= 0) {
            PyObject *word = PyUnicode_DecodeUTF8(text + start, i - start, "strict");
            int rc;
            if (word != NULL && self->lower) {
                Py_SETREF(word, PyObject_CallMethod(word, "lower", NULL));
            }
            if (word == NULL)
                return NULL;
            rc = tally_add_word(self, word);
            Py_DECREF(word);
            if (rc < 0)
                return NULL;
            n++;
            start = -1;
        }
    }
    return PyLong_FromSsize_t(n);
}

static PyObject *
Tally_most_common(TallyObject *self, PyObject *arg)
{
    isoclean_state *st = isoclean_get_state_by_type(Py_TYPE(self));
    PyObject *items, *key, *res;
    Py_ssize_t n;

    if (st == NULL)
        return NULL;
    n = PyLong_AsSsize_t(arg);
    if (n == -1 && PyErr_Occurred())
        return NULL;
    if (st->heapq_nlargest == NULL) {
        /* lazy: importing heapq at exec time is not needed for most users */
        PyObject *heapq = PyImport_ImportModule("heapq"), *tmp;
        if (heapq == NULL)
            return NULL;
        tmp = PyObject_GetAttrString(heapq, "nlargest");
        Py_DECREF(heapq);
        if (tmp == NULL)
            return NULL;
        if (st->heapq_nlargest == NULL)
            st->heapq_nlargest = tmp;
        else
            Py_DECREF(tmp);
    }
    items = PyObject_CallMethodObjArgs(self->counts, st->str_items, NULL);
    if (items == NULL)
        return NULL;
    key = PyImport_ImportModule("operator");
    if (key != NULL)
        Py_SETREF(key, PyObject_CallMethod(key, "itemgetter", "i", 1));
    if (key == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    res = PyObject_CallFunction(st->heapq_nlargest, "nOO", n, items, key);
    Py_DECREF(items);
    Py_DECREF(key);
    return res;
}

static PyObject *
Tally_iter(TallyObject *self)
{
    isoclean_state *st = isoclean_get_state_by_type(Py_TYPE(self));
    TallyIterObject *it;
    PyObject *items;

    if (st == NULL)
        return NULL;
    items = PyObject_CallMethodObjArgs(self->counts, st->str_items, NULL);
    if (items == NULL)
        return NULL;
    it = PyObject_GC_New(TallyIterObject, st->TallyIter_Type);
    if (it == NULL) {
        Py_DECREF(items);
        return NULL;
    }
    it->inner = PyObject_GetIter(items);
    Py_DECREF(items);
    if (it->inner == NULL) {
        Py_DECREF(it);
        return NULL;
    }
    PyObject_GC_Track(it);
    return (PyObject *)it;
}

static Py_ssize_t
Tally_length(TallyObject *self)
{
    return PyDict_GET_SIZE(self->counts);
}

static PyObject *
Tally_subscript(TallyObject *self, PyObject *word)
{
    PyObject *v = PyDict_GetItemWithError(self->counts, word);
    if (v == NULL)
        return PyErr_Occurred() ? NULL : PyLong_FromLong(0);
    return Py_NewRef(v);
}

static PyMethodDef Tally_methods[] = {
    {"feed", (PyCFunction)(void (*)(void))Tally_feed,
     METH_METHOD | METH_FASTCALL | METH_KEYWORDS, "feed(text) -> number of words"},
    {"most_common", (PyCFunction)Tally_most_common, METH_O,
     "most_common(n) -> list of (word, count)"},
    {NULL, NULL, 0, NULL}
};

static PyType_Slot Tally_slots[] = {
    {Py_tp_new, Tally_new},
    {Py_tp_dealloc, Tally_dealloc},
    {Py_tp_traverse, Tally_traverse},
    {Py_tp_clear, Tally_clear},
    {Py_tp_iter, Tally_iter},
    {Py_tp_methods, Tally_methods},
    {Py_mp_length, Tally_length},
    {Py_mp_subscript, Tally_subscript},
    {Py_tp_doc, (void *)"Tally(*, lower=False)\n\nCounts words fed to it."},
    {0, NULL},
};

static PyType_Spec Tally_spec = {
    .name = "isoclean.Tally",
    .basicsize = sizeof(TallyObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_BASETYPE
             | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Tally_slots,
};

/* ============================================================ TallyIter */

static int
TallyIter_traverse(TallyIterObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    Py_VISIT(self->inner);
    return 0;
}

static void
TallyIter_dealloc(TallyIterObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);

    PyObject_GC_UnTrack(self);
    Py_CLEAR(self->inner);
    PyObject_GC_Del(self);
    Py_DECREF(tp);
}

static PyObject *
TallyIter_next(TallyIterObject *self)
{
    return PyIter_Next(self->inner);
}

static PyType_Slot TallyIter_slots[] = {
    {Py_tp_dealloc, TallyIter_dealloc},
    {Py_tp_traverse, TallyIter_traverse},
    {Py_tp_iter, PyObject_SelfIter},
    {Py_tp_iternext, TallyIter_next},
    {0, NULL},
};

static PyType_Spec TallyIter_spec = {
    .name = "isoclean.TallyIter",
    .basicsize = sizeof(TallyIterObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE
             | Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = TallyIter_slots,
};

/* =============================================================== module */

static PyObject *
isoclean_tally(PyObject *module, PyObject *text)
{
    isoclean_state *st = get_isoclean_state(module);
    PyObject *t, *r;

    t = PyObject_CallNoArgs((PyObject *)st->Tally_Type);
    if (t == NULL)
        return NULL;
    r = PyObject_CallMethod(t, "feed", "O", text);
    if (r == NULL) {
        Py_DECREF(t);
        return NULL;
    }
    Py_DECREF(r);
    return t;
}

static PyObject *
isoclean_state_id(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    return PyLong_FromVoidPtr(get_isoclean_state(module));
}

static PyMethodDef isoclean_methods[] = {
    {"tally", isoclean_tally, METH_O, "tally(text) -> Tally"},
    {"state_id", isoclean_state_id, METH_NOARGS, "address of this module's state (tests)"},
    {NULL, NULL, 0, NULL}
};

static int
isoclean_exec(PyObject *module)
{
    isoclean_state *st = get_isoclean_state(module);

    st->TallyError = PyErr_NewException("isoclean.TallyError", PyExc_ValueError, NULL);
    if (st->TallyError == NULL)
        return -1;
    if (PyModule_AddObjectRef(module, "TallyError", st->TallyError) < 0)
        return -1;

    st->Tally_Type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &Tally_spec, NULL);
    if (st->Tally_Type == NULL)
        return -1;
    if (PyModule_AddType(module, st->Tally_Type) < 0)
        return -1;

    st->TallyIter_Type = (PyTypeObject *)PyType_FromModuleAndSpec(module, &TallyIter_spec, NULL);
    if (st->TallyIter_Type == NULL)
        return -1;
#if PY_VERSION_HEX < 0x030A0000
    st->TallyIter_Type->tp_new = NULL;      /* no DISALLOW_INSTANTIATION flag */
#endif
    if (PyModule_AddType(module, st->TallyIter_Type) < 0)
        return -1;

    st->str_items = PyUnicode_InternFromString("items");
    if (st->str_items == NULL)
        return -1;
    return 0;
}

static PyModuleDef_Slot isoclean_slots[] = {
    {Py_mod_exec, isoclean_exec},
#if PY_VERSION_HEX >= 0x030C0000
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static int
isoclean_traverse(PyObject *module, visitproc visit, void *arg)
{
    isoclean_state *st = get_isoclean_state(module);
    Py_VISIT(st->TallyError);
    Py_VISIT(st->Tally_Type);
    Py_VISIT(st->TallyIter_Type);
    Py_VISIT(st->str_items);
    Py_VISIT(st->heapq_nlargest);
    return 0;
}

static int
isoclean_clear(PyObject *module)
{
    isoclean_state *st = get_isoclean_state(module);
    Py_CLEAR(st->TallyError);
    Py_CLEAR(st->Tally_Type);
    Py_CLEAR(st->TallyIter_Type);
    Py_CLEAR(st->str_items);
    Py_CLEAR(st->heapq_nlargest);
    return 0;
}

static void
isoclean_free(void *module)
{
    (void)isoclean_clear((PyObject *)module);
}

static struct PyModuleDef isoclean_module = {
    PyModuleDef_HEAD_INIT,
    .m_name = "isoclean",
    .m_doc = "Word tallies (an already isolated extension module).",
    .m_size = sizeof(isoclean_state),
    .m_methods = isoclean_methods,
    .m_slots = isoclean_slots,
    .m_traverse = isoclean_traverse,
    .m_clear = isoclean_clear,
    .m_free = isoclean_free,
};

PyMODINIT_FUNC
PyInit_isoclean(void)
{
    return PyModuleDef_Init(&isoclean_module);
}
