/*
 * legacyio.c -- in-memory byte streams.
 *
 * Written in 2003 for Python 2.3 by José María Peña, ported to Python 3
 * in 2011 (module state, PyState_FindModule) and otherwise left alone:
 * the code is still built with very old compilers in some places.
 *
 * Stream objects behave like a small subset of io.BytesIO: write(), read(),
 * readline(), seek(), tell(), getvalue(), close(), iteration over lines,
 * plus crc32() of the whole contents.
 */

#define PY_SSIZE_T_CLEAN	/* added for Python 3.10 */
#include "Python.h"
#include <string.h>
#include "pyext_isolate_compat.h"

#define LEGACYIO_VERSION	"2.1"
#define ERRBUF_SIZE	256

struct module_state {
	PyObject *error;
	PyObject *module; /* was: PyState_FindModule(&def): the module itself, borrowed */
	/* process-wide bookkeeping, reported by legacyio.stats() */
	int initialized; /* was: static int initialized */
	long bytes_written; /* was: static long bytes_written */
	unsigned int open_streams; /* was: static unsigned int open_streams */
	char errbuf[ERRBUF_SIZE]; /* was: static char errbuf[ERRBUF_SIZE] */
	unsigned long crc_table[256]; /* was: static unsigned long crc_table[256] */
	PyTypeObject *StreamType; /* was: static PyTypeObject StreamType */
};

#define GETSTATE(m) ((struct module_state*)PyModule_GetState(m))

static struct PyModuleDef legacyio_module;

/* Module state access (pyext-isolate). */
static struct PyModuleDef legacyio_module;

static inline struct module_state *
get_legacyio_state(PyObject *module)
{
	void *state = PyModule_GetState(module);
	assert(state != NULL);
	return (struct module_state *)state;
}

/* In a teardown slot: the state of the module that defined `type` or one of its bases, or NULL once
 * that module is gone (the GC clears a type's module before the objects that die with it). */
static inline struct module_state *
legacyio_get_state_in_teardown(PyTypeObject *type)
{
	PyTypeObject *base;
	for (base = type; base != NULL; base = base->tp_base) {
		PyObject *module = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE)
		                   ? ((PyHeapTypeObject *)base)->ht_module : NULL;
		if (module != NULL && PyModule_GetDef(module) == &legacyio_module)
			return get_legacyio_state(module);
	}
	return NULL;
}

/* The state of the module that made `type`, one of its types that cannot be subclassed. */
static inline struct module_state *
legacyio_get_state_of_type(PyTypeObject *type)
{
	void *state = PyType_GetModuleState(type);
	assert(state != NULL);
	return (struct module_state *)state;
}

static int legacyio_clear(PyObject *);

static void
legacyio_free(void *module)
{
	(void)legacyio_clear((PyObject *)module);
}

/* Creates a heap type from its spec for this module, with `base` (or NULL) as its base:
 * 0 on success, -1 with an exception set, as PyType_Ready did. */
static int
legacyio_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)
{
	PyObject *bases = NULL;
	if (base != NULL) {
		bases = PyTuple_Pack(1, (PyObject *)base);
		if (bases == NULL)
			return -1;
	}
	*type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);
	Py_XDECREF(bases);
	if (*type == NULL) {
		if (!PyErr_Occurred()) {
			/* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */
			PyErr_NoMemory();
		}
		return -1;
	}
#if PY_VERSION_HEX < 0x030A0000
	if (disallow_new) {
		(*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */
	}
#else
	(void)disallow_new;
#endif
	return 0;
}

/* never modified */
static const char hexdigits[] = "0123456789abcdef";
static const char *const whence_names[3] = { "SEEK_SET", "SEEK_CUR", "SEEK_END" };

static void
make_crc_table(struct module_state *st)
{
	unsigned long c;
	int n, k;

	for (n = 0; n < 256; n++) {
		c = (unsigned long) n;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320UL ^ (c >> 1) : c >> 1;
		st->crc_table[n] = c;
	}
}

/* Raise legacyio.Error with the message in errbuf. */
static PyObject *
stream_error(struct module_state *st)
{
	PyObject *m = st->module;

	if (m == NULL) {
		PyErr_SetString(PyExc_RuntimeError, "legacyio: module not initialized");
		return NULL;
	}
	PyErr_SetString(GETSTATE(m)->error, st->errbuf);
	return NULL;
}

typedef struct {
	PyObject_HEAD
	char *buf;
	Py_ssize_t len;
	Py_ssize_t cap;
	Py_ssize_t pos;
	int closed;
} StreamObject;

#define CHECK_CLOSED(st, self)                                          \
	if ((self)->closed) {						\
		strcpy(st->errbuf, "I/O operation on closed stream");   \
		return stream_error(st);                                \
	}

static PyObject *
Stream_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
	struct module_state *st = legacyio_get_state_of_type(type);
	StreamObject *self;
	static char *kwlist[] = {"initial", NULL};
	const char *data = NULL;
	Py_ssize_t size = 0;

	if (!PyArg_ParseTupleAndKeywords(args, kwds, "|y#:Stream", kwlist, &data, &size))
		return NULL;
	self = (StreamObject *)type->tp_alloc(type, 0);
	if (self == NULL)
		return NULL;
	self->cap = size > 16 ? size : 16;
	self->buf = PyMem_Malloc(self->cap);
	if (self->buf == NULL) {
		Py_DECREF(self);
		return PyErr_NoMemory();
	}
	if (size > 0)
		memcpy(self->buf, data, size);
	self->len = size;
	st->open_streams++;
	return (PyObject *)self;
}

static void
Stream_dealloc(StreamObject *self)
{
	PyTypeObject *tp = Py_TYPE(self);
	struct module_state *st = legacyio_get_state_in_teardown(Py_TYPE(self));

	PyObject_GC_UnTrack(self);
	if (self->buf != NULL) {
		PyMem_Free(self->buf);
		if (!self->closed)
			if (st != NULL)
				st->open_streams--;
	}
	Py_TYPE(self)->tp_free((PyObject *)self);
	Py_DECREF(tp);
}

static PyObject *
Stream_write(StreamObject *self, PyObject *args)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));
	const char *data;
	Py_ssize_t n;

	if (!PyArg_ParseTuple(args, "y#:write", &data, &n))
		return NULL;
	CHECK_CLOSED(st, self)
	if (self->pos + n > self->cap) {
		Py_ssize_t newcap = (self->pos + n) * 2;
		char *p = PyMem_Realloc(self->buf, newcap);
		if (p == NULL)
			return PyErr_NoMemory();
		self->buf = p;
		self->cap = newcap;
	}
	if (self->pos > self->len)
		memset(self->buf + self->len, 0, self->pos - self->len);
	memcpy(self->buf + self->pos, data, n);
	self->pos += n;
	if (self->pos > self->len)
		self->len = self->pos;
	st->bytes_written += (long)n;
	return PyLong_FromSsize_t(n);
}

static PyObject *
Stream_read(StreamObject *self, PyObject *args)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));
	Py_ssize_t n = -1;
	PyObject *res;

	if (!PyArg_ParseTuple(args, "|n:read", &n))
		return NULL;
	CHECK_CLOSED(st, self)
	if (self->pos >= self->len)
		return PyBytes_FromStringAndSize(NULL, 0);
	if (n < 0 || n > self->len - self->pos)
		n = self->len - self->pos;
	res = PyBytes_FromStringAndSize(self->buf + self->pos, n);
	if (res != NULL)
		self->pos += n;
	return res;
}

static PyObject *
Stream_readline(StreamObject *self, PyObject *unused)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));
	char *start, *nl;
	Py_ssize_t n;

	CHECK_CLOSED(st, self)
	if (self->pos >= self->len)
		return PyBytes_FromStringAndSize(NULL, 0);
	start = self->buf + self->pos;
	nl = memchr(start, '\n', self->len - self->pos);
	n = nl ? (nl - start) + 1 : self->len - self->pos;
	self->pos += n;
	return PyBytes_FromStringAndSize(start, n);
}

static PyObject *
Stream_seek(StreamObject *self, PyObject *args)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));
	Py_ssize_t off, base;
	int whence = 0;

	if (!PyArg_ParseTuple(args, "n|i:seek", &off, &whence))
		return NULL;
	CHECK_CLOSED(st, self)
	if (whence < 0 || whence > 2) {
		PyOS_snprintf(st->errbuf, sizeof(st->errbuf), "invalid whence (%d, should be 0, 1 or 2)", whence);
		return stream_error(st);
	}
	base = whence == 0 ? 0 : whence == 1 ? self->pos : self->len;
	if (base + off < 0) {
		PyOS_snprintf(st->errbuf, sizeof(st->errbuf), "negative seek position %zd (%s)",
			      base + off, whence_names[whence]);
		return stream_error(st);
	}
	self->pos = base + off;
	return PyLong_FromSsize_t(self->pos);
}

static PyObject *
Stream_tell(StreamObject *self, PyObject *unused)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));

	CHECK_CLOSED(st, self)
	return PyLong_FromSsize_t(self->pos);
}

static PyObject *
Stream_getvalue(StreamObject *self, PyObject *unused)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));

	CHECK_CLOSED(st, self)
	return PyBytes_FromStringAndSize(self->buf, self->len);
}

static PyObject *
Stream_close(StreamObject *self, PyObject *unused)
{
	if (!self->closed) {
		struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));
		self->closed = 1;
		st->open_streams--;
	}
	Py_INCREF(Py_None);
	return Py_None;
}

static PyObject *
Stream_crc32(StreamObject *self, PyObject *unused)
{
	struct module_state *st = legacyio_get_state_of_type(Py_TYPE(self));
	unsigned long crc = 0xffffffffUL;
	char out[9];
	Py_ssize_t i;
	int k;

	CHECK_CLOSED(st, self)
	for (i = 0; i < self->len; i++)
		crc = st->crc_table[(crc ^ (unsigned char)self->buf[i]) & 0xff] ^ (crc >> 8);
	crc ^= 0xffffffffUL;
	for (k = 7; k >= 0; k--) {
		out[k] = hexdigits[crc & 0xf];
		crc >>= 4;
	}
	out[8] = '\0';
	return PyUnicode_FromString(out);
}

static PyObject *
Stream_iternext(StreamObject *self)
{
	PyObject *line;

	if (self->closed || self->pos >= self->len)
		return NULL;
	line = Stream_readline(self, NULL);
	return line;
}

static PyMethodDef Stream_methods[] = {
	{"write",	(PyCFunction)Stream_write,	METH_VARARGS,	"write(bytes) -> int"},
	{"read",	(PyCFunction)Stream_read,	METH_VARARGS,	"read([n]) -> bytes"},
	{"readline",	(PyCFunction)Stream_readline,	METH_NOARGS,	"readline() -> bytes"},
	{"seek",	(PyCFunction)Stream_seek,	METH_VARARGS,	"seek(offset[, whence]) -> int"},
	{"tell",	(PyCFunction)Stream_tell,	METH_NOARGS,	"tell() -> int"},
	{"getvalue",	(PyCFunction)Stream_getvalue,	METH_NOARGS,	"getvalue() -> bytes"},
	{"close",	(PyCFunction)Stream_close,	METH_NOARGS,	"close()"},
	{"crc32",	(PyCFunction)Stream_crc32,	METH_NOARGS,	"crc32() -> hex str"},
	{NULL,		NULL}		/* sentinel */
};

/*
 * The head is PyVarObject_HEAD_INIT(NULL, 0) written out by hand, as in the
 * Python 2 version: a bare "PyObject_HEAD_INIT(NULL) 0," no longer lines up
 * with the Python 3 PyTypeObject (the 0 would land in tp_name).
 */
/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */
static int
Stream_traverse(PyObject *self, visitproc visit, void *arg)
{
	Py_VISIT(Py_TYPE(self));
	return 0;
}

static PyType_Slot Stream_slots[] = {
	{Py_tp_dealloc, (void *)Stream_dealloc},
	{Py_tp_doc, (void *)"Stream([initial]) -- in-memory byte stream"},
	{Py_tp_traverse, (void *)Stream_traverse},
	{Py_tp_iter, (void *)PyObject_SelfIter},
	{Py_tp_iternext, (void *)Stream_iternext},
	{Py_tp_methods, (void *)Stream_methods},
	{Py_tp_new, (void *)Stream_new},
	{0, NULL},
};

static PyType_Spec Stream_spec = {
	.name = "legacyio.Stream",
	.basicsize = sizeof(StreamObject),
	.itemsize = 0,
	.flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,
	.slots = Stream_slots,
};

/* ---------------------------------------------------------------------- */

static PyObject *
legacyio_stats(PyObject *self, PyObject *unused)
{
	struct module_state *st = get_legacyio_state(self);

	return Py_BuildValue("{s:I,s:l}", "open", st->open_streams, "written", st->bytes_written);
}

static PyObject *
legacyio_last_error(PyObject *self, PyObject *unused)
{
	struct module_state *st = get_legacyio_state(self);

	return PyUnicode_DecodeLatin1(st->errbuf, strlen(st->errbuf), NULL);
}

static PyObject *
legacyio_raise_error(PyObject *self, PyObject *args)
{
	char *msg;
	PyObject *m;

	if (!PyArg_ParseTuple(args, "s:raise_error", &msg))
		return NULL;
	/* old code: reached the module through the def, not through self */
	m = self;
	if (m == NULL)
		return NULL;
	PyErr_SetString(GETSTATE(m)->error, msg);
	return NULL;
}

static PyMethodDef legacyio_methods[] = {
	{"stats",	legacyio_stats,		METH_NOARGS,	"stats() -> {'open': n, 'written': n}"},
	{"last_error",	legacyio_last_error,	METH_NOARGS,	"message of the last Stream error"},
	{"raise_error",	legacyio_raise_error,	METH_VARARGS,	"raise legacyio.Error(msg)"},
	{NULL,		NULL}		/* sentinel */
};

static int
legacyio_traverse(PyObject *m, visitproc visit, void *arg)
{
	struct module_state *st = get_legacyio_state(m);

	Py_VISIT(st->StreamType);
	Py_VISIT(GETSTATE(m)->error);
	return 0;
}

static int
legacyio_clear(PyObject *m)
{
	struct module_state *st = get_legacyio_state(m);

	Py_CLEAR(st->StreamType);
	Py_CLEAR(GETSTATE(m)->error);
	return 0;
}

static int legacyio_exec(PyObject *m);

static PyModuleDef_Slot legacyio_slots[] = {
	{Py_mod_exec, (void *)legacyio_exec},
#ifdef Py_mod_multiple_interpreters
	{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},
#endif
	{0, NULL},
};

static struct PyModuleDef legacyio_module = {
	PyModuleDef_HEAD_INIT,
	"legacyio",
	NULL,
	sizeof(struct module_state),
	legacyio_methods,
	legacyio_slots,
	legacyio_traverse,
	legacyio_clear,
	legacyio_free
};

static int
legacyio_exec(PyObject *m)
{
	struct module_state *mod_st = get_legacyio_state(m);
	struct module_state *st;

	mod_st->module = m;
	if (legacyio_create_type(m, &Stream_spec, NULL, &mod_st->StreamType, 0) < 0)
		return -1;

	st = GETSTATE(m);
	st->error = PyErr_NewException("legacyio.Error", PyExc_IOError, NULL);
	if (st->error == NULL)
		return -1;
	Py_INCREF(st->error);
	PyModule_AddObject(m, "Error", st->error);

	if (!mod_st->initialized) {
		make_crc_table(mod_st);
		mod_st->initialized = 1;
	}

	Py_INCREF(mod_st->StreamType);
	PyModule_AddObject(m, "Stream", (PyObject *)mod_st->StreamType);
	PyModule_AddStringConstant(m, "__version__", LEGACYIO_VERSION);

	/* so that PyState_FindModule works from the first call on */
	return 0;
}

PyMODINIT_FUNC
PyInit_legacyio(void)
{
	return PyModuleDef_Init(&legacyio_module);
}
