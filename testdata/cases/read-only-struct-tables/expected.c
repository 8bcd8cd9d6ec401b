/* wordscan: character classes as tables of function pointers that nothing writes but that are not
 * declared const; a per-call scanner keeps a pointer to one, and a property table is searched by a
 * helper it is passed to. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <ctype.h>
#include <string.h>

typedef struct {
    int (*is_word)(int ch);
    int (*lower)(int ch);
} Encoding;

typedef struct {
    const char *name;
    int min_len;
} Property;

static int ascii_is_word(int ch) { return ch < 128 && (isalnum(ch) || ch == '_'); }
static int ascii_lower(int ch) { return ch < 128 ? tolower(ch) : ch; }
static int digit_is_word(int ch) { return ch >= '0' && ch <= '9'; }
static int digit_lower(int ch) { return ch; }

static Encoding ascii_encoding = {ascii_is_word, ascii_lower};
static Encoding digit_encoding = {
    .is_word = digit_is_word,
    .lower = digit_lower,
};

static Property properties[] = {
    {"word", 1},
    {"long", 5},
};

typedef struct {
    Encoding *encoding;
    Py_ssize_t min_run;
} Scanner;

static const Property *
find_property(const Property *table, size_t n, const char *name)
{
    size_t i;
    for (i = 0; i < n; i++)
        if (strcmp(table[i].name, name) == 0)
            return &table[i];
    return NULL;
}

static PyObject *
count_words(PyObject *module, PyObject *args)
{
    const char *s, *kind = "word", *chars = "ascii";
    const Property *prop;
    Scanner sc;
    Py_ssize_t n = 0, run = 0;

    if (!PyArg_ParseTuple(args, "s|ss", &s, &kind, &chars))
        return NULL;
    prop = find_property(properties, sizeof(properties) / sizeof(properties[0]), kind);
    if (prop == NULL) {
        PyErr_Format(PyExc_ValueError, "unknown property %s", kind);
        return NULL;
    }
    sc.encoding = strcmp(chars, "digits") == 0 ? &digit_encoding : &ascii_encoding;
    sc.min_run = prop->min_len;
    for (;; s++) {
        if (*s && sc.encoding->is_word((unsigned char)*s)) {
            run++;
            continue;
        }
        if (run >= sc.min_run)
            n++;
        run = 0;
        if (!*s)
            break;
    }
    return PyLong_FromSsize_t(n);
}

static PyMethodDef wordscan_methods[] = {
    {"count_words", count_words, METH_VARARGS, "count_words(s, kind='word', chars='ascii') -> int"},
    {NULL, NULL, 0, NULL}
};

static int wordscan_exec(PyObject *module);

static PyModuleDef_Slot wordscan_slots[] = {
    {Py_mod_exec, (void *)wordscan_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef wordscanmodule = {
    PyModuleDef_HEAD_INIT, "wordscan", NULL, 0, wordscan_methods,
    wordscan_slots
};

static int
wordscan_exec(PyObject *Py_UNUSED(module))
{
    return 0;
}

PyMODINIT_FUNC PyInit_wordscan(void) {
    return PyModuleDef_Init(&wordscanmodule);
}
