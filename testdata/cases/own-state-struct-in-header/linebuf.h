/* linebuf: shared declarations of the module and its splitter type. */
#ifndef LINEBUF_H
#define LINEBUF_H

#include <Python.h>

/* The module already keeps its exception in a state of its own. */
struct linebuf_ModuleState {
    PyObject *ParseError;
};

#define LB_STATE(m) ((struct linebuf_ModuleState *)PyModule_GetState(m))

extern PyTypeObject Splitter_Type;

#endif /* LINEBUF_H */
