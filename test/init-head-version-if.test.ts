/**
 * An init function whose name a Python-version #if picks between its return type and its body
 * (testdata/cases/init-name-under-version-if builds and runs isolated): the exec's head replaces the
 * whole #if, whichever branch holds the Python 3 name and wherever the #if starts; the Python 2 name goes.
 * The body's `{` may end each branch (testdata/cases/init-brace-inside-version-if), and `#define` lines
 * next to the name stay in a #if of their own (testdata/cases/init-head-if-defines-error-value).
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite } from '../src/api';
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

  const converted = (head: string, open = 'weights_exec(PyObject *m)\n{'): string => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    expect(text).toContain(HEAD);
    fs.writeFileSync(p, text.replace(HEAD, head));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes.find((c) => c.path === p)!.after;
    fs.writeFileSync(p, out);
    expect(rewrite([dir]).changes).toEqual([]);
    const exec = out.indexOf(open);
    expect(exec).toBeGreaterThan(0);
    return out.slice(out.lastIndexOf('\n\n', exec) + 2, exec + open.length + '\n    PyObject *m;'.length + 1);
  };

  test('the name in the #if branch', () => {
    expect(converted(HEAD)).toBe('static int\nweights_exec(PyObject *m)\n{\n    weights_state');
  });

  test('the Python 3 name in the #else branch', () => {
    expect(converted('PyMODINIT_FUNC\n#if PY_MAJOR_VERSION < 3\ninitweights(void)\n#else\nPyInit_weights(void)\n#endif\n{\n')).toBe('static int\nweights_exec(PyObject *m)\n{\n    weights_state');
  });

  test('the whole head in each branch', () => {
    expect(converted('#if PY_MAJOR_VERSION >= 3\nPyMODINIT_FUNC PyInit_weights(void)\n#else\nPyMODINIT_FUNC initweights(void)\n#endif\n{\n')).toBe('static int weights_exec(PyObject *m)\n{\n    weights_state');
  });

  const BRACE = 'weights_exec(PyObject *m) {';

  test('the { at the end of each branch', () => {
    expect(converted('PyMODINIT_FUNC\n#if PY_MAJOR_VERSION >= 3\nPyInit_weights(void) {\n#else\ninitweights(void) {\n#endif\n', BRACE)).toBe('static int\nweights_exec(PyObject *m) {\n    weights_state');
  });

  test('the { in each branch, the Python 3 name in the #else branch', () => {
    expect(converted('PyMODINIT_FUNC\n#if PY_MAJOR_VERSION < 3\ninitweights(void) {\n#else\nPyInit_weights(void) {\n#endif\n', BRACE)).toBe('static int\nweights_exec(PyObject *m) {\n    weights_state');
  });

  test('#define lines next to the name and the { keep their #if', () => {
    expect(converted('PyMODINIT_FUNC\n#if PY_MAJOR_VERSION >= 3\n#define W_ERR NULL\nPyInit_weights(void) {\n#else\n#define W_ERR\ninitweights(void) {\n#endif\n', BRACE)).toBe(
      '#if PY_MAJOR_VERSION >= 3\n#define W_ERR NULL\n#else\n#define W_ERR\n#endif\nstatic int\nweights_exec(PyObject *m) {\n    weights_state',
    );
  });

  // The body's first statements inside the compiled branch (fastcache, cheetah3) stay where they are.
  const TAIL = 'PyMODINIT_FUNC\n#if PY_MAJOR_VERSION >= 3\nPyInit_weights(void)\n{\n    PyObject *m;\n#define W_ERR NULL\n#else\ninitweights(void)\n{\n#define W_ERR\n#endif\n';

  test('code after the { inside the compiled branch stays, the other branch goes', () => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    fs.writeFileSync(p, text.replace(HEAD + '    PyObject *m;\n', TAIL));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    expect(r.findings.find((f) => f.rule === 'multi-phase-init/single-phase-init')!.fix).toBe('auto');
    const out = r.changes.find((c) => c.path === p)!.after;
    const exec = out.indexOf('weights_exec(PyObject *m)\n{');
    const head = out.slice(out.lastIndexOf('\n\n', exec) + 2, out.indexOf('#define W_ERR NULL\n', exec) + '#define W_ERR NULL\n'.length);
    expect(head).toBe('#if PY_MAJOR_VERSION >= 3\n#else\n#define W_ERR\n#endif\nstatic int\nweights_exec(PyObject *m)\n{\n    weights_state *st = get_weights_state(m);\n#define W_ERR NULL\n');
    expect(out).not.toContain('initweights');
    fs.writeFileSync(p, out);
    expect(rewrite([dir]).changes).toEqual([]);
  });

  test('code after the { inside the compiled #else branch stays, the Python 2 defines keep their #if', () => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    const py2First = 'PyMODINIT_FUNC\n#if PY_MAJOR_VERSION < 3\ninitweights(void)\n{\n#define W_ERR\n#else\nPyInit_weights(void)\n{\n    PyObject *m;\n#define W_ERR NULL\n#endif\n';
    fs.writeFileSync(p, text.replace(HEAD + '    PyObject *m;\n', py2First));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes.find((c) => c.path === p)!.after;
    const exec = out.indexOf('weights_exec(PyObject *m)\n{');
    const head = out.slice(out.lastIndexOf('\n\n', exec) + 2, out.indexOf('#define W_ERR NULL\n', exec) + '#define W_ERR NULL\n'.length);
    expect(head).toBe('#if PY_MAJOR_VERSION < 3\n#define W_ERR\n#endif\nstatic int\nweights_exec(PyObject *m)\n{\n    weights_state *st = get_weights_state(m);\n#define W_ERR NULL\n');
    fs.writeFileSync(p, out);
    expect(rewrite([dir]).changes).toEqual([]);
  });

  test('a #if opened above the head with the module def closes above the exec instead (cheetah3)', () => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    const from = '#endif\n\n' + HEAD + '    PyObject *m;\n';
    expect(text).toContain('};\n' + from);
    fs.writeFileSync(p, text.replace(from, '\nPyMODINIT_FUNC\nPyInit_weights(void)\n{\n    PyObject *m;\n#else\nPyMODINIT_FUNC\ninitweights(void)\n{\n    PyObject *m;\n#endif\n'));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes.find((c) => c.path === p)!.after;
    expect(out).toContain('};\n\n#endif\nstatic int\nweights_exec(PyObject *m)\n{\n    weights_state *st = get_weights_state(m);\n');
    expect(out).not.toContain('initweights');
    fs.writeFileSync(p, out);
    expect(rewrite([dir]).changes).toEqual([]);
  });

  test('another #if after the { inside the branch: manual, with the reason, in check as in apply', () => {
    const p = path.join(dir, 'input.c');
    fs.writeFileSync(p, fs.readFileSync(p, 'latin1').replace(HEAD, 'PyMODINIT_FUNC\n#if PY_MAJOR_VERSION >= 3\nPyInit_weights(void) {\n#ifdef W_TRACE\n    puts("init");\n#endif\n#else\ninitweights(void) {\n#endif\n'));
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const init = r.findings.find((f) => f.rule === 'multi-phase-init/single-phase-init')!;
    expect(init.fix).toBe('manual');
    expect(init.message).toContain('holds other preprocessor lines than #define, #undef and #pragma');
    const checked = check([dir]).findings.find((f) => f.rule === 'multi-phase-init/single-phase-init')!;
    expect([checked.fix, checked.message]).toEqual([init.fix, init.message]);
  });
});
