/**
 * Builds of one module in several code layouts (src/verify/layout-build.ts), which the cost report
 * links per process: the padding must move the module's code by what the layout says, leave a
 * working module, and add nothing to the build (no warning, no executable stack).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { compileObjects, drawLayout, linkLayout, padAssembly } from '../src/verify/layout-build';
import { mulberry32 } from '../src/verify/stats';
import { interpretersFor } from './helpers/verify-helper';

const FIXTURE = path.join(__dirname, '..', 'testdata', 'verify', 'cost');

describe('layouts', () => {
  test('drawn layouts: offsets are multiples of 16 below a page, spread over it, repeated by the seed', () => {
    const a = mulberry32(7);
    const draws = Array.from({ length: 200 }, () => drawLayout(a));
    for (const l of draws) {
      for (const x of [l.text, l.data]) {
        expect(x % 16).toBe(0);
        expect(x).toBeGreaterThanOrEqual(0);
        expect(x).toBeLessThan(4096);
      }
    }
    expect(new Set(draws.map((l) => l.text)).size).toBeGreaterThan(100);
    expect(Math.max(...draws.map((l) => l.text))).toBeGreaterThan(3500);
    const b = mulberry32(7);
    expect(Array.from({ length: 200 }, () => drawLayout(b))).toEqual(draws);
  });

  test('the padding object: code and data padding; the non-executable-stack note on ELF only', () => {
    const elf = padAssembly({ text: 64, data: 32 }, 'linux');
    expect(elf).toMatch(/\.text\n\t\.skip 64\n\t\.data\n\t\.skip 32\n/);
    expect(elf).toMatch(/\.note\.GNU-stack/);
    expect(padAssembly({ text: 64, data: 32 }, 'darwin')).not.toMatch(/GNU-stack/);
    expect(padAssembly({ text: 0, data: 0 }, 'linux')).not.toMatch(/skip/);
  });
});

describe('linking in a layout (real builds)', () => {
  test('the code moves by the padding, the module works in every layout, the link adds no warning', async () => {
    const r = await interpretersFor(['3.9', '3.13']);
    const interp = r.interpreters[r.interpreters.length - 1];
    if (!interp) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-layout-'));
    try {
      const opts = { module: 'vcost', sources: [path.join(FIXTURE, 'vcost.c')], interpreter: interp, extraCflags: ['-O2'], outDir: path.join(dir, 'base') };
      const objs = await compileObjects(opts);
      expect(objs.output).toBe('');
      expect(objs.ok).toBe(true);
      expect(objs.objects).toHaveLength(1);
      const addressOf = (so: string): number => {
        const nm = spawnSync('nm', ['-D', '--defined-only', so], { encoding: 'utf8' });
        const line = nm.stdout.split('\n').find((l) => / PyInit_vcost$/.test(l));
        if (!line) throw new Error(`PyInit_vcost not found by nm in ${so}: ${nm.stderr}`);
        return parseInt(line.split(' ')[0], 16);
      };
      const plain = objs.soPath as string;
      const moved = await linkLayout(objs, opts, { text: 1024, data: 48 }, path.join(dir, 'moved'));
      expect(moved.output).toBe('');
      expect(moved.ok).toBe(true);
      expect(addressOf(moved.soPath as string) - addressOf(plain)).toBe(1024);
      // linking again into the same place replaces the module
      const again = await linkLayout(objs, opts, { text: 2048, data: 0 }, path.join(dir, 'moved'));
      expect(addressOf(again.soPath as string) - addressOf(plain)).toBe(2048);
      for (const so of [plain, again.soPath as string]) {
        const run = spawnSync(interp.executable, ['-c', 'import vcost; print(vcost.add(1, 2), vcost.Pair(1, 2).swap())'], {
          cwd: path.dirname(so),
          encoding: 'utf8',
        });
        expect([run.stderr, run.stdout.trim()]).toEqual(['', '3 None']);
        if (process.platform === 'linux') {
          const stack = spawnSync('readelf', ['-lW', so], { encoding: 'utf8' }).stdout.split('\n').find((l) => /GNU_STACK/.test(l)) ?? '';
          expect(stack).not.toMatch(/RWE/);
        }
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
