/**
 * A multi-phase module whose slots declare Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED (a shared GIL
 * only) by the maintainers' hand: with nothing else to convert, `check` says why own-GIL
 * subinterpreters still refuse it (it used to say "no isolation hazards"), and `rewrite` leaves
 * the declaration alone.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'multiphase-missing-interpreters-slot');

describe('a module declared for shared-GIL subinterpreters only', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'shared-gil');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
    // The case's converted output declares own-GIL support; the maintainers chose the shared GIL instead.
    const converted = fs.readFileSync(path.join(CASE, 'expected.c'), 'latin1');
    expect(converted).toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
    fs.writeFileSync(path.join(dir, 'input.c'), converted.replace('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED', 'Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('check says so, as a warning that blocks nothing, and the rewrite keeps the declaration', () => {
    const findings = check([dir]).findings.filter((f) => f.severity !== 'note');
    expect(findings.map((f) => `${f.rule} ${f.severity} ${f.fix}`)).toEqual(['multi-phase-init/shared-gil-only warning manual']);
    expect(findings[0].message).toMatch(/declare Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED: subinterpreters with their own GIL \(Python 3\.12\+\) refuse the module/);
    expect(rewrite([dir]).changes).toEqual([]);
  });
});
