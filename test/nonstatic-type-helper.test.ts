/**
 * Static types readied by a non-static helper of another file that the init calls before the
 * module exists (`ring_init_types()`, declared with a hidden-visibility macro in the extension's
 * own header): the helper gets the module as a new first parameter, its prototype too, and the
 * types convert (testdata/cases/type-readied-in-non-static-helper builds and runs isolated). One
 * that code outside the extension may call keeps its signature, and the finding says why.
 */
import * as fs from 'fs';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';


function ringFindings(dir: string): string[] {
  return check([dir])
    .findings.filter((f) => f.rule === 'static-type-to-heap/static-type')
    .map((f) => `${f.fix}: ${f.message} | ${f.suggestion}`);
}

describe('a static type readied by a non-static helper', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy('type-readied-in-non-static-helper', 'nonstatic-helper');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('converts when nothing outside the extension may call the helper', () => {
    expect(ringFindings(dir)).toEqual([expect.stringMatching(/^auto: static type RingType/)]);
  });

  test('one exported by a visibility attribute keeps its signature, and the finding names the reason', () => {
    editFile(dir, 'ring.h', '__attribute__((visibility("hidden")))', '__attribute__((visibility("default")))');
    const [f] = ringFindings(dir);
    expect(f).toMatch(/^manual: static type RingType \('ringbuf\.Ring'\) is shared by every interpreter: PyType_Ready\(&RingType\) is in ring_init_types\(\), not in the init function, which is not static and .*, so it cannot be given the module \| make ring_init_types\(\) static \(or hidden: no other code calls it\), or move PyType_Ready/);
  });
});
