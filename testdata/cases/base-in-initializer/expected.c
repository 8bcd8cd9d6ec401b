/* Subtypes whose base is another static type of the same module, named in their initializers:
 * one designated, one positional. All three become heap types; the base is created first and
 * handed to each subtype's creation. */
#include <Python.h>
#include <structmember.h>
#include "pyext_isolate_compat.h"

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
    Py_VISIT(Py_TYPE(self));
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
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Vehicle_clear(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
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

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyTypeObject *VehicleType; /* was: static PyTypeObject VehicleType */
    PyTypeObject *CarType;     /* was: static PyTypeObject CarType */
    PyTypeObject *TruckType;   /* was: static PyTypeObject TruckType */
} vehicles_state;

static inline vehicles_state *
get_vehicles_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (vehicles_state *)state;
}

static int
vehicles_traverse(PyObject *module, visitproc visit, void *arg)
{
    vehicles_state *st = get_vehicles_state(module);
    Py_VISIT(st->VehicleType);
    Py_VISIT(st->CarType);
    Py_VISIT(st->TruckType);
    return 0;
}

static int
vehicles_clear(PyObject *module)
{
    vehicles_state *st = get_vehicles_state(module);
    Py_CLEAR(st->VehicleType);
    Py_CLEAR(st->CarType);
    Py_CLEAR(st->TruckType);
    return 0;
}

static void
vehicles_free(void *module)
{
    (void)vehicles_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
vehicles_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
                     int disallow_new)
{
    PyObject *bases = NULL;
    if (base != NULL) {
        bases = PyTuple_Pack(1, (PyObject *)base);
        if (bases == NULL)
            return -1;
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

static PyType_Slot Vehicle_slots[] = {
    {Py_tp_dealloc, (void *)Vehicle_dealloc},
    {Py_tp_doc, (void *)"Anything that moves on wheels."},
    {Py_tp_traverse, (void *)Vehicle_traverse},
    {Py_tp_clear, (void *)Vehicle_clear},
    {Py_tp_methods, (void *)Vehicle_methods},
    {Py_tp_members, (void *)Vehicle_members},
    {Py_tp_init, (void *)Vehicle_init},
    {Py_tp_new, (void *)PyType_GenericNew},
    {0, NULL},
};

static PyType_Spec Vehicle_spec = {
    .name = "vehicles.Vehicle",
    .basicsize = sizeof(VehicleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Vehicle_slots,
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

static PyType_Slot Car_slots[] = {
    {Py_tp_dealloc, (void *)Vehicle_dealloc},
    {Py_tp_doc, (void *)"A vehicle with a horn."},
    {Py_tp_traverse, (void *)Vehicle_traverse},
    {Py_tp_methods, (void *)Car_methods},
    {0, NULL},
};

static PyType_Spec Car_spec = {
    .name = "vehicles.Car",
    .basicsize = sizeof(VehicleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |
             Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Car_slots,
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

static PyType_Slot Truck_slots[] = {
    {Py_tp_dealloc, (void *)Vehicle_dealloc},
    {Py_tp_doc, (void *)"A vehicle that carries loads."},
    {Py_tp_traverse, (void *)Vehicle_traverse},
    {Py_tp_methods, (void *)Truck_methods},
    {0, NULL},
};

static PyType_Spec Truck_spec = {
    .name = "vehicles.Truck",
    .basicsize = sizeof(VehicleObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
    .slots = Truck_slots,
};

static PyObject *
vehicles_is_vehicle(PyObject *module, PyObject *obj)
{
    vehicles_state *st = get_vehicles_state(module);
    return PyBool_FromLong(PyObject_TypeCheck(obj, st->VehicleType));
}

static PyMethodDef vehicles_methods[] = {
    {"is_vehicle", vehicles_is_vehicle, METH_O, "Is it a Vehicle (or a subtype)?"},
    {NULL, NULL, 0, NULL},
};

static int vehicles_exec(PyObject *m);

static PyModuleDef_Slot vehicles_slots[] = {
    {Py_mod_exec, (void *)vehicles_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef vehicles_module = {
    PyModuleDef_HEAD_INIT, "vehicles", "Vehicles and their kinds.", sizeof(vehicles_state), vehicles_methods,
    vehicles_slots,
    vehicles_traverse,
    vehicles_clear,
    vehicles_free
};

static int
vehicles_exec(PyObject *m)
{
    vehicles_state *st = get_vehicles_state(m);
    if (vehicles_create_type(m, &Vehicle_spec, NULL, &st->VehicleType, 0) < 0)
        return -1;
    if (vehicles_create_type(m, &Car_spec, st->VehicleType, &st->CarType, 0) < 0)
        return -1;
    if (vehicles_create_type(m, &Truck_spec, st->VehicleType, &st->TruckType, 0) < 0)
        return -1;
    Py_INCREF(st->VehicleType);
    if (PyModule_AddObject(m, "Vehicle", (PyObject *)st->VehicleType) < 0)
        goto error;
    Py_INCREF(st->CarType);
    if (PyModule_AddObject(m, "Car", (PyObject *)st->CarType) < 0)
        goto error;
    Py_INCREF(st->TruckType);
    if (PyModule_AddObject(m, "Truck", (PyObject *)st->TruckType) < 0)
        goto error;
    return 0;
error:
    return -1;
}

PyMODINIT_FUNC
PyInit_vehicles(void)
{
    return PyModuleDef_Init(&vehicles_module);
}
