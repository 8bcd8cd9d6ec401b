#ifndef SESSION_H
#define SESSION_H

#include <Python.h>

typedef struct {
    PyObject_HEAD
    long window;
    long used;
    int format;
} Session;

int ensure_session(Session *session, int reset_used);

#endif
