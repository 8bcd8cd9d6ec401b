#ifndef A_H
#define A_H
#include <Python.h>
extern PyTypeObject A_Type;
#endif
