/**
 * A helper .c file linked into two modules (testdata/cases/source-in-two-modules builds and runs
 * both): it belongs to each, is never edited, and one that holds module-level data of its own
 * keeps both modules manual, with the reason.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'source-in-two-modules');

describe('a source file in two modules', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'shared-source');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('both modules convert and the shared file stays as it is', () => {
    const r = rewrite([dir]);
    expect(r.extensions.filter((e) => e.name).map((e) => [e.name, e.files.map((f) => path.basename(f)).sort()])).toEqual([
      ['textpad', ['common.c', 'common.h', 'input.c']],
      ['textwrapc', ['common.c', 'common.h', 'textwrapc.c']],
    ]);
    expect(r.changes.map((c) => path.basename(c.path)).sort()).toEqual(['input.c', 'textwrapc.c']);
    expect(r.findings.filter((f) => f.fix === 'manual')).toEqual([]);
  });

  test('a shared file with a cache of its own keeps both modules manual', () => {
    const c = path.join(dir, 'common.c');
    fs.writeFileSync(c, fs.readFileSync(c, 'latin1').replace('    Py_ssize_t n = textfmt_width(text);\n', '    static long calls;\n    Py_ssize_t n = textfmt_width(text);\n\n    calls++;\n'));
    const init = check([dir]).findings.filter((f) => f.rule === 'multi-phase-init/single-phase-init');
    expect(init.map((f) => [path.basename(f.file), f.fix, f.message.replace(/^.*: /, '')])).toEqual([
      ['input.c', 'manual', 'its files are shared with textwrapc'],
      ['textwrapc.c', 'manual', 'its files are shared with textpad'],
    ]);
  });
});
