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

#define LEGACYIO_VERSION	"2.1"
#define ERRBUF_SIZE	256

struct module_state {
	PyObject *error;
};

#define GETSTATE(m) ((struct module_state*)PyModule_GetState(m))

static struct PyModuleDef legacyio_module;

/* process-wide bookkeeping, reported by legacyio.stats() */
static int initialized = 0;
static long bytes_written = 0;
static unsigned int open_streams = 0;
static char errbuf[ERRBUF_SIZE];
static unsigned long crc_table[256];

/* never modified */
static const char hexdigits[] = "0123456789abcdef";
static const char *const whence_names[3] = { "SEEK_SET", "SEEK_CUR", "SEEK_END" };

static void
make_crc_table(void)
{
	unsigned long c;
	int n, k;

	for (n = 0; n < 256; n++) {
		c = (unsigned long) n;
		for (k = 0; k < 8; k++)
			c = (c & 1) ? 0xedb88320UL ^ (c >> 1) : c >> 1;
		crc_table[n] = c;
	}
}

/* Raise legacyio.Error with the message in errbuf. */
static PyObject *
stream_error(void)
{
	PyObject *m = PyState_FindModule(&legacyio_module);

	if (m == NULL) {
		PyErr_SetString(PyExc_RuntimeError, "legacyio: module not initialized");
		return NULL;
	}
	PyErr_SetString(GETSTATE(m)->error, errbuf);
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

static PyTypeObject StreamType;

#define CHECK_CLOSED(self)						\
	if ((self)->closed) {						\
		strcpy(errbuf, "I/O operation on closed stream");	\
		return stream_error();					\
	}

static PyObject *
Stream_new(PyTypeObject *type, PyObject *args, PyObject *kwds)
{
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
	open_streams++;
	return (PyObject *)self;
}

static void
Stream_dealloc(StreamObject *self)
{
	if (self->buf != NULL) {
		PyMem_Free(self->buf);
		if (!self->closed)
			open_streams--;
	}
	Py_TYPE(self)->tp_free((PyObject *)self);
}

static PyObject *
Stream_write(StreamObject *self, PyObject *args)
{
	const char *data;
	Py_ssize_t n;

	if (!PyArg_ParseTuple(args, "y#:write", &data, &n))
		return NULL;
	CHECK_CLOSED(self)
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
	bytes_written += (long)n;
	return PyLong_FromSsize_t(n);
}

static PyObject *
Stream_read(StreamObject *self, PyObject *args)
{
	Py_ssize_t n = -1;
	PyObject *res;

	if (!PyArg_ParseTuple(args, "|n:read", &n))
		return NULL;
	CHECK_CLOSED(self)
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
	char *start, *nl;
	Py_ssize_t n;

	CHECK_CLOSED(self)
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
	Py_ssize_t off, base;
	int whence = 0;

	if (!PyArg_ParseTuple(args, "n|i:seek", &off, &whence))
		return NULL;
	CHECK_CLOSED(self)
	if (whence < 0 || whence > 2) {
		PyOS_snprintf(errbuf, sizeof(errbuf), "invalid whence (%d, should be 0, 1 or 2)", whence);
		return stream_error();
	}
	base = whence == 0 ? 0 : whence == 1 ? self->pos : self->len;
	if (base + off < 0) {
		PyOS_snprintf(errbuf, sizeof(errbuf), "negative seek position %zd (%s)",
			      base + off, whence_names[whence]);
		return stream_error();
	}
	self->pos = base + off;
	return PyLong_FromSsize_t(self->pos);
}

static PyObject *
Stream_tell(StreamObject *self, PyObject *unused)
{
	CHECK_CLOSED(self)
	return PyLong_FromSsize_t(self->pos);
}

static PyObject *
Stream_getvalue(StreamObject *self, PyObject *unused)
{
	CHECK_CLOSED(self)
	return PyBytes_FromStringAndSize(self->buf, self->len);
}

static PyObject *
Stream_close(StreamObject *self, PyObject *unused)
{
	if (!self->closed) {
		self->closed = 1;
		open_streams--;
	}
	Py_INCREF(Py_None);
	return Py_None;
}

static PyObject *
Stream_crc32(StreamObject *self, PyObject *unused)
{
	unsigned long crc = 0xffffffffUL;
	char out[9];
	Py_ssize_t i;
	int k;

	CHECK_CLOSED(self)
	for (i = 0; i < self->len; i++)
		crc = crc_table[(crc ^ (unsigned char)self->buf[i]) & 0xff] ^ (crc >> 8);
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
static PyTypeObject StreamType = {
	{ PyObject_HEAD_INIT(NULL) 0 },		/*ob_size*/
	"legacyio.Stream",			/*tp_name*/
	sizeof(StreamObject),			/*tp_basicsize*/
	0,					/*tp_itemsize*/
	/* methods */
	(destructor)Stream_dealloc,		/*tp_dealloc*/
	0,					/*tp_print*/
	0,					/*tp_getattr*/
	0,					/*tp_setattr*/
	0,					/*tp_compare*/
	0,					/*tp_repr*/
	0,					/*tp_as_number*/
	0,					/*tp_as_sequence*/
	0,					/*tp_as_mapping*/
	0,					/*tp_hash*/
	0,					/*tp_call*/
	0,					/*tp_str*/
	0,					/*tp_getattro*/
	0,					/*tp_setattro*/
	0,					/*tp_as_buffer*/
	Py_TPFLAGS_DEFAULT,			/*tp_flags*/
	"Stream([initial]) -- in-memory byte stream",	/*tp_doc*/
	0,					/*tp_traverse*/
	0,					/*tp_clear*/
	0,					/*tp_richcompare*/
	0,					/*tp_weaklistoffset*/
	PyObject_SelfIter,			/*tp_iter*/
	(iternextfunc)Stream_iternext,		/*tp_iternext*/
	Stream_methods,				/*tp_methods*/
	0,					/*tp_members*/
	0,					/*tp_getset*/
	0,					/*tp_base*/
	0,					/*tp_dict*/
	0,					/*tp_descr_get*/
    PyObject_GC_Del(self);
}

	0,					/*tp_descr_set*/
	0,					/*tp_dictoffset*/
	0,					/*tp_init*/
	0,					/*tp_alloc*/
	Stream_new,				/*tp_new*/
};

/* ---------------------------------------------------------------------- */

static PyObject *
legacyio_stats(PyObject *self, PyObject *unused)
{
	return Py_BuildValue("{s:I,s:l}", "open", open_streams, "written", bytes_written);
}

static PyObject *
legacyio_last_error(PyObject *self, PyObject *unused)
{
	return PyUnicode_DecodeLatin1(errbuf, strlen(errbuf), NULL);
}

static PyObject *
legacyio_raise_error(PyObject *self, PyObject *args)
{
	char *msg;
	PyObject *m;

	if (!PyArg_ParseTuple(args, "s:raise_error", &msg))
		return NULL;
	/* old code: reached the module through the def, not through self */
	m = PyState_FindModule(&legacyio_module);
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
	Py_VISIT(GETSTATE(m)->error);
	return 0;
}

static int
legacyio_clear(PyObject *m)
{
	Py_CLEAR(GETSTATE(m)->error);
	return 0;
}

static struct PyModuleDef legacyio_module = {
	PyModuleDef_HEAD_INIT,
	"legacyio",
	NULL,
	sizeof(struct module_state),
	legacyio_methods,
	NULL,
	legacyio_traverse,
	legacyio_clear,
	NULL
};

PyMODINIT_FUNC
PyInit_legacyio(void)
{
	PyObject *m;
	struct module_state *st;

	if (PyType_Ready(&StreamType) < 0)
		return NULL;

	m = PyModule_Create(&legacyio_module);
	if (m == NULL)
		return NULL;

	st = GETSTATE(m);
	st->error = PyErr_NewException("legacyio.Error", PyExc_IOError, NULL);
	if (st->error == NULL) {
		Py_DECREF(m);
		return NULL;
	}
	Py_INCREF(st->error);
	PyModule_AddObject(m, "Error", st->error);

	if (!initialized) {
		make_crc_table();
		initialized = 1;
	}

	Py_INCREF(&StreamType);
	PyModule_AddObject(m, "Stream", (PyObject *)&StreamType);
	PyModule_AddStringConstant(m, "__version__", LEGACYIO_VERSION);

	/* so that PyState_FindModule works from the first call on */
	if (PyState_AddModule(m, &legacyio_module) < 0) {
		Py_DECREF(m);
		return NULL;
	}
	return m;
}
