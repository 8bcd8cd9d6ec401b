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
import { buildExtension, resolveCompiler } from '../src/verify/build';

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

/**
 * The same for a provider that exports a statically initialized struct of pointers (the
 * zope.proxy pattern): the struct becomes a state field of the same type, filled in exec. The old
 * consumer reaches the type and the functions through the header's macros; ctypes reads the
 * members the header declares.
 */
describe('tagapi struct-table provider, converted', () => {
  test.each(['3.9', '3.12', '3.13'])('serves old and isolation-aware consumers on %s', async (version) => {
    const provider = convertCopy(mods.get('tagapi')!);
    const out = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-capsule-'));
    try {
      const converted = fs.readFileSync(path.join(provider.dir, 'tagapi.c'), 'latin1');
      expect(converted).toMatch(/\bTagAPI_Interface tagapi_capi;/); // a state field of the header's struct type
      expect(converted).not.toMatch(/^static TagAPI_Interface/m); // no file-scope table left
      const { interpreters } = await interpretersFor([version]);
      const interp = interpreters[0];
      const builds = [
        { module: 'tagapi', sources: [path.join(provider.dir, 'tagapi.c')], includeDirs: [provider.dir] },
        { module: 'tagapi_user', sources: [path.join(mods.get('tagapi_user')!.dir, 'tagapi_user.c')], includeDirs: [provider.dir] },
        { module: 'tagapi_aware', sources: [path.join(mods.get('tagapi_aware')!.dir, 'tagapi_aware.c')], includeDirs: [provider.dir] },
      ];
      for (const b of builds) {
        const r = await buildExtension({ ...b, interpreter: interp, outDir: out, werror: true });
        if (!r.ok) throw new Error(`${b.module} does not build on ${version}:\n${r.output}`);
      }
      const harness = path.join(__dirname, 'harness', 'tagapi_check.py');
      const res = JSON.parse(execFileSync(interp.executable, [harness, out], { encoding: 'utf8', timeout: 120000 })) as Record<string, unknown>;
      expect(res).toMatchObject({
        legacy_consumer: [21, 'b', true], aware_consumer: [21, 'c'], capsule_name: 'tagapi._C_API',
        type_is_tagged: true, check: [1, 0], wrap: [5, 'five'], unwrap: 9, version: 2,
      });
      if (version !== '3.9') expect(res.subinterpreters).toEqual([null, null]);
    } finally {
      fs.rmSync(out, { recursive: true, force: true });
      fs.rmSync(provider.dir, { recursive: true, force: true });
    }
  });
});

/**
 * The ABI consumers were compiled against: the compiler's own view of the exported table before
 * (the original's declaration) and after (the field in the generated state struct). Same element
 * type, same size, every slot at the same offset; the capsule's address is the table's start.
 */
describe('boxapi C-API table layout, before and after', () => {
  const original = fs.readFileSync(path.join(mods.get('boxapi')!.dir, 'boxapi.c'), 'latin1');
  const header = fs.readFileSync(path.join(mods.get('boxapi')!.dir, 'boxapi_api.h'), 'latin1');
  const decl = /static\s+(void\s*\*)\s*api\[(\w+)\];/.exec(original);
  const slots = [...header.matchAll(/#define\s+(BoxAPI_\w+_NUM)\b/g)].map((m) => m[1]);

  /** A C file that includes the converted provider and asserts the layout; gcc -fsyntax-only. */
  function probe(providerDir: string): string {
    const lines = [
      `#include "${path.join(providerDir, 'boxapi.c')}"`,
      '#include <stddef.h>',
      `typedef ${decl![1]} before_t[${decl![2]}];   /* the original declaration */`,
      'typedef __typeof__(((boxapi_state *)0)->api_table) after_t;',
      'struct before_w { before_t t; };',
      'struct after_w { after_t t; };',
      '_Static_assert(__builtin_types_compatible_p(before_t, after_t), "element type or count changed");',
      '_Static_assert(sizeof(after_t) == sizeof(before_t), "sizeof(table) changed");',
      ...slots.map((s) => `_Static_assert(offsetof(struct after_w, t[${s}]) == offsetof(struct before_w, t[${s}]), "offset of ${s} changed");`),
    ];
    return lines.join('\n') + '\n';
  }

  async function compileProbe(providerDir: string): Promise<{ ok: boolean; output: string }> {
    const { interpreters } = await interpretersFor(['3.13']);
    const interp = interpreters[0];
    const file = path.join(providerDir, 'layout_probe.c');
    fs.writeFileSync(file, probe(providerDir));
    const [cc, ...ccArgs] = resolveCompiler(undefined);
    const includes = [interp.includeDir, ...(interp.platIncludeDir ? [interp.platIncludeDir] : []), providerDir].map((d) => `-I${d}`);
    try {
      execFileSync(cc, [...ccArgs, '-fsyntax-only', '-std=gnu11', ...includes, file], { encoding: 'utf8', stdio: 'pipe' });
      return { ok: true, output: '' };
    } catch (e) {
      const err = e as { stderr?: string; stdout?: string };
      return { ok: false, output: `${err.stdout ?? ''}${err.stderr ?? ''}` };
    }
  }

  test('the original declares the table and the header numbers its slots', () => {
    expect(decl).not.toBeNull();
    expect(slots).toEqual(['BoxAPI_Type_NUM', 'BoxAPI_New_NUM', 'BoxAPI_Value_NUM']);
  });

  test('sizeof(table) and every slot offset are unchanged', async () => {
    const provider = convertCopy(mods.get('boxapi')!);
    try {
      const r = await compileProbe(provider.dir);
      if (!r.ok) throw new Error(r.output);
    } finally {
      fs.rmSync(provider.dir, { recursive: true, force: true });
    }
  });

  test('the probe catches a table that grew (negative control)', async () => {
    const provider = convertCopy(mods.get('boxapi')!);
    try {
      const file = path.join(provider.dir, 'boxapi.c');
      const text = fs.readFileSync(file, 'latin1');
      const grown = text.replace(/(void \*api_table\[)BoxAPI_pointers\]/, '$1BoxAPI_pointers + 1]');
      expect(grown).not.toBe(text);
      fs.writeFileSync(file, Buffer.from(grown, 'latin1'));
      const r = await compileProbe(provider.dir);
      expect(r.ok).toBe(false);
      expect(r.output).toMatch(/element type or count changed|sizeof\(table\) changed/);
    } finally {
      fs.rmSync(provider.dir, { recursive: true, force: true });
    }
  });
});
