/* Tickets: objects returned from brace-less if and else bodies, errors added in a brace-less loop. */
#include <Python.h>

typedef struct {
    PyObject_HEAD
    long number;
} TicketObject;

static PyObject *ticket_errors[2];
static const char *ticket_error_names[2] = {"Expired", "Forged"};

static void
Ticket_dealloc(TicketObject *self)
{
    Py_TYPE(self)->tp_free((PyObject *)self);
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

static PyTypeObject TicketType = {
    PyVarObject_HEAD_INIT(NULL, 0)
    "tickets.Ticket",                 /* tp_name */
    sizeof(TicketObject),             /* tp_basicsize */
    0,                                /* tp_itemsize */
    (destructor)Ticket_dealloc,       /* tp_dealloc */
    0,                                /* tp_vectorcall_offset */
    0,                                /* tp_getattr */
    0,                                /* tp_setattr */
    0,                                /* tp_as_async */
    0,                                /* tp_repr */
    0,                                /* tp_as_number */
    0,                                /* tp_as_sequence */
    0,                                /* tp_as_mapping */
    0,                                /* tp_hash */
    0,                                /* tp_call */
    0,                                /* tp_str */
    0,                                /* tp_getattro */
    0,                                /* tp_setattro */
    0,                                /* tp_as_buffer */
    Py_TPFLAGS_DEFAULT,               /* tp_flags */
    "A numbered ticket.",             /* tp_doc */
    0,                                /* tp_traverse */
    0,                                /* tp_clear */
    0,                                /* tp_richcompare */
    0,                                /* tp_weaklistoffset */
    0,                                /* tp_iter */
    0,                                /* tp_iternext */
    0,                                /* tp_methods */
    0,                                /* tp_members */
    Ticket_getset,                    /* tp_getset */
};

static int
ticket_validate(TicketObject *t, long number)
{
    if (number < 0) {
        PyErr_SetString(ticket_errors[1], "ticket numbers are not negative");
        return -1;
    }
    if (number > 9999) {
        PyErr_SetString(ticket_errors[0], "ticket numbers end at 9999");
        return -1;
    }
    t->number = number;
    return 0;
}

/* The object is returned from an if without else; the failure path follows it. */
static PyObject *
tickets_issue(PyObject *self, PyObject *args)
{
    TicketObject *t;
    long number;

    if (!PyArg_ParseTuple(args, "l", &number))
        return NULL;
    t = PyObject_New(TicketObject, &TicketType);
    if (t == NULL)
        return NULL;
    if (ticket_validate(t, number) == 0)
        return (PyObject *)t;
    Py_DECREF(t);
    return NULL;
}

/* An if/else with both bodies on their own lines. */
static PyObject *
tickets_renew(PyObject *self, PyObject *args)
{
    TicketObject *t;
    long number;

    if (!PyArg_ParseTuple(args, "l", &number))
        return NULL;
    t = PyObject_New(TicketObject, &TicketType);
    if (t == NULL)
        return NULL;
    if (ticket_validate(t, number + 1) == 0)
        return (PyObject *)t;
    else
        Py_DECREF(t);
    return NULL;
}

/* An if/else on one line each, the object or None. */
static PyObject *
tickets_try_issue(PyObject *self, PyObject *args)
{
    TicketObject *t;
    long number;

    if (!PyArg_ParseTuple(args, "l", &number))
        return NULL;
    t = PyObject_New(TicketObject, &TicketType);
    if (t == NULL)
        return NULL;
    if (ticket_validate(t, number) == 0) return (PyObject *)t;
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

static struct PyModuleDef tickets_module = {
    PyModuleDef_HEAD_INIT, "tickets", NULL, -1, tickets_methods,
};

PyMODINIT_FUNC
PyInit_tickets(void)
{
    PyObject *m;
    int i;

    if (PyType_Ready(&TicketType) < 0)
        return NULL;
    m = PyModule_Create(&tickets_module);
    if (m == NULL)
        return NULL;
    Py_INCREF(&TicketType);
    if (PyModule_AddObject(m, "Ticket", (PyObject *)&TicketType) < 0) {
        Py_DECREF(&TicketType);
        Py_DECREF(m);
        return NULL;
    }
    ticket_errors[0] = PyErr_NewException("tickets.Expired", PyExc_ValueError, NULL);
    ticket_errors[1] = PyErr_NewException("tickets.Forged", PyExc_ValueError, NULL);
    if (ticket_errors[0] == NULL || ticket_errors[1] == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    for (i = 0; i < 2; i++)
        if (PyModule_AddObject(m, ticket_error_names[i], ticket_errors[i]) < 0)
            break;
    if (i < 2) {
        Py_DECREF(ticket_errors[i]);
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
