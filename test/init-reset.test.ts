/**
 * An init that marks a failed setup by resetting its module variable (`Py_DECREF(m); m = NULL;`) and
 * returns it at the end (testdata/cases/init-var-reset-after-create converts and builds): the reset
 * becomes the exec's `return -1;` when nothing but that return follows it; otherwise the init stays
 * manual, since `return 0` would report success with an exception set.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'init-var-reset-after-create');

describe('module variable reset after PyModule_Create', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'init-reset');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const run = (from: string, to: string) => {
    const p = path.join(dir, 'input.c');
    const text = fs.readFileSync(p, 'latin1');
    expect(text).toContain(from);
    fs.writeFileSync(p, text.replace(from, to));
    const r = rewrite([dir]);
    return { out: r.changes.find((c) => c.path === p)?.after, init: r.findings.filter((f) => f.rule === 'multi-phase-init/single-phase-init').map((f) => `${f.fix} ${f.message}`) };
  };

  test('through a label and an if, straight to the return: return -1 there', () => {
    const { out, init } = run('    if (m) {\n        if (setup_constants(m) < 0) {\n            Py_DECREF(m);\n            m = NULL;\n        }\n    }\n    return m;',
      '    if (setup_constants(m) < 0)\n        goto error;\n    return m;\nerror:\n    if (PyErr_Occurred()) {\n        Py_DECREF(m);\n        m = NULL;\n    }\n    return m;');
    expect(init[0]).toMatch(/^auto /);
    // The braces left around one statement go, as the file writes single statements.
    expect(out).toContain('\nerror:\n    if (PyErr_Occurred())\n        return -1;\n    return 0;\n}');
  });

  test('more code after the reset, or another value: manual', () => {
    expect(run('    return m;\n}', '    if (m != NULL && PyModule_AddIntConstant(m, "LEVEL", 3) < 0)\n        return NULL;\n    return m;\n}').init).toEqual([
      "manual single-phase init in PyInit_blocks: its variable 'm' is assigned again after PyModule_Create ('m = NULL;') where more than 'return m' follows, so that return may report a failure",
    ]);
  });

  test('assigned another object: manual', () => {
    expect(run('            m = NULL;', '            m = Py_None;').init[0]).toMatch(/^manual .*'m = Py_None;'/);
  });
});
