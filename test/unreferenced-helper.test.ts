/**
 * A static function nothing references (a slot commented out of its type, a leftover) takes the
 * state like any helper: no caller to update. Not when its file is #included by another file,
 * whose code may call it (the case teardown-own-check-and-unused-slot builds and runs the first).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

const MODULE = [
  '#include <Python.h>',
  'static PyObject *Err;',
  'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
  'PyMODINIT_FUNC PyInit_m(void)',
  '{',
  '    PyObject *m = PyModule_Create(&def);',
  '    if (m == NULL)',
  '        return NULL;',
  '    Err = PyErr_NewException("m.Error", NULL, NULL);',
  '    return m;',
  '}',
  '',
];
const LEFTOVER = 'static PyObject *leftover(PyObject *o) { PyErr_SetObject(Err, o); return NULL; }\n';

function run(files: Record<string, string>): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-unref-'));
  try {
    for (const [n, t] of Object.entries(files)) fs.writeFileSync(path.join(dir, n), t);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('an unreferenced static function gets the state parameter', () => {
  const lines = MODULE.slice();
  lines.splice(2, 0, LEFTOVER);
  const r = run({ 'm.c': lines.join('\n') });
  expect(r.findings.find((f) => f.rule === 'globals-to-state/exception')!.fix).toBe('auto');
  expect(r.changes[0].after).toContain('static PyObject *leftover(m_state *st, PyObject *o) { PyErr_SetObject(st->Err, o); return NULL; }');
});

test('one in a .c file another file includes stays with the human', () => {
  const lines = MODULE.slice();
  lines.splice(1, 1, 'static PyObject *Err;', '#include "part.c"');
  const r = run({ 'm.c': lines.join('\n'), 'part.c': LEFTOVER });
  const f = r.findings.find((x) => x.rule === 'globals-to-state/exception')!;
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/leftover\(\) uses 'Err' but cannot reach the module state: it is never called from code we can see/);
});
