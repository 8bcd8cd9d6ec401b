/**
 * GCC's `__attribute__((...))` between a declarator and its initializer (`static long n
 * __attribute__((unused)) = 0;`) is blanked for the parse as the other attribute macros are:
 * tree-sitter-c read it as damage, and a global moved from such a declaration left the attribute
 * and the initializer at file scope (only the compile gate stopped that output).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';

const MODULE = `#include <Python.h>

static long counter __attribute__((unused)) = 0;
static PyObject *cache __attribute__((aligned(8))) = NULL;

static PyObject *
bump(PyObject *self, PyObject *unused)
{
    counter++;
    if (cache == NULL)
        cache = PyLong_FromLong(7);
    return PyLong_FromLong(counter);
}

static PyMethodDef m_methods[] = {{"bump", bump, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef m_def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, m_methods};
PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&m_def); }
`;

test('attributes after a declarator: no parse damage, the object global moves whole, the C counter says why it stays', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-attr-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), MODULE);
    const findings = check([dir]).findings;
    expect(findings.filter((f) => f.rule === 'checks/parse-degraded')).toEqual([]);
    expect(findings.find((f) => /'cache'/.test(f.message))?.fix).toBe('auto');
    expect(findings.find((f) => /'counter'/.test(f.message))?.message).toMatch(/its declarator \(counter __attribute__\(\(unused\)\)\) cannot be written as a field/);
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes[0].after;
    expect(out).not.toMatch(/__attribute__\(\(aligned\(8\)\)\) = NULL/);
    expect(out).toContain('static long counter __attribute__((unused)) = 0;');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
