/**
 * What the cost report takes (options, settings) and gives: per interpreter the builds' figures
 * and per benchmark the comparison.
 */
import type { Baseline } from './baseline';
import type { BuildResult } from './build';
import type { Interpreter } from './interpreters';
import type { Layout } from './layout-build';

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
  /**
   * 'per-process' (default): each process links both builds in a layout of its own (code and data
   * offsets drawn at random, the same for both builds; layout-build.ts), so where the code lands is
   * sampled like the rest of the noise; 'fixed': every process loads the same two builds.
   */
  layouts?: 'per-process' | 'fixed';
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
  layouts: 'per-process' | 'fixed';
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
  /** The layout of each process (layouts 'per-process'): bytes of padding before the code and the data. */
  layouts?: Layout[];
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
