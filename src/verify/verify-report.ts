/**
 * What verify takes and reports: its options, and per interpreter the status of each check.
 */
import type { BuildResult } from './build';
import type { Interpreter } from './interpreters';
import type { CheckOutcome } from './load';
import type { Baseline } from './baseline';
import type { CompilerWarning } from './warnings';

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
  /**
   * On this version the module declares Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED, and own-GIL support
   * only from a later one (`#if PY_VERSION_HEX >= ...`, as pyext-isolate writes for a datetime C-API
   * consumer): isolated subinterpreters refuse it on purpose; shared-GIL ones must load it.
   */
  sharedGil?: boolean;
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
