/**
 * The NULL check of the module right after PyModule_Create is dead in exec (the module exists) and
 * goes with the create call, also when a macro of the file writes it: `RETURN_IF_NULL(m, NULL);`
 * (testdata/cases/init-return-value-as-macro-argument) or ijson's `X_N(m, MOD_VAL(NULL));` through a
 * second macro. A macro call that does more than check the module stays.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';

const SOURCE = (check: string): string => `#include <Python.h>

#define RETURN_X_IF_COND(statement, X, cond) do { if ((statement) cond) { return X; } } while (0)
#define X_N(stmt, X) RETURN_X_IF_COND(stmt, X, == NULL)
#define CHECK_AND_COUNT(x, X) do { if ((x) == NULL) { return X; } created++; } while (0)

static int created;

static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "deadcheck", NULL, -1, NULL};

PyMODINIT_FUNC
PyInit_deadcheck(void)
{
    PyObject *m;
    m = PyModule_Create(&def);
    ${check}
    if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0)
        return NULL;
    return m;
}
`;

function execOf(check: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-dead-check-'));
  try {
    fs.writeFileSync(path.join(dir, 'deadcheck.c'), SOURCE(check));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes[0].after;
    return out.slice(out.indexOf('deadcheck_exec(PyObject *m)\n{'), out.indexOf('PyMODINIT_FUNC\nPyInit_deadcheck'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

test('a check of the module through two macros goes with the create call', () => {
  const exec = execOf('X_N(m, NULL);');
  expect(exec).not.toContain('X_N(m');
  expect(exec).toContain('if (PyModule_AddIntConstant(m, "ANSWER", 42) < 0)\n        return -1;');
});

test('a macro that checks the module and does more stays', () => {
  // (The counter it writes moves into the state, so the call passes the state too.)
  expect(execOf('CHECK_AND_COUNT(m, NULL);')).toContain('CHECK_AND_COUNT(st, m, -1);');
});
