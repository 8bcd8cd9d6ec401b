#include "widget.h"
#include "widgetmod_state.h"

/* not static and declared in no header: only this file calls it */
static int
check_level(widgetmod_state *st, long level)
{
    if (level < 0 || level > 10) {
        PyErr_Format(st->WidgetError, "level %ld is out of range", level);
        return -1;
    }
    return 0;
}

PyObject *
widget_poke(PyObject *self, PyObject *arg)
{
    widgetmod_state *st = get_widgetmod_state(self);
    long level = PyLong_AsLong(arg);

    if (level == -1 && PyErr_Occurred()) {
        return NULL;
    }
    if (check_level(st, level) < 0) {
        return NULL;
    }
    return PyLong_FromLong(level * 2);
}
