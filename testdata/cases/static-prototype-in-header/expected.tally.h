/* The Tally type's declarations. Every .c file of the extension is compiled as one unit
 * (input.c includes tally.c), so helpers are static and declared here. */
#ifndef TALLY_H
#define TALLY_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "tallies_state.h"

typedef struct {
    PyObject_HEAD
    long count;
} TallyObject;

static PyObject *
tally_create(tallies_state *st, long start);

#endif
