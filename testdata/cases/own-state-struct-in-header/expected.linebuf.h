/* linebuf: shared declarations of the module and its splitter type. */
#ifndef LINEBUF_H
#define LINEBUF_H

#include <Python.h>
#include "pyext_isolate_compat.h"

/* The module already keeps its exception in a state of its own. */
struct linebuf_ModuleState {
    PyObject *ParseError;
    PyObject *separator; /* was: static PyObject *separator */
    PyTypeObject *Splitter_Type; /* was: PyTypeObject Splitter_Type */
};

/* Module state access (pyext-isolate). */
extern PyType_Spec Splitter_spec;

extern struct PyModuleDef linebuf_module;

static inline struct linebuf_ModuleState *
get_linebuf_state(PyObject *module)
{
    void *state = PyModule_GetState(module);
    assert(state != NULL);
    return (struct linebuf_ModuleState *)state;
}

/* The state of the module that defined `type` or one of its bases; NULL with
 * an exception if none did. */
static inline struct linebuf_ModuleState *
linebuf_get_state_by_type(PyTypeObject *type)
{
    PyObject *module = PyType_GetModuleByDef(type, &linebuf_module);
    return module == NULL ? NULL : get_linebuf_state(module);
}

#define LB_STATE(m) ((struct linebuf_ModuleState *)PyModule_GetState(m))

#endif /* LINEBUF_H */
