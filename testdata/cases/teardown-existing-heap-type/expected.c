/*
 * tickets: numbered tickets whose numbers are recycled. Already multi-phase with a heap type made
 * by PyType_FromModuleAndSpec, but the recycled numbers and the count of open tickets are still
 * process-wide C data, updated by the ticket's dealloc.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "pyext_isolate_compat.h"

#define MAX_RECYCLED 16

/* Module state: what used to be C globals (pyext-isolate). */
typedef struct {
    long recycled[MAX_RECYCLED]; /* was: static long recycled[MAX_RECYCLED] */
    int nrecycled;               /* was: static int nrecycled */
    long next_number;            /* was: static long next_number */
    Py_ssize_t open_tickets;     /* was: static Py_ssize_t open_tickets */
} tickets_state;

static struct PyModuleDef ticketsmodule;

static inline tickets_state *
get_tickets_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (tickets_state *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with an exception if none
 * did. */
static inline tickets_state *
tickets_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &ticketsmodule);
    return module == NULL ? NULL : get_tickets_state(module);
}

/* In a teardown slot: the state of the module that defined `type` or one of its bases, or NULL
 * once that module is gone (the GC clears a type's module before the objects that die with it). */
static inline tickets_state *
tickets_get_state_in_teardown(PyTypeObject *type)
{
    PyTypeObject *base;
    for (base = type; base != NULL; base = base->tp_base) {
        PyObject *module = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE)
                           ? ((PyHeapTypeObject *)base)->ht_module : NULL;
        if (module != NULL && PyModule_GetDef(module) == &ticketsmodule)
            return get_tickets_state(module);
    }
    return NULL;
}

typedef struct {
    PyObject_HEAD
    long number;
} TicketObject;

static void
recycle(tickets_state *st, long number)
{
    if (st != NULL && st->nrecycled < MAX_RECYCLED) {
        st->recycled[st->nrecycled++] = number;
    }
}

static PyObject *
Ticket_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    tickets_state *st = tickets_get_state_by_type(type);
    TicketObject *self;

    if (st == NULL)
        return NULL;
    if (!PyArg_ParseTuple(args, ":Ticket"))
        return NULL;
    self = (TicketObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    if (st->nrecycled > 0)
        self->number = st->recycled[--st->nrecycled];
    else
        self->number = st->next_number++;
    st->open_tickets++;
    return (PyObject *)self;
}

static void
Ticket_dealloc(TicketObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);
    tickets_state *st = tickets_get_state_in_teardown(Py_TYPE(self));

    recycle(st, self->number);
    if (st != NULL)
        st->open_tickets--;
    tp->tp_free((PyObject *)self);
    Py_DECREF(tp);
}

static PyObject *
Ticket_get_number(TicketObject *self, void *closure)
{
    return PyLong_FromLong(self->number);
}

static PyGetSetDef Ticket_getset[] = {
    {"number", (getter)Ticket_get_number, NULL, "The ticket's number.", NULL},
    {NULL, NULL, NULL, NULL, NULL}
};

static PyType_Slot Ticket_slots[] = {
    {Py_tp_new, Ticket_new},
    {Py_tp_dealloc, Ticket_dealloc},
    {Py_tp_getset, Ticket_getset},
    {Py_tp_doc, "A numbered ticket."},
    {0, NULL}
};

static PyType_Spec Ticket_spec = {
    "tickets.Ticket",
    sizeof(TicketObject),
    0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE,
    Ticket_slots
};

static PyObject *
tickets_open(PyObject *module, PyObject *Py_UNUSED(ignored))
{
    tickets_state *st = get_tickets_state(module);

    return PyLong_FromSsize_t(st->open_tickets);
}

static PyMethodDef tickets_methods[] = {
    {"open", tickets_open, METH_NOARGS, "How many tickets are alive."},
    {NULL, NULL, 0, NULL}
};

static int
tickets_exec(PyObject *module)
{
    tickets_state *st = get_tickets_state(module);
    PyObject *type = PyType_FromModuleAndSpec(module, &Ticket_spec, NULL);

    st->next_number = 1;
    if (type == NULL)
        return -1;
    if (PyModule_AddObject(module, "Ticket", type) < 0) {
        Py_DECREF(type);
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot tickets_slots[] = {
    {Py_mod_exec, tickets_exec},
#ifdef Py_mod_multiple_interpreters
    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
    {0, NULL}
};

static struct PyModuleDef ticketsmodule = {
    PyModuleDef_HEAD_INIT,
    "tickets",
    "Recycled ticket numbers.",
    sizeof(tickets_state),
    tickets_methods,
    tickets_slots,
};

PyMODINIT_FUNC
PyInit_tickets(void)
{
    return PyModuleDef_Init(&ticketsmodule);
}
