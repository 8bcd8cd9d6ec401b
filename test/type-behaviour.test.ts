/**
 * Converted static types behave as before: same __module__, __qualname__ and doc, same bases,
 * instantiable exactly when they were (and refused with the same error), subclassable exactly
 * when they were, immutable (3.10+), and 10 000 create/destroy cycles do not leak the type
 * (sys.getrefcount stable). Original and converted builds are compared fact by fact, per Python.
 */
import * as fs from 'fs';
import * as path from 'path';
import { execFileSync } from 'child_process';
import { listModules, convertCopy } from './helpers/modules';
import { interpretersFor } from './helpers/verify-helper';
import { buildExtension } from '../src/verify/build';

const HARNESS = path.join(__dirname, 'harness', 'type_facts.py');
const withTypes = listModules().filter((m) => !m.json.consumerOf && ['spamlib', 'shapes', 'npstyle', 'cbwrap', 'capsboxuser', 'geomkit'].includes(m.name));

async function facts(module: string, sources: string[], includeDirs: string[], version: string): Promise<Record<string, Record<string, unknown>>> {
  const { interpreters } = await interpretersFor([version]);
  const interp = interpreters[0];
  const b = await buildExtension({ module, sources, includeDirs, interpreter: interp });
  if (!b.ok) throw new Error(`build failed on ${version}:\n${b.output}`);
  try {
    const out = execFileSync(interp.executable, [HARNESS, module, b.outDir], { encoding: 'utf8', timeout: 120000 });
    return JSON.parse(out) as Record<string, Record<string, unknown>>;
  } finally {
    fs.rmSync(b.outDir, { recursive: true, force: true });
  }
}

describe.each(withTypes.map((m) => [m.name, m] as const))('%s types', (_n, mod) => {
  test.each(['3.9', '3.12', '3.13'])('behave as the static ones did on %s', async (version) => {
    const { dir } = convertCopy(mod);
    try {
      const inc = (root: string): string[] => (mod.json.includeDirs ?? []).map((d) => path.join(root, d));
      const before = await facts(mod.json.module, mod.json.sources.map((s) => path.join(mod.dir, s)), inc(mod.dir), version);
      const after = await facts(mod.json.module, mod.json.sources.map((s) => path.join(dir, s)), inc(dir), version);
      expect(Object.keys(after)).toEqual(Object.keys(before));
      for (const [name, b] of Object.entries(before)) {
        const a = after[name];
        for (const key of ['name', 'module', 'qualname', 'doc', 'bases', 'instantiate', 'subclassable']) expect({ type: name, key, value: a[key] }).toEqual({ type: name, key, value: b[key] });
        // Static types are immutable; heap types are too from 3.10 (Py_TPFLAGS_IMMUTABLETYPE).
        if (version !== '3.9') expect({ type: name, settable: a.settable }).toEqual({ type: name, settable: b.settable });
        if (a.refcount_drift !== null) expect({ type: name, drift: Math.abs(a.refcount_drift as number) <= 2 }).toEqual({ type: name, drift: true });
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
