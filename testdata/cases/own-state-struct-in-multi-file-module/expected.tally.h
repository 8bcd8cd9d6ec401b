/* tally: shared declarations of the module's two files. */
#ifndef TALLY_H
#define TALLY_H

#include <Python.h>

int tally_add_counter(PyObject *module);

#endif /* TALLY_H */
