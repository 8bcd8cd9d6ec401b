/* Shared by the files of the resultcodes extension (not installed). */
#ifndef RESULTCODES_H
#define RESULTCODES_H

#include <Python.h>

/* The library's result codes (a real one gets them from its own header). */
#define RC_BUSY       (-2)
#define RC_TIMEOUT    (-1)
#define RC_OK         0
#define RC_DENIED     1
#define RC_CORRUPT    2
#include "resultcodes_state.h"

int codes_init(PyObject *module);
PyObject *codes_raise(resultcodes_state *st, int code);

#endif
