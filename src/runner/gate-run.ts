/**
 * What the compile gate of one run shares between the extensions it checks: the bounds on
 * compiles and extensions in flight, and the shell runner that starts the compilers.
 */
import * as os from 'os';
import { Limiter } from '../core/limiter';
import { ShellRunner } from './shell-runner';

/** What the gate of one run shares between the extensions it checks: how much runs at once, and where compilers start. */
export interface GateRun {
  compiles: Limiter;
  /** Extensions in flight (each holds a scratch copy of its directories). */
  extensions: Limiter;
  runner: ShellRunner;
  /** How many compiles an extension starts ahead of the one it decides. */
  ahead: number;
  /** Stops what is still running (call it when the run is over). */
  close(): void;
}

/** Compiles bounded by `jobs` (default: the cores); a few more extensions than that, to keep the compiler busy. */
export function startGateRun(jobs = os.cpus().length): GateRun {
  const n = Math.max(1, jobs);
  // LC_ALL=C: plain ASCII quotes in the messages.
  const runner = new ShellRunner({ ...process.env, LC_ALL: 'C' });
  return { compiles: new Limiter(n), extensions: new Limiter(2 * n), runner, ahead: 2 * n, close: () => runner.close() };
}

/** `fn` with the run given, or with one of its own (closed after). */
export async function withRun<T>(given: GateRun | undefined, fn: (run: GateRun) => Promise<T>): Promise<T> {
  if (given) return fn(given);
  const own = startGateRun();
  try {
    return await fn(own);
  } finally {
    own.close();
  }
}
