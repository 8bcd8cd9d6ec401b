/* Tab-indented, 79 columns wide: the load-once slot entry a partial run
 * writes is wrapped. */
#include <Python.h>

static PyObject *Flag;
static PyObject *Words[2] = {NULL};

static PyObject *
flag_get(PyObject *module, PyObject *arg)
{
	if (arg == Py_None)
		return Py_NewRef(Flag);
	return Py_NewRef(Words[0]);
}

static PyMethodDef flag_methods[] = {
	{"get", flag_get, METH_O, NULL},
	{NULL, NULL, 0, NULL}
};

static struct PyModuleDef flag_module = {
	PyModuleDef_HEAD_INIT, "flagmod", NULL, -1, flag_methods,
};

PyMODINIT_FUNC
PyInit_flagmod(void)
{
	PyObject *m, *sep;
	int i;

	m = PyModule_Create(&flag_module);
	if (m == NULL)
		return NULL;
	Flag = PyUnicode_FromString("flag");
	if (Flag == NULL) {
		Py_DECREF(m);
		return NULL;
	}
	sep = PyUnicode_FromString(",");
	if (sep == NULL) {
		Py_DECREF(m);
		return NULL;
	}
	for (i = 0; i < 2; i++) {
		Words[i] = PyUnicode_FromString("w");
		if (Words[i] == NULL) {
			Py_DECREF(sep);
			Py_DECREF(m);
			return NULL;
		}
	}
	Py_DECREF(sep);
	return m;
}
