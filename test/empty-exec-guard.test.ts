/**
 * An init that does nothing after creating its module (`{ PyObject *m = PyModule_Create(&def); }`)
 * leaves an exec with an empty body on the brace's line. A partial run writes the load-once guard
 * into it on lines of its own; the run that drops the guard empties the body again, so runs in
 * steps end where one run ends.
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyRewrite, rewrite } from '../src/api';
import { inTempDir } from './helpers/modules';

const MODULE = `#include <Python.h>

static PyObject *cache = NULL;

static PyObject *
emptyexec_get(PyObject *self, PyObject *args)
{
    if (cache == NULL)
        cache = PyLong_FromLong(1);
    Py_XINCREF(cache);
    return cache;
}

static PyMethodDef emptyexec_methods[] = {
    {"get", emptyexec_get, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef emptyexec_module = {
    PyModuleDef_HEAD_INIT, "emptyexec", NULL, -1, emptyexec_methods
};

PyMODINIT_FUNC
PyInit_emptyexec(void)
{ PyObject *m = PyModule_Create(&emptyexec_module); }
`;

test('multi-phase-init then everything writes the empty exec body one run writes', () => {
  inTempDir((dir) => {
    const one = path.join(dir, 'one');
    const steps = path.join(dir, 'steps');
    for (const d of [one, steps]) {
      fs.mkdirSync(d);
      fs.writeFileSync(path.join(d, 'emptyexec.c'), MODULE);
    }
    applyRewrite(rewrite([one]));
    const want = fs.readFileSync(path.join(one, 'emptyexec.c'), 'latin1');
    expect(want).toMatch(/emptyexec_exec\(PyObject \*Py_UNUSED\(m\)\)\n\{ +\}\n/);
    applyRewrite(rewrite([steps], { select: ['multi-phase-init'] }));
    expect(fs.readFileSync(path.join(steps, 'emptyexec.c'), 'latin1')).toContain('emptyexec_loaded_once');
    applyRewrite(rewrite([steps]));
    expect(fs.readFileSync(path.join(steps, 'emptyexec.c'), 'latin1')).toBe(want);
  }, 'empty-exec-guard');
});
