/**
 * Load checks of a built extension, each in its own child process running harness/import_check.py,
 * so that a segfault or a hang is reported (`crash (SIGSEGV)`, `timed out`) instead of inherited.
 *
 * Status values reported by the harness, per check:
 *   main:          ok | fail
 *   subinterp:     ok | refused | fail | n/a        (n/a below 3.12: no own-GIL subinterpreters)
 *   two-instances: ok | shared | fail
 *   smoke:         ok | fail | skipped
 *   teardown:      ok | fail
 *   error-paths:   ok | fail | n/a              (n/a: no _testcapi.set_nomemory)
 * and added here: crash (killed by a signal before the result), fail (timeout, no result).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Interpreter } from './interpreters';
import { runDetached } from './child-run';

export type CheckName = 'main' | 'subinterp' | 'two-instances' | 'smoke' | 'teardown' | 'error-paths';

export interface CheckOutcome {
  check: CheckName;
  /** The harness's status, or 'crash' (signal before a result) / 'fail' (timeout, error exit, no result). */
  status: string;
  reason: string;
  /** The signal that ended the process, when one did (before or after the result). */
  signal?: string;
  exitCode?: number | null;
  timedOut?: boolean;
  /** The check reported its result, then the process crashed or failed while finalizing. */
  teardownProblem?: string;
  /** The last step the harness announced before it ended. */
  lastStep?: string;
  /** The harness's result object as is (shared/static lists, notes, api used, traceback...). */
  data: Record<string, unknown>;
  /** Everything else the process wrote (module output, faulthandler dump), trimmed to a tail. */
  output: string;
  durationMs: number;
}

export interface CheckOptions {
  interpreter: Interpreter;
  module: string;
  /** The built extension (to confirm the import picked it). */
  soPath: string;
  /** Directory put first on sys.path (the build's out dir). */
  pathDir: string;
  /** Directory for the harness's scratch files (created if needed). */
  scratchDir: string;
  smoke?: string;
  timeoutMs?: number;
  env?: NodeJS.ProcessEnv;
  /** Run with `-X dev` (debug memory hooks: more bugs become crashes). Default true. */
  devMode?: boolean;
  /** The module declares shared-GIL support only on this version: the smoke runs in legacy subinterpreters where isolated ones refuse it. */
  sharedGil?: boolean;
}

const MARK = '@@pyext-isolate@@ ';
const OUTPUT_TAIL = 4000;

/** Where import_check.py is, both from src/ (ts-jest) and from dist/src/ (the built package). */
export function harnessPath(): string {
  const candidates = [
    path.join(__dirname, 'harness', 'import_check.py'),
    path.resolve(__dirname, '..', '..', '..', 'src', 'verify', 'harness', 'import_check.py'),
  ];
  for (const c of candidates) if (fs.existsSync(c)) return c;
  throw new Error(`pyext-isolate: harness not found (looked at ${candidates.join(', ')})`);
}

function tail(s: string, n = OUTPUT_TAIL): string {
  const t = s.trim();
  return t.length > n ? '…' + t.slice(t.length - n) : t;
}

/** The first lines of a faulthandler dump, to put beside a crash. */
function faultSummary(output: string): string | undefined {
  const lines = output.split('\n');
  const i = lines.findIndex((l) => l.startsWith('Fatal Python error:'));
  if (i < 0) return undefined;
  return lines[i].trim();
}

export async function runCheck(check: CheckName, opts: CheckOptions): Promise<CheckOutcome> {
  const timeoutMs = opts.timeoutMs ?? 60_000;
  fs.mkdirSync(opts.scratchDir, { recursive: true });
  const args = [
    '-X',
    'faulthandler',
    ...(opts.devMode === false ? [] : ['-X', 'dev']),
    harnessPath(),
    check,
    '--module',
    opts.module,
    '--path',
    opts.pathDir,
    '--so',
    opts.soPath,
    '--scratch',
    opts.scratchDir,
    ...(opts.smoke ? ['--smoke', path.resolve(opts.smoke)] : []),
    ...(opts.sharedGil ? ['--shared-gil'] : []),
  ];
  const env = { ...(opts.env ?? process.env), PYTHONDONTWRITEBYTECODE: '1', PYTHONUNBUFFERED: '1' };
  const started = Date.now();
  const { stdout, stderr, code, signal, timedOut, spawnError } = await runDetached(opts.interpreter.executable, args, { env, cwd: opts.scratchDir, timeoutMs });
  let result: Record<string, unknown> | undefined;
  let lastStep: string | undefined;
  const other: string[] = [];
  for (const line of stdout.split('\n')) {
    if (line.startsWith(MARK)) {
      const rest = line.slice(MARK.length);
      const sp = rest.indexOf(' ');
      const kind = rest.slice(0, sp);
      try {
        const payload = JSON.parse(rest.slice(sp + 1)) as unknown;
        if (kind === 'step') lastStep = String(payload);
        else if (kind === 'result') result = payload as Record<string, unknown>;
      } catch {
        other.push(line);
      }
    } else other.push(line);
  }
  const output = tail([other.join('\n').trim(), stderr.trim()].filter(Boolean).join('\n'));
  const base = {
    check,
    ...(signal ? { signal } : {}),
    exitCode: code,
    ...(lastStep ? { lastStep } : {}),
    output,
    durationMs: Date.now() - started,
  };
  if (spawnError) return { ...base, status: 'fail', reason: `cannot run ${opts.interpreter.executable}: ${spawnError.message}`, data: {} };
  if (result) {
    const outcome: CheckOutcome = {
      ...base,
      status: String(result.status ?? 'fail'),
      reason: String(result.reason ?? ''),
      data: result,
    };
    if (timedOut) outcome.teardownProblem = `hung after the check finished (killed after ${Math.round(timeoutMs / 1000)} s) while: ${lastStep ?? 'finalizing'}`;
    else if (signal) outcome.teardownProblem = `crash (${signal}) after the check finished, while: ${lastStep ?? 'finalizing'}${faultSummary(output) ? ` — ${faultSummary(output)}` : ''}`;
    else if (code !== 0) outcome.teardownProblem = `exit status ${code} after the check finished, while: ${lastStep ?? 'finalizing'}`;
    return outcome;
  }
  if (timedOut) {
    return { ...base, timedOut: true, status: 'fail', reason: `timed out after ${Math.round(timeoutMs / 1000)} s while: ${lastStep ?? 'starting'}`, data: {} };
  }
  if (signal) {
    const fs_ = faultSummary(output);
    return { ...base, status: 'crash', reason: `crash (${signal}) while: ${lastStep ?? 'starting'}${fs_ ? ` — ${fs_}` : ''}`, data: {} };
  }
  const lastErr = stderr.trim().split('\n').slice(-1)[0] ?? '';
  return { ...base, status: 'fail', reason: `exited with status ${code} without a result while: ${lastStep ?? 'starting'}${lastErr ? ` — ${lastErr}` : ''}`, data: {} };
}
