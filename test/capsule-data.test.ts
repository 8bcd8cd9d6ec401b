/**
 * C data handed to Python by address in a capsule (directly, or through a project macro such as the
 * Python 2 compatibility `PyCObject_FromVoidPtr`) can outlive the module: it stays one per process,
 * never a field of a module state that is freed with the module.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';

function checkSource(files: Record<string, string>): ReturnType<typeof check> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-capsule-data-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return check([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const moduleSource = (body: string[], extra: string[] = [], head: string[] = []): string =>
  [
    '#include <Python.h>',
    ...head,
    'typedef struct { int n; const char *tag; } Blob;',
    'Blob blob = { 0, NULL };',
    ...extra,
    'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
    'PyMODINIT_FUNC PyInit_m(void) {',
    '    PyObject *m = PyModule_Create(&def);',
    '    if (m == NULL) return NULL;',
    ...body,
    '    return m;',
    '}',
    '',
  ].join('\n');

const rules = (r: ReturnType<typeof check>): string[] => r.findings.map((f) => `${f.line} ${f.rule} ${f.severity} ${f.fix}`);

describe('C data exported in a capsule', () => {
  test('through a compatibility macro of a project header: kept per process, with a warning for the init that writes it', () => {
    const r = checkSource({
      'compat.h': '#define PyCObject_FromVoidPtr(p, d) PyCapsule_New(p, NULL, d)\n#define EXPORT(p) PyCObject_FromVoidPtr((void *)(p), NULL)\n',
      'm.c': moduleSource(['    blob.n = 1;', '    PyModule_AddObject(m, "BLOB", EXPORT(&blob));'], [], ['#include "compat.h"']),
    });
    expect(rules(r)).toEqual(['6 multi-phase-init/single-phase-init error auto', '10 capsule-api-to-state/exported-data warning none']);
    expect(r.findings[1].message).toMatch(/^'blob' is C data handed to Python by address in a capsule \(made through the macro EXPORT\(\)\); it stays one per process/);
  });

  test('changed at run time by a module function: a human decides', () => {
    const r = checkSource({
      'm.c': moduleSource(
        ['    PyModule_AddObject(m, "BLOB", PyCapsule_New(&blob, "m.blob", NULL));'],
        ['static PyObject *bump(PyObject *self, PyObject *arg) { blob.n++; Py_RETURN_NONE; }'],
      ),
    });
    const f = r.findings.find((x) => x.rule === 'capsule-api-to-state/exported-data');
    expect(f).toMatchObject({ severity: 'error', fix: 'manual' });
    expect(f!.message).toMatch(/in a capsule \(("m\.blob"|m\.blob)\).*bump\(\) changes it at run time \(m\.c:4\)/);
    expect(r.findings.some((x) => x.rule.startsWith('globals-to-state/') && /'blob'/.test(x.message))).toBe(false);
  });

  test('a table of functions is still a C-API table, not data', () => {
    const r = checkSource({
      'm.c': moduleSource(['    api[0] = (void *)helper;', '    PyModule_AddObject(m, "_C_API", PyCapsule_New((void *)api, "m._C_API", NULL));'],
        ['static void *api[1];', 'static int helper(void) { return 1; }']),
    });
    expect(r.findings.filter((x) => x.rule === 'capsule-api-to-state/exported-data')).toEqual([]);
  });
});
