/* boxapi_api.h -- the public C API of boxapi: an integer box other extensions can create and read.
 *
 * Consumers call import_boxapi() in their init function, then use the macros below.  The table
 * layout (slot numbers, count) and the capsule name are part of the ABI: never reorder them.
 */
#ifndef BOXAPI_API_H
#define BOXAPI_API_H

#include <Python.h>

#define BoxAPI_CAPSULE_NAME "boxapi._C_API"

#define BoxAPI_Type_NUM   0
#define BoxAPI_New_NUM    1
#define BoxAPI_Value_NUM  2
#define BoxAPI_pointers   3

typedef struct {
    PyObject_HEAD
    long value;
} BoxAPIObject;

#ifndef BOXAPI_MODULE

/* The classic consumer side: one table per process, cached in a C global. */
static void **BoxAPI_API;

#define BoxAPI_Type \
    (*(PyTypeObject *)BoxAPI_API[BoxAPI_Type_NUM])
#define BoxAPI_New \
    (*(PyObject *(*)(long))BoxAPI_API[BoxAPI_New_NUM])
#define BoxAPI_Value \
    (*(long (*)(PyObject *))BoxAPI_API[BoxAPI_Value_NUM])
#define BoxAPI_Check(op) PyObject_TypeCheck(op, &BoxAPI_Type)

static int
import_boxapi(void)
{
    BoxAPI_API = (void **)PyCapsule_Import(BoxAPI_CAPSULE_NAME, 0);
    return BoxAPI_API != NULL ? 0 : -1;
}

#endif /* !BOXAPI_MODULE */

/* For consumers that keep the table in their own module state (isolation-aware). */
#define BoxAPI_TABLE_TYPE(t)   ((PyTypeObject *)(t)[BoxAPI_Type_NUM])
#define BoxAPI_TABLE_VALUE(t)  (*(long (*)(PyObject *))(t)[BoxAPI_Value_NUM])

#endif /* BOXAPI_API_H */
