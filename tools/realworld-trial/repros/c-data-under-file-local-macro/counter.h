#ifndef COUNTER_H
#define COUNTER_H

#include <Python.h>

int counter_bump(void);
size_t counter_peak(void);
PyObject *counter_label(void);

#endif
