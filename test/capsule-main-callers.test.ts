/**
 * A load-once module's own functions that have no state call a C-API function through F_main (no
 * interpreter check; function-splits.ts mainCallers). Built from the case
 * capsule-function-called-by-static-method: in the main interpreter the method uses the main
 * module's state (its exception); imported first in a legacy subinterpreter, where there is no
 * main module, the method gets the checked wrapper's RuntimeError, never a NULL state.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { rewrite } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';
import { interpretersFor } from './helpers/verify-helper';
import { buildExtension } from '../src/verify/build';

const MAIN = `
import sys, tally
c = tally.Counter()
print(c.bump(2))
try:
    c.bump(sys.maxsize)
except tally.TallyError as e:
    print("TallyError", e)
`;

// _testcapi.run_in_subinterp makes a legacy subinterpreter (shared GIL), which may import the module first.
const LEGACY_FIRST = `
import _testcapi
code = '''
import tally
try:
    print(tally.Counter().bump(1))
except RuntimeError as e:
    print("RuntimeError", e)
'''
print("subinterp", _testcapi.run_in_subinterp(code))
try:
    import tally
except ImportError as e:
    print("ImportError", e)
`;

describe('F_main of a load-once module', () => {
  test.each(['3.9', '3.12', '3.13'])('uses the main module, and the checked wrapper without one, on %s', async (version) => {
    const work = caseInputCopy('capsule-function-called-by-static-method', 'main-callers');
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-main-callers-'));
    try {
      const r = rewrite([work]);
      const input = r.changes.find((c) => path.basename(c.path) === 'input.c')!;
      expect(input.after).toMatch(/if \(Counter_Bump_main\(self, n\) < 0\)/);
      fs.writeFileSync(path.join(work, 'input.c'), Buffer.from(input.after, 'latin1'));
      for (const n of r.newFiles) fs.writeFileSync(n.path, Buffer.from(n.content, 'latin1'));
      const interp = (await interpretersFor([version])).interpreters[0];
      const b = await buildExtension({ module: 'tally', sources: [path.join(work, 'input.c')], includeDirs: [work], interpreter: interp, outDir: out, werror: true });
      if (!b.ok) throw new Error(`tally does not build on ${version}:\n${b.output}`);
      const py = (code: string): string[] => execFileSync(interp.executable, ['-c', code], { cwd: out, env: { ...process.env, PYTHONPATH: out }, encoding: 'utf8', timeout: 60000 }).trim().split('\n');
      expect(py(MAIN)).toEqual(['2', 'TallyError counter overflow']);
      expect(py(LEGACY_FIRST)).toEqual([
        'RuntimeError tally C-API: this function works in the main interpreter only',
        'subinterp 0',
        'ImportError tally cannot be loaded more than once per process',
      ]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

test('a call that only some builds compile keeps the checked wrapper (F_main would be an unused function in the others)', () => {
  const work = caseInputCopy('capsule-function-called-by-static-method', 'main-callers-ifdef');
  try {
    editFile(work, 'input.c', '    if (Counter_Bump(self, n) < 0)\n        return NULL;\n', '#ifdef TALLY_COUNTS\n    if (Counter_Bump(self, n) < 0)\n        return NULL;\n#endif\n');
    const after = rewrite([work]).changes.find((c) => path.basename(c.path) === 'input.c')!.after;
    expect(after).toContain('#ifdef TALLY_COUNTS\n    if (Counter_Bump(self, n) < 0)');
    expect(after).not.toContain('Counter_Bump_main');
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
});
