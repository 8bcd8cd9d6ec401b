#ifndef WORDSCAN_SCANNER_H
#define WORDSCAN_SCANNER_H

#include "common.h"

typedef struct {
    PyObject_HEAD
    PyObject *text;     /* str */
    Py_ssize_t pos;
} ScannerObject;

#endif
