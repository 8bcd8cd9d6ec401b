/* The vec module's declarations: its error, the object struct, and the
 * shared zero vector, which points to that struct. */
#ifndef VEC_DEFS_H
#define VEC_DEFS_H

static PyObject *VecError;

typedef struct {
    PyObject_HEAD
    double x, y;
} Vec;

/* The zero vector, made once. */
static Vec *ZERO = NULL;

#endif /* VEC_DEFS_H */
