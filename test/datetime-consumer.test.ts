/**
 * A consumer of the datetime C-API (PyDateTime_IMPORT) declares own-GIL support from 3.13 only:
 * there every interpreter's import hands out the same static table; 3.12's isolated subinterpreters
 * refuse _datetime, so below 3.13 the slot says Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED. The split
 * is written in a new slots table (testdata/cases/datetime-capi-consumer builds and runs it), in a
 * table the module already has, and left out when the project's floor is 3.13.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { ownGilFromDeclared } from '../src/verify';

const SPLIT = [
  '#ifdef Py_mod_multiple_interpreters',
  '#if PY_VERSION_HEX >= 0x030D0000',
  '    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},',
  '#else',
  '    {Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED},',
  '#endif',
  '#endif',
].join('\n');

/** Already multi-phase, no Py_mod_multiple_interpreters, nothing else to convert. */
const MULTI_PHASE = `#define PY_SSIZE_T_CLEAN
#include <Python.h>
#include <datetime.h>

static PyObject *
stamp_today(PyObject *module, PyObject *noargs)
{
    return PyDate_FromDate(2024, 5, 17);
}

static PyMethodDef stamp_methods[] = {
    {"today", stamp_today, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static int
stamp_exec(PyObject *module)
{
    PyDateTime_IMPORT;
    if (PyDateTimeAPI == NULL) {
        return -1;
    }
    return 0;
}

static PyModuleDef_Slot stamp_slots[] = {
    {Py_mod_exec, stamp_exec},
    {0, NULL}
};

static struct PyModuleDef stamp_module = {
    PyModuleDef_HEAD_INIT, "stamp", NULL, 0, stamp_methods, stamp_slots
};

PyMODINIT_FUNC
PyInit_stamp(void)
{
    return PyModuleDef_Init(&stamp_module);
}
`;

let dir = '';
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-datetime-'));
  fs.writeFileSync(path.join(dir, 'stamp.c'), MULTI_PHASE);
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function applyOnce(minPython?: string): string {
  const r = rewrite([dir], { minPython });
  expect(r.refused).toEqual([]);
  for (const c of r.changes) fs.writeFileSync(c.path, Buffer.from(c.after, 'latin1'));
  return fs.readFileSync(path.join(dir, 'stamp.c'), 'latin1');
}

test('an existing slots table gets the slot split on 3.13; nothing blocks, and a second run changes nothing', () => {
  const findings = check([dir]).findings;
  expect(findings.filter((f) => f.severity === 'error').map((f) => `${f.rule} ${f.fix}`)).toEqual(['multi-phase-init/no-interpreters-slot auto']);
  const dt = findings.find((f) => f.rule === 'checks/dependency-api-table')!;
  expect(`${dt.severity} ${dt.fix}`).toBe('info none');
  expect(dt.message).toMatch(/own-GIL support from 3\.13 \(#if PY_VERSION_HEX >= 0x030D0000\) and below it Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED/);
  const out = applyOnce();
  expect(out).toContain(`    {Py_mod_exec, stamp_exec},\n${SPLIT}\n    {0, NULL}\n};`);
  expect(ownGilFromDeclared([path.join(dir, 'stamp.c')])).toBe(13);
  // The version split is the tool's own: not reported as a hand-written shared-GIL declaration.
  expect(check([dir]).findings.filter((f) => f.severity !== 'info').map((f) => f.rule)).toEqual([]);
  expect(rewrite([dir]).changes).toEqual([]);
});

test('with a floor of 3.13 the module declares own-GIL support plainly', () => {
  const out = applyOnce('3.13');
  expect(out).toContain('#ifdef Py_mod_multiple_interpreters\n    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},\n#endif');
  expect(out).not.toContain('PY_VERSION_HEX');
  expect(ownGilFromDeclared([path.join(dir, 'stamp.c')])).toBeUndefined();
  const dt = check([dir], { minPython: '3.13' }).findings.find((f) => f.rule === 'checks/dependency-api-table')!;
  expect(dt.message).toMatch(/: the module declares own-GIL support$/);
});

test('a NumPy consumer beside it still blocks: the split is for the datetime table only', () => {
  fs.writeFileSync(path.join(dir, 'stamp.c'), MULTI_PHASE.replace('    PyDateTime_IMPORT;', '    import_array1(-1);\n    PyDateTime_IMPORT;'));
  const errors = check([dir]).findings.filter((f) => f.rule === 'checks/dependency-api-table' && f.severity === 'error');
  expect(errors.map((f) => f.message)).toEqual([expect.stringMatching(/^import_array1\(\) fills NumPy's C-API table/)]);
  expect(applyOnce()).not.toContain('PER_INTERPRETER_GIL_SUPPORTED');
});
