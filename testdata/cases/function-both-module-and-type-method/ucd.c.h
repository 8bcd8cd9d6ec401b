/*[clinic input]
preserve
[clinic start generated code]*/

#define DB_KIND_METHODDEF \
    {"kind", (PyCFunction)db_kind, METH_O, NULL},

static PyObject *
db_kind_impl(PyObject *self, PyObject *name);

static PyObject *
db_kind(PyObject *self, PyObject *name)
{
    if (!PyUnicode_Check(name)) {
        PyErr_SetString(PyExc_TypeError, "kind() needs a str");
        return NULL;
    }
    return db_kind_impl(self, name);
}
/*[clinic end generated code: output=0 input=0]*/
