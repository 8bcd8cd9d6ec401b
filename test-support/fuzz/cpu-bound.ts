/**
 * Time bounds for child processes on CPU time, not the wall clock. On a loaded machine a process
 * gets a fraction of a core, so a wall-clock bound reports load as a hang (adversarial cases took
 * 60 s of wall time for 6 s of CPU under a load of 20); a runaway loop burns CPU time whatever the
 * load, so it is still caught. A wall-clock backstop (a multiple of the bound) catches a process
 * that blocks without using any CPU. Where /proc is missing, the bound is on the wall clock.
 */
import * as fs from 'fs';
import { execFileSync } from 'child_process';

/** The wall-clock backstop, as a multiple of the CPU bound (a load of 20 on 2 cores is 10x). */
export const WALL_FACTOR = 20;

let ticksPerSecond: number | undefined;

function clockTicks(): number {
  if (ticksPerSecond === undefined) {
    try {
      ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      ticksPerSecond = 100;
    }
  }
  return ticksPerSecond;
}

/** CPU time (user + system, all threads) the process has used so far, ms; undefined without /proc. */
export function processCpuMs(pid: number): number | undefined {
  let stat: string;
  try {
    stat = fs.readFileSync(`/proc/${pid}/stat`, 'latin1');
  } catch {
    return undefined;
  }
  // "pid (comm) state ppid ...": comm may hold spaces and parentheses, so count from the last ')'.
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(fields[11]);
  const stime = Number(fields[12]);
  if (!Number.isFinite(utime) || !Number.isFinite(stime)) return undefined;
  return ((utime + stime) * 1000) / clockTicks();
}

export interface ProcessWatch {
  stop(): void;
}

/**
 * Calls onExceeded once (and stops watching) when the process has used more than cpuMs of CPU
 * since this call, or wallMs (default WALL_FACTOR x cpuMs) of wall time have passed.
 */
export function watchProcess(pid: number | undefined, bound: { cpuMs: number; wallMs?: number; pollMs?: number }, onExceeded: (why: string) => void): ProcessWatch {
  const start = pid === undefined ? undefined : processCpuMs(pid);
  const wallMs = start === undefined ? bound.cpuMs : bound.wallMs ?? bound.cpuMs * WALL_FACTOR;
  const t0 = Date.now();
  let stopped = false;
  const stop = (): void => {
    stopped = true;
    clearInterval(timer);
  };
  const fire = (why: string): void => {
    if (stopped) return;
    stop();
    onExceeded(why);
  };
  const secs = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const timer = setInterval(() => {
    const wall = Date.now() - t0;
    const now = start === undefined ? undefined : processCpuMs(pid!);
    if (now !== undefined && now - start! > bound.cpuMs) fire(`${secs(now - start!)} of CPU (bound ${secs(bound.cpuMs)}) without a result`);
    else if (wall > wallMs) fire(`no result after ${secs(wall)} of wall time${now !== undefined ? ` (${secs(now - start!)} of CPU)` : ''}`);
  }, bound.pollMs ?? Math.min(250, Math.max(20, bound.cpuMs / 20)));
  // The watched process keeps its parent alive; the watch itself must not.
  timer.unref();
  return { stop };
}
