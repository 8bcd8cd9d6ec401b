/**
 * A module def the init fills field by field before PyModule_Create (cbor_py: a static local
 * `{PyModuleDef_HEAD_INIT, }` then `def.m_methods = ...`): multi-phase init creates the module from
 * the def before exec runs, so moving those assignments into exec loses the methods. The init stays
 * single-phase with the reason, and nothing is rewritten.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { inTempDir } from './helpers/modules';

function rewriteSource(text: string): ReturnType<typeof rewrite> {
  return inTempDir((dir) => {
    fs.writeFileSync(path.join(dir, 'm.c'), text);
    return rewrite([dir]);
  }, 'filled-def');
}

const lines = (fill: string[]): string =>
  [
    '#include <Python.h>',
    'static PyObject *m_double(PyObject *self, PyObject *arg) { return PyNumber_Add(arg, arg); }',
    'static PyMethodDef m_methods[] = {{"double", m_double, METH_O, NULL}, {NULL, NULL, 0, NULL}};',
    'static PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
    'PyMODINIT_FUNC PyInit_m(void)',
    '{',
    ...fill,
    '    return PyModule_Create(&def);',
    '}',
    '',
  ].join('\n');

describe('a module def filled at run time', () => {
  test.each([
    ['field by field', ['    def.m_methods = m_methods;']],
    ['through its address', ['    (&def)->m_doc = "filled";']],
  ])('%s: the init stays single-phase, with the assignment named, and nothing changes', (_n, fill) => {
    const r = rewriteSource(lines(fill));
    const init = r.findings.filter((f) => f.rule === 'multi-phase-init/single-phase-init');
    expect(init.map((f) => f.fix)).toEqual(['manual']);
    expect(init[0].message).toMatch(/fills the module def 'def' at run time \(m\.c:7, m_(methods|doc)\)/);
    expect(r.changes.filter((c) => c.after !== c.before)).toEqual([]);
  });

  test('a comparison or a read of a field is no fill', () => {
    const r = rewriteSource(lines(['    if (def.m_size == -1 && def.m_methods == NULL) { /* nothing */ }']));
    const init = r.findings.filter((f) => f.rule === 'multi-phase-init/single-phase-init');
    expect(init.map((f) => f.fix)).toEqual(['auto']);
  });
});
