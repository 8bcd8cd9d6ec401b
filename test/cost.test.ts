/**
 * The cost report. Nothing here depends on timing: the statistics are checked on simulated
 * measurements (seeded, so every run sees the same numbers), the harness and the report on a real
 * run whose figures are not looked at. The real-run checks of bias and power (a module compared
 * with itself, a build slowed on purpose) time things and live in bench/cost-check.ts.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { buildExtension, costReport, formatCostReport, judge, pairedShift, pairsNeeded, prepareBaseline, signedRankDistribution, signedRankP } from '../src/verify';
import type { Interpreter } from '../src/verify';
import { mulberry32 } from '../src/verify/stats';
import { runHarness } from '../src/verify/cost-harness';
import { exitStatus } from '../src/cli/commands';
import { main as cliMain } from '../src/cli/main';
import { interpretersFor } from './helpers/verify-helper';

const FIXTURE = path.join(__dirname, '..', 'testdata', 'verify', 'cost');

describe('statistics', () => {
  test('exact signed-rank distribution and p-values', () => {
    const d10 = signedRankDistribution(10);
    expect(d10.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    // the textbook critical value for n = 10, two-sided 5 %: P(T+ <= 8) = 25/1024
    expect(d10.slice(0, 9).reduce((a, b) => a + b, 0)).toBeCloseTo(25 / 1024, 12);
    expect(signedRankP([1, 2, 3, 4, 5, 6])).toBeCloseTo(2 / 64, 12);
    expect(signedRankP([-1, 2, -3, 4, -5, 6])).toBeGreaterThan(0.5);
    // ties: midranks 1.5 1.5 3 4, counted exactly: T+ = 1.5 + 3 + 4 = 8.5; of the 16 sign patterns
    // three reach T+ >= 8.5 (8.5 twice, 10), so the two-sided p is 2 * 3/16
    expect(signedRankP([1, -1, 2, 3])).toBeCloseTo(2 * (3 / 16), 12);
    expect(signedRankP([0, 0, 0])).toBe(1);
    expect(pairsNeeded(0.05, 1)).toBe(6);
    expect(pairsNeeded(0.05, 9)).toBe(9);
    expect(pairsNeeded(0.01, 9)).toBe(11);
  });

  test('Hodges-Lehmann estimate and its interval', () => {
    const s = pairedShift([0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9, 1.0], 0.95);
    expect(s.estimate).toBeCloseTo(0.55, 12);
    // critical value 8 (P(T+ <= 8) = 25/1024): the 9th Walsh average from each end, (0.1+0.5)/2 and (0.6+1.0)/2
    expect(s.ci[0]).toBeCloseTo(0.3, 12);
    expect(s.ci[1]).toBeCloseTo(0.8, 12);
    expect(pairedShift([0.1, 0.2], 0.95).ci).toEqual([-Infinity, Infinity]);
  });

  // Noise like this machine's under load: each process runs in a fast or a slow phase (a factor 1.9,
  // which both builds of a process share), drift over the run, log-normal noise per figure and
  // outliers (2 % of the figures up to 50 % slower).
  function simulate(rng: () => number, processes: number, slowdown: number, noise: number): { before: number[]; after: number[] } {
    const before: number[] = [];
    const after: number[] = [];
    const gauss = (): number => Math.sqrt(-2 * Math.log(rng() + 1e-12)) * Math.cos(2 * Math.PI * rng());
    for (let p = 0; p < processes; p++) {
      const phase = (rng() < 0.5 ? 1 : 1.9) * (1 + p * 0.01);
      const one = (): number => 100 * phase * Math.exp(noise * gauss()) * (rng() < 0.02 ? 1 + 0.5 * rng() : 1);
      before.push(one());
      after.push(one() * slowdown);
    }
    return { before, after };
  }

  test('a module compared with itself: at most alpha of the runs flag any of 9 benchmarks (simulated, 1000 runs of 20 processes)', () => {
    const rng = mulberry32(20261206);
    let runsFlagged = 0;
    for (let run = 0; run < 1000; run++) {
      let flagged = false;
      for (let b = 0; b < 9; b++) {
        const { before, after } = simulate(rng, 20, 1, 0.05);
        if (judge(before, after, { alpha: 0.05, minEffect: 0, tests: 9 }).verdict !== 'same') flagged = true;
      }
      if (flagged) runsFlagged++;
    }
    // exact test, Bonferroni: the family-wise rate is at most 5 % (sampling error of 1000 runs: ~0.7 %)
    expect(runsFlagged / 1000).toBeLessThanOrEqual(0.05 + 0.02);
  });

  test('a 10 % slowdown under 3 % noise is found almost always, a 0.5 % one is never called significant with a 1 % minimum effect', () => {
    const rng = mulberry32(7);
    let found = 0;
    let tiny = 0;
    for (let run = 0; run < 500; run++) {
      const a = simulate(rng, 20, 1.1, 0.03);
      if (judge(a.before, a.after, { alpha: 0.05, minEffect: 0.01, tests: 9 }).verdict === 'slower') found++;
      const b = simulate(rng, 20, 1.005, 0.0001);
      if (judge(b.before, b.after, { alpha: 0.05, minEffect: 0.01, tests: 9 }).verdict !== 'same') tiny++;
    }
    expect(found / 500).toBeGreaterThan(0.95);
    expect(tiny).toBe(0);
  });
});

describe('a real run (figures not asserted)', () => {
  let interp: Interpreter | undefined;
  beforeAll(async () => {
    const r = await interpretersFor(['3.9', '3.13']);
    interp = r.interpreters[r.interpreters.length - 1];
  });

  test('benchmarks are the plain functions in order; a raising one is reported, helpers are not benchmarks; text and JSON', async () => {
    if (!interp) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cost-'));
    try {
      fs.cpSync(FIXTURE, dir, { recursive: true });
      fs.writeFileSync(
        path.join(dir, 'bench.py'),
        [
          'import vcost',
          'from os.path import join  # imported functions are not benchmarks',
          'def swap():',
          '    vcost.Pair(1, 2).swap()',
          'def _helper():',
          '    pass',
          'def takes_args(n):',
          '    pass',
          'def broken():',
          '    vcost.add("x", 1)',
          'def add():',
          '    print("benchmarks may print")',
          '    vcost.add(1, 2)',
          '',
        ].join('\n'),
      );
      const baseline = prepareBaseline({ paths: [dir], dir: FIXTURE });
      const rep = await costReport({
        module: 'vcost',
        sources: [path.join(dir, 'vcost.c')],
        baseline,
        interpreters: [interp],
        bench: path.join(dir, 'bench.py'),
        processes: 2,
        values: 2,
        minTimeMs: 1,
        seed: 1,
      });
      expect(rep.problems).toEqual([]);
      expect(rep.baseline.identical).toBe(true);
      const res = rep.results[0];
      expect(res.problems.filter((p) => !/cannot show a difference/.test(p))).toEqual([]);
      expect(res.ok).toBe(true);
      expect(res.benchmarks.map((b) => [b.name, b.verdict])).toEqual([
        ['swap', 'same'],
        ['broken', 'error'],
        ['add', 'same'],
      ]);
      expect(res.benchmarks[1].note).toMatch(/raises in the build before: TypeError/);
      for (const b of [res.benchmarks[0], res.benchmarks[2]]) {
        expect(b.before?.perProcess).toHaveLength(2);
        expect(b.after?.perProcess).toHaveLength(2);
        expect(b.note).toMatch(/2 process\(es\) cannot reach 99\.5 % confidence/);
      }
      expect(res.order).toMatch(/^[ab]{2}$/);
      // each process linked both builds in a layout of its own, drawn from the seed
      expect(rep.settings.layouts).toBe('per-process');
      expect(res.layouts).toHaveLength(2);
      for (const l of res.layouts ?? []) expect([l.text % 16, l.data % 16]).toEqual([0, 0]);
      expect(res.cflags[0]).toMatch(/^-O/);
      const text = formatCostReport(rep);
      expect(text).toMatch(/^benchmark +before +after +ratio +99\.5 % CI +significant\?$/m);
      expect(text).toMatch(/^broken .* error: raises in the build before: TypeError/m);
      expect(text).toMatch(/load average \(1 min\) [\d.]+ at start/);
      expect(text).toMatch(/a comparison of the module with itself/);
      expect(text).toMatch(/both linked in a code and data layout drawn per process/);
      expect(JSON.parse(JSON.stringify(rep)).results[0].benchmarks).toHaveLength(3);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('the harness count mode (instruction counting)', () => {
  test('calls the named benchmark exactly --loops times in the build given, untimed; an unknown name fails with a reason', async () => {
    const r = await interpretersFor(['3.9', '3.13']);
    const interp = r.interpreters[r.interpreters.length - 1];
    if (!interp) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-count-'));
    try {
      const build = await buildExtension({ module: 'vcost', sources: [path.join(FIXTURE, 'vcost.c')], interpreter: interp, outDir: path.join(dir, 'build') });
      expect(build.ok).toBe(true);
      const calls = path.join(dir, 'calls.txt');
      fs.writeFileSync(
        path.join(dir, 'bench.py'),
        ['import vcost', `def add():`, `    vcost.add(1, 2)`, `    open(${JSON.stringify(calls)}, "a").write("x")`, 'def other():', `    open(${JSON.stringify(calls)}, "a").write("o")`, ''].join('\n'),
      );
      const common = ['--module', 'vcost', '--build', `${build.outDir}:${build.soPath as string}`, '--bench', path.join(dir, 'bench.py')];
      const ok = await runHarness(interp, ['count', ...common, '--name', 'add', '--loops', '7'], dir, 60_000, process.env);
      expect(ok.status).toBe('ok');
      expect(fs.readFileSync(calls, 'utf8')).toBe('xxxxxxx');
      // --marker: every benchmark in turn, each loop between two marks (a no-op outside valgrind)
      if (fs.existsSync('/usr/include/valgrind/callgrind.h')) {
        const marker = path.join(dir, 'mark.so');
        expect(spawnSync('gcc', ['-shared', '-fPIC', '-o', marker, path.join(__dirname, '..', 'bench', 'callgrind-mark.c')]).status).toBe(0);
        fs.writeFileSync(calls, '');
        const all = await runHarness(interp, ['count', ...common, '--marker', marker, '--loops', '3'], dir, 60_000, process.env);
        expect(all.status).toBe('ok');
        expect(all.names).toEqual(['add', 'other']);
        expect(fs.readFileSync(calls, 'utf8')).toBe('xxxooo');
      } else console.warn('--marker not tried: no valgrind headers');
      const bad = await runHarness(interp, ['count', ...common, '--name', 'missing', '--loops', '1'], dir, 60_000, process.env);
      expect(bad.status).toBe('fail');
      expect(bad.reason).toMatch(/no benchmark 'missing'/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('no bias on a real run', () => {
  // A module compared with itself must never be called different. With 11 processes the exact test
  // can flag a benchmark (2 / 2^11 < 0.002 / 2), so a harness that favoured one build (the one
  // imported first, the first of a pair) would fail here; an unbiased one fails with probability
  // below alpha = 0.2 %. Loop counts are tiny: the figures are noise, the verdict must still be "no".
  test('the same module as before and after: no significant difference on any benchmark', async () => {
    const r = await interpretersFor(['3.9', '3.13']);
    const interp = r.interpreters[r.interpreters.length - 1];
    if (!interp) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cost-self-'));
    try {
      fs.cpSync(FIXTURE, dir, { recursive: true });
      fs.writeFileSync(path.join(dir, 'bench.py'), 'import vcost\npair = vcost.Pair(1, 2)\ndef add():\n    vcost.add(1, 2)\ndef swap():\n    pair.swap()\n');
      const rep = await costReport({
        module: 'vcost',
        sources: [path.join(dir, 'vcost.c')],
        baseline: prepareBaseline({ paths: [dir], dir: FIXTURE }),
        interpreters: [interp],
        bench: path.join(dir, 'bench.py'),
        processes: 11,
        values: 3,
        minTimeMs: 2,
        alpha: 0.002,
      });
      const res = rep.results[0];
      expect(res.problems).toEqual([]);
      expect(res.benchmarks.map((b) => b.name)).toEqual(['add', 'swap']);
      for (const b of res.benchmarks) {
        expect(b.before?.perProcess).toHaveLength(11);
        // a finite interval: the test had the power to call it different
        expect(b.ci).toBeDefined();
        expect([b.name, b.verdict]).toEqual([b.name, 'same']);
        expect(b.note ?? '').not.toMatch(/cannot reach/);
      }
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe('CLI', () => {
  async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const so = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => ((out += String(s)), true));
    const se = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => ((err += String(s)), true));
    try {
      exitStatus.code = 0;
      const code = await cliMain(args);
      return { code, out, err };
    } finally {
      so.mockRestore();
      se.mockRestore();
    }
  }

  test('verify --bench --format json: the verify report with the cost report under "cost"; --cost times the smoke script', async () => {
    const r0 = await interpretersFor(['3.9', '3.13']);
    const interp = r0.interpreters[r0.interpreters.length - 1];
    if (!interp) return console.warn('skipped: no interpreter 3.9-3.13 found');
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cost-cli-'));
    try {
      fs.cpSync(FIXTURE, dir, { recursive: true });
      const common = [dir, '--baseline', FIXTURE, '--processes', '1', '--seed', '3', '--python', interp.executable, '--format', 'json'];
      // exit 1: vcost is a legacy module (its types are shared between instances), which verify
      // fails; the cost report runs where the module builds and imports, and never sets the status
      let r = await cli(['verify', ...common, '--bench', path.join(dir, 'bench.py')]);
      expect(r.code).toBe(1);
      let j = JSON.parse(r.out);
      expect(j.results[0].twoInstances).toBe('shared');
      expect(j.results[0].warnings).toBe('n/a');
      expect(j.cost.settings).toMatchObject({ processes: 1, seed: 3, alpha: 0.01 });
      expect(j.cost.results[0].benchmarks.map((b: { name: string }) => b.name)).toEqual(['add', 'target', 'swap']);
      r = await cli(['verify', ...common, '--smoke', path.join(dir, 'smoke.py'), '--cost']);
      expect(r.code).toBe(1);
      j = JSON.parse(r.out);
      expect(j.results[0].smoke).toBe('ok');
      expect(j.cost.results[0].benchmarks.map((b: { name: string }) => b.name)).toEqual(['smoke']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('usage errors: exit 2 with one line', async () => {
    const outside = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cost-cli-'));
    try {
      fs.copyFileSync(path.join(FIXTURE, 'vcost.c'), path.join(outside, 'vcost.c'));
      let r = await cli(['verify', FIXTURE, '--bench', path.join(FIXTURE, 'nope.py')]);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(/--bench .*nope\.py: no such file/)]);
      r = await cli(['verify', FIXTURE, '--cost']);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(/--cost times the --bench file or the --smoke script/)]);
      r = await cli(['verify', FIXTURE, '--baseline', FIXTURE, '--baseline-rev', 'HEAD']);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(/exclude each other/)]);
      r = await cli(['verify', FIXTURE, '--processes', '0', '--bench', path.join(FIXTURE, 'bench.py')]);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(/--processes must be a positive whole number/)]);
      // no original to time against
      r = await cli(['verify', outside, '--bench', path.join(FIXTURE, 'bench.py')]);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(/not in a git work tree \(pass --baseline DIR/)]);
      r = await cli(['verify', outside, '--baseline', path.join(outside, 'nope'), '--python', '3.99']);
      expect([r.code, r.err]).toEqual([2, expect.stringMatching(/--baseline .*nope: no such directory/)]);
    } finally {
      fs.rmSync(outside, { recursive: true, force: true });
    }
  });
});
