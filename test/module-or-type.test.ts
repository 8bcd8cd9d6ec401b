/**
 * A function that is both a module function and a method of the module's type (one method table for
 * both, unicodedata's shape) reads `PyModule_Check(self)` to take the state from the module or from
 * the object's type (case function-both-module-and-type-method builds and runs it); where self could
 * be something else, the type keeps its finding.
 */
import * as fs from 'fs';
import { check, rewrite } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

function withInput<T>(edit: (dir: string) => void, run: (dir: string) => T): T {
  const dir = caseInputCopy('function-both-module-and-type-method');
  try {
    edit(dir);
    return run(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const typeFinding = (dir: string) => check([dir]).findings.find((f) => f.rule === 'static-type-to-heap/static-type')!;
const output = (dir: string) => rewrite([dir]).changes.find((c) => c.path.endsWith('input.c'))?.after ?? '';

test('a subclassable type: the module state, else the MRO search from the object, checked for NULL', () => {
  const out = withInput(() => undefined, output);
  expect(out).toMatch(/ucd_state \*st = PyModule_Check\(self\) \? get_ucd_state\(self\)\s*: ucd_get_state_by_type\(Py_TYPE\(self\)\);\n    if \(st == NULL\)/);
});

test('a clinic _impl handed the self of such functions reads the state from it: the generated file stays as it is', () => {
  const r = withInput(() => undefined, (dir) => rewrite([dir]));
  expect(r.changes.map((c) => c.path.replace(/^.*[\\/]/, ''))).toEqual(['input.c']);
  expect(r.findings.filter((f) => f.rule === 'engine/generated-file-edited')).toEqual([]);
  const impl = /db_kind_impl\(PyObject \*self, PyObject \*name\)\n\{\n(.*)/.exec(r.changes[0].after);
  expect(impl?.[1]).toMatch(/ucd_state \*st = PyModule_Check\(self\)/);
});

test('a final type: the module state, else the type\'s own module, which cannot fail', () => {
  const out = withInput((dir) => editFile(dir, 'input.c', 'Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE', 'Py_TPFLAGS_DEFAULT'), output);
  const lookup = /ucd_state \*st = PyModule_Check\(self\) \? get_ucd_state\(self\)\s*: (\w+)\(Py_TYPE\(self\)\);\n(.*)/.exec(out);
  expect(lookup?.[1]).toMatch(/of_type/);
  expect(lookup?.[2]).not.toMatch(/st == NULL/);
});

test('C code that calls the module function with something else than its module keeps the type manual', () => {
  const f = withInput((dir) => editFile(dir, 'input.c', 'static PyObject *\ndb_is_old(', 'PyObject *\nucd_default_version(void)\n{\n    return db_version(NULL, NULL);\n}\n\nstatic PyObject *\ndb_is_old('), typeFinding);
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/db_version/);
});

test('a type whose objects are modules themselves keeps its finding', () => {
  const f = withInput((dir) => editFile(dir, 'input.c', '    .tp_methods = db_methods,\n', '    .tp_methods = db_methods,\n    .tp_base = &PyModule_Type,\n'), typeFinding);
  expect(f.fix).toBe('manual');
  expect(f.message).toMatch(/several roles that reach the state differently/);
});
