/**
 * An export macro in front of the init function (testdata/cases/export-macro-before-init builds
 * without a new warning): it stays on the new PyInit, and nothing the conversion writes goes between
 * it and the function. A macro that expands to a pragma is not part of the definition: it stays in place.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'export-macro-before-init');
const HEAD = 'TALLY_PUBLIC PyMODINIT_FUNC PyInit_tally(void) {';

describe('export macro before the init function', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'init-export');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const converted = (...edits: [string, string][]): string => {
    const p = path.join(dir, 'input.c');
    let text = fs.readFileSync(p, 'latin1');
    for (const [from, to] of edits) {
      expect(text).toContain(from);
      text = text.replace(from, to);
    }
    fs.writeFileSync(p, text);
    const r = rewrite([dir]);
    expect(r.refused).toEqual([]);
    const out = r.changes.find((c) => c.path === p)!.after;
    fs.writeFileSync(p, out);
    expect(rewrite([dir]).changes).toEqual([]);
    return out;
  };

  test('on the line of the head: on the new PyInit, the load-once flag and exec without it', () => {
    const out = converted();
    expect(out).toContain('\n\n/* pyext-isolate: C globals are left');
    expect(out).toContain('\nstatic int tally_exec(PyObject *m) {');
    expect(out).toContain('\n\nTALLY_PUBLIC PyMODINIT_FUNC\nPyInit_tally(void) {\n    return PyModuleDef_Init(&tally_module);\n}');
    expect(out.match(/TALLY_PUBLIC/g)).toHaveLength(4); // its #define, the exported tally, the new PyInit
  });

  test('on a line of its own, and a configured export macro', () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyext-isolate]\nexport-macros = ["EXT_API"]\n');
    const out = converted(['#include <Python.h>\n', '#include <Python.h>\n\n#define EXT_API\n'], [HEAD, 'TALLY_PUBLIC\nEXT_API PyMODINIT_FUNC\nPyInit_tally(void) {']);
    expect(out).toContain('\n\nTALLY_PUBLIC\nEXT_API PyMODINIT_FUNC\nPyInit_tally(void) {\n    return PyModuleDef_Init(&tally_module);\n}');
    expect(out).toContain('\nstatic int\ntally_exec(PyObject *m) {');
  });

  test('a pragma macro before the head stays where it is', () => {
    const out = converted(['#if defined(__GNUC__)', '#define NO_WARN_BEGIN _Pragma("GCC diagnostic push")\n#if defined(__GNUC__)'], [HEAD, `NO_WARN_BEGIN\n${HEAD}`]);
    expect(out).toContain('\nNO_WARN_BEGIN\n/* pyext-isolate: C globals are left');
    expect(out).toContain('\nstatic int tally_exec(PyObject *m) {');
    expect(out).toContain('\n\nTALLY_PUBLIC PyMODINIT_FUNC\nPyInit_tally(void) {');
  });
});
