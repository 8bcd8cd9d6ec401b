/**
 * Running harness/bench_run.py for the cost report: its result lines read from the output
 * (marked, so the benchmark's own printing is ignored), and the interpreter's optimization flags.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Interpreter } from './interpreters';
import { runDetached } from './child-run';

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

export interface HarnessResult {
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
export async function runHarness(interp: Interpreter, args: string[], cwd: string, timeoutMs: number, env: NodeJS.ProcessEnv): Promise<HarnessResult> {
  const run = await runDetached(interp.executable, ['-X', 'faulthandler', benchHarnessPath(), ...args], {
    cwd,
    env: { ...env, PYTHONDONTWRITEBYTECODE: '1', PYTHONHASHSEED: '0' },
    timeoutMs,
  });
  if (run.spawnError) return { status: 'fail', reason: `cannot run ${interp.executable}: ${run.spawnError.message}`, errors: {} };
  const line = run.stdout.split('\n').find((l) => l.startsWith(MARK + 'result '));
  if (line) {
    try {
      return JSON.parse(line.slice((MARK + 'result ').length)) as HarnessResult;
    } catch {
      /* fall through */
    }
  }
  const why = run.timedOut
    ? `timed out after ${Math.round(timeoutMs / 1000)} s`
    : run.signal
      ? `crash (${run.signal})`
      : `exited with status ${run.code} without a result`;
  const last = run.stderr.trim().split('\n').filter(Boolean).slice(-1)[0];
  return { status: 'fail', reason: `${why}${last ? ` — ${last}` : ''}`, errors: {} };
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
