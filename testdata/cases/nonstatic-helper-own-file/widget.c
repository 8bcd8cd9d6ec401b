#include "widget.h"

/* not static and declared in no header: only this file calls it */
int
check_level(long level)
{
    if (level < 0 || level > 10) {
        PyErr_Format(WidgetError, "level %ld is out of range", level);
        return -1;
    }
    return 0;
}

PyObject *
widget_poke(PyObject *self, PyObject *arg)
{
    long level = PyLong_AsLong(arg);

    if (level == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (check_level(level) < 0) {
        return NULL;
    }
    return PyLong_FromLong(level * 2);
}
