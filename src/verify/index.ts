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
import { buildExtension, buildTimeoutMs, NoCompilerError, resolveCompiler } from './build';
import { compareVersions, discoverInterpreters, onePerMinor, parseMinor } from './interpreters';
import type { Interpreter } from './interpreters';
import { runCheck } from './load';
import type { CheckName, CheckOutcome } from './load';
import { formatWarning } from './warnings';
import { Limiter } from '../core/limiter';
import { findCompileCommands } from '../engine/compile-commands';
import type { ErrorPathsStatus, InterpreterReport, SmokeStatus, SubinterpStatus, TeardownStatus, TwoInstancesStatus, VerifyOptions, VerifyReport, WarningsStatus } from './verify-report';
import { declaresLoadOnce, ownGilFromDeclared } from './verify-sources';
import { warningsCheck, warningsNote } from './verify-warnings';

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
export type { CostOptions, CostReport, CostSettings, CostInterpreterResult, BenchmarkCost, BuildFigures } from './cost-report';
export { costReport } from './cost';
export { formatCostReport, costReportToJson } from './cost-format';
export { optimizationFlags, benchHarnessPath } from './cost-harness';
export { judge, pairedShift, signedRankP, signedRankDistribution, pairsNeeded } from './stats';
export type { VerifyOptions, BuildStatus, MainStatus, SubinterpStatus, TwoInstancesStatus, SmokeStatus, TeardownStatus, ErrorPathsStatus, WarningsStatus, InterpreterReport, VerifyReport } from './verify-report';
export { collectSources, inferModuleNames, declaresLoadOnce, ownGilFromDeclared } from './verify-sources';
export { formatVerifyReport, verifyReportToJson } from './verify-format';

function summarize(rep: Omit<InterpreterReport, 'ok'>): boolean {
  return (
    rep.build === 'ok' &&
    rep.main === 'ok' &&
    (rep.subinterp === 'ok' || rep.subinterp === 'n/a' || ((rep.loadOnce || rep.sharedGil === true) && rep.subinterp === 'refused')) &&
    (rep.twoInstances === 'ok' || rep.twoInstances === 'n/a' || rep.twoInstances === 'load-once') &&
    (rep.smoke === undefined || rep.smoke === 'ok') &&
    rep.teardown === 'ok' &&
    (rep.errorPaths === undefined || rep.errorPaths === 'ok' || rep.errorPaths === 'n/a') &&
    rep.warnings !== 'new'
  );
}

async function verifyOne(interp: Interpreter, opts: VerifyOptions, root: string, index: number, limiter: Limiter, loadOnce: boolean, ownGilFrom: number | undefined): Promise<InterpreterReport> {
  const started = Date.now();
  // 3.12 up to the version the sources declare own GIL from: shared-GIL subinterpreters only, by declaration.
  const sharedGil = !loadOnce && ownGilFrom !== undefined && interp.major === 3 && interp.minor >= 12 && interp.minor < ownGilFrom;
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
      timeoutMs: buildTimeoutMs(opts.timeoutMs),
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
    ...(sharedGil ? { sharedGil } : {}),
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
    sharedGil,
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
  else if (rep.subinterp === 'refused' && sharedGil) reasons.push(`subinterp=refused: expected: below 3.${ownGilFrom} the module declares Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED, shared-GIL subinterpreters only (${sub.reason})`);
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
    else if (/only|legacy/.test(sm.reason)) reasons.push(`smoke=ok: ${sm.reason}`);
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
    const ownGilFrom = ownGilFromDeclared(base.sources);
    const results = await Promise.all(interps.map((i, n) => verifyOne(i, { ...opts, smoke: base.smoke }, root, n, limiter, loadOnce, ownGilFrom)));
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
