/**
 * One harness process, run detached in its own process group so that a timeout kills whatever it
 * started too, and killed with its group if this process exits first. Its output is collected whole:
 * the callers read their result lines from it.
 */
import { spawn } from 'node:child_process';

export interface ChildRun {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  /** The process could not be started at all. */
  spawnError?: Error;
}

export interface ChildRunOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  timeoutMs: number;
}

export function runDetached(executable: string, args: string[], opts: ChildRunOptions): Promise<ChildRun> {
  return new Promise((resolve) => {
    const child = spawn(executable, args, { cwd: opts.cwd, env: opts.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    track(child.pid);
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    let settled = false;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString('utf8')));
    const timer = setTimeout(() => {
      timedOut = true;
      try {
        if (child.pid !== undefined) process.kill(-child.pid, 'SIGKILL');
      } catch {
        child.kill('SIGKILL');
      }
    }, opts.timeoutMs);
    const finish = (code: number | null, signal: NodeJS.Signals | null, spawnError?: Error): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      if (child.pid !== undefined) live.delete(child.pid);
      resolve({ stdout, stderr, code, signal, timedOut, ...(spawnError ? { spawnError } : {}) });
    };
    child.on('error', (e) => finish(null, null, e));
    child.on('close', (code, signal) => finish(code, signal));
  });
}

/** Process groups of running harness processes, killed if this process exits first (they run detached). */
const live = new Set<number>();
let exitHookInstalled = false;
function track(pid: number | undefined): void {
  if (pid === undefined) return;
  live.add(pid);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', killLive);
  // Ctrl-C reaches only the foreground group, not the detached ones: take them down, then die of the
  // signal as before. Only where nobody else handles it (a library caller's own handler decides).
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    if (process.listenerCount(sig) > 0) continue;
    process.once(sig, () => {
      killLive();
      process.kill(process.pid, sig);
    });
  }
}

function killLive(): void {
  for (const p of live) {
    try {
      process.kill(-p, 'SIGKILL');
    } catch {
      /* already gone */
    }
  }
  live.clear();
}
