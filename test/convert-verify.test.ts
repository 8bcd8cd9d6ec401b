/**
 * The bar for generated C: every realistic module, converted, builds with -Wall against the
 * headers of 3.9-3.13, imports in the main interpreter and passes its smoke script; when no
 * blocking hazard is left it also loads in isolated own-GIL subinterpreters (3.12, 3.13) with
 * nothing shared between instances, and otherwise it is still refused there (Rule 0).
 */
import * as fs from 'fs';
import * as path from 'path';
import { isBlocking } from '../src/core/findings';
import { listModules, convertCopy } from './helpers/modules';
import { verifyOnAllPythons } from './helpers/verify-helper';

const modules = listModules().filter((m) => !m.json.consumerOf);

describe.each(modules.map((m) => [m.name, m] as const))('%s converted', (_name, mod) => {
  test('builds and imports on every Python from its minimum up; isolated exactly when no hazard is left', async () => {
    const { dir, result } = convertCopy(mod);
    try {
      const blocking = result.findings.filter(isBlocking);
      const sources = mod.json.sources.map((s) => path.join(dir, s));
      const res = await verifyOnAllPythons({
        module: mod.json.module,
        sources,
        includeDirs: (mod.json.includeDirs ?? []).map((d) => path.join(dir, d)),
        defines: mod.json.defines,
        minPython: mod.json.minPython ?? '3.9',
        smoke: path.join(dir, 'smoke.py'),
        expectIsolated: blocking.length === 0,
        werror: true, // the originals build warning-free with -Wall: no new warnings either
      });
      const broken = res.report.results.filter((r) => r.build !== 'ok' || r.main !== 'ok' || (r.smoke !== undefined && r.smoke !== 'ok'));
      const failures = [...broken.map((r) => `${r.interpreter.version}: build=${r.build} main=${r.main} smoke=${r.smoke}`), ...res.failures];
      if (failures.length > 0) throw new Error(`${failures.join('\n')}\n\n${res.text}`);
      expect(res.report.results.length).toBeGreaterThan(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
