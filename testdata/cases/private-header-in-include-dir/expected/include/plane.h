/* The project's own header: it sits in include/ beside the sources, as many projects keep theirs,
 * but only this extension's files include it; nothing installs it for other extensions. */
#ifndef PLANE_H
#define PLANE_H

#include <Python.h>
#include "../plane_state.h"

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

PyObject *point_from_xy(plane_state *st, double x, double y);

#endif
