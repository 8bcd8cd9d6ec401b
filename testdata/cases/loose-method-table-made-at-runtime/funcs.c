/* Helpers shared by the files of dirclient. */
#include "funcs.h"

void
add_methods(PyObject *d, PyMethodDef *methods)
{
    PyMethodDef *meth;

    for (meth = methods; meth->ml_name != NULL; meth++) {
        PyObject *f = PyCFunction_New(meth, NULL);

        if (f == NULL)
            return;
        PyDict_SetItemString(d, meth->ml_name, f);
        Py_DECREF(f);
    }
}
