/**
 * An init function whose name a Python-version #if picks between its return type and its body
 * (testdata/cases/init-name-under-version-if builds and runs isolated): the exec's head replaces the
 * whole #if, whichever branch holds the Python 3 name and wherever the #if starts; the Python 2 name goes.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'init-name-under-version-if');
const HEAD = 'PyMODINIT_FUNC\n#if PY_MAJOR_VERSION >= 3\nPyInit_weights(void)\n#else\ninitweights(void)\n#endif\n{\n';

describe('init name under a version #if', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'init-head');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const converted = (head: string): string => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    expect(text).toContain(HEAD);
    fs.writeFileSync(p, text.replace(HEAD, head));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes.find((c) => c.path === p)!.after;
    fs.writeFileSync(p, out);
    expect(rewrite([dir]).changes).toEqual([]);
    const exec = out.indexOf('weights_exec(PyObject *m)\n{');
    expect(exec).toBeGreaterThan(0);
    return out.slice(out.lastIndexOf('\n\n', exec) + 2, exec + 'weights_exec(PyObject *m)\n{'.length);
  };

  test('the name in the #if branch', () => {
    expect(converted(HEAD)).toBe('static int\nweights_exec(PyObject *m)\n{');
  });

  test('the Python 3 name in the #else branch', () => {
    expect(converted('PyMODINIT_FUNC\n#if PY_MAJOR_VERSION < 3\ninitweights(void)\n#else\nPyInit_weights(void)\n#endif\n{\n')).toBe('static int\nweights_exec(PyObject *m)\n{');
  });

  test('the whole head in each branch', () => {
    expect(converted('#if PY_MAJOR_VERSION >= 3\nPyMODINIT_FUNC PyInit_weights(void)\n#else\nPyMODINIT_FUNC initweights(void)\n#endif\n{\n')).toBe('static int weights_exec(PyObject *m)\n{');
  });
});
