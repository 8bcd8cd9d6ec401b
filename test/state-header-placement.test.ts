/**
 * Where a generated state header is included when a header of the extension declares a field's
 * type and also needs the state (zfec's fec.h: `typedef unsigned char gf;`, then prototypes that
 * take the state once fec.c's `static gf` tables move). The state header names the type, so it
 * is included below the typedef, never at the top of that header; and in the def's file the state
 * block goes below the #include that brings the type even when a moved global comes first.
 * testdata/cases/state-header-after-field-typedef builds and runs the unguarded shape; here the
 * same header with an include guard, which the state header could include but must not (the
 * header includes it back, and its guard would hide the typedef from whichever is read first).
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { caseInputCopy } from './helpers/modules';
import { interpretersFor } from './helpers/verify-helper';

jest.setTimeout(120_000);

const CASE = 'state-header-after-field-typedef';

function convert(guarded: boolean): { dir: string; out: Map<string, string> } {
  const dir = caseInputCopy(CASE, 'state-header-placement');
  if (guarded) {
    const h = path.join(dir, 'gf256.h');
    fs.writeFileSync(h, `#ifndef GF256_H\n#define GF256_H\n${fs.readFileSync(h, 'latin1')}#endif /* GF256_H */\n`);
  }
  const r = rewrite([dir]);
  expect(r.refused).toEqual([]);
  const out = new Map<string, string>();
  for (const c of r.changes) out.set(path.basename(c.path), c.after);
  for (const n of r.newFiles) out.set(path.basename(n.path), n.content);
  return { dir, out };
}

describe.each([false, true])('a field type declared in a header that takes the state (include guard: %s)', (guarded) => {
  let dir = '';
  let out = new Map<string, string>();
  beforeAll(() => {
    ({ dir, out } = convert(guarded));
  });
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('the header includes the state header below the typedef, above its first prototype that needs it', () => {
    const h = out.get('gf256.h')!;
    expect(h).toContain('typedef unsigned char gf_elem;\n\n#include "galois_state.h"\n\n/* Builds the tables;');
    expect(h).toContain('void gf_setup(galois_state *st);');
  });

  test('the state header names the type and leaves it to its includer', () => {
    const s = out.get('galois_state.h')!;
    expect(s).toContain('gf_elem exp_table[510];');
    expect(s).not.toContain('#include "gf256.h"');
  });

  test("the def's file reads the state below the #include that brings the type", () => {
    const c = out.get('input.c')!;
    expect(c.indexOf('#include "galois_state.h"')).toBeGreaterThan(c.indexOf('#include "gf256.h"'));
    expect(c.indexOf('#include "gf256.h"')).toBeLessThan(c.indexOf('galois_traverse'));
  });

  test('every file compiles', async () => {
    const { interpreters } = await interpretersFor(['3.13', '3.9']);
    if (interpreters.length === 0) return; // needs CPython headers
    const build = path.join(dir, 'out');
    fs.mkdirSync(build);
    for (const [name, text] of out) fs.writeFileSync(path.join(build, name), text);
    for (const name of ['input.c', 'gf256.c']) {
      for (const py of interpreters) {
        const args = ['-fsyntax-only', '-Werror=implicit-function-declaration', `-I${py.includeDir}`, `-I${build}`, path.join(build, name)];
        expect(() => execFileSync('gcc', args, { stdio: 'pipe' })).not.toThrow();
      }
    }
  });
});
