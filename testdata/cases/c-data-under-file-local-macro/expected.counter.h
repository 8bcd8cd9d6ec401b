#ifndef COUNTER_H
#define COUNTER_H

#include <Python.h>
#include "tally_state.h"

int counter_bump(tally_state *st);
size_t counter_peak(tally_state *st);
PyObject *counter_label(void);

#endif
