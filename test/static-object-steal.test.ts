/**
 * A static object added to the module with PyModule_AddObject must have been given the reference the
 * call steals: `Py_INCREF(S)` or its function form `Py_IncRef(S)` before the call. Without one the object
 * stays static (a finding says why); with either it moves into the state.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';
import { ROOT } from './helpers/modules';

const INPUT = path.join(ROOT, 'testdata', 'cases', 'singletons-of-own-types', 'input.c');
const TAKEN = /^    Py_INCREF\(Missing\);\n    if \(PyModule_AddObject\(m, "Missing", Missing\) < 0\)/m;

function findingsFor(edit: (text: string) => string): string[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'static-object-steal-'));
  try {
    const text = fs.readFileSync(INPUT, 'latin1');
    expect(text).toMatch(TAKEN);
    fs.writeFileSync(path.join(dir, 'singletons.c'), edit(text), 'latin1');
    return check([dir]).findings.map((f) => `${f.rule}: ${f.message}`);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const steals = (fs: string[]): string[] => fs.filter((f) => /steals a reference to it/.test(f));

test('Py_IncRef before the add gives the reference the call steals', () => {
  expect(steals(findingsFor((t) => t.replace(TAKEN, (m) => m.replace('Py_INCREF(Missing)', 'Py_IncRef(Missing)'))))).toEqual([]);
});

test('no reference given before the add: the object stays static, with the reason', () => {
  expect(steals(findingsFor((t) => t.replace(TAKEN, (m) => m.replace('    Py_INCREF(Missing);\n', ''))))).toHaveLength(1);
});
