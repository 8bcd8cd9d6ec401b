/* Tickets: objects returned from brace-less if and else bodies, errors added in a brace-less loop. */
#include <Python.h>
#include "pyext_isolate_compat.h"

typedef struct {
    PyObject_HEAD
    long number;
} TicketObject;

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    PyObject *ticket_errors[2]; /* was: static PyObject *ticket_errors[2] */
    PyTypeObject *TicketType;   /* was: static PyTypeObject TicketType */
} tickets_state;

static inline tickets_state *
get_tickets_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tickets_state *)state;
}

static int
tickets_traverse(PyObject *module, visitproc visit, void *arg)
{
    tickets_state *st = get_tickets_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(2); i++)
        Py_VISIT(st->ticket_errors[i]);
    Py_VISIT(st->TicketType);
    return 0;
}

static int
tickets_clear(PyObject *module)
{
    tickets_state *st = get_tickets_state(module);
    for (Py_ssize_t i = 0; i < (Py_ssize_t)(2); i++)
        Py_CLEAR(st->ticket_errors[i]);
    Py_CLEAR(st->TicketType);
    return 0;
}

static void
tickets_free(void *module)
{
    (void)tickets_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
tickets_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type,
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

static const char *ticket_error_names[2] = {"Expired", "Forged"};

static void
Ticket_dealloc(TicketObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    PyObject_GC_UnTrack(self);
    Py_TYPE(self)->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Ticket_get_number(TicketObject *self, void *closure)
{
    return PyLong_FromLong(self->number);
}

static PyGetSetDef Ticket_getset[] = {
    {"number", (getter)Ticket_get_number, NULL, "the ticket's number", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

/* Heap types are GC types: instances keep their type alive, the collector must see it
 * (pyext-isolate). */
static int
Ticket_traverse(PyObject *self, visitproc visit, void *arg)
{
    Py_VISIT(Py_TYPE(self));
    return 0;
}

static PyType_Slot Ticket_slots[] = {
    {Py_tp_dealloc, (void *)Ticket_dealloc},
    {Py_tp_doc, (void *)"A numbered ticket."},
    {Py_tp_traverse, (void *)Ticket_traverse},
    {Py_tp_getset, (void *)Ticket_getset},
    {0, NULL},
};

static PyType_Spec Ticket_spec = {
    .name = "tickets.Ticket",
    .basicsize = sizeof(TicketObject),
    .itemsize = 0,
    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE |
             Py_TPFLAGS_DISALLOW_INSTANTIATION,
    .slots = Ticket_slots,
};

static int
ticket_validate(tickets_state *st, TicketObject *t, long number)
{
    if (number < 0) {
        PyErr_SetString(st->ticket_errors[1], "ticket numbers are not negative");
        return -1;
    }
    if (number > 9999) {
        PyErr_SetString(st->ticket_errors[0], "ticket numbers end at 9999");
        return -1;
    }
    t->number = number;
    return 0;
}

/* The object is returned from an if without else; the failure path follows it. */
static PyObject *
tickets_issue(PyObject *self, PyObject *args)
{
    tickets_state *st = get_tickets_state(self);
    TicketObject *t;
    long number;

    if (!PyArg_ParseTuple(args, "l", &number))
        return NULL;
    t = PyObject_GC_New(TicketObject, st->TicketType);
    if (t == NULL)
        return NULL;
    if (ticket_validate(st, t, number) == 0) {
        PyObject_GC_Track((PyObject *)t);
        return (PyObject *)t;
    }
    Py_DECREF(t);
    return NULL;
}

/* An if/else with both bodies on their own lines. */
static PyObject *
tickets_renew(PyObject *self, PyObject *args)
{
    tickets_state *st = get_tickets_state(self);
    TicketObject *t;
    long number;

    if (!PyArg_ParseTuple(args, "l", &number))
        return NULL;
    t = PyObject_GC_New(TicketObject, st->TicketType);
    if (t == NULL)
        return NULL;
    if (ticket_validate(st, t, number + 1) == 0) {
        PyObject_GC_Track((PyObject *)t);
        return (PyObject *)t;
    }
    else
        Py_DECREF(t);
    return NULL;
}

/* An if/else on one line each, the object or None. */
static PyObject *
tickets_try_issue(PyObject *self, PyObject *args)
{
    tickets_state *st = get_tickets_state(self);
    TicketObject *t;
    long number;

    if (!PyArg_ParseTuple(args, "l", &number))
        return NULL;
    t = PyObject_GC_New(TicketObject, st->TicketType);
    if (t == NULL)
        return NULL;
    if (ticket_validate(st, t, number) == 0) {
        PyObject_GC_Track((PyObject *)t);
        return (PyObject *)t;
    }
    else Py_DECREF(t);
    PyErr_Clear();
    Py_RETURN_NONE;
}

static PyMethodDef tickets_methods[] = {
    {"issue", tickets_issue, METH_VARARGS, "Issue a ticket."},
    {"renew", tickets_renew, METH_VARARGS, "Issue the ticket after this one."},
    {"try_issue", tickets_try_issue, METH_VARARGS, "Issue a ticket, or None."},
    {NULL, NULL, 0, NULL},
};

static int tickets_exec(PyObject *m);

static PyModuleDef_Slot tickets_slots[] = {
    {Py_mod_exec, (void *)tickets_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL},
};

static struct PyModuleDef tickets_module = {
    PyModuleDef_HEAD_INIT, "tickets", NULL, sizeof(tickets_state), tickets_methods,
    tickets_slots,
    tickets_traverse,
    tickets_clear,
    tickets_free,
};

static int
tickets_exec(PyObject *m)
{
    tickets_state *st = get_tickets_state(m);
    int i;

    if (tickets_create_type(m, &Ticket_spec, NULL, &st->TicketType, 1) < 0)
        return -1;
    Py_INCREF(st->TicketType);
    if (PyModule_AddObject(m, "Ticket", (PyObject *)st->TicketType) < 0) {
        Py_DECREF(st->TicketType);
        return -1;
    }
    st->ticket_errors[0] = PyErr_NewException("tickets.Expired", PyExc_ValueError, NULL);
    st->ticket_errors[1] = PyErr_NewException("tickets.Forged", PyExc_ValueError, NULL);
    if (st->ticket_errors[0] == NULL || st->ticket_errors[1] == NULL)
        return -1;
    for (i = 0; i < 2; i++) {
        Py_INCREF(st->ticket_errors[i]);
        if (PyModule_AddObject(m, ticket_error_names[i], st->ticket_errors[i]) < 0)
            break;
    }
    if (i < 2) {
        Py_DECREF(st->ticket_errors[i]);
        return -1;
    }
    return 0;
}

PyMODINIT_FUNC
PyInit_tickets(void)
{
    return PyModuleDef_Init(&tickets_module);
}
