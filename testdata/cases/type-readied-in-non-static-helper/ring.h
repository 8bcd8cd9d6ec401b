/* ringbuf: declarations shared by the module's files. */
#ifndef RINGBUF_RING_H
#define RINGBUF_RING_H

#include <Python.h>

#if defined(__GNUC__) && __GNUC__ >= 4
#define RING_INTERNAL __attribute__((visibility("hidden")))
#else
#define RING_INTERNAL
#endif

RING_INTERNAL int ring_init_types(void);
RING_INTERNAL int ring_register(PyObject *module);

#endif /* RINGBUF_RING_H */
