/**
 * verify: build one extension module for each interpreter and check that it loads where it must —
 * the main interpreter, an isolated (own-GIL) subinterpreter, two module instances that share nothing,
 * an optional smoke script, and a clean teardown. Library API: no console, no process exit.
 *
 * Per interpreter: build (cc -shared -fPIC -Wall ...), then one child process per check
 * (harness/import_check.py; see its docstring for the subinterpreter APIs used and for what the
 * two-instances check can and cannot see). Interpreters run in parallel, bounded by `jobs`.
 * Statuses: n/a is not a failure (no own-GIL subinterpreters before 3.12); refused is.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { buildExtension, NoCompilerError, resolveCompiler } from './build';
import type { BuildResult } from './build';
import { compareVersions, discoverInterpreters, onePerMinor, parseMinor } from './interpreters';
import type { Interpreter } from './interpreters';
import { runCheck } from './load';
import type { CheckName, CheckOutcome } from './load';
import type { Baseline } from './baseline';
import { compileWarnings, formatWarning, newWarnings, WARNING_FLAGS } from './warnings';
import type { CompilerWarning } from './warnings';
import { Limiter } from '../core/limiter';
import { findCompileCommands } from '../engine/compile-commands';

export { findCompileCommands };

export type { Interpreter, DiscoveryResult, InterpreterSource } from './interpreters';
export type { BuildResult, Diagnostic, BuildOptions } from './build';
export type { CheckName, CheckOutcome, CheckOptions } from './load';
export { discoverInterpreters, onePerMinor, splitRequests } from './interpreters';
export { buildExtension, parseDiagnostics, resolveCompiler, NoCompilerError } from './build';
export { runCheck, harnessPath } from './load';
export type { Baseline, BaselineRequest } from './baseline';
export { prepareBaseline, baselinePath, commonDir, BaselineError } from './baseline';
export type { CompilerWarning, WarningsCompile } from './warnings';
export { WARNING_FLAGS, compileWarnings, diffWarnings, newWarnings, parseWarnings, formatWarning, warningKey } from './warnings';
export type { CostOptions, CostReport, CostSettings, CostInterpreterResult, BenchmarkCost, BuildFigures } from './cost';
export { costReport, formatCostReport, costReportToJson, optimizationFlags, benchHarnessPath } from './cost';
export { judge, pairedShift, signedRankP, signedRankDistribution, pairsNeeded } from './stats';

export interface VerifyOptions {
  /** Module name as imported ("spam", or "pkg.spam"). */
  module: string;
  /** C sources of the module. */
  sources: string[];
  includeDirs?: string[];
  defines?: string[];
  werror?: boolean;
  extraCflags?: string[];
  cc?: string;
  /** compile_commands.json to take per-source -I/-D/-U/-include/-std flags from. */
  compileCommands?: string;
  /** `--python` requests (paths, command names, versions). Default: every interpreter found, one per minor version, >= minPython. */
  pythons?: string[];
  /** Interpreters already discovered (skips discovery). */
  interpreters?: Interpreter[];
  /** Floor for the default interpreter set (not applied to explicit `pythons`). Default "3.9". */
  minPython?: string;
  /** A smoke script run in the main interpreter and in isolated subinterpreters; may define state_probe(). */
  smoke?: string;
  /** Timeout per child process (each check), default 60 s. */
  timeoutMs?: number;
  /** Child processes (compiles and checks) run at once; default the number of CPUs. */
  jobs?: number;
  /** Keep the temporary build directory (its path is in the report). */
  keep?: boolean;
  env?: NodeJS.ProcessEnv;
  /** Run checks under `python -X dev` (default true). */
  devMode?: boolean;
  /**
   * Also import the module with each of its allocations made to fail in turn (3.12+, needs
   * _testcapi): every failed import must raise MemoryError and leave nothing behind.
   */
  errorPaths?: boolean;
  /**
   * The differential warnings check (see warnings.ts): the original to compare the sources with,
   * or why there is none (reported as n/a). Absent: no such check.
   */
  warnings?: { baseline: Baseline } | { unavailable: string };
}

export type BuildStatus = 'ok' | 'fail';
export type MainStatus = 'ok' | 'fail' | 'crash' | 'skipped';
export type SubinterpStatus = 'ok' | 'refused' | 'crash' | 'fail' | 'n/a' | 'skipped';
/** load-once: the second import is refused, as the module declares (expected, not a failure). */
export type TwoInstancesStatus = 'ok' | 'shared' | 'crash' | 'fail' | 'n/a' | 'skipped' | 'load-once';
export type SmokeStatus = 'ok' | 'fail' | 'crash' | 'skipped';
export type TeardownStatus = 'ok' | 'crash' | 'fail' | 'skipped';
export type ErrorPathsStatus = 'ok' | 'crash' | 'fail' | 'n/a' | 'skipped';
/** new: warnings the original did not show (a failure); n/a: nothing to compare with. */
export type WarningsStatus = 'ok' | 'new' | 'n/a' | 'skipped';

export interface InterpreterReport {
  interpreter: Interpreter;
  build: BuildStatus;
  main: MainStatus;
  subinterp: SubinterpStatus;
  twoInstances: TwoInstancesStatus;
  /** Present when a smoke script was given. */
  smoke?: SmokeStatus;
  teardown: TeardownStatus;
  /** Present when error paths were asked for (`errorPaths`). */
  errorPaths?: ErrorPathsStatus;
  /** Present when the differential warnings check was asked for. */
  warnings?: WarningsStatus;
  /** The warnings the rewrite added (warnings = new). */
  newWarnings?: CompilerWarning[];
  /** Everything required passed (n/a is not a failure; refused is, unless the module declares it: load-once). */
  ok: boolean;
  /**
   * The module deliberately loads once per process (its slots declare
   * Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED, as pyext-isolate writes while hazards are left):
   * a refused subinterpreter and a refused second import are expected.
   */
  loadOnce: boolean;
  /** "check=status: why", one per check that is not plainly ok, plus notes. */
  reasons: string[];
  /** Objects found shared between module instances (two-instances check), and C statics exposed. */
  shared: string[];
  buildResult: BuildResult;
  checks: CheckOutcome[];
  durationMs: number;
}

export interface VerifyReport {
  module: string;
  sources: string[];
  smoke?: string;
  results: InterpreterReport[];
  /** Interpreters or compiler not found, requests that matched nothing. */
  problems: string[];
  /** Set when nothing could run at all. */
  fatal?: 'no-interpreter' | 'no-compiler';
  ok: boolean;
  /** The temporary build directory, when `keep` was set. */
  keptDir?: string;
  /** Why the differential warnings check was n/a everywhere (no original to compare with, or the same files). */
  warningsNote?: string;
}

const SKIP_DIRS = /^(build|_build|builddir|dist|cmake-build-.*|node_modules|__pycache__|venv|\.venv|env|\.tox|\.nox|site-packages|.*\.egg-info)$/;

/**
 * The C sources named by PATH arguments: files as given; for a directory every `.c` file under it,
 * not descending into build/dist/venv/hidden directories. Sorted, deduplicated, absolute.
 */
export function collectSources(paths: string[]): { sources: string[]; missing: string[] } {
  const out = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.test(e.name)) walk(p);
      } else if (e.isFile() && e.name.endsWith('.c')) out.add(path.resolve(p));
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else out.add(path.resolve(p));
  }
  return { sources: withoutIncludedSources([...out]).sort(), missing };
}

/**
 * A .c file that another source #includes (`#include "Automaton.c"`) is part of that translation
 * unit, not one of its own: compiling it alone would fail (or define everything twice).
 */
function withoutIncludedSources(sources: string[]): string[] {
  const included = new Set<string>();
  for (const s of sources) {
    let text: string;
    try {
      text = fs.readFileSync(s, 'latin1');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+\.c)"/gm)) included.add(path.resolve(path.dirname(s), m[1]));
  }
  return sources.filter((s) => !included.has(s));
}

/** Module names from `PyInit_<name>` definitions in the sources (the last component of the import name). */
export function inferModuleNames(sources: string[]): string[] {
  const names = new Set<string>();
  for (const s of sources) {
    let text: string;
    try {
      text = fs.readFileSync(s, 'latin1');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/\bPyInit_([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?:void)?\s*\)\s*\{/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** True when the sources declare the load-once opt-out of the isolation HOWTO. */
export function declaresLoadOnce(sources: string[]): boolean {
  return sources.some((f) => {
    try {
      return /\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b/.test(fs.readFileSync(f, 'latin1'));
    } catch {
      return false;
    }
  });
}

function summarize(rep: Omit<InterpreterReport, 'ok'>): boolean {
  return (
    rep.build === 'ok' &&
    rep.main === 'ok' &&
    (rep.subinterp === 'ok' || rep.subinterp === 'n/a' || (rep.loadOnce && rep.subinterp === 'refused')) &&
    (rep.twoInstances === 'ok' || rep.twoInstances === 'n/a' || rep.twoInstances === 'load-once') &&
    (rep.smoke === undefined || rep.smoke === 'ok') &&
    rep.teardown === 'ok' &&
    (rep.errorPaths === undefined || rep.errorPaths === 'ok' || rep.errorPaths === 'n/a') &&
    rep.warnings !== 'new'
  );
}

/** Why the differential warnings check cannot run at all (no original, or the same files), if so. */
function warningsNote(w: NonNullable<VerifyOptions['warnings']>): string | undefined {
  if ('unavailable' in w) return `warnings check n/a: ${w.unavailable}`;
  if (w.baseline.identical) return `warnings check n/a: the original (${w.baseline.description}) has the same C files: nothing to compare`;
  return undefined;
}

/**
 * The differential warnings check for one interpreter: the sources and their original, each
 * compiled with -fsyntax-only -Wall -Wextra -Wdeclaration-after-statement; undefined when not asked.
 */
async function warningsCheck(
  interp: Interpreter,
  opts: VerifyOptions,
  limiter: Limiter,
): Promise<{ status: WarningsStatus; reason: string; added: CompilerWarning[] } | undefined> {
  const w = opts.warnings;
  if (!w) return undefined;
  // n/a for every interpreter: said once, in the report's warningsNote
  if (warningsNote(w)) return { status: 'n/a', reason: '', added: [] };
  const b = (w as { baseline: Baseline }).baseline;
  const common = {
    sources: opts.sources,
    includeDirs: opts.includeDirs,
    defines: opts.defines,
    interpreter: interp,
    compileCommands: opts.compileCommands,
    extraCflags: opts.extraCflags,
    cc: opts.cc,
    env: opts.env,
  };
  const [before, after] = await Promise.all([
    limiter.run(() => compileWarnings({ ...common, readFrom: b })),
    limiter.run(() => compileWarnings(common)),
  ]);
  if (!before.ok) return { status: 'n/a', reason: `the original (${b.description}) does not compile: ${before.error}`, added: [] };
  if (!after.ok) return { status: 'skipped', reason: `does not compile with -fsyntax-only: ${after.error}`, added: [] };
  const added = newWarnings(before.warnings, b.dir, after.warnings, b.root);
  if (!added.length) return { status: 'ok', reason: '', added };
  return { status: 'new', reason: `${added.length} warning(s) under ${WARNING_FLAGS.join(' ')} that the original (${b.description}) does not show`, added };
}

async function verifyOne(interp: Interpreter, opts: VerifyOptions, root: string, index: number, limiter: Limiter, loadOnce: boolean): Promise<InterpreterReport> {
  const started = Date.now();
  const dir = path.join(root, `${interp.version}-${index}`);
  const outDir = path.join(dir, 'out');
  const buildResult = await limiter.run(() =>
    buildExtension({
      module: opts.module,
      sources: opts.sources,
      includeDirs: opts.includeDirs,
      defines: opts.defines,
      interpreter: interp,
      werror: opts.werror,
      extraCflags: opts.extraCflags,
      cc: opts.cc,
      outDir,
      compileCommands: opts.compileCommands,
      env: opts.env,
    }),
  );
  const reasons: string[] = [];
  const rep: Omit<InterpreterReport, 'ok'> = {
    interpreter: interp,
    build: buildResult.ok ? 'ok' : 'fail',
    main: 'skipped',
    subinterp: 'skipped',
    twoInstances: 'skipped',
    ...(opts.smoke ? { smoke: 'skipped' as SmokeStatus } : {}),
    teardown: 'skipped',
    ...(opts.errorPaths ? { errorPaths: 'skipped' as ErrorPathsStatus } : {}),
    loadOnce,
    ...(opts.warnings ? { warnings: 'skipped' as WarningsStatus } : {}),
    reasons,
    shared: [],
    buildResult,
    checks: [],
    durationMs: 0,
  };
  const finish = (): InterpreterReport => {
    rep.durationMs = Date.now() - started;
    return { ...rep, ok: summarize(rep) };
  };
  if (!buildResult.ok || !buildResult.soPath) {
    const errs = buildResult.diagnostics.filter((d) => d.severity === 'error');
    const first = errs[0];
    reasons.push(
      `build=fail: ${first ? `${first.file}:${first.line}${first.col ? `:${first.col}` : ''}: error: ${first.message}${errs.length > 1 ? ` (+${errs.length - 1} more errors)` : ''}` : buildResult.output.trim().split('\n').slice(-1)[0] || 'compiler failed'}`,
    );
    return finish();
  }
  const soPath = buildResult.soPath;
  const common = {
    interpreter: interp,
    module: opts.module,
    soPath,
    pathDir: outDir,
    smoke: opts.smoke,
    timeoutMs: opts.timeoutMs,
    env: opts.env,
    devMode: opts.devMode,
  };
  const run = (check: CheckName): Promise<CheckOutcome> =>
    limiter.run(() => runCheck(check, { ...common, scratchDir: path.join(dir, `scratch-${check}`) }));

  // main first; the subinterpreter check runs whatever main says (a crash on import is reported as
  // subinterp=crash too), the others need a module that imports in the main interpreter.
  const [main, subFirst, warned] = await Promise.all([run('main'), run('subinterp'), warningsCheck(interp, opts, limiter)]);
  if (warned) {
    rep.warnings = warned.status;
    if (warned.added.length) rep.newWarnings = warned.added;
    if (warned.reason) reasons.push(`warnings=${warned.status}: ${warned.reason}`);
    for (const w of warned.added.slice(0, 10)) reasons.push(`  ${formatWarning(w)}`);
    if (warned.added.length > 10) reasons.push(`  (+${warned.added.length - 10} more)`);
  }
  rep.checks.push(main, subFirst);
  rep.main = main.status === 'ok' ? 'ok' : main.status === 'crash' ? 'crash' : 'fail';
  // Allocation failures are injected only where _testcapi can (3.12+: set_nomemory and a stable allocator count).
  const errorPaths = opts.errorPaths && (interp.major > 3 || interp.minor >= 12);
  const names: CheckName[] = rep.main === 'ok' ? ['two-instances', 'teardown', ...(opts.smoke ? (['smoke'] as CheckName[]) : []), ...(errorPaths ? (['error-paths'] as CheckName[]) : [])] : [];
  const rest = await Promise.all(names.map((n) => run(n)));
  rep.checks.push(...rest);
  const outcomes = [subFirst, ...rest];
  const allNames: CheckName[] = ['subinterp', ...names];
  const get = (n: CheckName): CheckOutcome | undefined => outcomes[allNames.indexOf(n)];
  if (rep.main !== 'ok') reasons.push(`main=${rep.main}: ${main.reason}`);

  const sub = get('subinterp') as CheckOutcome;
  rep.subinterp = (['ok', 'refused', 'crash', 'n/a'] as const).includes(sub.status as 'ok') ? (sub.status as SubinterpStatus) : 'fail';
  if (rep.subinterp === 'refused' && loadOnce) reasons.push(`subinterp=refused: expected: the module declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED (${sub.reason})`);
  else if (rep.subinterp !== 'ok') reasons.push(`subinterp=${rep.subinterp}: ${sub.reason}`);

  if (rep.main !== 'ok') {
    reasons.push(`two-instances, teardown${opts.smoke ? ', smoke' : ''}: skipped (the module does not import in the main interpreter)`);
    for (const c of rep.checks) {
      if (c.teardownProblem) {
        rep.teardown = /^crash/.test(c.teardownProblem) ? 'crash' : 'fail';
        reasons.push(`teardown=${rep.teardown}: (${c.check} check) ${c.teardownProblem}`);
      }
    }
    return finish();
  }
  const two = get('two-instances') as CheckOutcome;
  rep.twoInstances = (['ok', 'shared', 'crash', 'n/a'] as const).includes(two.status as 'ok') ? (two.status as TwoInstancesStatus) : 'fail';
  // A load-once module refuses its second import on purpose (the guard raises ImportError).
  if (loadOnce && rep.twoInstances === 'fail' && /\bImportError\b/.test(two.reason)) rep.twoInstances = 'load-once';
  const sharedList = [...((two.data.shared as string[] | undefined) ?? []), ...((two.data.static as string[] | undefined) ?? [])];
  rep.shared = sharedList;
  if (rep.twoInstances === 'shared') {
    reasons.push(`two-instances=shared: ${sharedList.length} finding(s)`);
    for (const s of sharedList) reasons.push(`  ${s}`);
    const notes = (two.data.notes as string[] | undefined) ?? [];
    if (notes.length) reasons.push(`  (${notes.join('; ')})`);
  } else if (rep.twoInstances === 'load-once') reasons.push(`two-instances: expected: load-once guard (${two.reason})`);
  else if (rep.twoInstances !== 'ok') reasons.push(`two-instances=${rep.twoInstances}: ${two.reason}`);
  else if (two.data.kind === 'legacy' || /main interpreter only/.test(two.reason)) reasons.push(`two-instances=ok: ${two.reason}`);

  if (opts.smoke) {
    const sm = get('smoke') as CheckOutcome;
    rep.smoke = sm.status === 'ok' ? 'ok' : sm.status === 'crash' ? 'crash' : sm.status === 'skipped' ? 'skipped' : 'fail';
    if (rep.smoke !== 'ok') reasons.push(`smoke=${rep.smoke}: ${sm.reason}`);
    else if (/only/.test(sm.reason)) reasons.push(`smoke=ok: ${sm.reason}`);
  }

  if (opts.errorPaths) {
    const ep = get('error-paths');
    if (!ep) {
      rep.errorPaths = 'n/a';
      reasons.push('error-paths=n/a: allocation failures are injected on 3.12+ only');
    } else {
      rep.errorPaths = ep.status === 'ok' ? 'ok' : ep.status === 'crash' ? 'crash' : ep.status === 'n/a' ? 'n/a' : 'fail';
      if (rep.errorPaths !== 'ok') reasons.push(`error-paths=${rep.errorPaths}: ${ep.reason}`);
    }
  }

  const td = get('teardown') as CheckOutcome;
  rep.teardown = td.status === 'ok' ? 'ok' : td.status === 'crash' ? 'crash' : 'fail';
  if (rep.teardown !== 'ok') reasons.push(`teardown=${rep.teardown}: ${td.reason}`);
  for (const c of rep.checks) {
    if (c.teardownProblem) {
      if ((rep.teardown as TeardownStatus) === 'ok') rep.teardown = /^crash/.test(c.teardownProblem) ? 'crash' : 'fail';
      reasons.push(`teardown=${rep.teardown}: (${c.check} check) ${c.teardownProblem}`);
    }
  }
  return finish();
}

/** Picks the interpreters for a run: explicit ones, requested ones, or one per minor version >= minPython. */
async function pickInterpreters(opts: VerifyOptions, problems: string[]): Promise<Interpreter[]> {
  if (opts.interpreters) return opts.interpreters;
  const d = await discoverInterpreters(opts.pythons, opts.env ?? process.env);
  if (opts.pythons && opts.pythons.length) {
    problems.push(...d.problems);
    return d.found;
  }
  const [maj, min] = parseMinor(opts.minPython ?? '3.9');
  const picked = onePerMinor(d.found).filter((i) => i.major > maj || (i.major === maj && i.minor >= min));
  if (!picked.length) {
    problems.push(...d.problems.filter((p) => p.startsWith('no Python')));
    problems.push(
      `no interpreter >= ${maj}.${min} with headers found` +
        (d.found.length ? ` (found: ${d.found.map((i) => `${i.version} ${i.executable}`).join(', ')})` : '') +
        (d.problems.length ? `; ${d.problems.filter((p) => !p.startsWith('no Python')).join('; ')}` : ''),
    );
  }
  return picked;
}

export async function verify(opts: VerifyOptions): Promise<VerifyReport> {
  const env = opts.env ?? process.env;
  const problems: string[] = [];
  const base = { module: opts.module, sources: opts.sources.map((s) => path.resolve(s)), ...(opts.smoke ? { smoke: path.resolve(opts.smoke) } : {}) };
  if (!opts.sources.length) {
    return { ...base, results: [], problems: ['no C sources given'], ok: false };
  }
  try {
    resolveCompiler(opts.cc, env);
  } catch (e) {
    if (e instanceof NoCompilerError) return { ...base, results: [], problems: [e.message], fatal: 'no-compiler', ok: false };
    throw e;
  }
  const interps = await pickInterpreters(opts, problems);
  if (!interps.length) {
    if (!problems.length) problems.push('no interpreter found');
    return { ...base, results: [], problems, fatal: 'no-interpreter', ok: false };
  }
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-verify-'));
  const limiter = new Limiter(Math.max(1, opts.jobs ?? os.cpus().length));
  try {
    const loadOnce = declaresLoadOnce(base.sources);
    const results = await Promise.all(interps.map((i, n) => verifyOne(i, { ...opts, smoke: base.smoke }, root, n, limiter, loadOnce)));
    results.sort((a, b) => compareVersions(a.interpreter.version, b.interpreter.version));
    const note = opts.warnings ? warningsNote(opts.warnings) : undefined;
    return {
      ...base,
      results,
      problems,
      ok: problems.length === 0 && results.every((r) => r.ok),
      ...(opts.keep ? { keptDir: root } : {}),
      ...(note ? { warningsNote: note } : {}),
    };
  } finally {
    if (!opts.keep) fs.rmSync(root, { recursive: true, force: true });
  }
}

/** A few lines that explain a failed or crashed check: the end of its traceback, or the crash dump's top. */
function excerpt(c: CheckOutcome): string[] {
  if (c.status === 'crash' || (c.teardownProblem && /^crash/.test(c.teardownProblem))) {
    // the Python frames of the user's own code (a smoke script), innermost first; harness and
    // importlib frames say nothing the reason line does not
    const frames = c.output
      .split('\n')
      .filter((l) => /^\s+File "/.test(l) && !/<frozen |import_check\.py"|File "<string>"|\/importlib\//.test(l));
    return frames.slice(0, 5).map((l) => l.trim());
  }
  const tb = typeof c.data.traceback === 'string' ? c.data.traceback.trim() : '';
  if ((c.status === 'fail' || c.status === 'shared') && tb) return tb.split('\n').slice(-8);
  return [];
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - s.length));
}

/** The human-readable report: one table row per interpreter, then reasons and compiler output. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const cwd = process.cwd();
  const rel = (p: string): string => {
    const r = path.relative(cwd, p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
  };
  const n = report.sources.length;
  lines.push(`pyext-isolate verify: module ${report.module} (${n} source${n === 1 ? '' : 's'}: ${report.sources.map(rel).join(', ')})`);
  if (report.smoke) lines.push(`smoke script: ${rel(report.smoke)}`);
  if (report.results.length) {
    const withSmoke = report.results.some((r) => r.smoke !== undefined);
    const withErrorPaths = report.results.some((r) => r.errorPaths !== undefined);
    const withWarnings = report.results.some((r) => r.warnings !== undefined);
    const header = ['python', 'from', 'build', 'main', 'subinterp', 'two-instances', ...(withSmoke ? ['smoke'] : []), 'teardown', ...(withErrorPaths ? ['error-paths'] : []), ...(withWarnings ? ['warnings'] : []), 'result', 'executable'];
    const rows = report.results.map((r) => [
      r.interpreter.version,
      r.interpreter.source,
      r.build,
      r.main,
      r.subinterp,
      r.twoInstances,
      ...(withSmoke ? [r.smoke ?? '-'] : []),
      r.teardown,
      ...(withErrorPaths ? [r.errorPaths ?? '-'] : []),
      ...(withWarnings ? [r.warnings ?? '-'] : []),
      r.ok ? (r.loadOnce ? 'PASS (load-once)' : 'PASS') : 'FAIL',
      r.interpreter.executable,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    lines.push('');
    lines.push(header.map((h, i) => (i === header.length - 1 ? h : pad(h, widths[i]))).join('  '));
    for (const row of rows) lines.push(row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]))).join('  '));
    const outputsShown = new Map<string, string>();
    for (const r of report.results) {
      if (!r.reasons.length) continue;
      lines.push('');
      lines.push(`${r.interpreter.version} (${r.interpreter.executable}):`);
      for (const reason of r.reasons) lines.push(`  ${reason}`);
      for (const c of r.checks) {
        // What a load-once module refuses on purpose needs no traceback.
        if (r.loadOnce && ((c.check === 'two-instances' && r.twoInstances === 'load-once') || (c.check === 'subinterp' && r.subinterp === 'refused'))) continue;
        const ex = excerpt(c);
        if (!ex.length) continue;
        lines.push(`  ${c.check} ${c.status === 'crash' ? 'crash output' : 'traceback'}:`);
        for (const l of ex) lines.push(`    | ${l}`);
      }
      if (r.build === 'fail') {
        const out = r.buildResult.output;
        const seen = outputsShown.get(out);
        if (seen) lines.push(`  compiler output: identical to ${seen}`);
        else {
          outputsShown.set(out, r.interpreter.version);
          lines.push(`  $ ${r.buildResult.command.join(' ')}`);
          lines.push(out.replace(/\n$/, ''));
        }
      }
    }
  }
  if (report.warningsNote) lines.push('', report.warningsNote);
  if (report.keptDir) lines.push('', `build directory kept: ${report.keptDir}`);
  if (report.problems.length) {
    lines.push('');
    for (const p of report.problems) lines.push(`problem: ${p}`);
  }
  lines.push('');
  const failed = report.results.filter((r) => !r.ok).length;
  lines.push(
    report.ok
      ? `verify: ${report.results.length} interpreter(s), all passed${report.results.some((r) => r.loadOnce) ? ' as a load-once module (not isolated: it declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED; pyext-isolate check lists the hazards that keep it so)' : ''}`
      : `verify: ${failed} of ${report.results.length} interpreter(s) failed${report.problems.length ? `, ${report.problems.length} problem(s)` : ''}`,
  );
  return lines.join('\n') + '\n';
}

/** The JSON form of the report (`--format json`): the same data the library returns. */
export function verifyReportToJson(report: VerifyReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
