/**
 * For transform tests: build a (converted) module and run the verify checks on every interpreter from
 * its minimum version up to 3.13. A version is skipped — visibly, with console.warn — only when no
 * interpreter for it is found at all (PATH python3.X, then pyenv); everything else is a result.
 *
 *   const res = await verifyOnAllPythons({ module: 'spam', dir: outDir, minPython: '3.9', smoke });
 *   expectVerified(res);                 // throws with the formatted report when an expectation fails
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { collectSources, discoverInterpreters, formatVerifyReport, verify } from '../../src/verify';
import type { InterpreterReport, VerifyReport, Interpreter } from '../../src/verify';

export interface VerifyOnAllPythonsOptions {
  module: string;
  /** C sources; or `dir`, whose .c files are used (see collectSources). */
  sources?: string[];
  dir?: string;
  /** Lowest version to check, default "3.9". */
  minPython?: string;
  /** Highest version expected on every machine, default "3.13". */
  maxPython?: string;
  smoke?: string;
  /**
   * true (default): every interpreter must build, import, share nothing between module instances and
   * tear down cleanly, and 3.12+ must load it in an isolated own-GIL subinterpreter.
   * false: the negative control — it must build and import, and 3.12+ must refuse it
   * (`subinterp=refused`).
   */
  expectIsolated?: boolean;
  /**
   * With expectIsolated: own-GIL isolation is expected from this version only ("3.13"); from 3.12 up to
   * it the module must declare shared-GIL support (a datetime C-API consumer): isolated subinterpreters
   * refuse it, two module instances in legacy subinterpreters share nothing, the smoke passes there.
   */
  ownGilFrom?: string;
  includeDirs?: string[];
  defines?: string[];
  werror?: boolean;
  timeoutMs?: number;
  /** Also sweep allocation failures through the import (3.12+; see VerifyOptions.errorPaths). */
  errorPaths?: boolean;
  /** Print "skipped: ..." with console.warn (default true). */
  warnSkipped?: boolean;
}

export interface VerifyOnAllPythonsResult {
  report: VerifyReport;
  /** Versions ("3.X") with no interpreter on this machine. */
  skipped: string[];
  /** The messages printed for them. */
  skipMessages: string[];
  /** Expectations not met (empty when all is well). */
  failures: string[];
  /** The formatted report (the CLI's text). */
  text: string;
  /** The result for one minor version ("3.12"), if it ran. */
  forVersion(v: string): InterpreterReport | undefined;
}

function minorsBetween(lo: string, hi: string): string[] {
  const [a, b] = lo.split('.').map(Number);
  const [c, d] = hi.split('.').map(Number);
  if (a !== 3 || c !== 3) throw new Error(`only 3.x ranges are supported (${lo}..${hi})`);
  const out: string[] = [];
  for (let m = b; m <= d; m++) out.push(`3.${m}`);
  return out;
}

const discoveryCache = new Map<string, Promise<{ found: Interpreter[]; problems: string[] }>>();

/** Discovery for a set of versions, shared by every test in the process. */
export function discoverVersions(versions: string[]): Promise<{ found: Interpreter[]; problems: string[] }> {
  const key = versions.join(',');
  let p = discoveryCache.get(key);
  if (!p) {
    p = discoverInterpreters(versions);
    discoveryCache.set(key, p);
  }
  return p;
}

/** Interpreters for the given minor versions that exist here (one each), plus skip messages for the rest. */
export async function interpretersFor(versions: string[], warn = true): Promise<{ interpreters: Interpreter[]; skipped: string[]; skipMessages: string[] }> {
  const { found, problems } = await discoverVersions(versions);
  const skipped = versions.filter((v) => !found.some((i) => `${i.major}.${i.minor}` === v));
  const skipMessages = skipped.map((v) => {
    const detail = problems.find((p) => p.startsWith(`no Python ${v} found`));
    return `skipped: no interpreter ${v} found (looked in PATH and pyenv)${detail ? ` — ${detail}` : ''}`;
  });
  if (warn) for (const m of skipMessages) console.warn(m);
  return { interpreters: found, skipped, skipMessages };
}

function expectationFailures(report: VerifyReport, expectIsolated: boolean, ownGilFrom?: string): string[] {
  const from = ownGilFrom === undefined ? 12 : Number(ownGilFrom.split('.')[1]);
  const failures: string[] = [...report.problems.map((p) => `problem: ${p}`)];
  for (const r of report.results) {
    const v = r.interpreter.version;
    const own = r.interpreter.major > 3 || (r.interpreter.major === 3 && r.interpreter.minor >= 12);
    const bad = (what: string): void => {
      failures.push(`${v}: ${what}`);
    };
    if (r.build !== 'ok') {
      bad(`build=${r.build}`);
      continue;
    }
    if (r.main !== 'ok') {
      bad(`main=${r.main}`);
      continue;
    }
    const sharedOnly = own && r.interpreter.major === 3 && r.interpreter.minor < from;
    if (!!r.sharedGil !== (expectIsolated && sharedOnly)) bad(`the sources ${r.sharedGil ? 'declare' : 'do not declare'} shared-GIL support only on ${v} (expected own GIL from ${ownGilFrom ?? '3.12'})`);
    const checkRan = (name: string, what: RegExp): void => {
      const c = r.checks.find((x) => x.check === name);
      if (c && c.status === 'ok' && !what.test(c.reason)) bad(`${name}: did not run in legacy subinterpreters (${c.reason})`);
    };
    if (expectIsolated && sharedOnly) {
      if (r.subinterp !== 'refused') bad(`subinterp=${r.subinterp} (expected refused: shared-GIL support only below ${ownGilFrom})`);
      if (r.twoInstances !== 'ok') bad(`two-instances=${r.twoInstances}`);
      checkRan('two-instances', /legacy subinterpreters/);
      if (r.smoke !== undefined && r.smoke !== 'ok') bad(`smoke=${r.smoke}`);
      if (r.smoke !== undefined) checkRan('smoke', /two legacy subinterpreters/);
      if (r.teardown !== 'ok') bad(`teardown=${r.teardown}`);
    } else if (expectIsolated) {
      if (own ? r.subinterp !== 'ok' : r.subinterp !== 'n/a') bad(`subinterp=${r.subinterp} (expected ${own ? 'ok' : 'n/a'})`);
      if (r.twoInstances !== 'ok') bad(`two-instances=${r.twoInstances}`);
      if (r.smoke !== undefined && r.smoke !== 'ok') bad(`smoke=${r.smoke}`);
      if (r.teardown !== 'ok') bad(`teardown=${r.teardown}`);
    } else if (own && r.subinterp !== 'refused') {
      bad(`subinterp=${r.subinterp} (expected refused)`);
    }
    if (r.errorPaths !== undefined && r.errorPaths !== 'ok' && r.errorPaths !== 'n/a') bad(`error-paths=${r.errorPaths}`);
  }
  return failures;
}

export async function verifyOnAllPythons(opts: VerifyOnAllPythonsOptions): Promise<VerifyOnAllPythonsResult> {
  const versions = minorsBetween(opts.minPython ?? '3.9', opts.maxPython ?? '3.13');
  const { interpreters, skipped, skipMessages } = await interpretersFor(versions, opts.warnSkipped !== false);
  let sources = opts.sources ?? [];
  if (opts.dir) {
    if (!fs.existsSync(opts.dir)) throw new Error(`verifyOnAllPythons: no such directory ${opts.dir}`);
    sources = [...sources, ...collectSources([opts.dir]).sources];
  }
  if (!sources.length) throw new Error('verifyOnAllPythons: no C sources (give sources or dir)');
  const smoke = opts.smoke ?? (opts.dir && fs.existsSync(path.join(opts.dir, 'smoke.py')) ? path.join(opts.dir, 'smoke.py') : undefined);
  const report: VerifyReport = interpreters.length
    ? await verify({
        module: opts.module,
        sources,
        interpreters,
        smoke,
        includeDirs: opts.includeDirs,
        defines: opts.defines,
        werror: opts.werror,
        timeoutMs: opts.timeoutMs,
        errorPaths: opts.errorPaths,
      })
    : { module: opts.module, sources, results: [], problems: [], ok: true };
  const failures = expectationFailures(report, opts.expectIsolated !== false, opts.ownGilFrom);
  return {
    report,
    skipped,
    skipMessages,
    failures,
    text: formatVerifyReport(report),
    forVersion: (v) => report.results.find((r) => `${r.interpreter.major}.${r.interpreter.minor}` === v),
  };
}

/** Throws (failing the jest test) with the failures and the whole report when an expectation is not met. */
export function expectVerified(res: VerifyOnAllPythonsResult): void {
  if (res.failures.length) {
    throw new Error(`verify expectations not met:\n  ${res.failures.join('\n  ')}\n\n${res.text}`);
  }
}
