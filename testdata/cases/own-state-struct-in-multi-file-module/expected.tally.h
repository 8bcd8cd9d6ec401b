/* tally: shared declarations of the module's two files. */
#ifndef TALLY_H
#define TALLY_H

#include <Python.h>

#endif /* TALLY_H */
