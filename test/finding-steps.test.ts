/**
 * The "how" of manual findings whose message alone does not say what to do (the case snapshots
 * record messages only): a type readied in a helper, a helper or macro that would free the module
 * in exec (an init that returns through a macro: test/init-macros.test.ts).
 */
import * as path from 'path';
import { check } from '../src/api';
import { ROOT } from './helpers/modules';

const CASES = path.join(ROOT, 'testdata', 'cases');

function how(caseName: string, rule: string): string {
  const f = check([path.join(CASES, caseName, 'input.c')]).findings.find((x) => x.rule === rule && x.fix === 'manual');
  if (!f) throw new Error(`no manual ${rule} finding in ${caseName}`);
  return f.suggestion ?? '';
}

test('a type readied in a helper: move PyType_Ready into the init function', () => {
  expect(how('type-readied-in-helper', 'static-type-to-heap/static-type')).toBe(
    'move PyType_Ready(&Counter_Type), with the code that adds the type to the module, from add_types() into the init function, then run again',
  );
});

test('a helper that drops the module: name the call and what to change', () => {
  expect(how('helper-drops-module', 'multi-phase-init/single-phase-init')).toMatch(/^remove the Py_DECREF\(module\) from register_types\(\)/);
});

