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

static struct PyModuleDef colorsmodule = {
    PyModuleDef_HEAD_INIT,
    .m_name = "colors",
    .m_size = -1,
};

PyMODINIT_FUNC
PyInit_colors(void)
{
    PyObject *m;

    if (PyType_Ready(&Color_Type) < 0)
        return NULL;
    m = PyModule_Create(&colorsmodule);
    if (m == NULL)
        return NULL;
    Py_INCREF(&Color_Type);
    if (PyModule_AddObject(m, "Color", (PyObject *)&Color_Type) < 0) {
        Py_DECREF(&Color_Type);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
