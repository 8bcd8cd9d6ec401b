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
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BuildResult } from './build';
import { compileObjects, drawLayout, linkLayout } from './layout-build';
import type { Layout, ObjectBuild } from './layout-build';
import type { Interpreter } from './interpreters';
import { fmtConfidence, judge, median, mulberry32, pairsNeeded, quantile } from './stats';
import type { BenchmarkCost, BuildFigures, CostInterpreterResult, CostOptions, CostReport, CostSettings } from './cost-report';
import { HarnessResult, optimizationFlags, runHarness } from './cost-harness';

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

/**
 * Both builds linked in one layout (layout-build.ts) for one process; the previous process's links
 * are replaced.
 */
async function linkBoth(
  before: ObjectBuild,
  after: ObjectBuild,
  beforeOpts: Parameters<typeof linkLayout>[1],
  afterOpts: Parameters<typeof linkLayout>[1],
  layout: Layout,
  dir: string,
): Promise<{ before: BuildResult; after: BuildResult; layout: Layout } | { problem: string }> {
  const [b, a] = await Promise.all([linkLayout(before, beforeOpts, layout, path.join(dir, 'before')), linkLayout(after, afterOpts, layout, path.join(dir, 'after'))]);
  for (const [label, x] of [['before', b], ['after', a]] as const) {
    if (!x.ok) return { problem: `linking the build ${label} in a layout (code +${layout.text}, data +${layout.data} bytes) failed: ${x.output.trim().split('\n').slice(-1)[0] ?? ''}` };
  }
  return { before: b, after: a, layout };
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
  const beforeOpts = { ...common, readFrom: opts.baseline, outDir: path.join(dir, 'before') };
  const afterOpts = { ...common, outDir: path.join(dir, 'after') };
  const [before, after] = await Promise.all([compileObjects(beforeOpts), compileObjects(afterOpts)]);
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
  const runArgs = ['run', ...common2, '--loops', JSON.stringify(loops), '--warmups', String(s.warmups), '--values', String(s.values)];
  const layouts: Layout[] = [];
  for (let k = 0; k < s.processes; k++) {
    opts.onProgress?.(`${interp.version}: process ${k + 1} of ${s.processes}`);
    const seed = Math.floor(rng() * 2 ** 31);
    let builds: { before: BuildResult; after: BuildResult } = { before, after };
    if (s.layouts === 'per-process') {
      const linked = await linkBoth(before, after, beforeOpts, afterOpts, drawLayout(rng), path.join(dir, 'layout'));
      if ('problem' in linked) {
        problems.push(linked.problem);
        result.order = order;
        return finish();
      }
      builds = linked;
      layouts.push(linked.layout);
    }
    const r = await runHarness(interp, [...runArgs, ...buildArg(builds.before), ...buildArg(builds.after), '--seed', String(seed)], cwd, timeoutMs, env);
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
  if (layouts.length) result.layouts = layouts;
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
    layouts: opts.layouts ?? 'per-process',
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
