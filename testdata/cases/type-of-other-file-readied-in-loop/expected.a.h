#ifndef A_H
#define A_H
#include <Python.h>
#endif
