/* tally: shared declarations of the module's two files. */
#ifndef TALLY_H
#define TALLY_H

#include <Python.h>

extern PyObject *TallyOverflow;

extern PyTypeObject CounterType;

#endif /* TALLY_H */
