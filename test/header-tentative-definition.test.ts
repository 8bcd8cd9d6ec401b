/**
 * `long calls;` in a header is a tentative definition: with the definition in a .c file of the
 * extension, C makes them one object, so the header's line declares the .c file's global (one
 * global, moved whole). Without a definition elsewhere, each includer defines it, and the finding
 * says so and how to make it one.
 */
import * as fs from 'fs';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

const DEFINITIONS = 'Py_ssize_t total_split = 0;\nPy_ssize_t block_size = 4096;\nlong exact_splits = 0;\nlong tail_splits = 0;\n';

test('a header tentative definition of a global a .c file defines is its declaration: one global, converted', () => {
  const dir = caseInputCopy('tentative-definition-in-header');
  try {
    const r = check([dir]);
    const globals = r.findings.filter((f) => /mutable C global/.test(f.message));
    expect(globals.map((f) => [f.file.replace(/^.*\//, ''), f.fix])).toEqual([['input.c', 'auto'], ['input.c', 'auto'], ['input.c', 'auto'], ['input.c', 'auto']]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});

test('a header tentative definition no other file defines stays manual and says why', () => {
  const dir = caseInputCopy('tentative-definition-in-header');
  try {
    editFile(dir, 'input.c', DEFINITIONS, '');
    const r = check([dir]);
    const f = r.findings.find((x) => /'block_size'/.test(x.message));
    expect(f?.fix).toBe('manual');
    expect(f?.file).toMatch(/blockstat\.h$/);
    expect(f?.message).toMatch(/a tentative definition in a header that no other file of the extension defines/);
    // Written only by the header's macro: still mutable, and the finding says where.
    expect(r.findings.find((x) => /'total_split'/.test(x.message))?.message).toMatch(/\(written by a macro at blockstat\.h:\d+\)/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
