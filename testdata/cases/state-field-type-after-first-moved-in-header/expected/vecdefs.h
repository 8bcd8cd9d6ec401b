/* The vec module's declarations: its error, the object struct, and the
 * shared zero vector, which points to that struct. */
#ifndef VEC_DEFS_H
#define VEC_DEFS_H

typedef struct {
    PyObject_HEAD
    double x, y;
} Vec;

#endif /* VEC_DEFS_H */
