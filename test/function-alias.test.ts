/**
 * A static helper renamed by an object-like macro (`#define join_list_string join_list_unicode`)
 * is called through that name: the calls are followed and pass `st`; a use of the alias as a
 * value (a function pointer) is still an address taken (the case function-alias-macro builds
 * and runs the first).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

function moduleWith(lines: string[]): string {
  return [
    '#include <Python.h>',
    'static PyObject *Empty;',
    'static PyObject *join_u(PyObject *lst) { return PyUnicode_Join(Empty, lst); }',
    '#define join_s join_u',
    ...lines,
    'static PyMethodDef methods[] = {{"join", join, METH_O, NULL}, {NULL, NULL, 0, NULL}};',
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
    'PyMODINIT_FUNC PyInit_m(void)',
    '{',
    '    PyObject *m = PyModule_Create(&def);',
    '    if (m == NULL)',
    '        return NULL;',
    '    Empty = PyUnicode_New(0, 127);',
    '    if (Empty == NULL)',
    '        return NULL;',
    '    return m;',
    '}',
    '',
  ].join('\n');
}

function run(text: string): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-alias-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), text);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('calls through the alias pass st', () => {
  const r = run(moduleWith(['static PyObject *join(PyObject *m, PyObject *lst) { return join_s(lst); }']));
  expect(r.findings.find((f) => f.message.includes("'Empty'"))!.fix).toBe('auto');
  const after = r.changes[0].after;
  expect(after).toContain('static PyObject *join_u(m_state *st, PyObject *lst) { return PyUnicode_Join(st->Empty, lst); }');
  expect(after).toContain('return join_s(st, lst);');
  expect(after).toContain('#define join_s join_u');
});

test('the alias used as a value keeps the helper with the human', () => {
  const r = run(moduleWith(['typedef PyObject *(*joinfn)(PyObject *);', 'static PyObject *join(PyObject *m, PyObject *lst) { joinfn f = join_s; return f(lst); }']));
  const f = r.findings.find((x) => x.message.includes("'Empty'"))!;
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/join_u\(\) uses 'Empty' but cannot reach the module state: its address is taken/);
});
