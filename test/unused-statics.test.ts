/**
 * Static functions a rewrite leaves named nowhere (src/engine/unused-statics.ts): gcc -Wall warns
 * "defined but not used" of them, which the compile gate's -fsyntax-only compile cannot show. The
 * check on before/after pairs, and end to end on a folded slot (the case slot-function-replaced-in-init
 * builds the rewrite with -Wall -Werror).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import { buildFileModel } from '../src/model/build-file';
import { unnamedStatics } from '../src/engine/unused-statics';

const BEFORE = [
  '#include <Python.h>',
  'static PyObject *helper(PyObject *o);',
  'static PyObject *',
  'helper(PyObject *o)',
  '{',
  '    return Py_NewRef(o);',
  '}',
  'static inline int twice(int x) { return 2 * x; }',
  'static int unused_before(void) { return 0; }',
  'static PyObject *use(PyObject *self, PyObject *o) { (void)twice(1); return helper(o); }',
  '',
].join('\n');

function lost(before: string, after: string, included = false): string[] {
  const fm = buildFileModel(parseSource(SourceFile.fromText('/ext/m.c', before)));
  return unnamedStatics(fm, parseSource(SourceFile.fromText('/ext/m.c', after)), included).map((u) => u.name);
}

test('a static function the original called and the output only declares is reported', () => {
  const after = BEFORE.replace('return helper(o);', 'return Py_NewRef(o);');
  expect(lost(BEFORE, after)).toEqual(['helper']);
});

test('still named, removed, inline, unused before, marked unused, or in an included file: not reported', () => {
  expect(lost(BEFORE, BEFORE.replace('return helper(o);', 'return o == NULL ? NULL : helper(o);'))).toEqual([]);
  // removed with its use: nothing left to warn about
  expect(lost(BEFORE, BEFORE.replace(/static PyObject \*helper[^]*?\n}\n/, '').replace('return helper(o);', 'return o;'))).toEqual([]);
  // gcc does not warn about unused static inline functions; one the original did not use warns in both
  expect(lost(BEFORE, BEFORE.replace('(void)twice(1); ', ''))).toEqual([]);
  const marked = BEFORE.replace('return helper(o);', 'return o;').replace('static PyObject *\nhelper', '/* no longer named; keep it */\n#if defined(__GNUC__)\n__attribute__((unused))\n#endif\nstatic PyObject *\nhelper');
  expect(lost(BEFORE, marked)).toEqual([]);
  expect(lost(BEFORE, BEFORE.replace('return helper(o);', 'return o;'), true)).toEqual([]);
});

test('a tp_new that the init replaced before PyType_Ready stays defined without a new warning', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-unused-'));
  try {
    fs.copyFileSync(path.join(__dirname, '..', 'testdata', 'cases', 'slot-function-replaced-in-init', 'input.c'), path.join(dir, 'input.c'));
    const r = rewrite([dir]);
    expect(r.findings.filter((f) => f.rule === 'engine/added-warning')).toEqual([]);
    const out = r.changes[0].after;
    expect(out).toMatch(/__attribute__\(\(unused\)\)\n#endif\nstatic PyObject \*\nCounter_new\(/);
    expect(out).toContain('{Py_tp_new, (void *)PyType_GenericNew}');
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
