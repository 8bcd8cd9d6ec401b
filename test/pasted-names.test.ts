/**
 * Globals whose names macros paste together (`str_##S`) move when every expansion of those
 * macros is read and every name they form moves with them; otherwise they stay with the human,
 * with the reason (the case token-pasting-definitions builds and runs the automatic shapes).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

function moduleWith(lines: string[], initLines: string[]): string {
  return [
    '#include <Python.h>',
    ...lines,
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
    'PyMODINIT_FUNC PyInit_m(void)',
    '{',
    ...initLines.map((l) => '    ' + l),
    '    return PyModule_Create(&def);',
    '}',
    '',
  ].join('\n');
}

function run(text: string): ReturnType<typeof rewrite> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-pasted-'));
  try {
    fs.writeFileSync(path.join(dir, 'm.c'), text);
    return rewrite([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const FILL = '#define INIT_STRING(S) if (!(str_##S = PyUnicode_InternFromString(#S))) return NULL';

test('a declaring macro at file scope declares globals the fill macro fills: both rewritten, the declarations go', () => {
  const r = run(moduleWith(['#define DECLARE_STRING(S) static PyObject *str_##S;', 'DECLARE_STRING(a)', 'DECLARE_STRING(b);', FILL], ['INIT_STRING(a);', 'INIT_STRING(b);']));
  const moved = r.findings.filter((f) => f.rule === 'globals-to-state/object-global');
  expect(moved.map((f) => [f.message.match(/'(\w+)'/)![1], f.fix])).toEqual([['str_a', 'auto'], ['str_b', 'auto']]);
  expect(r.findings.find((f) => f.rule === 'checks/parse-degraded')).toBeUndefined();
  const after = r.changes[0].after;
  expect(after).not.toMatch(/DECLARE_STRING/);
  expect(after).toContain('if (!(st->str_##S = PyUnicode_InternFromString(#S))) return -1');
  expect(after).toMatch(/PyObject \*str_a;/);
});

test('a macro that also pastes a name that is no global keeps every name it forms with the human', () => {
  const set = '#define SET_STRING(S) (str_##S = PyUnicode_InternFromString(#S))';
  const r = run(moduleWith(['static PyObject *str_a;', set, 'static PyObject *f(void) { PyObject *str_local; return SET_STRING(local); }'], ['if (SET_STRING(a) == NULL)', '    return NULL;']));
  const f = r.findings.find((x) => x.message.includes("'str_a'"))!;
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/macro SET_STRING\(\) pastes its name, and also 'str_local', which is no global of this file/);
});

test('a paste macro expanded inside another macro cannot be read: the names stay manual', () => {
  const r = run(moduleWith(['static PyObject *str_a;', FILL, '#define INIT_ALL() INIT_STRING(a)'], ['INIT_ALL();']));
  const f = r.findings.find((x) => x.message.includes("'str_a'"))!;
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/macro INIT_STRING\(\) builds identifiers by token pasting/);
  expect(r.changes[0]?.after ?? '').not.toContain('st->str_');
});

test('a name pasted after -> is a struct member, not the global', () => {
  const r = run(moduleWith(['#include "names.h"', 'static PyObject *str_a;', '#define GETN(n, S) ((n)->str_##S)', 'static PyObject *g(names_t *n) { return GETN(n, a); }', FILL], ['INIT_STRING(a);']));
  const f = r.findings.find((x) => x.message.includes("'str_a'"))!;
  expect([f.fix, f.message]).toEqual(['auto', "interned string 'str_a' is a C global shared by every interpreter and module instance"]);
  expect(r.changes[0].after).toContain('#define GETN(n, S) ((n)->str_##S)');
});
