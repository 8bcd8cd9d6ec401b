/* Declarations shared by the files of the blobkit extension (not installed). */
#ifndef BLOBKIT_H
#define BLOBKIT_H

#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include "blobkit_state.h"

typedef struct {
    PyObject_HEAD
    char *buf;
    Py_ssize_t len;
    Py_ssize_t pos;
} ReaderObject;

/* counters.c: allocation with counters kept for debugging. */
void *blob_alloc(blobkit_state *st, size_t size);
void blob_free(void *p);
PyObject *blobkit_stats(PyObject *module, PyObject *unused);
PyObject *blobkit_fail_after(PyObject *module, PyObject *arg);

/* reader.c */
int reader_module_init(PyObject *mod);

#endif
