/* tagapi_api.h -- the public C API of tagapi: values carrying a tag, for other extensions.
 *
 * Consumers call import_tagapi() in their init function, then use the macros below.  The API is
 * a struct of pointers whose layout is part of the ABI: members are only ever appended.
 */
#ifndef TAGAPI_API_H
#define TAGAPI_API_H

#include <Python.h>

#define TagAPI_CAPSULE_NAME "tagapi._C_API"
#define TagAPI_VERSION 2

typedef struct {
    PyObject_HEAD
    PyObject *value;
    PyObject *tag;
} TaggedObject;

typedef struct {
    PyTypeObject *taggedtype;
    int (*check)(PyObject *obj);
    PyObject *(*wrap)(PyObject *value, const char *tag);
    PyObject *(*unwrap)(PyObject *tagged);
    long version;
} TagAPI_Interface;

#ifndef TAGAPI_MODULE

/* The classic consumer side: one table per process, cached in a C global. */
static TagAPI_Interface *TagAPI_capi = NULL;

static int
import_tagapi(void)
{
    if (TagAPI_capi == NULL)
        TagAPI_capi = (TagAPI_Interface *)PyCapsule_Import(TagAPI_CAPSULE_NAME, 0);
    return TagAPI_capi != NULL ? 0 : -1;
}

#define TaggedType          (*TagAPI_capi->taggedtype)
#define Tagged_Check(obj)   (TagAPI_capi->check((obj)))
#define Tagged_CheckExact(obj) (Py_TYPE(obj) == &TaggedType)
#define Tagged_Wrap(v, tag) (TagAPI_capi->wrap((v), (tag)))
#define Tagged_Unwrap(obj)  (TagAPI_capi->unwrap((obj)))

#endif /* !TAGAPI_MODULE */

#endif /* TAGAPI_API_H */
