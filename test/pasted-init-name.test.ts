/**
 * A template shared by several modules names its init by pasting PyInit_ to a macro that each
 * module file defines before including it (pycrypto's hash and block templates): the init head is
 * reported, with the files that name it, also when linking put the template into another module's
 * group (one whose own init was read).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';

const TEMPLATE = `#include <Python.h>
#define PASTE_(x, y) x##y
#define PASTE(x, y) PASTE_(x, y)
#define INIT_NAME PASTE(PyInit_, MODULE_NAME)

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "tmpl", NULL, -1, NULL};

PyMODINIT_FUNC
INIT_NAME(void)
{
    return PyModule_Create(&def);
}
`;

const INCLUDER = `#include <Python.h>
#define MODULE_NAME _sum8 /* pasted by the template */
int sum8_rounds = 1;
#include "tmpl.c"
`;

// A module of its own whose code names the includer's exported global: linking joins them.
const OTHER = `#include <Python.h>
extern int sum8_rounds;
static PyObject *rounds(PyObject *self, PyObject *unused) { return PyLong_FromLong(sum8_rounds); }
static PyMethodDef methods[] = {{"rounds", rounds, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef other_def = {PyModuleDef_HEAD_INIT, "other", NULL, -1, methods};
PyMODINIT_FUNC PyInit_other(void) { return PyModule_Create(&other_def); }
`;

function unreadInits(files: Record<string, string>): { where: string; message: string }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-pasted-init-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return check([dir]).findings.filter((f) => f.rule === 'multi-phase-init/unread-init').map((f) => ({ where: `${path.basename(f.file)}:${f.line}`, message: f.message }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('the head of a template init is reported with the module names its includers define', () => {
  const found = unreadInits({ 'tmpl.c': TEMPLATE, 'sum8.c': INCLUDER });
  expect(found.map((f) => f.where)).toEqual(['tmpl.c:9']);
  expect(found[0].message).toContain('pasted from PyInit_ and MODULE_NAME, which this file leaves to the files that include it (sum8.c: _sum8)');
});

test('the template is reported also inside the group of another module that linking joined it to', () => {
  const found = unreadInits({ 'tmpl.c': TEMPLATE, 'sum8.c': INCLUDER, 'other.c': OTHER });
  expect(found.map((f) => f.where)).toEqual(['tmpl.c:9']);
});

test('a template given without its includers says that none was given', () => {
  const found = unreadInits({ 'tmpl.c': TEMPLATE });
  expect(found[0].message).toContain('(no file given with it includes it and defines it)');
});
