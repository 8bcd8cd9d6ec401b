/* lazyimp.c -- helpers around datetime and decimal, with a converter registry.
 *
 * Every kind of module-level Python object a C extension tends to keep is in
 * here: modules and attributes imported at init, a type object fetched from
 * another module, interned strings, a lazily created dict whose address is
 * handed out, a table of lazily imported modules, and a callable that is only
 * set when Python code asks for it.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    /* imported in PyInit_lazyimp */
    PyObject *datetime_mod;    /* was: static PyObject *datetime_mod */
    PyObject *timedelta_cls;   /* was: static PyObject *timedelta_cls */
    PyTypeObject *DecimalType; /* was: static PyTypeObject *DecimalType */
    /* datetime.timezone.utc; not static: the generated _tzfast.c reads it too */
    PyObject *lazyimp_utc;     /* was: PyObject *lazyimp_utc */
    PyObject *strs[4];         /* was: static PyObject *strs[4] */
    /* installed by set_describer(); used by describe() for unknown objects */
    PyObject *describer;       /* was: static PyObject *describer */
} lazyimp_state;

static inline lazyimp_state *
get_lazyimp_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (lazyimp_state *)state;
}

static int
lazyimp_traverse(PyObject *module, visitproc visit, void *arg)
{
    lazyimp_state *st = get_lazyimp_state(module);
    Py_VISIT(st->datetime_mod);
    Py_VISIT(st->timedelta_cls);
    Py_VISIT(st->DecimalType);
    Py_VISIT(st->lazyimp_utc);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(4); i++)
        Py_VISIT(st->strs[i]);
    Py_VISIT(st->describer);
    return 0;
}

static int
lazyimp_clear(PyObject *module)
{
    lazyimp_state *st = get_lazyimp_state(module);
    Py_CLEAR(st->datetime_mod);
    Py_CLEAR(st->timedelta_cls);
    Py_CLEAR(st->DecimalType);
    Py_CLEAR(st->lazyimp_utc);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(4); i++)
        Py_CLEAR(st->strs[i]);
    Py_CLEAR(st->describer);
    return 0;
}

static void
lazyimp_free(void *module)
{
    (void)lazyimp_clear((PyObject *)module);
}

/* interned attribute names, indexed by the STR_* constants */
enum { STR_DAYS, STR_SECONDS, STR_MICROSECONDS, STR_TOTAL };
static const char *const str_names[4] = {"days", "seconds", "microseconds", "total_seconds"};

/* type -> converter; created on the first register() call.  Its address is
 * published in the "_registry_ptr" capsule for companion extensions. */
static PyObject *registry = NULL;

/* Modules imported on first use through lazy_module(); the table stores the
 * addresses of the cache slots. */
static PyObject *json_mod = NULL;
static PyObject *fractions_mod = NULL;

static const struct lazy_entry {
    const char *name;
    PyObject **slot;
} lazy_modules[] = {
    {"json", &json_mod},
    {"fractions", &fractions_mod},
    {NULL, NULL},
};

#if PY_VERSION_HEX < 0x030D0000
_Py_IDENTIFIER(isoformat);
#  define CALL_ISOFORMAT(o) _PyObject_CallMethodIdNoArgs((o), &PyId_isoformat)
#else
#  define CALL_ISOFORMAT(o) PyObject_CallMethod((o), "isoformat", NULL)
#endif

static PyObject *
lazyimp_total_seconds(PyObject *self, PyObject *td)
{
    lazyimp_state *st = get_lazyimp_state(self);
    PyObject *days = NULL, *secs = NULL, *us = NULL, *res = NULL;
    long long d, s, u;
    int ok = PyObject_IsInstance(td, st->timedelta_cls);

    if (ok <= 0) {
        if (ok == 0)
            PyErr_Format(PyExc_TypeError, "expected a timedelta, got %.200s",
                         Py_TYPE(td)->tp_name);
        return NULL;
    }
    if ((days = PyObject_GetAttr(td, st->strs[STR_DAYS])) == NULL ||
        (secs = PyObject_GetAttr(td, st->strs[STR_SECONDS])) == NULL ||
        (us = PyObject_GetAttr(td, st->strs[STR_MICROSECONDS])) == NULL)
        goto done;
    d = PyLong_AsLongLong(days);
    s = PyLong_AsLongLong(secs);
    u = PyLong_AsLongLong(us);
    if (PyErr_Occurred())
        goto done;
    res = PyFloat_FromDouble((double)(d * 86400 + s) + (double)u / 1e6);
done:
    Py_XDECREF(days);
    Py_XDECREF(secs);
    Py_XDECREF(us);
    return res;
}

static PyObject *
lazyimp_to_decimal(PyObject *self, PyObject *obj)
{
    lazyimp_state *st = get_lazyimp_state(self);

    if (PyObject_TypeCheck(obj, st->DecimalType)) {
        Py_INCREF(obj);
        return obj;
    }
    if (PyFloat_Check(obj)) {
        PyObject *r = PyObject_Repr(obj), *res;
        if (r == NULL)
            return NULL;
        res = PyObject_CallOneArg((PyObject *)st->DecimalType, r);
        Py_DECREF(r);
        return res;
    }
    return PyObject_CallOneArg((PyObject *)st->DecimalType, obj);
}

static PyObject *
lazyimp_epoch_iso(PyObject *self, PyObject *Py_UNUSED(ignored))
{
    lazyimp_state *st = get_lazyimp_state(self);
    PyObject *dt, *res;

    dt = PyObject_CallMethod(st->datetime_mod, "datetime", "iiiiiiiO",
                             1970, 1, 1, 0, 0, 0, 0, st->lazyimp_utc);
    if (dt == NULL)
        return NULL;
    res = CALL_ISOFORMAT(dt);
    Py_DECREF(dt);
    return res;
}

static int
ensure_registry(void)
{
    if (registry == NULL) {
        registry = PyDict_New();
        if (registry == NULL)
            return -1;
    }
    return 0;
}

static PyObject *
lazyimp_register(PyObject *self, PyObject *args)
{
    PyObject *tp, *fn;

    if (!PyArg_ParseTuple(args, "O!O:register", &PyType_Type, &tp, &fn))
        return NULL;
    if (ensure_registry() < 0 || PyDict_SetItem(registry, tp, fn) < 0)
        return NULL;
    Py_RETURN_NONE;
}

static PyObject *
lazyimp_convert(PyObject *self, PyObject *obj)
{
    PyObject *fn = NULL;

    if (registry != NULL) {
        fn = PyDict_GetItemWithError(registry, (PyObject *)Py_TYPE(obj));
        if (fn == NULL && PyErr_Occurred())
            return NULL;
    }
    if (fn == NULL) {
        PyErr_Format(PyExc_LookupError, "no converter registered for %.200s",
                     Py_TYPE(obj)->tp_name);
        return NULL;
    }
    return PyObject_CallOneArg(fn, obj);
}

static PyObject *
lazyimp_lazy_module(PyObject *self, PyObject *arg)
{
    const char *name = PyUnicode_AsUTF8(arg);
    const struct lazy_entry *e;

    if (name == NULL)
        return NULL;
    for (e = lazy_modules; e->name != NULL; e++) {
        if (strcmp(e->name, name) != 0)
            continue;
        if (*e->slot == NULL) {
            PyObject *mod = PyImport_ImportModule(e->name);
            if (mod == NULL)
                return NULL;
            if (*e->slot == NULL)
                *e->slot = mod;
            else
                Py_DECREF(mod);
        }
        Py_INCREF(*e->slot);
        return *e->slot;
    }
    PyErr_Format(PyExc_KeyError, "%s is not a lazy module", name);
    return NULL;
}

static PyObject *
lazyimp_set_describer(PyObject *self, PyObject *fn)
{
    lazyimp_state *st = get_lazyimp_state(self);

    Py_INCREF(fn);
    Py_XSETREF(st->describer, fn);
    Py_RETURN_NONE;
}

static PyObject *
lazyimp_describe(PyObject *self, PyObject *obj)
{
    lazyimp_state *st = get_lazyimp_state(self);
    int is_td;

    if (PyObject_TypeCheck(obj, st->DecimalType))
        return PyUnicode_FromFormat("decimal %S", obj);
    is_td = PyObject_IsInstance(obj, st->timedelta_cls);
    if (is_td < 0)
        return NULL;
    if (is_td)
        return PyUnicode_FromFormat("timedelta %S", obj);
    /* everything else: set_describer() must have been called first */
    return PyObject_CallOneArg(st->describer, obj);
}

static PyMethodDef lazyimp_methods[] = {
    {"total_seconds", lazyimp_total_seconds, METH_O, "total_seconds(td) -> float"},
    {"to_decimal", lazyimp_to_decimal, METH_O, "to_decimal(x) -> Decimal"},
    {"epoch_iso", lazyimp_epoch_iso, METH_NOARGS, "the UTC epoch in ISO format"},
    {"register", lazyimp_register, METH_VARARGS, "register(type, fn)"},
    {"convert", lazyimp_convert, METH_O, "convert(obj) with the registered function"},
    {"lazy_module", lazyimp_lazy_module, METH_O, "lazy_module(name) -> module"},
    {"set_describer", lazyimp_set_describer, METH_O, NULL},
    {"describe", lazyimp_describe, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static int lazyimp_exec(PyObject *m);

static PyModuleDef_Slot lazyimp_slots[] = {
    {Py_mod_exec, (void *)lazyimp_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef lazyimp_def = {
    PyModuleDef_HEAD_INIT,
    "lazyimp",
    "datetime/decimal helpers",
    sizeof(lazyimp_state),
    lazyimp_methods,
    lazyimp_slots,
    lazyimp_traverse,
    lazyimp_clear,
    lazyimp_free,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int lazyimp_loaded_once = 0;

static int
lazyimp_exec(PyObject *m)
{
    lazyimp_state *st = get_lazyimp_state(m);
    PyObject *tz = NULL, *dec = NULL, *capsule;
    int i;

    if (lazyimp_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "lazyimp cannot be loaded more than once per process");
        return -1;
    }
    st->datetime_mod = PyImport_ImportModule("datetime");
    if (st->datetime_mod == NULL)
        goto error;
    st->timedelta_cls = PyObject_GetAttrString(st->datetime_mod, "timedelta");
    if (st->timedelta_cls == NULL)
        goto error;
    tz = PyObject_GetAttrString(st->datetime_mod, "timezone");
    if (tz == NULL)
        goto error;
    st->lazyimp_utc = PyObject_GetAttrString(tz, "utc");
    Py_CLEAR(tz);
    if (st->lazyimp_utc == NULL)
        goto error;

    dec = PyImport_ImportModule("decimal");
    if (dec == NULL)
        goto error;
    st->DecimalType = (PyTypeObject *)PyObject_GetAttrString(dec, "Decimal");
    Py_CLEAR(dec);
    if (st->DecimalType == NULL)
        goto error;
    if (!PyType_Check(st->DecimalType)) {
        PyErr_SetString(PyExc_TypeError, "decimal.Decimal is not a type");
        goto error;
    }

    for (i = 0; i < 4; i++) {
        st->strs[i] = PyUnicode_InternFromString(str_names[i]);
        if (st->strs[i] == NULL)
            goto error;
    }

    capsule = PyCapsule_New((void *)&registry, "lazyimp._registry_ptr", NULL);
    if (PyModule_AddObject(m, "_registry_ptr", capsule) < 0) {
        Py_XDECREF(capsule);
        goto error;
    }
    lazyimp_loaded_once = 1;
    return 0;

error:
    Py_CLEAR(st->datetime_mod);
    Py_CLEAR(st->timedelta_cls);
    Py_CLEAR(st->lazyimp_utc);
    Py_CLEAR(st->DecimalType);
    return -1;
}

PyMODINIT_FUNC
PyInit_lazyimp(void)
{
    return PyModuleDef_Init(&lazyimp_def);
}
