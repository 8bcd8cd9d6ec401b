/**
 * A global declared right before a statement at file scope (here by a declaring macro between a
 * method's declarator and its body, so the parse ends the declarator without its `;` and reads the
 * body as a block at file scope) stays where it is, with a manual finding: moving it would join
 * the declarator to the block, and the next run would read a function there and change the file
 * again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { applyRewrite, check, rewrite } from '../src/api';
import { inTempDir } from './helpers/modules';

const MODULE = `#define PY_SSIZE_T_CLEAN
#include <Python.h>

static PyObject *label = NULL;

static PyObject *
splitmod_label(PyObject *self, PyObject *args)
#define DECLARE_CACHE(name) static PyObject *name = NULL;
DECLARE_CACHE(cache_a)
DECLARE_CACHE(cache_b)
{
    Py_INCREF(label);
    return label;
}

static PyMethodDef splitmod_methods[] = {
    {"label", splitmod_label, METH_VARARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef splitmod_module = {
    PyModuleDef_HEAD_INIT, "splitmod", NULL, -1, splitmod_methods
};

PyMODINIT_FUNC
PyInit_splitmod(void)
{
    PyObject *m = PyModule_Create(&splitmod_module);
    if (m == NULL)
        return NULL;
    label = PyUnicode_FromString("label");
    if (label == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
`;

test('globals declared between a declarator and its body stay, with a manual finding, and a second run changes nothing', () => {
  inTempDir((dir) => {
    const file = path.join(dir, 'splitmod.c');
    fs.writeFileSync(file, MODULE);
    const caches = check([dir]).findings.filter((f) => /'cache_[ab]'/.test(f.message));
    expect(caches.map((f) => [f.line, f.fix])).toEqual([[9, 'manual'], [10, 'manual']]);
    expect(caches[0].message).toMatch(/a statement at file scope follows its declaration \(line 11;/);

    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    applyRewrite(r);
    const out = fs.readFileSync(file, 'latin1');
    expect(out).toContain('splitmod_label(PyObject *self, PyObject *args)\n#define DECLARE_CACHE(name) static PyObject *name = NULL;\nDECLARE_CACHE(cache_a)\nDECLARE_CACHE(cache_b)\n{');
    expect(rewrite([dir]).changes).toEqual([]);
  }, 'stray-statement-after');
});

/** A global after finished code (`};`), then stray statements (lines lost from a function): nothing to join. */
const AFTER_FINISHED = `#include <Python.h>

static const char *names[] = {
    "a",
    NULL,
};

/* set by set_hook() */
static PyObject *hook = NULL;

#if PY_VERSION_HEX < 0x030D0000
    n = PyLong_AsLong(x);
    return n;
}
#endif

static PyObject *
set_hook(PyObject *self, PyObject *fn)
{
    Py_INCREF(fn);
    Py_XSETREF(hook, fn);
    Py_RETURN_NONE;
}

static PyMethodDef methods[] = {
    {"set_hook", set_hook, METH_O, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef moddef = {
    PyModuleDef_HEAD_INIT, "afterfin", NULL, -1, methods
};

PyMODINIT_FUNC
PyInit_afterfin(void)
{
    return PyModule_Create(&moddef);
}
`;

test('a global after finished code moves, whatever follows it, and a second run changes nothing', () => {
  // The first run writes the slots table between the global and the statements: had the global
  // stayed, the second run would have seen the table there instead and moved it (fuzz fz16c-1:1690).
  inTempDir((dir) => {
    const file = path.join(dir, 'afterfin.c');
    fs.writeFileSync(file, AFTER_FINISHED);
    const hook = check([dir]).findings.filter((f) => /'hook'/.test(f.message));
    expect(hook.map((f) => f.fix)).toEqual(['auto']);
    applyRewrite(rewrite([dir]));
    expect(fs.readFileSync(file, 'latin1')).toContain('Py_XSETREF(st->hook, fn);');
    expect(rewrite([dir]).changes).toEqual([]);
  }, 'stray-statement-after');
});
