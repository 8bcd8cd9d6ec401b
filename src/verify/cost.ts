/**
 * The cost report: what the rewrite costs at run time. The original (a baseline, see baseline.ts)
 * and the rewritten module are built with the same flags on each interpreter, and the user's
 * benchmark file (or the smoke script) is timed in both builds by harness/bench_run.py.
 *
 * The method (pyperf's, adapted to a loaded machine, and unbiased by construction):
 * - one calibration process (build before) fixes, per benchmark, the number of calls per value;
 * - then `processes` child processes, one after the other, each importing BOTH builds (in an
 *   order drawn at random) and alternating them value by value, the order inside each pair of
 *   values drawn at random too (seeds reported): a loaded machine changes speed in phases of
 *   seconds, which two values milliseconds apart share and two processes often do not; and with
 *   identical builds every order is a fair coin, which is what makes the test below exact;
 * - per process and benchmark: warm-up values thrown away, then `values` pairs of values; each
 *   build's figure in that process is the median of its values minus the median per-call time of
 *   an empty function measured in the same process (the harness's own call overhead);
 * - per benchmark: the median over processes of each build, its spread (interquartile range), and
 *   the comparison in stats.ts over the processes (Wilcoxon signed-rank on log(after/before),
 *   Hodges-Lehmann ratio and confidence interval, Bonferroni over the benchmarks, a minimum effect).
 * Processes run one at a time: benchmarks never compete with each other for a CPU.
 *
 * Library API: no console, no process exit.
 */
import { execFile, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Baseline } from './baseline';
import { buildExtension } from './build';
import type { BuildResult } from './build';
import type { Interpreter } from './interpreters';
import { fmtConfidence, fmtPercent, judge, median, mulberry32, pairsNeeded, quantile } from './stats';

export interface CostOptions {
  module: string;
  /** C sources of the rewritten module. */
  sources: string[];
  /** The original to compare with. */
  baseline: Baseline;
  interpreters: Interpreter[];
  /** A benchmark file (plain functions, each one benchmark); without it the smoke script is timed. */
  bench?: string;
  smoke?: string;
  includeDirs?: string[];
  defines?: string[];
  /** Extra compiler flags for both builds (after the optimization flags). */
  extraCflags?: string[];
  /** Optimization flags for both builds; default the interpreter's own (sysconfig OPT: what setuptools uses). */
  optFlags?: string[];
  cc?: string;
  compileCommands?: string;
  /** Child processes, each timing both builds, default 20 (as pyperf). */
  processes?: number;
  /** Pairs of values per process and benchmark, default 5; warm-up values before them, default 1. */
  values?: number;
  warmups?: number;
  /** Minimum time of one value, default 10 ms. */
  minTimeMs?: number;
  /** 'cpu' (process CPU time, default: waiting for a CPU on a loaded machine is not counted) or 'wall'. */
  clock?: 'cpu' | 'wall';
  /**
   * Family-wise error rate over the benchmarks, default 0.01: a module compared with itself is
   * called different on any benchmark at most once in 100 reports.
   */
  alpha?: number;
  /** Smallest change called significant, default 0.01 (1 %). */
  minEffect?: number;
  /** Seed of the orders (imports, pairs of values); default drawn at random (and reported). */
  seed?: number;
  /** Timeout per child process, default 300 s. */
  timeoutMs?: number;
  keep?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Called with a short line as the run goes ("3.12.1: pair 3 of 10"). */
  onProgress?: (line: string) => void;
}

export interface CostSettings {
  processes: number;
  values: number;
  warmups: number;
  minTimeMs: number;
  clock: 'cpu' | 'wall';
  alpha: number;
  minEffect: number;
  seed: number;
}

export interface BuildFigures {
  /** Median over processes, nanoseconds per call (call overhead subtracted). */
  median: number;
  q1: number;
  q3: number;
  perProcess: number[];
}

export interface BenchmarkCost {
  name: string;
  /** Calls per value. */
  loops?: number;
  before?: BuildFigures;
  after?: BuildFigures;
  /** after / before (Hodges-Lehmann over the pairs). */
  ratio?: number;
  ci?: [number, number];
  confidence?: number;
  pValue?: number;
  verdict: 'slower' | 'faster' | 'same' | 'error';
  /** Why no verdict could be reached, or why 'same' although the interval excludes 1. */
  note?: string;
}

export interface CostInterpreterResult {
  interpreter: Interpreter;
  /** Flags both builds got on top of the usual ones. */
  cflags: string[];
  builds: { before: BuildResult; after: BuildResult };
  /** Both builds ran every pair (benchmarks may still have errors of their own). */
  ok: boolean;
  benchmarks: BenchmarkCost[];
  /** Median per-call time of an empty function, subtracted from every figure. */
  overheadNs?: number;
  /** 1-minute load average seen by the benchmark processes. */
  load?: { min: number; median: number; max: number };
  problems: string[];
  /** Which build each process imported first, one letter per process: b(efore) / a(fter). */
  order: string;
  durationMs: number;
}

export interface CostReport {
  module: string;
  sources: string[];
  bench?: string;
  smoke?: string;
  baseline: { kind: Baseline['kind']; description: string; identical: boolean };
  settings: CostSettings;
  cpus: number;
  /** os.loadavg() when the run started and when it ended. */
  load: { start: number[]; end: number[] };
  results: CostInterpreterResult[];
  problems: string[];
  ok: boolean;
  keptDir?: string;
}

const MARK = '@@pyext-isolate@@ ';

/** Where bench_run.py is, both from src/ (ts-jest) and from dist/src/ (the built package). */
export function benchHarnessPath(): string {
  const candidates = [
    path.join(__dirname, 'harness', 'bench_run.py'),
    path.resolve(__dirname, '..', '..', '..', 'src', 'verify', 'harness', 'bench_run.py'),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`pyext-isolate: bench harness not found (looked at ${candidates.join(', ')})`);
}

interface HarnessResult {
  status: string;
  reason?: string;
  traceback?: string;
  names?: string[];
  loops?: Record<string, number>;
  /** Per build label ('before', 'after'), per benchmark: ns per call. */
  values?: Record<string, Record<string, number[]>>;
  importOrder?: string[];
  errors: Record<string, { error: string; traceback: string; build?: string }>;
  load?: number[] | null;
  loadEnd?: number[] | null;
}

/** One harness process; a crash, a timeout or a missing result becomes status 'fail' with a reason. */
function runHarness(interp: Interpreter, args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<HarnessResult> {
  return new Promise((resolve) => {
    const child = spawn(interp.executable, ['-X', 'faulthandler', benchHarnessPath(), ...args], {
      cwd,
      env: { ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: true,
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, timeoutMs);
    const done = (r: HarnessResult): void => {
      clearTimeout(timer);
      resolve(r);
    };
    child.on('error', (e) => done({ status: 'fail', reason: `cannot run ${interp.executable}: ${e.message}`, errors: {} }));
    child.on('close', (code, signal) => {
      const line = stdout.split('\n').find((l) => l.startsWith(MARK + 'result '));
      if (line) {
        try {
          return done(JSON.parse(line.slice((MARK + 'result ').length)) as HarnessResult);
        } catch {
          /* fall through */
        }
      }
      const why = timedOut
        ? `timed out after ${Math.round(timeoutMs / 1000)} s`
        : signal
          ? `crash (${signal})`
          : `exited with status ${code} without a result`;
      const last = stderr.trim().split('\n').filter(Boolean).slice(-1)[0];
      done({ status: 'fail', reason: `${why}${last ? ` — ${last}` : ''}`, errors: {} });
    });
  });
}

/** The interpreter's own optimization flags (sysconfig OPT/CFLAGS): -O level, -DNDEBUG, -fwrapv, -fno-strict-overflow. */
export function optimizationFlags(interp: Interpreter, env: NodeJS.ProcessEnv = process.env): Promise<string[]> {
  const code = 'import sysconfig; print(sysconfig.get_config_var("OPT") or ""); print(sysconfig.get_config_var("CFLAGS") or "")';
  return new Promise((resolve) => {
    execFile(interp.executable, ['-c', code], { env, timeout: 30_000 }, (err, stdout) => {
      const words = err ? [] : String(stdout).split(/\s+/);
      const keep = words.filter((w) => /^-O\w*$/.test(w) || w === '-DNDEBUG' || w === '-fwrapv' || w === '-fno-strict-overflow');
      const out: string[] = [];
      const o = keep.filter((w) => w.startsWith('-O')).pop() ?? '-O2';
      out.push(o);
      for (const w of ['-DNDEBUG', '-fwrapv', '-fno-strict-overflow']) if (keep.includes(w)) out.push(w);
      resolve(out);
    });
  });
}

function figures(xs: number[]): BuildFigures {
  return { median: median(xs), q1: quantile(xs, 0.25), q3: quantile(xs, 0.75), perProcess: xs };
}

/** The median per-call time of the empty function in one process (both builds' values). */
function overheadOf(r: HarnessResult): number | undefined {
  const e = [...(r.values?.before?._empty ?? []), ...(r.values?.after?._empty ?? [])];
  return e.length ? median(e) : undefined;
}

/** One process's figure for a benchmark and build: median of its values minus the call overhead. */
function processFigure(r: HarnessResult, build: 'before' | 'after', name: string): number | undefined {
  const v = r.values?.[build]?.[name];
  if (!v || !v.length) return undefined;
  return median(v) - (overheadOf(r) ?? 0);
}

async function costOne(interp: Interpreter, opts: CostOptions, s: CostSettings, root: string, index: number): Promise<CostInterpreterResult> {
  const started = Date.now();
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const cflags = opts.optFlags ?? (await optimizationFlags(interp, env));
  const dir = path.join(root, `${interp.version}-${index}`);
  const common = {
    module: opts.module,
    sources: opts.sources,
    includeDirs: opts.includeDirs,
    defines: opts.defines,
    interpreter: interp,
    extraCflags: [...cflags, ...(opts.extraCflags ?? [])],
    cc: opts.cc,
    compileCommands: opts.compileCommands,
    env,
  };
  opts.onProgress?.(`${interp.version}: building before and after`);
  const [before, after] = await Promise.all([
    buildExtension({ ...common, readFrom: opts.baseline, outDir: path.join(dir, 'before') }),
    buildExtension({ ...common, outDir: path.join(dir, 'after') }),
  ]);
  const result: CostInterpreterResult = { interpreter: interp, cflags, builds: { before, after }, ok: false, benchmarks: [], problems, order: '', durationMs: 0 };
  const finish = (): CostInterpreterResult => ({ ...result, durationMs: Date.now() - started });
  for (const [label, b] of [['before', before], ['after', after]] as const) {
    if (!b.ok) {
      const err = b.diagnostics.find((d) => d.severity === 'error');
      problems.push(`build ${label} failed: ${err ? `${err.file}:${err.line}: ${err.message}` : b.output.trim().split('\n').slice(-1)[0]}`);
    }
  }
  if (!before.ok || !after.ok || !before.soPath || !after.soPath) return finish();

  const target = opts.bench ? ['--bench', path.resolve(opts.bench)] : ['--smoke', path.resolve(opts.smoke as string)];
  const scratch = path.join(dir, 'scratch');
  fs.mkdirSync(scratch, { recursive: true });
  const timeoutMs = opts.timeoutMs ?? 300_000;
  const buildArg = (b: BuildResult): string[] => ['--build', `${b.outDir}:${b.soPath as string}`];
  const common2 = ['--module', opts.module, ...target, '--clock', s.clock];
  // the smoke script may read files next to it: run where it is
  const cwd = opts.smoke && !opts.bench ? path.dirname(path.resolve(opts.smoke)) : scratch;

  opts.onProgress?.(`${interp.version}: calibrating`);
  const cal = await runHarness(interp, ['calibrate', ...common2, ...buildArg(before), '--min-time', String(s.minTimeMs / 1000)], cwd, timeoutMs, env);
  if (cal.status !== 'ok') {
    problems.push(`calibration (build before) failed: ${cal.reason}${cal.traceback ? `\n${cal.traceback.trim()}` : ''}`);
    return finish();
  }
  const names = cal.names ?? [];
  if (!names.length) {
    problems.push(`no benchmark found in ${opts.bench}: plain functions without required parameters, names not starting with '_'`);
    return finish();
  }
  const loops = cal.loops ?? {};
  const errors = new Map<string, string>();
  for (const [n, e] of Object.entries(cal.errors)) if (n !== '_empty') errors.set(n, `raises in the build before: ${e.error}`);

  const rng = mulberry32(s.seed);
  const runs: HarnessResult[] = [];
  const loads: number[] = [];
  let order = '';
  const runArgs = ['run', ...common2, ...buildArg(before), ...buildArg(after), '--loops', JSON.stringify(loops), '--warmups', String(s.warmups), '--values', String(s.values)];
  for (let k = 0; k < s.processes; k++) {
    opts.onProgress?.(`${interp.version}: process ${k + 1} of ${s.processes}`);
    const seed = Math.floor(rng() * 2 ** 31);
    const r = await runHarness(interp, [...runArgs, '--seed', String(seed)], cwd, timeoutMs, env);
    if (r.status !== 'ok') {
      problems.push(`a benchmark process failed: ${r.reason}${r.traceback ? `\n${r.traceback.trim()}` : ''}`);
      result.order = order;
      return finish();
    }
    order += (r.importOrder?.[0] ?? '?')[0];
    if (r.load?.length) loads.push(r.load[0]);
    for (const [n, e] of Object.entries(r.errors)) if (n !== '_empty' && !errors.has(n)) errors.set(n, `raises in the build ${e.build ?? '?'}: ${e.error}`);
    runs.push(r);
  }
  result.order = order;
  result.ok = true;
  const overheads = runs.map(overheadOf).filter((x): x is number => x !== undefined);
  if (overheads.length) result.overheadNs = median(overheads);
  if (loads.length) result.load = { min: Math.min(...loads), median: median(loads), max: Math.max(...loads) };

  const judged = names.filter((n) => !errors.has(n) && loops[n]);
  for (const name of names) {
    const err = errors.get(name);
    if (err || !loops[name]) {
      result.benchmarks.push({ name, verdict: 'error', note: err ?? 'not calibrated' });
      continue;
    }
    const b = runs.map((r) => processFigure(r, 'before', name));
    const a = runs.map((r) => processFigure(r, 'after', name));
    if (b.some((x) => x === undefined) || a.some((x) => x === undefined)) {
      result.benchmarks.push({ name, loops: loops[name], verdict: 'error', note: 'missing values' });
      continue;
    }
    const bv = b as number[];
    const av = a as number[];
    const entry: BenchmarkCost = { name, loops: loops[name], before: figures(bv), after: figures(av), verdict: 'same' };
    // A process whose figure is not above the call overhead (a benchmark of a few nanoseconds on a
    // noisy machine) has no ratio: judge leaves its pair out. Dropping a pair for what either side
    // shows keeps the comparison symmetric, so the test stays exact on the pairs left.
    const dropped = bv.filter((x, k) => !(x > 0 && av[k] > 0)).length;
    if (dropped === bv.length) {
      entry.note = 'as fast as an empty call: nothing left to compare after the call overhead';
      result.benchmarks.push(entry);
      continue;
    }
    const v = judge(bv, av, { alpha: s.alpha, minEffect: s.minEffect, tests: judged.length });
    const finite = v.ci.every((x) => Number.isFinite(x) && x > 0);
    const notes = [...(dropped ? [`${dropped} of ${bv.length} processes left out: no time above the call overhead`] : []), ...(v.note ? [v.note] : [])];
    Object.assign(entry, { ratio: v.ratio, ...(finite ? { ci: v.ci } : {}), confidence: v.confidence, pValue: v.pValue, verdict: v.verdict }, notes.length ? { note: notes.join('; ') } : {});
    result.benchmarks.push(entry);
  }
  if (judged.length && s.processes < pairsNeeded(s.alpha, judged.length)) {
    problems.push(`${s.processes} process${s.processes === 1 ? '' : 'es'} cannot show a difference at ${fmtConfidence(1 - s.alpha / judged.length)} confidence for ${judged.length} benchmarks: use --processes ${pairsNeeded(s.alpha, judged.length)} or more`);
  }
  return finish();
}

/** Runs the cost report on every interpreter, one after the other. */
export async function costReport(opts: CostOptions): Promise<CostReport> {
  const s: CostSettings = {
    processes: opts.processes ?? 20,
    values: opts.values ?? 5,
    warmups: opts.warmups ?? 1,
    minTimeMs: opts.minTimeMs ?? 10,
    clock: opts.clock ?? 'cpu',
    alpha: opts.alpha ?? 0.01,
    minEffect: opts.minEffect ?? 0.01,
    seed: opts.seed ?? Math.floor(Math.random() * 2 ** 31),
  };
  const base = {
    module: opts.module,
    sources: opts.sources.map((x) => path.resolve(x)),
    ...(opts.bench ? { bench: path.resolve(opts.bench) } : {}),
    ...(opts.smoke ? { smoke: path.resolve(opts.smoke) } : {}),
    baseline: { kind: opts.baseline.kind, description: opts.baseline.description, identical: opts.baseline.identical },
    settings: s,
    cpus: os.cpus().length,
  };
  const start = os.loadavg();
  const problems: string[] = [];
  if (!opts.bench && !opts.smoke) problems.push('nothing to time: give a benchmark file (--bench) or a smoke script (--smoke)');
  if (!opts.interpreters.length) problems.push('no interpreter to run on');
  if (problems.length) return { ...base, load: { start, end: os.loadavg() }, results: [], problems, ok: false };
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-cost-'));
  try {
    const results: CostInterpreterResult[] = [];
    for (const [i, interp] of opts.interpreters.entries()) results.push(await costOne(interp, opts, s, root, i));
    return {
      ...base,
      load: { start, end: os.loadavg() },
      results,
      problems,
      ok: results.every((r) => r.ok && r.problems.length === 0),
      ...(opts.keep ? { keptDir: root } : {}),
    };
  } finally {
    if (!opts.keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

/** "182 ns", "12.4 us", "3.10 ms" */
export function fmtTime(ns: number): string {
  if (!Number.isFinite(ns)) return '-';
  if (Math.abs(ns) < 1000) return `${ns.toFixed(ns < 10 ? 2 : ns < 100 ? 1 : 0)} ns`;
  if (Math.abs(ns) < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} us`;
  if (Math.abs(ns) < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** Half the interquartile range, relative to the median: "±1.2%". */
function fmtSpread(f: BuildFigures): string {
  const rel = (f.q3 - f.q1) / 2 / f.median;
  return `±${(rel * 100).toFixed(rel < 0.1 ? 1 : 0)}%`;
}

function verdictText(b: BenchmarkCost): string {
  if (b.verdict === 'error') return `error: ${b.note ?? ''}`;
  if (b.verdict === 'slower' || b.verdict === 'faster') return `yes: ${b.verdict}${b.note ? ` (${b.note})` : ''}`;
  return b.note ? `no (${b.note})` : 'no';
}

function pad(s: string, n: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, n - s.length));
  return right ? fill + s : s + fill;
}

/** Load figures as text, with what they mean for the run. */
function loadText(r: CostReport): string {
  const seen = r.results.map((x) => x.load).filter((l): l is NonNullable<typeof l> => !!l);
  const lo = Math.min(r.load.start[0], r.load.end[0], ...seen.map((l) => l.min));
  const hi = Math.max(r.load.start[0], r.load.end[0], ...seen.map((l) => l.max));
  const busy = hi > r.cpus;
  return (
    `load average (1 min) ${r.load.start[0].toFixed(1)} at start, ${r.load.end[0].toFixed(1)} at end, ${lo.toFixed(1)}..${hi.toFixed(1)} over the run, ${r.cpus} CPU(s)` +
    (busy ? ': a busy machine: figures are noisy and intervals wide (the verdict stays unbiased; repeat on a quiet machine for small effects)' : '')
  );
}

/** The human-readable report: settings, load, then one table per interpreter. */
export function formatCostReport(r: CostReport): string {
  const out: string[] = [];
  const rel = (p: string): string => {
    const x = path.relative(process.cwd(), p);
    return x && !x.startsWith('..') && !path.isAbsolute(x) ? x : p;
  };
  const what = r.bench ? `benchmarks from ${rel(r.bench)}` : r.smoke ? `the smoke script ${rel(r.smoke)} as one benchmark` : 'nothing to time';
  out.push(`pyext-isolate cost: module ${r.module}, ${what}`);
  out.push(`before: ${r.baseline.description}; after: the sources as they are${r.baseline.identical ? ' (the same C files: a comparison of the module with itself)' : ''}`);
  const s = r.settings;
  out.push(
    `method: ${s.processes} process${s.processes === 1 ? '' : 'es'}, each timing both builds alternately (orders at random, seed ${s.seed}); per process, benchmark and build ${s.warmups} warm-up + ${s.values} values of >= ${s.minTimeMs} ms, ` +
      `${s.clock === 'cpu' ? 'CPU time' : 'wall-clock time'}, the call overhead of an empty function subtracted; ratio = after/before (Hodges-Lehmann over the processes); ` +
      `significant = the confidence interval (Wilcoxon signed-rank, family-wise ${fmtPercent(s.alpha)} error over the benchmarks) excludes 1 and the change is at least ${fmtPercent(s.minEffect)}`,
  );
  out.push(loadText(r));
  for (const res of r.results) {
    out.push('');
    out.push(`${res.interpreter.version} (${res.interpreter.executable}), both builds with ${res.cflags.join(' ')}${res.overheadNs !== undefined ? `; call overhead ${fmtTime(res.overheadNs)} subtracted` : ''}:`);
    if (res.benchmarks.length) {
      const conf = res.benchmarks.find((b) => b.confidence !== undefined)?.confidence;
      const header = ['benchmark', 'before', 'after', 'ratio', conf !== undefined ? `${fmtConfidence(conf)} CI` : 'CI', 'significant?'];
      const rows = res.benchmarks.map((b) => [
        b.name,
        b.before ? `${fmtTime(b.before.median)} ${fmtSpread(b.before)}` : '-',
        b.after ? `${fmtTime(b.after.median)} ${fmtSpread(b.after)}` : '-',
        b.ratio !== undefined ? b.ratio.toFixed(3) : '-',
        b.ci ? `${b.ci[0].toFixed(3)}..${b.ci[1].toFixed(3)}` : '-',
        verdictText(b),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
      const right = [false, true, true, true, false, false];
      out.push(header.map((h, i) => (i === header.length - 1 ? h : pad(h, widths[i], right[i]))).join('  '));
      for (const row of rows) out.push(row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i], right[i]))).join('  '));
      const ratios = res.benchmarks.filter((b) => b.ratio !== undefined);
      if (ratios.length) {
        const worst = ratios.reduce((m, b) => ((b.ratio as number) > (m.ratio as number) ? b : m));
        const count = (v: string): number => res.benchmarks.filter((b) => b.verdict === v).length;
        out.push(
          `median ratio ${median(ratios.map((b) => b.ratio as number)).toFixed(3)}, max ${(worst.ratio as number).toFixed(3)} (${worst.name}); ` +
            `${count('slower')} significantly slower, ${count('faster')} significantly faster, ${count('same')} no significant difference${count('error') ? `, ${count('error')} error(s)` : ''}`,
        );
      }
    }
    for (const p of res.problems) out.push(`problem: ${p}`);
  }
  if (r.keptDir) out.push('', `build directory kept: ${r.keptDir}`);
  for (const p of r.problems) out.push(`problem: ${p}`);
  return out.join('\n') + '\n';
}

export function costReportToJson(r: CostReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
