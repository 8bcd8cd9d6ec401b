/* Colors with named constructors that a macro writes as static methods. */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

typedef struct {
    PyObject_HEAD
    unsigned char r, g, b;
} ColorObject;

static PyTypeObject Color_Type;

static PyObject *
make_color(int r, int g, int b)
{
    ColorObject *c = PyObject_New(ColorObject, &Color_Type);

    if (c == NULL)
        return NULL;
    c->r = (unsigned char)r;
    c->g = (unsigned char)g;
    c->b = (unsigned char)b;
    return (PyObject *)c;
}

/* Color.red(), Color.black(), ...: METH_STATIC, so they get no class and no module */
#define NAMED_COLOR(NAME, R, G, B) \
    static PyObject *Color_##NAME(PyObject *Py_UNUSED(null), PyObject *Py_UNUSED(args)) \
    { return make_color(R, G, B); }

NAMED_COLOR(black, 0, 0, 0)
NAMED_COLOR(red, 255, 0, 0)
NAMED_COLOR(white, 255, 255, 255)

static PyObject *
Color_repr(ColorObject *self)
{
    return PyUnicode_FromFormat("Color(%d, %d, %d)", self->r, self->g, self->b);
}

static PyMethodDef Color_methods[] = {
    {"black", Color_black, METH_STATIC | METH_NOARGS, "the color black"},
    {"red", Color_red, METH_STATIC | METH_NOARGS, "the color red"},
    {"white", Color_white, METH_STATIC | METH_NOARGS, "the color white"},
    {NULL, NULL, 0, NULL}
};

static PyTypeObject Color_Type = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "colors.Color",
    .tp_basicsize = sizeof(ColorObject),
    .tp_repr = (reprfunc)Color_repr,
    .tp_flags = Py_TPFLAGS_DEFAULT,
    .tp_methods = Color_methods,
};

static int colors_exec(PyObject *m);

static PyModuleDef_Slot colors_slots[] = {
    {Py_mod_exec, (void *)colors_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef colorsmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "colors",
    .m_size = 0,
    .m_slots = colors_slots,
};

/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per
 * process. */
static int colors_loaded_once = 0;

static int
colors_exec(PyObject *m)
{

    if (colors_loaded_once) {
        PyErr_SetString(PyExc_ImportError, "colors cannot be loaded more than once per process");
        return -1;
    }
    if (PyType_Ready(&Color_Type) < 0)
        return -1;
    Py_INCREF(&Color_Type);
    if (PyModule_AddObject(m, "Color", (PyObject *)&Color_Type) < 0) {
        Py_DECREF(&Color_Type);
        return -1;
    }
    colors_loaded_once = 1;
    return 0;
}

PyMODINIT_FUNC
PyInit_colors(void)
{
    return PyModuleDef_Init(&colorsmodule);
}
