/* The vector object. */
#ifndef VECOBJECT_H
#define VECOBJECT_H

typedef struct {
    PyObject_HEAD
    double x, y;
} Vec;

#endif /* VECOBJECT_H */
