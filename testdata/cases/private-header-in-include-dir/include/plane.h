/* The project's own header: it sits in include/ beside the sources, as many projects keep theirs,
 * but only this extension's files include it; nothing installs it for other extensions. */
#ifndef PLANE_H
#define PLANE_H

#include <Python.h>

typedef struct {
    PyObject_HEAD
    double x, y;
} PointObject;

extern PyTypeObject Point_Type;
extern PyObject *PlaneError;

PyObject *point_from_xy(double x, double y);

#endif
