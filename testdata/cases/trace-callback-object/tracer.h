/* The tracer object, shared with the project's other C files. */
#ifndef LINECOUNT_TRACER_H
#define LINECOUNT_TRACER_H

typedef struct {
    PyObject_HEAD
    PyObject *counts;   /* dict: name -> int */
    PyObject *calls;    /* list of names */
    int active;
} Tracer;

#endif
