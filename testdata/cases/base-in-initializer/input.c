/* Subtypes whose base is another static type of the same module, named in their initializers:
 * one designated, one positional. All three become heap types; the base is created first and
 * handed to each subtype's creation. */
#include <Python.h>
#include <structmember.h>

typedef struct {
    PyObject_HEAD
    PyObject *name;
    int wheels;
} VehicleObject;

static int
Vehicle_init(VehicleObject *self, PyObject *args, PyObject *kwds)
{
    PyObject *name;
    int wheels = 4;
    if (!PyArg_ParseTuple(args, "U|i", &name, &wheels))
        return -1;
    Py_INCREF(name);
    Py_XSETREF(self->name, name);
    self->wheels = wheels;
    return 0;
}

static int
Vehicle_traverse(VehicleObject *self, visitproc visit, void *arg)
{
    Py_VISIT(self->name);
    return 0;
}

static int
Vehicle_clear(VehicleObject *self)
{
    Py_CLEAR(self->name);
    return 0;
}

static void
Vehicle_dealloc(VehicleObject *self)
{
    PyObject_GC_UnTrack(self);
    Vehicle_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Vehicle_describe(VehicleObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromFormat("%S on %d wheels", self->name ? self->name : Py_None, self->wheels);
}

static PyMethodDef Vehicle_methods[] = {
    {"describe", (PyCFunction)Vehicle_describe, METH_NOARGS, "Say what it is."},
    {NULL, NULL, 0, NULL},
};

static PyMemberDef Vehicle_members[] = {
    {"wheels", T_INT, offsetof(VehicleObject, wheels), READONLY, "Number of wheels."},
    {NULL},
};

static PyTypeObject VehicleType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "vehicles.Vehicle",
    .tp_basicsize = sizeof(VehicleObject),
    .tp_dealloc = (destructor)Vehicle_dealloc,
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "Anything that moves on wheels.",
    .tp_traverse = (traverseproc)Vehicle_traverse,
    .tp_clear = (inquiry)Vehicle_clear,
    .tp_methods = Vehicle_methods,
    .tp_members = Vehicle_members,
    .tp_init = (initproc)Vehicle_init,
    .tp_new = PyType_GenericNew,
};

static PyObject *
Car_honk(VehicleObject *self, PyObject *Py_UNUSED(ignored))
{
    return PyUnicode_FromString("beep");
}

static PyMethodDef Car_methods[] = {
    {"honk", (PyCFunction)Car_honk, METH_NOARGS, "Make a noise."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject CarType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    .tp_name = "vehicles.Car",
    .tp_basicsize = sizeof(VehicleObject),
    .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC,
    .tp_doc = "A vehicle with a horn.",
    .tp_methods = Car_methods,
    .tp_base = &VehicleType,
};

static PyObject *
Truck_load(VehicleObject *self, PyObject *arg)
{
    long tons = PyLong_AsLong(arg);
    if (tons == -1 && PyErr_Occurred())
        return NULL;
    return PyLong_FromLong(tons * self->wheels);
}

static PyMethodDef Truck_methods[] = {
    {"load", (PyCFunction)Truck_load, METH_O, "Tons times wheels."},
    {NULL, NULL, 0, NULL},
};

static PyTypeObject TruckType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "vehicles.Truck",                   /* tp_name */
    sizeof(VehicleObject),              /* tp_basicsize */
    0,                                  /* tp_itemsize */
    0,                                  /* tp_dealloc */
    0,                                  /* tp_vectorcall_offset */
    0,                                  /* tp_getattr */
    0,                                  /* tp_setattr */
    0,                                  /* tp_as_async */
    0,                                  /* tp_repr */
    0,                                  /* tp_as_number */
    0,                                  /* tp_as_sequence */
    0,                                  /* tp_as_mapping */
    0,                                  /* tp_hash */
    0,                                  /* tp_call */
    0,                                  /* tp_str */
    0,                                  /* tp_getattro */
    0,                                  /* tp_setattro */
    0,                                  /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC, /* tp_flags */
    "A vehicle that carries loads.",    /* tp_doc */
    0,                                  /* tp_traverse */
    0,                                  /* tp_clear */
    0,                                  /* tp_richcompare */
    0,                                  /* tp_weaklistoffset */
    0,                                  /* tp_iter */
    0,                                  /* tp_iternext */
    Truck_methods,                      /* tp_methods */
    0,                                  /* tp_members */
    0,                                  /* tp_getset */
    &VehicleType,                       /* tp_base */
};

static PyObject *
vehicles_is_vehicle(PyObject *module, PyObject *obj)
{
    return PyBool_FromLong(PyObject_TypeCheck(obj, &VehicleType));
}

static PyMethodDef vehicles_methods[] = {
    {"is_vehicle", vehicles_is_vehicle, METH_O, "Is it a Vehicle (or a subtype)?"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef vehicles_module = {
    PyModuleDef_HEAD_INIT, "vehicles", "Vehicles and their kinds.", -1, vehicles_methods
};

PyMODINIT_FUNC
PyInit_vehicles(void)
{
    PyObject *m;
    if (PyType_Ready(&VehicleType) < 0)
        return NULL;
    if (PyType_Ready(&CarType) < 0)
        return NULL;
    if (PyType_Ready(&TruckType) < 0)
        return NULL;
    m = PyModule_Create(&vehicles_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&VehicleType);
    if (PyModule_AddObject(m, "Vehicle", (PyObject *)&VehicleType) < 0)
        goto error;
    Py_INCREF(&CarType);
    if (PyModule_AddObject(m, "Car", (PyObject *)&CarType) < 0)
        goto error;
    Py_INCREF(&TruckType);
    if (PyModule_AddObject(m, "Truck", (PyObject *)&TruckType) < 0)
        goto error;
    return m;
error:
    Py_DECREF(m);
    return NULL;
}
