/* The module's own header: the result type and its description. */
#ifndef POINT_H
#define POINT_H
#include <Python.h>
#include <structseq.h>

static PyTypeObject PointType;

static PyStructSequence_Field point_fields[] = {
    {"x", NULL},
    {"y", NULL},
    {NULL}
};

static PyStructSequence_Desc point_desc = {
    "points.point", "a point", point_fields, 2
};
#endif
