/**
 * Batch runs over trees of any size: discovery, a lexical summary of every file (in parallel),
 * grouping into independent sets of files, then one group per worker thread at a time, with a
 * time bound per group (a runaway group is reported and its worker replaced), progress events,
 * and a content-hash cache of check results. The result equals a serial run's: groups are
 * independent and everything is sorted at the end.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Worker } from 'worker_threads';
import { loadConfig, Config, ConfigError } from '../engine/config';
import { discoverSources } from '../library/sources';
import type { CheckResult, RewriteResult } from '../library/check';
import type { RunOptions } from '../library/analyze';
import type { Problem } from '../engine/discover';
import type { Finding } from '../core/findings';
import { finishJournals } from './apply';
import { uniqueFindings } from '../core/findings';
import { groupFiles, localIncludesOf, FileSummary } from './summary';
import { OutsideHeaders } from '../library/outside-headers';
import { handle, GroupResult, WorkerRequest, WorkerResponse } from './worker';
import { ResultCache, cacheKey } from './cache';
import { readRegularFile, MAX_SOURCE_BYTES } from '../engine/read';
import { prepareGate } from './gate-setup';
import { startGateRun, GateRun } from './gate-run';
import { gateRewrite } from './compile-gate';
import { expandSelection, TRANSFORM_IDS } from '../../transforms';
import { finishFindings, validateReportOptions } from '../engine/report';

export interface BatchOptions extends RunOptions {
  mode: 'check' | 'rewrite';
  /** Worker threads; default: the number of cores. 1 runs everything in this thread. */
  jobs?: number;
  /** Time bound per group of files, in ms (default 120 s). */
  timeoutMs?: number;
  /** Finish applies that were interrupted (their journals) before reading anything: apply does. */
  finishInterrupted?: boolean;
  /** Cache check results by content hash (default true for check). */
  cache?: boolean;
  /** Where the cache lives (default: the user's cache directory, see defaultCacheDir). */
  cacheDir?: string;
  onProgress?: (p: Progress) => void;
  /**
   * Rewrite mode: compile each changed extension before and after (runner/compile-gate.ts) and
   * refuse the ones the rewrite would break. Default false in the library; the CLI turns it on.
   */
  compileCheck?: boolean;
}

export interface Progress {
  phase: 'read' | 'analyze' | 'done';
  done: number;
  total: number;
  /** Files finished in this phase. */
  filesDone: number;
  filesTotal: number;
  current?: string;
}

export interface BatchStats {
  files: number;
  groups: number;
  cached: number;
  timedOut: number;
  seconds: number;
  jobs: number;
}

type BatchResult = RewriteResult & { batch: BatchStats };

/** Where the compiled worker is: next to this file when running from dist/, else dist/ of the repo. */
function workerScript(): string | undefined {
  const here = path.join(__dirname, 'worker.js');
  if (fs.existsSync(here)) return here;
  const dist = path.join(__dirname, '..', '..', 'dist', 'src', 'runner', 'worker.js');
  return fs.existsSync(dist) ? dist : undefined;
}

class Pool {
  private workers: { w?: Worker; busy: boolean }[];
  private nextId = 1;
  constructor(size: number, private readonly script: string | undefined) {
    this.workers = Array.from({ length: size }, () => ({ busy: false }));
  }

  get size(): number {
    return this.workers.length;
  }

  /** Runs a request on a free worker; rejects with 'timeout' after timeoutMs and replaces the worker. */
  run(req: Omit<WorkerRequest, 'id'>, timeoutMs: number): Promise<WorkerResponse> {
    const slot = this.workers.find((x) => !x.busy)!;
    slot.busy = true;
    const id = this.nextId++;
    const full = { ...req, id } as WorkerRequest;
    if (!this.script) {
      // In-process: no time bound is possible, but nothing to parallelise either.
      return new Promise((resolve) => setImmediate(() => {
        slot.busy = false;
        resolve(handle(full));
      }));
    }
    if (!slot.w) slot.w = new Worker(this.script);
    const w = slot.w;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        w.removeAllListeners('message');
        w.removeAllListeners('error');
        void w.terminate();
        slot.w = undefined;
        slot.busy = false;
        reject(new Error('timeout'));
      }, timeoutMs);
      w.once('message', (msg: WorkerResponse) => {
        clearTimeout(timer);
        w.removeAllListeners('error');
        slot.busy = false;
        resolve(msg);
      });
      w.once('error', (err) => {
        clearTimeout(timer);
        w.removeAllListeners('message');
        slot.w = undefined;
        slot.busy = false;
        resolve({ id, kind: 'error', message: String(err) });
      });
      w.postMessage(full);
    });
  }

  hasFree(): boolean {
    return this.workers.some((x) => !x.busy);
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((x) => x.w?.terminate()));
  }
}

export async function runBatch(paths: string[], opts: BatchOptions): Promise<BatchResult> {
  const t0 = Date.now();
  if (opts.jobs !== undefined && (!Number.isInteger(opts.jobs) || opts.jobs < 1)) throw new ConfigError(`jobs must be a whole number of worker threads (1 or more), not ${opts.jobs}`);
  validateReportOptions(opts);
  const result = await runGroups(paths, opts, t0);
  return opts.mode === 'check' ? { ...result, ...finishFindings(result.findings, opts) } : result;
}

async function runGroups(paths: string[], opts: BatchOptions, t0: number): Promise<BatchResult> {
  const config: Config = loadConfig(paths, opts);
  if (config.select) {
    const unknown = expandSelection(config.select).unknown;
    if (unknown.length > 0) throw new Error(`unknown transform(s): ${unknown.join(', ')} (known: ${TRANSFORM_IDS.join(', ')})`);
  }
  const found = discoverSources(paths, config, opts.finishInterrupted ? finishJournals : undefined);
  const problems: Problem[] = [...found.problems];
  const jobs = Math.max(1, Math.min(opts.jobs ?? os.cpus().length, 64));
  // Groups always run in a worker when one is available, even a single file with --jobs 1: only
  // a worker can be stopped when a group runs away (the time bound).
  const script = timeoutMsOf(opts) > 0 ? workerScript() : undefined;
  let pool = new Pool(1, undefined);
  let gateRun: GateRun | undefined;
  const timeoutMs = timeoutMsOf(opts);
  const progress = (p: Progress): void => opts.onProgress?.(p);
  const stats: BatchStats = { files: found.files.length, groups: 0, cached: 0, timedOut: 0, seconds: 0, jobs: 1 };
  const cache = opts.mode === 'check' && opts.cache !== false ? new ResultCache<GroupResult>(opts.cacheDir ?? defaultCacheDir()) : undefined;
  try {
    // 0. An unchanged tree: its grouping and every group's result are in the cache.
    let treeKey: string | undefined;
    if (cache) {
      const hashes: [string, string][] = [];
      const includes: { path: string; includes: string[] }[] = [];
      for (const f of found.files) {
        const r = readRegularFile(f, MAX_SOURCE_BYTES);
        if ('problem' in r) {
          hashes.length = 0;
          break;
        }
        hashes.push([f, sha256(r.bytes)]);
        includes.push({ path: f, includes: localIncludesOf(r.bytes.toString('latin1')) });
      }
      if (hashes.length === found.files.length) {
        treeKey = cacheKey(opts.mode, config, !!opts.stats, [...hashes, ...outsideHashes(found.files, includes, config)]) + '-tree';
        const known = cache.getJson<{ groups: string[][]; keys: string[] }>(treeKey);
        const results = known?.keys.map((k) => cache.get(k));
        if (known && results && results.every((r): r is GroupResult => !!r)) {
          stats.groups = known.groups.length;
          stats.cached = known.groups.length;
          progress({ phase: 'done', done: known.groups.length, total: known.groups.length, filesDone: found.files.length, filesTotal: found.files.length });
          stats.seconds = (Date.now() - t0) / 1000;
          return merge(results, problems, found, config, stats);
        }
      }
    }
    // 1. Lexical summaries, in this thread: a regex pass per file, cheaper than shipping the
    //    identifier sets back from workers.
    const summaries: FileSummary[] = [];
    let read = 0;
    for (const f of found.files) {
      const r = handle({ id: 0, kind: 'summarize', paths: [f] });
      if (r.kind === 'summaries') {
        summaries.push(...r.summaries);
        problems.push(...r.problems);
      }
      read++;
      if (read % 16 === 0 || read === found.files.length) progress({ phase: 'read', done: read, total: found.files.length, filesDone: read, filesTotal: found.files.length, current: f });
    }
    // 2. Groups, biggest first (the long pole starts early).
    const byPath = new Map(summaries.map((s) => [s.path, s]));
    const groups = groupFiles(summaries.sort((a, b) => (a.path < b.path ? -1 : 1)), config.modules).sort((a, b) => size(b, byPath) - size(a, byPath));
    stats.groups = groups.length;
    // Workers only pay off for several groups of some size: each loads its own tree-sitter, and
    // one group with most of the bytes cannot be split.
    const total = summaries.reduce((n, s) => n + s.bytes, 0);
    const small = opts.jobs === undefined && total < 256 * 1024; // an explicit --jobs is obeyed
    const parallel = jobs > 1 && !small && groups.length >= 2 && size(groups[0], byPath) <= 0.6 * total;
    pool = new Pool(parallel ? jobs : 1, script);
    stats.jobs = parallel ? jobs : 1;
    const results: GroupResult[] = [];
    const todo: { paths: string[]; key?: string }[] = [];
    const groupKeys: string[] = [];
    for (const g of groups) {
      const own = g.map((p) => [p, byPath.get(p)!.hash] as [string, string]);
      const key = cache ? cacheKey(opts.mode, config, !!opts.stats, [...own, ...outsideHashes(g, g.map((p) => byPath.get(p)!), config)]) : undefined;
      if (key) groupKeys.push(key);
      const hit = key ? cache!.get(key) : undefined;
      if (hit) {
        results.push(hit);
        stats.cached++;
      } else todo.push({ paths: g, key });
    }
    // The compile gate: its compiler and headers are found while the workers start; each rewrite
    // is gated here as it comes back (compiles are child processes: this thread only waits for
    // them), so the compiles of one group overlap the rewriting of the next.
    const gate = opts.mode === 'rewrite' && opts.compileCheck && todo.length > 0 ? prepareGate({ paths, config, cache: opts.cache, cacheDir: opts.cacheDir ?? defaultCacheDir() }) : undefined;
    gate?.catch(() => undefined); // its failure is reported where it is awaited
    if (gate) gateRun = startGateRun(jobs);
    const gating: Promise<void>[] = [];
    // 3. The groups, in parallel.
    let doneFiles = results.reduce((n, r) => n + r.files.length, 0);
    let doneGroups = results.length;
    const totalFiles = summaries.length;
    const done = (req: { paths: string[] }): void => {
      doneGroups++;
      doneFiles += req.paths.length;
      progress({ phase: 'analyze', done: doneGroups, total: groups.length, filesDone: doneFiles, filesTotal: totalFiles, current: req.paths[0] });
    };
    progress({ phase: 'analyze', done: doneGroups, total: groups.length, filesDone: doneFiles, filesTotal: totalFiles });
    await runAll(
      pool,
      todo.map((t) => ({ kind: 'group' as const, paths: t.paths, config, mode: opts.mode, select: config.select, stats: opts.stats, key: t.key })),
      timeoutMs,
      (req, res) => {
        if (res.kind === 'group' && gate) {
          const result = res.result;
          gating.push(
            gate
              .then((g) => (g.setup ? gateRewrite(g.setup, result, gateRun) : undefined))
              .then(
                () => {
                  results.push(result);
                },
                (err: Error) => {
                  problems.push(...req.paths.map((p) => ({ path: p, message: `internal error (please report): compile gate: ${firstLine(err.stack ?? String(err))}` })));
                },
              )
              .finally(() => done(req)),
          );
          return;
        }
        done(req);
        if (res.kind === 'group') {
          results.push(res.result);
          if (cache && req.key) cache.set(req.key, res.result);
        } else {
          if (res.kind === 'timeout') stats.timedOut++;
          const why = res.kind === 'error' ? `internal error (please report): ${firstLine(res.message)}` : `timed out after ${timeoutMs / 1000} s: skipped, nothing written`;
          problems.push(...req.paths.map((p) => ({ path: p, message: why })));
        }
      },
    );
    await Promise.all(gating);
    const why = gate && (await gate).why;
    if (why) problems.push({ path: paths[0], message: `not compile-checked: ${why}`, level: 'info' });
    progress({ phase: 'done', done: groups.length, total: groups.length, filesDone: totalFiles, filesTotal: totalFiles });
    if (cache && treeKey && problems.length === found.problems.length) cache.setJson(treeKey, { groups, keys: groupKeys });
    stats.seconds = (Date.now() - t0) / 1000;
    return merge(results, problems, found, config, stats);
  } finally {
    gateRun?.close();
    await pool.close();
  }
}

/** The time bound per group; 0 runs everything in this thread, unbounded (the library's callers may want that). */
function timeoutMsOf(opts: BatchOptions): number {
  return opts.timeoutMs ?? 120_000;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

function size(g: string[], byPath: Map<string, FileSummary>): number {
  return g.reduce((n, p) => n + (byPath.get(p)?.bytes ?? 0), 0);
}

type Req = Omit<WorkerRequest, 'id'> & { key?: string };

/** Feeds requests to the pool as workers become free; a timeout becomes a 'timeout' response. */
async function runAll<R extends Req>(pool: Pool, reqs: R[], timeoutMs: number, onDone: (req: R, res: WorkerResponse | { kind: 'timeout' }) => void): Promise<void> {
  let next = 0;
  const running = new Set<Promise<void>>();
  while (next < reqs.length || running.size > 0) {
    while (next < reqs.length && pool.hasFree()) {
      const req = reqs[next++];
      const { key: _key, ...msg } = req;
      void _key;
      const p: Promise<void> = pool
        .run(msg as Omit<WorkerRequest, 'id'>, timeoutMs)
        .then((res) => onDone(req, res), () => onDone(req, { kind: 'timeout' }))
        .finally(() => running.delete(p));
      running.add(p);
    }
    if (running.size > 0) await Promise.race(running);
  }
}

function merge(results: GroupResult[], problems: Problem[], found: { missing: string[]; empty: string[] }, config: Config, batch: BatchStats): BatchResult {
  const findings: Finding[] = uniqueFindings(results.flatMap((r) => r.findings));
  const byPath = <T extends { path: string }>(xs: T[]): T[] => xs.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  const allProblems = byPath([...problems, ...results.flatMap((r) => r.problems)]);
  const stats = results.some((r) => r.stats) ? byPath(results.flatMap((r) => r.stats ?? [])) : undefined;
  return {
    findings,
    problems: allProblems,
    missing: found.missing,
    empty: found.empty,
    files: results.flatMap((r) => r.files).sort(),
    extensions: results.flatMap((r) => r.extensions).sort((a, b) => ((a.name ?? '') < (b.name ?? '') ? -1 : 1)),
    stats,
    config,
    changes: byPath(results.flatMap((r) => r.changes)),
    newFiles: byPath(results.flatMap((r) => r.newFiles)),
    refused: byPath(results.flatMap((r) => r.refused)),
    batch,
  };
}

/**
 * The user's cache directory, never the source tree (a run must write nothing there, and a tree
 * shared with others must not decide this user's results). Keys hold absolute paths, so projects
 * share it safely.
 */
export function defaultCacheDir(): string {
  const base = process.env.XDG_CACHE_HOME || path.join(os.homedir(), '.cache');
  return path.join(base, 'pyext-isolate');
}

export type { CheckResult };

function sha256(bytes: Buffer): string {
  return crypto.createHash('sha256').update(bytes).digest('hex');
}

/**
 * [path, hash] of the headers outside `given` that these files include: the analysis reads them
 * (library/outside-headers.ts), so a cached result is stale when one of them changes.
 */
function outsideHashes(given: readonly string[], files: readonly { path: string; includes: readonly string[] }[], config: Config): [string, string][] {
  const headers = new OutsideHeaders(given, config.includeDirs);
  const out = new Map<string, string>();
  for (const f of files) for (const h of headers.of(f.path, f.includes)) out.set(h.path, sha256(h.bytes));
  return [...out].sort((a, b) => (a[0] < b[0] ? -1 : 1));
}
