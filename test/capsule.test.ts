/**
 * A C-API provider converted by capsule-api-to-state keeps serving both kinds of consumers: one
 * compiled against the old header (table cached in a C global) keeps working in the main
 * interpreter, and an isolation-aware one (table in its own module state) works in isolated
 * subinterpreters. The capsule name and the table layout (slot kinds, order, count) are unchanged.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { listModules, convertCopy } from './helpers/modules';
import { interpretersFor } from './helpers/verify-helper';
import { buildExtension } from '../src/verify/build';

const HARNESS = path.join(__dirname, 'harness', 'capsule_check.py');
const mods = new Map(listModules().map((m) => [m.name, m]));

describe('boxapi C-API provider, converted', () => {
  test.each(['3.9', '3.12', '3.13'])('serves old and isolation-aware consumers on %s', async (version) => {
    const provider = convertCopy(mods.get('boxapi')!);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-capsule-'));
    try {
      expect(provider.result.changes.length).toBeGreaterThan(0);
      const { interpreters } = await interpretersFor([version]);
      const interp = interpreters[0];
      const builds = [
        { module: 'boxapi', sources: [path.join(provider.dir, 'boxapi.c')], includeDirs: [provider.dir] },
        // The consumers are compiled as they are, against the provider's (unchanged) public header.
        { module: 'boxapi_user', sources: [path.join(mods.get('boxapi_user')!.dir, 'boxapi_user.c')], includeDirs: [provider.dir] },
        { module: 'boxapi_aware', sources: [path.join(mods.get('boxapi_aware')!.dir, 'boxapi_aware.c')], includeDirs: [provider.dir] },
      ];
      for (const b of builds) {
        const r = await buildExtension({ ...b, interpreter: interp, outDir: out, werror: true });
        if (!r.ok) throw new Error(`${b.module} does not build on ${version}:\n${r.output}`);
      }
      const res = JSON.parse(execFileSync(interp.executable, [HARNESS, out], { encoding: 'utf8', timeout: 120000 })) as Record<string, unknown>;
      expect(res).toMatchObject({ legacy_consumer: 42, aware_consumer: 42, capsule_name: 'boxapi._C_API', slot0_is_type: true, slot1_new: 5, slot2_value: 9 });
      if (version !== '3.9') expect(res.subinterpreters).toEqual([null, null]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(provider.dir, { recursive: true, force: true });
    }
  });
});
