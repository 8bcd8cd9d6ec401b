/**
 * A file of the tree that the tool does not link into an extension (pycurl's easycb.c: joined only
 * through symbols the linking does not see) may still name a non-static global of it. Moving the
 * global would leave that use behind, undeclared: the global stays, with a finding naming the file,
 * and the invariants check every unit of the tree that includes a changed header.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';

const MOD = `#include <Python.h>

PyObject *LastError = NULL;

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "seen", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_seen(void)
{
    PyObject *m = PyModule_Create(&def);
    if (m == NULL)
        return NULL;
    LastError = PyErr_NewException("seen.Error", NULL, NULL);
    if (LastError == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
`;

// Calls nothing of mod.c and defines nothing mod.c calls: the linking leaves it alone.
const OTHER = `#include <Python.h>

extern PyObject *LastError;

static int
raise_last(void)
{
    PyErr_SetString(LastError, "failed");
    return -1;
}

int (*seen_raise_hook)(void) = raise_last;
`;

describe('a global that a file outside the extension names', () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-unlinked-'));
    fs.writeFileSync(path.join(dir, 'mod.c'), MOD);
    fs.writeFileSync(path.join(dir, 'other.c'), OTHER);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('stays where it is, with a finding that names the file; nothing of other.c is left undeclared', () => {
    const f = check([dir]).findings.find((x) => /'LastError'/.test(x.message))!;
    expect(`${f.rule} ${f.fix}`).toBe('globals-to-state/exception manual');
    expect(f.message).toMatch(/other\.c, which is not linked into this extension, names it/);
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const mod = r.changes.find((c) => c.path.endsWith('mod.c'))!.after;
    expect(mod).toContain('PyObject *LastError = NULL;');
    expect(mod).toContain('Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED');
  });
});
