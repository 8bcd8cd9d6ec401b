/*
 * tickets: numbered tickets whose numbers are recycled. Already multi-phase with a heap type made
 * by PyType_FromModuleAndSpec, but the recycled numbers and the count of open tickets are still
 * process-wide C data, updated by the ticket's dealloc.
 */
#define PY_SSIZE_T_CLEAN
#include <Python.h>

#define MAX_RECYCLED 16

static long recycled[MAX_RECYCLED];
static int nrecycled = 0;
static long next_number = 1;
static Py_ssize_t open_tickets = 0;

typedef struct {
    PyObject_HEAD
    long number;
} TicketObject;

static void
recycle(long number)
{
    if (nrecycled < MAX_RECYCLED) {
        recycled[nrecycled++] = number;
    }
}

static PyObject *
Ticket_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
    TicketObject *self;

    if (!PyArg_ParseTuple(args, ":Ticket"))
        return NULL;
    self = (TicketObject *)type->tp_alloc(type, 0);
    if (self == NULL)
        return NULL;
    if (nrecycled > 0)
        self->number = recycled[--nrecycled];
    else
        self->number = next_number++;
    open_tickets++;
    return (PyObject *)self;
}

static void
Ticket_dealloc(TicketObject *self)
{
    PyTypeObject *tp = Py_TYPE(self);

    recycle(self->number);
    open_tickets--;
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
    return PyLong_FromSsize_t(open_tickets);
}

static PyMethodDef tickets_methods[] = {
    {"open", tickets_open, METH_NOARGS, "How many tickets are alive."},
    {NULL, NULL, 0, NULL}
};

static int
tickets_exec(PyObject *module)
{
    PyObject *type = PyType_FromModuleAndSpec(module, &Ticket_spec, NULL);

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
    {0, NULL}
};

static struct PyModuleDef ticketsmodule = {
    PyModuleDef_HEAD_INIT,
    "tickets",
    "Recycled ticket numbers.",
    0,
    tickets_methods,
    tickets_slots,
};

PyMODINIT_FUNC
PyInit_tickets(void)
{
    return PyModuleDef_Init(&ticketsmodule);
}
