/**
 * The fuzz runner. A case is a small tree of C files (usually a testdata module with one file
 * mutated); running it means check + rewrite + apply on a temp copy, then checking the
 * invariants the tool promises:
 *
 *   no-exception       check / rewrite / applyRewrite never throw
 *   internal-error     no "internal error" problem or refusal (an exception the library caught)
 *   edits              every change is exactly applyEdits(before, accepted edits), re-derived
 *                      here by plain splicing: the bytes outside the edit spans are identical,
 *                      the spans are sorted, in bounds and disjoint, and `before` is the file
 *   refused-untouched  a refused file (conflict, parse damage, ...) has no change and is
 *                      byte-identical on disk after apply
 *   tree               after apply every file is its old content or its reported new content,
 *                      new files are exactly the reported ones, no temp file is left
 *   idempotent         a second rewrite of the written tree changes nothing
 *   auto-fixed         when nothing is refused, check reports no [auto] finding after apply
 *                      (nor before, when rewrite has nothing to change): what was announced
 *                      as automatic is done
 *   crlf-twin          the line-ending twin of an input (LF files as CRLF, CRLF files as LF)
 *                      rewrites to the twin of its output; no file gets mixed line endings
 *   crlf-twin-parse    (a note, not a failure) the twins differ because tree-sitter's error
 *                      recovery gives the two twins of a damaged file different trees
 *   damage             no output parses worse (ERROR/MISSING bytes) than its input; generated
 *                      files parse cleanly
 *   time               no single library call takes longer than the per-file bound
 *   compiles           (with a compiler given: RunCaseOptions.compile) the rewrite of every
 *                      extension compiles with the oldest supported and the newest CPython
 *                      headers wherever its input compiled (the compile gate's own check)
 *   unwritable         (every third case with changes) one file to change is read-only: its
 *                      extension is written whole or not at all (all of it stays as it was, the
 *                      other extensions are written), and once writable again a re-run gives
 *                      exactly the tree of an uninterrupted apply
 *   converge           (CLI cases) apply killed mid-write of a file, then apply again: the tree
 *                      is byte for byte what one uninterrupted apply gives
 *   steps              (every third case with changes and nothing refused) the input applied in
 *                      --select steps, then with everything, gives byte for byte the tree of one
 *                      apply. PYEXT_FUZZ_STEPS (fuzz CLI: --steps, default first) says which
 *                      steps: `first` (multi-phase-init, then everything: the promise of issue
 *                      18.1; the default), `all` (each transform alone in registry order, then
 *                      everything), `off`
 *
 * Cases run in-process by default (fast, and edits can be traced); `ChildRunner` runs them in
 * forked processes with a bound on the CPU time they use (cpu-bound.ts: load is no hang), which
 * is how a hang is caught and reported instead of stalling the run; `runCaseCli` runs the real
 * CLI (check, diff, apply) with the same kind of bound.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as crypto from 'crypto';
import { spawn, spawnSync, fork, ChildProcess } from 'child_process';
import { check, rewrite, applyRewrite, RewriteResult, CheckResult, TRANSFORM_IDS } from '../../src/api';
import * as editsModule from '../../src/core/edits';
import type { Edit } from '../../src/core/edits';
import { parseSource } from '../../src/core/parse';
import { SourceFile } from '../../src/core/source';
import type { GateOutcome } from '../../src/runner/compile-gate';
import type { GateSetup } from '../../src/runner/gate-setup';
import { isSourcePath } from '../../src/engine/discover';
import { Rng } from './rng';
import { mutate, tokenize, MutationContext } from './mutate';
import { generateModule, generateAdversarial, ADVERSARIAL_KINDS } from './generate';
import { WALL_FACTOR, watchProcess } from './cpu-bound';

export interface CaseFile {
  /** Path relative to the case directory ('/' separated). */
  rel: string;
  /** latin1 text: one char per byte. */
  content: string;
}

export interface FuzzCase {
  id: string;
  /** Where it came from: `testdata:<module>`, `generated`, `adversarial:<kind>`, `regression:<hash>`. */
  origin: string;
  files: CaseFile[];
  /** The file that was mutated (the one a shrinker works on). */
  target?: string;
  ops: string[];
  /** Also run the line-ending twin (when no file has mixed line endings). */
  twin?: boolean;
}

export type Invariant =
  | 'no-exception'
  | 'internal-error'
  | 'edits'
  | 'refused-untouched'
  | 'tree'
  | 'idempotent'
  | 'auto-fixed'
  | 'crlf-twin'
  | 'crlf-twin-parse'
  | 'damage'
  | 'time'
  | 'hang'
  | 'crash'
  | 'cli'
  | 'compiles'
  | 'unwritable'
  | 'converge'
  | 'steps';

export interface Violation {
  invariant: Invariant;
  message: string;
  path?: string;
}

/** Violations that are notes about known parser limitations, not failures of the tool. */
export const NOTE_INVARIANTS: ReadonlySet<Invariant> = new Set<Invariant>(['crlf-twin-parse']);

export function failures(r: CaseReport): Violation[] {
  return r.violations.filter((x) => !NOTE_INVARIANTS.has(x.invariant));
}

export interface CaseStats {
  files: number;
  bytes: number;
  changes: number;
  newFiles: number;
  refused: number;
  problems: number;
  findings: number;
  /** The slowest single library call, ms. */
  slowestCallMs: number;
}

export interface CaseReport {
  id: string;
  ms: number;
  violations: Violation[];
  stats: CaseStats;
}

export interface RunCaseOptions {
  /** Per library call bound (ms): a call that takes longer is a `time` violation. Default 10 s. */
  slowMs?: number;
  /** Where case directories are created (default: the OS temp dir). */
  baseDir?: string;
  /** Keep the case directory (for debugging). */
  keep?: boolean;
  /** A compiler and headers (runner/compile-gate.ts prepareGate): checks the `compiles` invariant. */
  compile?: GateSetup;
  /**
   * Checks to run whatever the case's id says (the read-only-file and steps runs are made for
   * every third case, by a hash of the id): a saved regression of one is replayed under another
   * id and must run the check it failed.
   */
  force?: readonly ('unwritable' | 'steps')[];
}

export const DEFAULT_SLOW_MS = 10_000;

// ---------------------------------------------------------------------------- edit tracing

interface TraceRecord {
  text: string;
  edits: Edit[];
  out: string;
}

let traceSink: TraceRecord[] | undefined;
let traceInstalled = false;

/**
 * Wraps the library's applyEdits so that every (text, accepted edits, result) the pipeline
 * produces can be checked independently. The pipeline calls it through the module's exports
 * object (CommonJS), so replacing the export is enough.
 */
function installTrace(): void {
  if (traceInstalled) return;
  traceInstalled = true;
  const mod = editsModule as unknown as { applyEdits: (text: string, edits: Edit[]) => string };
  const original = mod.applyEdits;
  mod.applyEdits = (text: string, edits: Edit[]): string => {
    const out = original(text, edits);
    if (traceSink) traceSink.push({ text, edits: edits.map((e) => ({ ...e })), out });
    return out;
  };
}

function traced<T>(fn: () => T): { value: T; records: TraceRecord[] } {
  installTrace();
  const records: TraceRecord[] = [];
  const saved = traceSink;
  traceSink = records;
  try {
    return { value: fn(), records };
  } finally {
    traceSink = saved;
  }
}

/**
 * Splices sorted, disjoint edits into text: the specification applyEdits must meet. Returns
 * an error message when the edits are not sorted, overlap or fall outside the text.
 */
export function spliceEdits(text: string, edits: readonly Edit[]): { out: string } | { error: string } {
  const parts: string[] = [];
  let pos = 0;
  let last: Edit | undefined;
  for (const e of edits) {
    if (!(Number.isInteger(e.start) && Number.isInteger(e.end)) || e.start < 0 || e.end > text.length || e.start > e.end) {
      return { error: `edit of ${e.by} [${e.start}, ${e.end}) is outside the text (${text.length} bytes)` };
    }
    // The same replacement asked for by two producers is one edit (edits.ts: not a conflict).
    if (last && e.start < e.end && e.start === last.start && e.end === last.end && e.text === last.text) continue;
    last = e;
    if (e.start < pos) return { error: `edit of ${e.by} [${e.start}, ${e.end}) overlaps or precedes an earlier edit ending at ${pos}` };
    parts.push(text.slice(pos, e.start), e.text);
    pos = e.end;
  }
  parts.push(text.slice(pos));
  return { out: parts.join('') };
}

/** First offset where a and b differ, with a little context, for messages. */
export function firstDifference(a: string, b: string): string {
  let i = 0;
  while (i < a.length && i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === a.length && i === b.length) return 'identical';
  const show = (s: string): string => JSON.stringify(s.slice(Math.max(0, i - 20), i + 20));
  return `first difference at byte ${i}: ${show(a)} vs ${show(b)}`;
}

// ---------------------------------------------------------------------------- trees on disk

export function writeTree(dir: string, files: readonly CaseFile[]): void {
  fs.mkdirSync(dir, { recursive: true });
  for (const f of files) {
    const p = path.join(dir, ...f.rel.split('/'));
    fs.mkdirSync(path.dirname(p), { recursive: true });
    fs.writeFileSync(p, Buffer.from(f.content, 'latin1'));
  }
}

/** Every file under dir (dotfiles too), rel path -> latin1 content. Directories only recurse. */
export function readTree(dir: string, skip: (rel: string) => boolean = () => false): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(d, e.name);
      const rel = path.relative(dir, p).split(path.sep).join('/');
      if (skip(rel)) continue;
      if (e.isDirectory()) walk(p);
      else if (e.isFile()) out.set(rel, fs.readFileSync(p).toString('latin1'));
      else out.set(rel, `<${e.isSymbolicLink() ? 'symlink' : 'special'}>`);
    }
  };
  walk(dir);
  return out;
}

export const TEMP_FILE_RE = /\.pyext-isolate-\d+-[0-9a-f]+\.tmp$/;

function relOf(dir: string, p: string): string {
  return path.relative(dir, p).split(path.sep).join('/');
}

function isInternal(message: string): boolean {
  return /internal error|^internal:|internal: /i.test(message);
}

function damageBytes(p: string, text: string): number {
  return parseSource(SourceFile.fromText(p, text)).damageBytes;
}

// ---------------------------------------------------------------------------- one case, in-process

interface Timed<T> {
  value?: T;
  error?: Error;
  /** CPU time of the process (user + system) spent in the call: the time bound is on this, not on the wall
   *  clock, so a loaded machine (CI neighbours, parallel test files) does not turn a linear call into a
   *  violation, while a quadratic one still is. */
  ms: number;
}

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

function timed<T>(fn: () => T): Timed<T> {
  const t0 = cpuMs();
  try {
    const value = fn();
    return { value, ms: cpuMs() - t0 };
  } catch (err) {
    return { error: err instanceof Error ? err : new Error(String(err)), ms: cpuMs() - t0 };
  }
}

function errorLine(err: Error): string {
  const stack = (err.stack ?? err.message).split('\n');
  const at = stack.find((l) => /^\s+at /.test(l));
  return `${err.message}${at ? ` (${at.trim()})` : ''}`;
}

export function makeCaseDir(baseDir?: string, tag = 'case'): string {
  const base = baseDir ?? os.tmpdir();
  fs.mkdirSync(base, { recursive: true });
  return fs.mkdtempSync(path.join(base, `pyext-fuzz-${tag}-`));
}

/** Runs one case through the library and checks every invariant. Never throws. */
export function runCase(c: FuzzCase, opts: RunCaseOptions = {}): CaseReport {
  const slowMs = opts.slowMs ?? DEFAULT_SLOW_MS;
  const violations: Violation[] = [];
  const stats: CaseStats = { files: c.files.length, bytes: c.files.reduce((n, f) => n + f.content.length, 0), changes: 0, newFiles: 0, refused: 0, problems: 0, findings: 0, slowestCallMs: 0 };
  const t0 = performance.now();
  const root = makeCaseDir(opts.baseDir);
  const dir = path.join(root, 'tree');
  const v = (invariant: Invariant, message: string, p?: string): void => {
    violations.push({ invariant, message, path: p });
  };
  const bound = (what: string, t: Timed<unknown>): void => {
    stats.slowestCallMs = Math.max(stats.slowestCallMs, t.ms);
    if (t.ms > slowMs) v('time', `${what} took ${(t.ms / 1000).toFixed(1)} s of CPU (bound ${(slowMs / 1000).toFixed(1)} s)`);
  };
  try {
    writeTree(dir, c.files);
    const original = readTree(dir);

    // check
    const ch = timed(() => check([dir]));
    bound('check', ch);
    if (ch.error) v('no-exception', `check threw: ${errorLine(ch.error)}`);
    else internalErrors(ch.value!, dir, v, 'check');

    // rewrite, with the edits traced
    let records: TraceRecord[] = [];
    const rw = timed(() => {
      const t = traced(() => rewrite([dir]));
      records = t.records;
      return t.value;
    });
    bound('rewrite', rw);
    if (rw.error) {
      v('no-exception', `rewrite threw: ${errorLine(rw.error)}`);
      return finish();
    }
    const result = rw.value!;
    internalErrors(result, dir, v, 'rewrite');
    stats.changes = result.changes.length;
    stats.newFiles = result.newFiles.length;
    stats.refused = result.refused.length;
    stats.problems = result.problems.length;
    stats.findings = result.findings.length;
    checkEdits(result, records, dir, original, v);
    checkRefusals(result, dir, v);
    checkDamage(result, dir, v);
    if (opts.compile) checkCompiles(result, opts.compile, dir, v);

    // apply
    const ap = timed(() => applyRewrite(result));
    bound('applyRewrite', ap);
    if (ap.error) {
      v('no-exception', `applyRewrite threw: ${errorLine(ap.error)}`);
      return finish();
    }
    for (const o of ap.value!) if (!o.ok) v('tree', `write failed in a clean temp tree: ${o.error}`, relOf(dir, o.path));
    checkTree(result, dir, original, v);
    if (result.changes.length > 0 && (caseHash(c.id) % 3 === 0 || opts.force?.includes('unwritable'))) {
      const un = timed(() => checkUnwritable(c, result, dir, path.join(root, 'unwritable'), v));
      bound('the read-only-file run', un);
      if (un.error) v('no-exception', `read-only-file run threw: ${errorLine(un.error)}`);
    }

    const stepsMode = stepsSetting();
    if (stepsMode !== 'off' && result.changes.length > 0 && result.refused.length === 0 && (caseHash(c.id + ':steps') % 3 === 0 || opts.force?.includes('steps'))) {
      const st = timed(() => checkSteps(c, dir, path.join(root, 'steps'), stepsMode, v));
      bound('the --select steps run', st);
      if (st.error) v('no-exception', `--select steps run threw: ${errorLine(st.error)}`);
    }

    // a second run has nothing to do
    if (result.changes.length > 0 || result.newFiles.length > 0) {
      const again = timed(() => rewrite([dir]));
      bound('second rewrite', again);
      if (again.error) v('no-exception', `second rewrite threw: ${errorLine(again.error)}`);
      else {
        const r2 = again.value!;
        for (const x of r2.changes) v('idempotent', `second run changes it again: ${firstDifference(x.before, x.after)}`, relOf(dir, x.path));
        for (const x of r2.newFiles) v('idempotent', 'second run creates it again', relOf(dir, x.path));
        if (result.refused.length === 0) for (const x of r2.refused) v('idempotent', `second run refuses the written output: ${x.reason}`, relOf(dir, x.path));
        internalErrors(r2, dir, v, 'second rewrite');
        // What check called [auto] was fixed by apply: nothing automatic is left.
        if (result.refused.length === 0 && r2.changes.length === 0) {
          const ch2 = timed(() => check([dir]));
          bound('check after apply', ch2);
          if (ch2.error) v('no-exception', `check after apply threw: ${errorLine(ch2.error)}`);
          else autoLeft(ch2.value!, dir, v, 'after apply');
        }
      }
    } else if (result.refused.length === 0 && ch.value) {
      // Nothing to write and nothing refused: then check announced nothing automatic either.
      autoLeft(ch.value, dir, v, 'but rewrite changes nothing');
    }

    // line endings: a pure-LF file stays LF, a pure-CRLF file stays CRLF
    for (const ch of result.changes) {
      const kind = eolKind(original.get(relOf(dir, ch.path)) ?? '');
      if (kind === 'lf' && ch.after.includes('\r\n')) v('crlf-twin', 'CRLF introduced into an LF file', relOf(dir, ch.path));
      if (kind === 'crlf' && eolKind(ch.after) !== 'crlf' && eolKind(ch.after) !== 'none') v('crlf-twin', `LF introduced into a CRLF file: ${bareLfContext(ch.after)}`, relOf(dir, ch.path));
    }

    // the line-ending twin: every LF file as CRLF and every CRLF file as LF
    if (c.twin && c.files.every((f) => eolKind(f.content) !== 'mixed')) {
      const twinDir = path.join(root, 'twin');
      const twinFiles = c.files.map((f) => ({ rel: f.rel, content: toggleEol(f.content, eolKind(f.content)) }));
      writeTree(twinDir, twinFiles);
      const tw = timed(() => rewrite([twinDir]));
      bound('rewrite of the line-ending twin', tw);
      if (tw.error) v('no-exception', `rewrite of the line-ending twin threw: ${errorLine(tw.error)}`);
      else {
        const found: Violation[] = [];
        compareTwin(result, dir, original, tw.value!, twinDir, (invariant, message, p) => found.push({ invariant, message, path: p }));
        // When tree-sitter itself recovers differently from the damage in the two twins (it
        // counts skipped bytes, and CRLF has one more per line), the outputs may differ for
        // that reason alone: a parser limitation, reported apart.
        const parseDiffers = found.length > 0 ? twinParseDiffers(c.files, twinFiles) : undefined;
        for (const x of found) v(parseDiffers ? 'crlf-twin-parse' : x.invariant, parseDiffers ? `${x.message} [the twins parse differently: ${parseDiffers}]` : x.message, x.path);
      }
    }
    return finish();
  } catch (err) {
    v('no-exception', `runner: ${errorLine(err as Error)}`);
    return finish();
  }

  function finish(): CaseReport {
    if (!opts.keep) fs.rmSync(root, { recursive: true, force: true });
    return { id: c.id, ms: performance.now() - t0, violations: dedupeViolations(violations), stats };
  }
}

function caseHash(id: string): number {
  return crypto.createHash('sha256').update(id).digest().readUInt32BE(0);
}

/**
 * The case's input again, with one file to change made read-only before apply: that file's
 * extension stays exactly as it was (nothing of it written), the others are written as in the
 * normal run; made writable again, a rewrite + apply gives the normal run's tree.
 */
function checkUnwritable(c: FuzzCase, result: RewriteResult, dir: string, udir: string, v: Report): void {
  writeTree(udir, c.files);
  const original = readTree(udir);
  const moved = (p: string): string => path.join(udir, path.relative(dir, p));
  const changes = result.changes.map((x) => ({ ...x, path: moved(x.path), unit: x.unit && moved(x.unit) }));
  const newFiles = result.newFiles.map((x) => ({ ...x, path: moved(x.path), unit: x.unit && moved(x.unit) }));
  const target = changes[caseHash(c.id + ':target') % changes.length];
  fs.chmodSync(target.path, 0o444);
  const outcomes = applyRewrite({ changes, newFiles });
  const rel = (p: string): string => relOf(udir, p);
  if (outcomes.find((o) => o.path === target.path)?.ok !== false) v('unwritable', 'a read-only file was written', rel(target.path));
  const now = readTree(udir);
  const unitOf = target.unit ?? target.path;
  for (const x of [...changes, ...newFiles]) {
    const same = (x.unit ?? x.path) === unitOf;
    const want = same ? original.get(rel(x.path)) : 'after' in x ? x.after : x.content;
    if (now.get(rel(x.path)) !== want) v('unwritable', same ? `written although ${rel(target.path)} of its extension is read-only` : 'another extension was not written because of a read-only file', rel(x.path));
  }
  for (const r of now.keys()) if (TEMP_FILE_RE.test(r) || /\.journal$/.test(r)) v('unwritable', 'debris left after a refused extension', r);
  // Writable again: the re-run converges to the tree of the uninterrupted apply.
  fs.chmodSync(target.path, 0o644);
  const again = rewrite([udir]);
  applyRewrite(again);
  const want = readTree(dir);
  const got = readTree(udir);
  for (const [r, content] of want) if (got.get(r) !== content) v('unwritable', `the re-run after the file became writable differs from an uninterrupted apply: ${got.has(r) ? firstDifference(content, got.get(r)!) : 'missing'}`, r);
  for (const r of got.keys()) if (!want.has(r)) v('unwritable', 'the re-run left a file an uninterrupted apply does not', r);
}

export type StepsMode = 'first' | 'all' | 'off';

/**
 * PYEXT_FUZZ_STEPS (inherited by the case processes of child mode); `first` when unset (npm test's
 * fuzz run: multi-phase-init then everything), `all` or `off` when asked.
 */
export function stepsSetting(): StepsMode {
  const x = process.env.PYEXT_FUZZ_STEPS;
  return x === 'all' || x === 'off' ? x : 'first';
}

/** The --select steps of a mode: each a run of `rewrite --select <ids>` + apply, before a full run. */
export function stepSelections(mode: StepsMode): string[][] {
  if (mode === 'all') return TRANSFORM_IDS.filter((id) => id !== 'checks').map((id) => [id]);
  return mode === 'first' ? [['multi-phase-init']] : [];
}

/**
 * The case's input applied in --select steps and then with everything: the tree must be byte for
 * byte the one a single apply wrote into `dir`.
 */
function checkSteps(c: FuzzCase, dir: string, sdir: string, mode: StepsMode, v: Report): void {
  writeTree(sdir, c.files);
  const steps = stepSelections(mode);
  for (const select of [...steps, undefined]) {
    const r = rewrite([sdir], { select });
    for (const o of applyRewrite(r)) if (!o.ok) v('steps', `write failed in step ${select ? select.join(',') : 'everything'}: ${o.error}`, relOf(sdir, o.path));
  }
  const want = readTree(dir);
  const got = readTree(sdir);
  const label = steps.map((s) => s.join(',')).join(' then ');
  for (const [r, content] of want) if (got.get(r) !== content) v('steps', `${label} then everything differs from one run: ${got.has(r) ? firstDifference(content, got.get(r)!) : 'missing'}`, r);
  for (const r of got.keys()) if (!want.has(r)) v('steps', `${label} then everything leaves a file one run does not`, r);
}

function dedupeViolations(vs: Violation[]): Violation[] {
  const seen = new Set<string>();
  return vs.filter((x) => {
    const k = `${x.invariant}\0${x.path}\0${x.message}`;
    if (seen.has(k)) return false;
    seen.add(k);
    return true;
  });
}

type Report = (invariant: Invariant, message: string, p?: string) => void;

function internalErrors(r: CheckResult | RewriteResult, dir: string, v: Report, what: string): void {
  for (const p of r.problems) if (isInternal(p.message)) v('internal-error', `${what}: ${p.message}`, relOf(dir, p.path));
  if ('refused' in r) for (const x of r.refused) if (isInternal(x.reason)) v('internal-error', `${what}: refused: ${x.reason}`, relOf(dir, x.path));
}

function autoLeft(r: CheckResult, dir: string, v: Report, when: string): void {
  for (const f of r.findings.filter((x) => x.fix === 'auto')) v('auto-fixed', `reported as [auto] ${when}: ${f.rule}: ${f.message}`, relOf(dir, f.file));
}

function checkEdits(result: RewriteResult, records: TraceRecord[], dir: string, original: Map<string, string>, v: Report): void {
  const seen = new Set<string>();
  for (const c of result.changes) {
    const rel = relOf(dir, c.path);
    if (seen.has(rel)) v('edits', 'the same file is changed twice in one result', rel);
    seen.add(rel);
    const disk = original.get(rel);
    const regenerated = c.by.length === 1 && c.by[0] === 'state-plan' && !records.some((r) => r.text === c.before);
    if (disk === undefined) {
      v('edits', 'a change to a file that is not in the tree', rel);
      continue;
    }
    if (disk !== c.before) v('edits', `change.before is not the file's content: ${firstDifference(disk, c.before)}`, rel);
    if (regenerated) continue; // a generated file already on disk, replaced whole
    const rec = records.find((r) => r.text === c.before && r.out === c.after);
    if (!rec) {
      v('edits', `the change was not produced by applyEdits over the file (${records.length} traced)`, rel);
      continue;
    }
    const spliced = spliceEdits(c.before, rec.edits);
    if ('error' in spliced) v('edits', spliced.error, rel);
    else if (spliced.out !== c.after) v('edits', `applyEdits does not match splicing the accepted edits: ${firstDifference(spliced.out, c.after)}`, rel);
  }
}

function checkRefusals(result: RewriteResult, dir: string, v: Report): void {
  const changed = new Set(result.changes.map((c) => c.path));
  const created = new Set(result.newFiles.map((n) => n.path));
  for (const r of result.refused) {
    if (changed.has(r.path)) v('refused-untouched', `refused (${r.reason}) but also changed`, relOf(dir, r.path));
    if (created.has(r.path)) v('refused-untouched', `refused (${r.reason}) but also created`, relOf(dir, r.path));
  }
}

function checkDamage(result: RewriteResult, dir: string, v: Report): void {
  for (const c of result.changes) {
    const before = damageBytes(c.path, c.before);
    const after = damageBytes(c.path, c.after);
    if (after > before) v('damage', `output parses worse than input: ${after} vs ${before} damaged bytes`, relOf(dir, c.path));
  }
  for (const n of result.newFiles) {
    const d = damageBytes(n.path, n.content);
    if (d > 0) v('damage', `generated file has ${d} damaged bytes`, relOf(dir, n.path));
  }
}

function checkTree(result: RewriteResult, dir: string, original: Map<string, string>, v: Report): void {
  const after = readTree(dir);
  const changed = new Map(result.changes.map((c) => [relOf(dir, c.path), c.after]));
  const created = new Map(result.newFiles.map((n) => [relOf(dir, n.path), n.content]));
  const refused = new Set(result.refused.map((r) => relOf(dir, r.path)));
  for (const [rel, old] of original) {
    const now = after.get(rel);
    if (now === undefined) v('tree', 'the file disappeared', rel);
    else if (changed.has(rel)) {
      if (now !== changed.get(rel)) v('tree', `written content is not the reported new content: ${firstDifference(now, changed.get(rel)!)}`, rel);
    } else if (now !== old) v(refused.has(rel) ? 'refused-untouched' : 'tree', `a file without a reported change was modified: ${firstDifference(old, now)}`, rel);
  }
  for (const [rel, now] of after) {
    if (original.has(rel)) continue;
    if (TEMP_FILE_RE.test(rel)) v('tree', 'temp file left behind', rel);
    else if (!created.has(rel)) v('tree', 'a file appeared that is not a reported new file', rel);
    else if (created.get(rel) !== now) v('tree', `new file content differs from the reported one: ${firstDifference(now, created.get(rel)!)}`, rel);
  }
  for (const rel of created.keys()) if (!after.has(rel)) v('tree', 'a reported new file was not written', rel);
}

export type EolKind = 'lf' | 'crlf' | 'mixed' | 'none';

/** lf: only bare LF; crlf: only CRLF; none: no line break at all; mixed: anything else (lone CR too). */
export function eolKind(s: string): EolKind {
  const crlf = (s.match(/\r\n/g) ?? []).length;
  const lf = (s.match(/\n/g) ?? []).length - crlf;
  const cr = (s.match(/\r/g) ?? []).length - crlf;
  if (cr > 0) return 'mixed';
  if (lf === 0 && crlf === 0) return 'none';
  if (crlf === 0) return 'lf';
  if (lf === 0) return 'crlf';
  return 'mixed';
}

/** The other line ending's twin of a text of this kind. */
export function toggleEol(s: string, kind: EolKind): string {
  return kind === 'lf' ? s.replace(/\n/g, '\r\n') : kind === 'crlf' ? s.replace(/\r\n/g, '\n') : s;
}

function bareLfContext(s: string): string {
  const i = s.search(/(^|[^\r])\n/);
  return i === -1 ? 'none' : `bare LF near byte ${i}: ${JSON.stringify(s.slice(Math.max(0, i - 30), i + 10))}`;
}

/** An offset of `text` as the offset of the same byte in its LF form (so the two twins compare). */
function lfOffsets(text: string): (offset: number) => number {
  const crBefore: number[] = [];
  let n = 0;
  for (let i = 0; i <= text.length; i++) {
    crBefore.push(n);
    if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) n++;
  }
  return (o: number): number => o - crBefore[Math.min(o, text.length)];
}

/** Damage spans of a text, as offsets of its LF form. */
function lfDamage(rel: string, text: string): string {
  const p = parseSource(SourceFile.fromText(rel, text));
  const lf = lfOffsets(text);
  return p.damage.map((d) => `${lf(d.start)}-${lf(d.end)}`).join(',');
}

/**
 * The tree's shape with LF offsets: node types and spans in document order. Two twins with the
 * same damage may still get different trees from tree-sitter's error recovery (a file damaged
 * whole: the LF twin's root is an ERROR node that holds a function, the CRLF twin's a
 * translation_unit with no function: seed 20261206, case 2745); the tool can only convert the
 * tree it is given. The first node where they part, or undefined.
 */
function lfShape(rel: string, text: string): string[] {
  const p = parseSource(SourceFile.fromText(rel, text));
  const lf = lfOffsets(text);
  const out: string[] = [];
  const cursor = p.tree.rootNode.walk();
  for (;;) {
    out.push(`${cursor.nodeType}@${lf(cursor.startIndex)}-${lf(cursor.endIndex)}`);
    if (cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) if (!cursor.gotoParent()) return out;
  }
}

function shapeDiffers(rel: string, a: string, b: string): string | undefined {
  const x = lfShape(rel, a);
  const y = lfShape(rel, b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) if (x[i] !== y[i]) return `node ${i}: ${x[i] ?? 'none'} vs ${y[i] ?? 'none'}`;
  return undefined;
}

/** Which file's twins get different parse damage (undefined: the parses agree). */
function twinParseDiffers(files: readonly CaseFile[], twins: readonly CaseFile[]): string | undefined {
  for (let i = 0; i < files.length; i++) {
    const a = lfDamage(files[i].rel, files[i].content);
    const b = lfDamage(twins[i].rel, twins[i].content);
    if (a !== b) return `${files[i].rel}: damage ${a || 'none'} vs ${b || 'none'}`.slice(0, 300);
    // (only a damaged file: tree-sitter gives an undamaged file and its twin the same tree)
    const shape = a !== '' ? shapeDiffers(files[i].rel, files[i].content, twins[i].content) : undefined;
    if (shape) return `${files[i].rel}: same damage, different trees at ${shape}`.slice(0, 300);
  }
  return undefined;
}

function compareTwin(direct: RewriteResult, dir: string, original: Map<string, string>, twin: RewriteResult, twinDir: string, v: Report): void {
  const norm = (s: string): string => s.replace(/\r\n/g, '\n');
  const d = new Map(direct.changes.map((c) => [relOf(dir, c.path), c.after]));
  const t = new Map(twin.changes.map((c) => [relOf(twinDir, c.path), c.after]));
  for (const [rel, after] of d) {
    const kind = eolKind(original.get(rel) ?? '');
    const what = kind === 'crlf' ? 'LF' : 'CRLF';
    if (!t.has(rel)) v('crlf-twin', `changed in the input but not in its ${what} twin`, rel);
    else if (kind !== 'none' && t.get(rel) !== toggleEol(after, kind)) v('crlf-twin', `the ${what} twin's output is not the ${what} twin of the output: ${firstDifference(toggleEol(after, kind), t.get(rel)!)}`, rel);
    else if (kind === 'none' && norm(t.get(rel)!) !== norm(after)) v('crlf-twin', `the twin's output differs beyond line endings: ${firstDifference(norm(after), norm(t.get(rel)!))}`, rel);
  }
  for (const rel of t.keys()) if (!d.has(rel)) v('crlf-twin', 'changed in the line-ending twin but not in the input', rel);
  const dn = new Map(direct.newFiles.map((n) => [relOf(dir, n.path), n.content]));
  const tn = new Map(twin.newFiles.map((n) => [relOf(twinDir, n.path), n.content]));
  for (const [rel, content] of dn) {
    if (!tn.has(rel)) v('crlf-twin', 'new file for the input but not for its line-ending twin', rel);
    else if (norm(tn.get(rel)!) !== content) v('crlf-twin', `new file differs beyond line endings: ${firstDifference(content, norm(tn.get(rel)!))}`, rel);
  }
  for (const rel of tn.keys()) if (!dn.has(rel)) v('crlf-twin', 'new file for the line-ending twin but not for the input', rel);
  const dr = new Set(direct.refused.map((r) => relOf(dir, r.path)));
  const tr = new Set(twin.refused.map((r) => relOf(twinDir, r.path)));
  for (const rel of dr) if (!tr.has(rel)) v('crlf-twin', 'refused for the input but not for its line-ending twin', rel);
  for (const rel of tr) if (!dr.has(rel)) v('crlf-twin', `refused for the line-ending twin but not for the input: ${twin.refused.find((r) => relOf(twinDir, r.path) === rel)!.reason}`, rel);
}

// ---------------------------------------------------------------------------- the corpus and case generation

export interface CorpusModule {
  name: string;
  files: CaseFile[];
}

/** The repository root: the nearest directory up from here with the project's package.json. */
export function repoRoot(): string {
  let dir = __dirname;
  for (;;) {
    const pj = path.join(dir, 'package.json');
    if (fs.existsSync(pj)) {
      try {
        if ((JSON.parse(fs.readFileSync(pj, 'utf8')) as { name?: string }).name === 'pyext-isolate') return dir;
      } catch {
        /* keep looking */
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error('cannot find the pyext-isolate repository root');
    dir = parent;
  }
}

/** The C sources of every testdata module (what the tool would discover in it). */
export function loadCorpus(root = repoRoot()): CorpusModule[] {
  const ext = path.join(root, 'testdata', 'extensions');
  const out: CorpusModule[] = [];
  for (const d of fs.readdirSync(ext, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
    if (!d.isDirectory() || !fs.existsSync(path.join(ext, d.name, 'module.json'))) continue;
    const files: CaseFile[] = [];
    const walk = (sub: string): void => {
      for (const e of fs.readdirSync(path.join(ext, d.name, sub), { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : 1))) {
        const rel = sub ? `${sub}/${e.name}` : e.name;
        if (e.isDirectory() && !e.name.startsWith('.')) walk(rel);
        else if (e.isFile() && isSourcePath(e.name)) files.push({ rel, content: fs.readFileSync(path.join(ext, d.name, rel)).toString('latin1') });
      }
    };
    walk('');
    out.push({ name: d.name, files });
  }
  return out;
}

export type CaseKind = 'testdata' | 'testdata-mutant' | 'testdata-multi-mutant' | 'generated' | 'generated-mutant' | 'adversarial';

/** Case `iteration` of run `seed`: a pure function of (seed, iteration, corpus). */
export function makeCase(seed: number | string, iteration: number, corpus: readonly CorpusModule[], opts: { kinds?: readonly (readonly [number, CaseKind])[] } = {}): FuzzCase {
  const rng = new Rng('case', seed, iteration);
  const kind = rng.weighted(
    opts.kinds ?? ([[3, 'testdata'], [62, 'testdata-mutant'], [8, 'testdata-multi-mutant'], [6, 'generated'], [20, 'generated-mutant'], [1, 'adversarial']] as const),
  );
  const donors = corpus.flatMap((m) => m.files.map((f) => f.content));
  const ctx: MutationContext = { donors, huge: rng.chance(0.15) };
  const id = `${seed}:${iteration}`;
  const twin = rng.chance(0.35);
  if (kind === 'adversarial') {
    const k = rng.pick(ADVERSARIAL_KINDS);
    const g = generateAdversarial(k, rng.fork('adv'));
    return { id, origin: `adversarial:${k}`, files: g.files, target: g.files[0].rel, ops: [k], twin };
  }
  if (kind === 'generated' || kind === 'generated-mutant') {
    const g = generateModule(rng.fork('gen'));
    if (kind === 'generated') return { id, origin: 'generated', files: g.files, ops: [], twin: true };
    const target = rng.pick(g.files).rel;
    const files = g.files.map((f) => (f.rel === target ? { rel: f.rel, content: '' } : f));
    const m = mutate(g.files.find((f) => f.rel === target)!.content, rng.fork('mut'), ctx);
    files.find((f) => f.rel === target)!.content = m.text;
    return { id, origin: 'generated', files, target, ops: m.ops, twin };
  }
  const mod = rng.pick(corpus);
  const files = mod.files.map((f) => ({ ...f }));
  if (kind === 'testdata') return { id, origin: `testdata:${mod.name}`, files, ops: [], twin: true };
  const targets = kind === 'testdata-multi-mutant' && files.length > 1 ? [rng.pick(files), rng.pick(files)] : [rng.pick(files)];
  const ops: string[] = [];
  for (const t of targets) {
    const m = mutate(t.content, rng.fork(`mut-${t.rel}`), ctx);
    t.content = m.text;
    ops.push(...m.ops.map((o) => `${t.rel}: ${o}`));
  }
  return { id, origin: `testdata:${mod.name}`, files, target: targets[targets.length - 1].rel, ops, twin };
}

// ---------------------------------------------------------------------------- child-process runner

/** Runs cases in a forked process (one at a time); a case over the timeout is a hang, the process is killed and replaced. */
export class ChildRunner {
  private child?: ChildProcess;
  private readonly baseDir: string;

  constructor(
    /** timeoutMs: CPU time a case may use before it is a hang; wallMs: the wall-clock backstop (cpu-bound.ts). */
    private readonly opts: { timeoutMs: number; wallMs?: number; slowMs?: number; script?: string; baseDir?: string },
  ) {
    this.baseDir = opts.baseDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-fuzz-child-'));
  }

  private script(): string {
    if (this.opts.script) return this.opts.script;
    const here = path.join(__dirname, 'child.js');
    if (fs.existsSync(here)) return here;
    const dist = path.join(repoRoot(), 'dist', 'test-support', 'fuzz', 'child.js');
    if (fs.existsSync(dist)) return dist;
    throw new Error('child runner needs the compiled dist/test-support/fuzz/child.js (npm run build)');
  }

  private spawnChild(): ChildProcess {
    const dir = fs.mkdtempSync(path.join(this.baseDir, 'w-'));
    const child = fork(this.script(), [dir], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], serialization: 'advanced' });
    (child as ChildProcess & { caseDir?: string }).caseDir = dir;
    child.stderr?.on('data', () => undefined);
    return child;
  }

  run(c: FuzzCase): Promise<CaseReport> {
    const child = (this.child ??= this.spawnChild());
    const t0 = performance.now();
    const stats: CaseStats = { files: c.files.length, bytes: c.files.reduce((n, f) => n + f.content.length, 0), changes: 0, newFiles: 0, refused: 0, problems: 0, findings: 0, slowestCallMs: 0 };
    return new Promise((resolve) => {
      let settled = false;
      let stderr = '';
      const onErr = (d: Buffer): void => {
        stderr = (stderr + d.toString('utf8')).slice(-4000);
      };
      child.stderr?.on('data', onErr);
      const done = (r: CaseReport, kill: boolean): void => {
        if (settled) return;
        settled = true;
        timer.stop();
        child.removeListener('message', onMessage);
        child.removeListener('exit', onExit);
        child.stderr?.removeListener('data', onErr);
        if (kill) {
          child.kill('SIGKILL');
          const dir = (child as ChildProcess & { caseDir?: string }).caseDir;
          if (dir) setTimeout(() => fs.rmSync(dir, { recursive: true, force: true }), 200).unref();
          this.child = undefined;
        }
        resolve(r);
      };
      const onMessage = (m: CaseReport): void => done(m, false);
      const onExit = (code: number | null, signal: string | null): void => {
        this.child = undefined;
        const why = signal ? `killed by ${signal}` : `exited with status ${code}`;
        done({ id: c.id, ms: performance.now() - t0, violations: [{ invariant: 'crash', message: `the process running the case ${why}: ${lastLines(stderr)}` }], stats }, false);
      };
      const timer = watchProcess(child.pid, { cpuMs: this.opts.timeoutMs, wallMs: this.opts.wallMs }, (why) => {
        done({ id: c.id, ms: performance.now() - t0, violations: [{ invariant: 'hang', message: `${why}: killed` }], stats }, true);
      });
      child.on('message', onMessage);
      child.on('exit', onExit);
      child.send({ case: c, slowMs: this.opts.slowMs });
    });
  }

  close(): void {
    if (this.child) {
      this.child.kill('SIGKILL');
      this.child = undefined;
    }
    const base = this.baseDir;
    setTimeout(() => fs.rmSync(base, { recursive: true, force: true }), 300).unref();
  }
}

function lastLines(s: string): string {
  const lines = s.trim().split('\n').filter((l) => l.trim() !== '');
  return lines.slice(-3).join(' | ').slice(0, 600) || '(no output)';
}

// ---------------------------------------------------------------------------- the CLI, for real

export interface CliRun {
  code: number | null;
  signal: string | null;
  stdout: string;
  stderr: string;
  ms: number;
  timedOut: boolean;
}

export function cliScript(root = repoRoot()): string {
  return path.join(root, 'bin', 'pyext-isolate.js');
}

/** Runs `node bin/pyext-isolate.js args...`, killed (SIGKILL) after timeoutMs of CPU time or wallMs of wall time (cpu-bound.ts). */
export function runCli(args: string[], opts: { timeoutMs: number; wallMs?: number; cwd?: string; env?: NodeJS.ProcessEnv; uid?: number; gid?: number; script?: string }): Promise<CliRun> {
  return new Promise((resolve) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [opts.script ?? cliScript(), ...args], {
      cwd: opts.cwd,
      env: { ...process.env, NO_COLOR: '1', ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
      uid: opts.uid,
      gid: opts.gid,
    });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let outLen = 0;
    child.stdout.on('data', (d: Buffer) => {
      if (outLen < 4 << 20) out.push(d);
      outLen += d.length;
    });
    child.stderr.on('data', (d: Buffer) => err.push(d));
    let timedOut = false;
    const timer = watchProcess(child.pid, { cpuMs: opts.timeoutMs, wallMs: opts.wallMs }, () => {
      timedOut = true;
      child.kill('SIGKILL');
    });
    child.on('close', (code, signal) => {
      timer.stop();
      resolve({ code, signal, stdout: Buffer.concat(out).toString('latin1'), stderr: Buffer.concat(err).toString('latin1'), ms: performance.now() - t0, timedOut });
    });
  });
}

/**
 * check, diff and apply through the CLI on a copy of the case: never a crash (status 0 or 1),
 * never a hang (the timeout), check and diff write nothing, apply writes exactly what the
 * library says and never a refused file, and leaves no temp file.
 */
export async function runCaseCli(c: FuzzCase, opts: { timeoutMs: number; baseDir?: string; jobs?: number }): Promise<CaseReport> {
  const t0 = performance.now();
  const violations: Violation[] = [];
  const stats: CaseStats = { files: c.files.length, bytes: c.files.reduce((n, f) => n + f.content.length, 0), changes: 0, newFiles: 0, refused: 0, problems: 0, findings: 0, slowestCallMs: 0 };
  const root = makeCaseDir(opts.baseDir, 'cli');
  const dir = path.join(root, 'tree');
  const skipCache = (rel: string): boolean => rel === '.pyext-isolate-cache' || rel.startsWith('.pyext-isolate-cache/');
  const v = (invariant: Invariant, message: string, p?: string): void => {
    violations.push({ invariant, message, path: p });
  };
  const jobs = ['--jobs', String(opts.jobs ?? 1)];
  // The CLI's own bound per group is on the wall clock (120 s): under load it skips a group and
  // writes nothing, which here read as a result (an apply after a kill that "gives another tree").
  // Pushed past this runner's CPU bound and its wall backstop, which alone decide a hang.
  const cli = { timeoutMs: opts.timeoutMs, env: { PYEXT_ISOLATE_TIMEOUT: String(Math.ceil((opts.timeoutMs * WALL_FACTOR * 2) / 1000)) } };
  try {
    writeTree(dir, c.files);
    const original = readTree(dir);
    const judge = (name: string, r: CliRun): boolean => {
      stats.slowestCallMs = Math.max(stats.slowestCallMs, r.ms);
      if (r.timedOut) {
        v('hang', `${name} did not finish in ${(opts.timeoutMs / 1000).toFixed(0)} s of CPU`);
        return false;
      }
      if (r.signal) v('crash', `${name} was killed by ${r.signal}: ${lastLines(r.stderr)}`);
      else if (r.code !== 0 && r.code !== 1) v('cli', `${name} exited with status ${r.code}: ${lastLines(r.stderr)}`);
      if (/internal error/i.test(r.stderr)) v('internal-error', `${name}: ${r.stderr.split('\n').find((l) => /internal error/i.test(l))}`);
      return true;
    };
    const unchanged = (name: string): void => {
      const now = readTree(dir, skipCache);
      for (const [rel, old] of original) if (now.get(rel) !== old) v('cli', `${name} modified a file`, rel);
      for (const rel of now.keys()) if (!original.has(rel)) v('cli', `${name} created a file`, rel);
    };
    if (judge('check', await runCli(['check', '--quiet', '--no-cache', ...jobs, dir], cli))) unchanged('check');
    // Here the CLI must equal the library: the compile gate (which may refuse more) is off.
    if (judge('diff', await runCli(['diff', '--quiet', '--no-compile-check', ...jobs, dir], cli))) unchanged('diff');
    // What the library would write, for comparison: computed by the same compiled code the CLI
    // runs (dist/ may be newer than the code loaded in this process).
    const expected = await distRewrite(dir, opts.timeoutMs);
    const ap = await runCli(['apply', '--quiet', '--no-compile-check', ...jobs, dir], cli);
    if (judge('apply', ap)) {
      const now = readTree(dir, skipCache);
      const refusedLines = ap.stderr.split('\n').filter((l) => / refused: /.test(l));
      const refused = new Set(refusedLines.map((l) => relOf(dir, l.slice(0, l.indexOf(': refused: ')))));
      for (const [rel, old] of original) {
        if (refused.has(rel) && now.get(rel) !== old) v('refused-untouched', 'apply wrote a file it refused', rel);
      }
      for (const rel of now.keys()) if (TEMP_FILE_RE.test(rel)) v('tree', 'apply left a temp file', rel);
      if (expected) {
        stats.changes = expected.changes.length;
        stats.refused = expected.refused.length;
        const want = new Map(original);
        for (const ch of expected.changes) want.set(relOf(dir, ch.path), ch.after);
        for (const n of expected.newFiles) want.set(relOf(dir, n.path), n.content);
        for (const [rel, content] of want) {
          if (now.get(rel) !== content) v('cli', `apply's result differs from the library's rewrite: ${now.has(rel) ? firstDifference(content, now.get(rel)!) : 'missing'}`, rel);
        }
        for (const rel of now.keys()) if (!want.has(rel) && !TEMP_FILE_RE.test(rel)) v('cli', 'apply created a file the library did not report', rel);
      }
    }
    // Killed mid-write of one file, then run again: the same tree as one uninterrupted apply.
    if (expected && expected.changes.length + expected.newFiles.length > 0) {
      const applied = readTree(dir, skipCache);
      const kdir = path.join(root, 'killed');
      writeTree(kdir, c.files);
      const targets = [...expected.changes.map((x) => x.path), ...expected.newFiles.map((x) => x.path)].map((p) => relOf(dir, p)).sort();
      const victim = targets[caseHash(c.id + ':kill') % targets.length];
      const hooks = path.join(repoRoot(), 'dist', 'test-support', 'fuzz', 'fault-hooks.js');
      const killed = await runCli(['apply', '--quiet', '--no-compile-check', ...jobs, kdir], { ...cli, env: { ...cli.env, NODE_OPTIONS: `--require ${hooks}`, PYEXT_FAULT_KILL_AT_WRITE: `/${victim}` } });
      if (killed.timedOut) v('hang', `apply killed at ${victim} did not finish`);
      const rerun = await runCli(['apply', '--quiet', '--no-compile-check', ...jobs, kdir], cli);
      if (judge('apply after a kill', rerun)) {
        const now = readTree(kdir, skipCache);
        for (const [rel, content] of applied) if (now.get(rel) !== content) v('converge', `killed at ${victim}, the next apply gives another tree: ${now.has(rel) ? firstDifference(content, now.get(rel)!) : 'missing'}`, rel);
        for (const rel of now.keys()) if (!applied.has(rel)) v('converge', `killed at ${victim}, the next apply leaves a file an uninterrupted apply does not`, rel);
      }
    }
  } catch (err) {
    v('no-exception', `cli runner: ${errorLine(err as Error)}`);
  } finally {
    fs.rmSync(root, { recursive: true, force: true });
  }
  return { id: c.id, ms: performance.now() - t0, violations: dedupeViolations(violations), stats };
}

/** Every changed extension's rewrite compiles wherever its input did (what the compile gate would refuse). */
function checkCompiles(result: RewriteResult, setup: GateSetup, dir: string, v: (i: Invariant, m: string, p?: string) => void): void {
  for (const ext of result.extensions) {
    const unit = ext.files[0];
    const changes = result.changes.filter((c) => c.unit === unit);
    const newFiles = result.newFiles.filter((n) => n.unit === unit);
    if (changes.length === 0 && newFiles.length === 0) continue;
    const o = gateInChild(setup, ext.files, changes, newFiles);
    if (o.kind === 'refused') v('compiles', o.reason, relOf(dir, o.file ?? unit));
  }
}

/**
 * The compile gate of dist/ on one extension, in a child process: the gate is asynchronous (its
 * compiles run concurrently) and this runner is not. A gate that does not answer is a violation.
 */
function gateInChild(setup: GateSetup, files: string[], changes: RewriteResult['changes'], newFiles: RewriteResult['newFiles']): GateOutcome {
  const gate = path.join(repoRoot(), 'dist', 'src', 'runner', 'compile-gate.js');
  const code = `let input = '';
    process.stdin.setEncoding('utf8').on('data', (d) => (input += d)).on('end', async () => {
      const a = JSON.parse(input);
      process.stdout.write(JSON.stringify(await require(${JSON.stringify(gate)}).gateExtension(a.setup, a.files, a.changes, a.newFiles)));
    });`;
  const r = spawnSync(process.execPath, ['-e', code], { input: JSON.stringify({ setup, files, changes, newFiles }), encoding: 'utf8', maxBuffer: 64 << 20 });
  if (r.status !== 0) return { kind: 'refused', reason: `the gate did not answer: ${(r.stderr || String(r.error)).trim().split('\n')[0]}` };
  return JSON.parse(r.stdout) as GateOutcome;
}

/** rewrite() of the compiled library in dist/, in a child process: changes and new files only. */
async function distRewrite(dir: string, timeoutMs: number): Promise<Pick<RewriteResult, 'changes' | 'newFiles' | 'refused'> | undefined> {
  const api = path.join(repoRoot(), 'dist', 'src', 'api.js');
  const code = `const r = require(${JSON.stringify(api)}).rewrite([${JSON.stringify(dir)}]);
    process.stdout.write(Buffer.from(JSON.stringify({ changes: r.changes.map((c) => ({ path: c.path, before: '', after: c.after, by: c.by })), newFiles: r.newFiles, refused: r.refused }), 'latin1'));`;
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'ignore'] });
    const out: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    const timer = watchProcess(child.pid, { cpuMs: timeoutMs }, () => child.kill('SIGKILL'));
    child.on('close', (status) => {
      timer.stop();
      try {
        resolve(status === 0 ? JSON.parse(Buffer.concat(out).toString('latin1')) : undefined);
      } catch {
        resolve(undefined);
      }
    });
  });
}

// ---------------------------------------------------------------------------- shrinking and regressions

export type CaseRunner = (c: FuzzCase) => Promise<CaseReport> | CaseReport;

/** A violation's identity for "the same failure": invariant plus message without numbers and quotes. */
export function signature(v: Violation): string {
  // Slowness is one failure however it shows (which call, how slow): shrinking it is expensive.
  if (v.invariant === 'time' || v.invariant === 'hang') return `${v.invariant}: too slow`;
  return `${v.invariant}: ${v.message.replace(/"(?:[^"\\]|\\.)*"/g, '"…"').replace(/\d+(\.\d+)?/g, 'N').slice(0, 160)}`;
}

/**
 * Shrinks a failing case while it keeps failing with the same invariant: drops the other files,
 * then deletes line chunks (ddmin), then byte chunks of a small result.
 */
export async function shrinkCase(c: FuzzCase, v: Violation, runner: CaseRunner, budget: { maxRuns: number; maxMs: number }): Promise<{ case: FuzzCase; runs: number }> {
  const t0 = Date.now();
  let runs = 0;
  const still = async (cand: FuzzCase): Promise<boolean> => {
    if (runs >= budget.maxRuns || Date.now() - t0 > budget.maxMs) return false;
    runs++;
    const r = await runner(cand);
    return r.violations.some((x) => x.invariant === v.invariant && (v.invariant === 'time' || v.invariant === 'hang' || sameFirstWords(x.message, v.message)));
  };
  let cur: FuzzCase = { ...c, files: c.files.map((f) => ({ ...f })) };
  const target = cur.target ?? (v.path && cur.files.some((f) => f.rel === v.path) ? v.path : cur.files[0]?.rel);
  if (!target) return { case: cur, runs };
  cur.target = target;
  // 1. Other files.
  if (cur.files.length > 1) {
    const alone = { ...cur, files: cur.files.filter((f) => f.rel === target) };
    if (await still(alone)) cur = alone;
    else {
      for (const f of cur.files.filter((x) => x.rel !== target)) {
        const cand = { ...cur, files: cur.files.filter((x) => x !== f) };
        if (await still(cand)) cur = cand;
      }
    }
  }
  const get = (k: FuzzCase): string => k.files.find((f) => f.rel === target)!.content;
  const withText = (k: FuzzCase, text: string): FuzzCase => ({ ...k, files: k.files.map((f) => (f.rel === target ? { rel: f.rel, content: text } : f)) });
  // 2. Lines, then 3. tokens, then 4. bytes of a small result.
  for (const unit of ['line', 'token', 'byte'] as const) {
    if (unit === 'byte' && get(cur).length > 2000) break;
    const text = get(cur);
    let parts = unit === 'line' ? text.match(/[^\n]*\n|[^\n]+$/g) ?? [] : unit === 'token' ? tokenize(text).map((t) => text.slice(t.start, t.end)) : [...text];
    let chunk = Math.max(1, Math.floor(parts.length / 2));
    while (chunk >= 1 && runs < budget.maxRuns && Date.now() - t0 <= budget.maxMs) {
      let removed = false;
      for (let i = 0; i < parts.length; ) {
        const candParts = parts.slice(0, i).concat(parts.slice(i + chunk));
        const cand = withText(cur, candParts.join(''));
        if (candParts.length < parts.length && (await still(cand))) {
          parts = candParts;
          cur = cand;
          removed = true;
        } else i += chunk;
      }
      if (!removed) chunk = Math.floor(chunk / 2);
    }
  }
  return { case: cur, runs };
}

function sameFirstWords(a: string, b: string): boolean {
  const w = (s: string): string => s.replace(/\d+/g, 'N').split(/\s+/).slice(0, 6).join(' ');
  return w(a) === w(b);
}

export interface RegressionNote {
  /** The target file's name in the case (the .c file holds its content). */
  name: string;
  invariant: Invariant;
  message: string;
  /**
   * open: a known bug not fixed yet (replayed as an expected failure); fixed: must pass;
   * limitation: a known limitation reported as a note (crlf-twin-parse), never a failure.
   */
  status: 'open' | 'fixed' | 'limitation';
  origin: string;
  ops: string[];
  seed?: string | number;
  iteration?: number;
  found: string;
  /** The other files of the shrunk case. */
  companions: CaseFile[];
  twin?: boolean;
  /** Replay through a child process with this timeout (hangs). */
  timeoutMs?: number;
  /** The per-call bound to replay with (default DEFAULT_SLOW_MS): small, for quick slowness cases. */
  slowMs?: number;
  /** What is wrong, in words (for hand-written notes). */
  bug?: string;
}

export function regressionDir(root = repoRoot()): string {
  return path.join(root, 'testdata', 'fuzz-regressions');
}

/** Saves a shrunk case as <hash>.c plus <hash>.json; returns the hash (same input, same hash). */
export function saveRegression(dir: string, c: FuzzCase, v: Violation, meta: { seed?: string | number; iteration?: number }): string {
  const target = c.target ?? c.files[0].rel;
  const text = c.files.find((f) => f.rel === target)?.content ?? '';
  const companions = c.files.filter((f) => f.rel !== target);
  const hash = crypto.createHash('sha256').update(target).update('\0').update(text, 'latin1').update(JSON.stringify(companions)).digest('hex').slice(0, 12);
  fs.mkdirSync(dir, { recursive: true });
  fs.writeFileSync(path.join(dir, `${hash}.c`), Buffer.from(text, 'latin1'));
  const note: RegressionNote = {
    name: target,
    invariant: v.invariant,
    message: v.message,
    status: 'open',
    origin: c.origin,
    ops: c.ops,
    seed: meta.seed,
    iteration: meta.iteration,
    found: new Date().toISOString().slice(0, 10),
    companions,
    twin: c.twin,
    timeoutMs: v.invariant === 'hang' || v.invariant === 'time' || v.invariant === 'crash' ? 120_000 : undefined,
  };
  const notePath = path.join(dir, `${hash}.json`);
  if (!fs.existsSync(notePath)) fs.writeFileSync(notePath, JSON.stringify(note, null, 2) + '\n');
  return hash;
}

/** Every saved regression as a case. */
export function loadRegressions(dir = regressionDir()): { hash: string; note: RegressionNote; case: FuzzCase }[] {
  if (!fs.existsSync(dir)) return [];
  return fs
    .readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((f) => {
      const hash = f.slice(0, -'.json'.length);
      const note = JSON.parse(fs.readFileSync(path.join(dir, f), 'utf8')) as RegressionNote;
      const text = fs.readFileSync(path.join(dir, `${hash}.c`)).toString('latin1');
      const files = [{ rel: note.name, content: text }, ...(note.companions ?? [])];
      return { hash, note, case: { id: `regression:${hash}`, origin: `regression:${hash}`, files, target: note.name, ops: note.ops ?? [], twin: note.twin ?? true } };
    });
}

/** A fresh generator for tests that want more variety than makeCase's weights. */
export function caseFromText(id: string, rel: string, content: string, twin = true): FuzzCase {
  return { id, origin: 'inline', files: [{ rel, content }], target: rel, ops: [], twin };
}

export { Rng };
