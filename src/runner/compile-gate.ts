/**
 * The compile gate (diff, apply, branch): each changed extension is compiled with `-fsyntax-only`
 * against the headers of the oldest supported CPython found (>= --min-python) and of the newest,
 * after the rewrite and, only when that fails, before it. The original compiles and the result
 * does not: the extension is refused with the compiler's first error, nothing of it written. The
 * original does not compile either: it is "not compile-checked", said once per extension.
 *
 * Each side is compiled in a scratch copy of the extension's directories (its files as they
 * would be, the other files of those directories linked in) with the same flags, so a header the
 * flags cannot find fails both and is never taken for a broken rewrite. The common case (the result compiles)
 * takes a fast path: Python.h precompiled and forced first; every failure is decided again with
 * the exact flags, so the fast path can only ever save time. Include dirs and defines come from
 * compile_commands.json, the config, and the tree (the extension's directories, `include/` dirs
 * above them). Results are cached by content hash in the user cache directory.
 *
 * prepareGate runs once per run (finds the compiler and the headers); gateRewrite runs in the main
 * thread as each rewrite comes back from the batch workers, so compiles (child processes, at most
 * as many at a time as the run has jobs) overlap the rewriting of the next groups. Only the units
 * the rewrite can affect are compiled (runner/gate-units.ts).
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { Finding } from '../core/findings';
import { minor, PyVersion } from '../core/pyversion';
import type { Config } from '../engine/config';
import type { Problem } from '../engine/discover';
import type { FileChange } from '../engine/plan-extension';
import type { NewFile } from '../plan/emit';
import { ResultCache } from './cache';
import { toolFingerprint } from './tool-version';
import { NoCompilerError, flagsFromCompileCommands, parseDiagnostics, resolveCompiler } from '../verify/build';
import { installedPythons, Interpreter } from '../verify/interpreters';
import { compilerFacts, interpreterFacts } from './gate-probes';
import { findCompileCommands } from '../verify';
import { commonDir } from '../core/paths';
import { Limiter } from '../core/limiter';
import { unitsToCompile } from './gate-units';
import { newWarnings, parseWarnings, WARNING_FLAGS, CompilerWarning } from '../verify/warnings';
import { ShellRunner } from './shell-runner';
import { agreeOnSharedFiles } from '../engine/shared-files';

/** What the workers need to compile (plain data: it crosses to worker threads). */
export interface GateSetup {
  cc: string[];
  /** The compiler's `--version` line: part of every cache key. */
  ccVersion: string;
  /** Oldest supported and newest CPython found: their include dirs, and a directory of precompiled Python.h (cached). */
  targets: { version: string; includeDirs: string[]; pchDir?: string }[];
  /** From [tool.pyext-isolate] include-dirs / defines (absolute dirs). */
  includeDirs: string[];
  defines: string[];
  /** compile_commands.json near the paths, if any. */
  compileCommands?: string;
  /** Where results are cached; none: no cache. */
  cacheDir?: string;
  /** The compiler's own include directories (`cc -E -v`); empty: every unit is compiled (runner/gate-units.ts). */
  systemIncludeDirs: string[];
}

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
async function withRun<T>(given: GateRun | undefined, fn: (run: GateRun) => Promise<T>): Promise<T> {
  if (given) return fn(given);
  const own = startGateRun();
  try {
    return await fn(own);
  } finally {
    own.close();
  }
}

export interface GateOptions {
  paths: string[];
  config: Config;
  /** Cache compile results (default true). */
  cache?: boolean;
  cacheDir: string;
  env?: NodeJS.ProcessEnv;
}

/** The compiler and the headers; `why` when there are none (then nothing is compile-checked). */
export async function prepareGate(o: GateOptions): Promise<{ setup?: GateSetup; why?: string }> {
  const env = o.env ?? process.env;
  let cc: string[];
  try {
    cc = resolveCompiler(undefined, env);
  } catch (err) {
    if (err instanceof NoCompilerError) return { why: err.message };
    throw err;
  }
  // What the compiler and the interpreters say about themselves, kept between runs (runner/gate-probes.ts).
  const probes = o.cache !== false ? new ResultCache(o.cacheDir) : undefined;
  const { version: ccVersion, systemIncludeDirs } = await compilerFacts(cc, env, probes);
  if (ccVersion === undefined) return { why: `${cc.join(' ')} --version does not run` };
  // The oldest supported and the newest installed: one probe each (the next candidate when one fails).
  const floor = minor(o.config.minPython);
  const pythons = (await installedPythons(env)).filter((p) => p.minor >= floor);
  if (pythons.length === 0) return { why: `no CPython ${o.config.minPython} or newer found (python3.X in PATH and pyenv)` };
  const found: Interpreter[] = [];
  const problems: string[] = [];
  for (const order of [pythons, pythons.slice().reverse()]) {
    for (const p of order) {
      if (found.some((i) => i.minor === p.minor)) break;
      const r = await interpreterFacts(p.executable, env, probes);
      problems.push(...r.problems);
      if (r.found) {
        found.push(r.found);
        break;
      }
    }
  }
  if (found.length === 0) return { why: problems[0] ?? 'no CPython headers found' };
  found.sort((a, b) => a.minor - b.minor);
  const targets: GateSetup['targets'] = found.map((i) => ({ version: `${i.major}.${i.minor}`, includeDirs: [i.includeDir, ...(i.platIncludeDir ? [i.platIncludeDir] : [])] }));
  if (o.cache !== false) await Promise.all(targets.map(async (t) => (t.pchDir = await precompiledPython(cc, ccVersion, t.includeDirs, o.cacheDir, env))));
  return {
    setup: {
      cc,
      ccVersion,
      targets,
      includeDirs: o.config.includeDirs ?? [],
      defines: o.config.defines ?? [],
      compileCommands: findCompileCommands(o.paths),
      cacheDir: o.cache === false ? undefined : o.cacheDir,
      systemIncludeDirs,
    },
  };
}

/**
 * Python.h precompiled for these headers, in the cache directory: a `Python.h.gch` directory with
 * one variant without PY_SSIZE_T_CLEAN and one with it (defined empty, as extensions write it).
 * gcc takes the first variant valid for the file (same macros before the #include) and falls back
 * to the real Python.h otherwise, so this only ever makes a compile faster: Python.h is most of
 * the time of a -fsyntax-only compile. Built once per compiler and headers.
 */
async function precompiledPython(cc: string[], ccVersion: string, includeDirs: string[], cacheDir: string, env: NodeJS.ProcessEnv): Promise<string | undefined> {
  const key = crypto.createHash('sha256').update(JSON.stringify({ cc, ccVersion, includeDirs, python: statOf(path.join(includeDirs[0], 'Python.h')) })).digest('hex').slice(0, 24);
  const dir = path.join(cacheDir, 'pch', key);
  if (fs.existsSync(path.join(dir, 'Python.h'))) return dir;
  const tmp = `${dir}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`;
  try {
    fs.mkdirSync(path.join(tmp, 'Python.h.gch'), { recursive: true });
    const header = path.join(includeDirs[0], 'Python.h');
    const variants: [string, string[]][] = [['plain', []], ['ssize', ['-DPY_SSIZE_T_CLEAN=']]];
    const ok = await Promise.all(variants.map(([name, defs]) => succeeds([...cc, '-x', 'c-header', ...defs, ...includeDirs.map((d) => `-I${d}`), header, '-o', path.join(tmp, 'Python.h.gch', `${name}.gch`)], env)));
    if (!ok.every(Boolean)) return undefined;
    // A second #include of Python.h (after the precompiled one, or when no variant is valid) finds
    // this forwarder first: it goes on to the real header.
    fs.writeFileSync(path.join(tmp, 'Python.h'), '/* pyext-isolate: next to the precompiled Python.h; on to the real one. */\n#include_next <Python.h>\n');
    try {
      fs.renameSync(tmp, dir);
    } catch {
      /* another run made it meanwhile */
    }
    return fs.existsSync(path.join(dir, 'Python.h')) ? dir : undefined;
  } catch {
    return undefined;
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

function statOf(f: string): string {
  try {
    const st = fs.statSync(f);
    return `${st.size}:${st.mtimeMs}`;
  } catch {
    return '-';
  }
}

function succeeds(argv: string[], env: NodeJS.ProcessEnv): Promise<boolean> {
  return new Promise((resolve) => {
    execFile(argv[0], argv.slice(1), { env, timeout: 120_000 }, (err) => resolve(!err));
  });
}

/** The part of a rewrite result the gate reads and trims. */
export interface GatedResult {
  changes: FileChange[];
  newFiles: NewFile[];
  refused: { path: string; reason: string }[];
  findings: Finding[];
  problems: Problem[];
  extensions: { name?: string; files: string[] }[];
}

/**
 * Compile-checks every changed extension of `r` and takes out the ones whose rewrite breaks the
 * build (refused, with a finding); says once per extension when it could not be checked. The
 * extensions are checked concurrently, their outcomes applied in order (the same result as one
 * at a time).
 */
export async function gateRewrite(setup: GateSetup, r: GatedResult, given?: GateRun): Promise<void> {
  const units = [...new Set([...r.changes.map((c) => c.unit), ...r.newFiles.map((n) => n.unit)].filter((u): u is string => !!u))].sort();
  // A change names its extension by the extension's first file; extensions that share it (a
  // common header first) share their changes' unit: they are compiled, and refused, together.
  const filesOf = (unit: string): string[] => [...new Set(r.extensions.filter((e) => e.files[0] === unit).flatMap((e) => e.files))];
  const outcomes = await withRun(given, (run) =>
    Promise.all(
      units.map((unit) => {
        const files = filesOf(unit);
        if (files.length === 0) return undefined;
        const changes = r.changes.filter((c) => c.unit === unit);
        const newFiles = r.newFiles.filter((n) => n.unit === unit);
        return run.extensions.run(() => gateExtension(setup, files, changes, newFiles, run));
      }),
    ),
  );
  units.forEach((unit, i) => {
    const files = filesOf(unit);
    const outcome = outcomes[i];
    if (!outcome) return;
    if (outcome.kind === 'refused') {
      r.changes = r.changes.filter((c) => c.unit !== unit);
      r.newFiles = r.newFiles.filter((n) => n.unit !== unit);
      const at = files.find((f) => outcome.file !== undefined && path.resolve(f) === outcome.file) ?? unit;
      for (const f of files) r.refused.push({ path: f, reason: f === at ? outcome.reason : `${outcome.reason} (in ${at})` });
      r.findings.push({ file: at, line: 1, col: 1, rule: 'engine/refused', severity: 'error', fix: 'manual', message: outcome.reason, suggestion: 'give every file of the extension in the PATHs (a header outside them may use what the rewrite moved); if they all are, report this with the files (a pyext-isolate bug); selecting fewer transforms gets the others applied' });
    } else if (outcome.kind === 'unchecked') {
      r.problems.push({ path: unit, message: `not compile-checked: ${outcome.why}`, level: 'info' });
    } else {
      for (const w of outcome.added ?? []) r.findings.push(addedWarningFinding(w, files));
    }
  });
  // An extension the gate refused leaves the files it shares with others as they are: so must they.
  agreeOnSharedFiles(r);
}

/**
 * `ok` may carry the warnings the rewrite adds (compiled with -Wall -Wextra -Wdeclaration-after-statement
 * against the newest headers, compared with the original's by text): the result compiles, so it is
 * written, and each added warning is reported.
 */
/** A warning the rewrite adds, as a finding at its line of the rewritten file (named as the user gave it). */
function addedWarningFinding(w: AddedWarning, files: string[]): Finding {
  const given = files.find((f) => path.resolve(f) === w.file);
  const rel = path.relative(process.cwd(), w.file);
  const file = given ?? (rel.startsWith('..') || path.isAbsolute(rel) ? w.file : rel);
  return {
    file,
    line: w.line,
    col: w.col ?? 1,
    rule: 'engine/added-warning',
    severity: 'warning',
    fix: 'manual',
    message: `the rewrite adds a compiler warning the original does not show (headers of Python ${w.version}, ${WARNING_FLAGS.join(' ')}): ${w.message}${w.option ? ` [${w.option}]` : ''}${w.function ? ` (in ${w.function})` : ''}`,
    suggestion: 'the rewrite is written (it compiles); a build with -Werror for this warning fails: fix that line by hand, and report it with the file (a pyext-isolate bug)',
  };
}

export type GateOutcome = { kind: 'ok'; added?: AddedWarning[] } | { kind: 'refused'; reason: string; file?: string } | { kind: 'unchecked'; why: string };

/** A warning the rewrite adds: where (the user's path, the rewritten line), and with which headers. */
export interface AddedWarning extends CompilerWarning {
  version: string;
}

type Target = GateSetup['targets'][number];

interface CompileResult {
  ok: boolean;
  /** The compiler did not run to its end (not started, stopped, no answer): never cached. */
  incomplete?: boolean;
  /** The first error: its file (relative to the scratch base when inside it), line, column, message. */
  error?: { file: string; line: number; col?: number; message: string };
  /** When the compiler did not run or said nothing parseable. */
  failure?: string;
  /** Files read from outside the scratch copy and the Python headers, with size and mtime: a cached result is stale when one changed. */
  deps?: [string, number, number][];
  /** The compiler's warnings (files as the scratch copy rebases them), when there were any. */
  warnings?: CompilerWarning[];
}

/**
 * One extension: its files, the changes and new files of its rewrite. The rewrite's compiles run
 * concurrently (at most `compiles` at a time across the run); a failure is then decided in the
 * order of a serial run (targets oldest first, units sorted), so the outcome does not depend on
 * which compile finished first.
 */
export async function gateExtension(setup: GateSetup, files: string[], changes: FileChange[], newFiles: NewFile[], given?: GateRun): Promise<GateOutcome> {
  return withRun(given, (run) => gateOne(setup, files, changes, newFiles, run));
}

async function gateOne(setup: GateSetup, files: string[], changes: FileChange[], newFiles: NewFile[], run: GateRun): Promise<GateOutcome> {
  const after = new Map<string, string>();
  for (const c of changes) after.set(path.resolve(c.path), c.after);
  for (const n of newFiles) after.set(path.resolve(n.path), n.content);
  const abs = files.map((f) => path.resolve(f));
  const units = translationUnits(abs, after);
  if (units.length === 0) return { kind: 'unchecked', why: 'no .c file to compile (templates and headers only)' };
  // The fast path forces the precompiled Python.h first; not where macros set before Python.h
  // change what it declares (the limited API, core builds): there a "compiles" could be wrong.
  const force = !abs.some((f) => /\bPy_(LIMITED_API|BUILD_CORE)/.test(after.get(f) ?? readOrEmpty(f)));
  const search = includeSearch(setup, abs, units, commonDir([...abs, ...after.keys()]));
  const systemDirs = setup.systemIncludeDirs.length > 0 ? [...setup.systemIncludeDirs, ...setup.targets.flatMap((t) => t.includeDirs)] : [];
  const todo = unitsToCompile(units, after, { dirs: search.dirs, forced: [...search.forced, ...(force ? ['Python.h'] : [])], systemDirs }, readOrUndefined);
  if (todo.length === 0) return { kind: 'ok' };
  const rewritten = new Scratch(abs, [...after.keys()]);
  let original: Scratch | undefined; // made for the first failure: the originals, beside the rewrite (both may compile at once)
  const cache = setup.cacheDir ? new ResultCache(setup.cacheDir) : undefined;
  let over = false;
  const pending: Promise<CompileResult>[] = [];
  const compile = (target: Target, scratch: Scratch, flags: string[], tu: string): Promise<CompileResult> => {
    const signature = scratch.signature();
    const p = run.compiles.run(() => (over ? Promise.resolve(NOT_RUN) : cached(cache, setup, target, flags, scratch, tu, signature, run.runner)));
    pending.push(p);
    return p;
  };
  const unchecked: string[] = [];
  const added: AddedWarning[] = [];
  try {
    rewritten.fill(after);
    // The newest target compiles with the warning flags too: its warnings are compared with the original's after.
    const plans = setup.targets.map((target, i) => {
      const exactTarget = { ...target, pchDir: undefined };
      const warn = i === setup.targets.length - 1;
      return { target, exactTarget, warn, fast: compileFlags(setup, target, rewritten, search, force, warn), exact: compileFlags(setup, exactTarget, rewritten, search, false, warn) };
    });
    /** The newest target's compile of each unit that passed, and whether it took the exact flags. */
    const passed = new Map<string, { result: CompileResult; exact: boolean }>();
    // The units in serial order (targets oldest first, units sorted) and decided in that order.
    // Each target's first unit starts at once; the others start ahead of the one being decided
    // once a unit has compiled: all at once when everything compiles (the common case), little
    // wasted on a tree whose units do not compile at all (the target stops at its second such unit).
    const order = plans.flatMap((p, i) => todo.map((tu) => ({ i, p, tu })));
    const fast = new Map<number, Promise<CompileResult>>();
    const stopped = new Set<number>();
    const failedOriginals = new Map<number, number>();
    const start = (n: number): void => {
      const o = order[n];
      if (!fast.has(n) && !stopped.has(o.i)) fast.set(n, compile(o.p.target, rewritten, o.p.fast, o.tu));
    };
    plans.forEach((_, i) => start(i * todo.length));
    let compiled = 0;
    for (let k = 0; k < order.length; k++) {
      for (let n = k; n < Math.min(order.length, k + Math.min(run.ahead, 1 + compiled)); n++) start(n);
      const { i, p, tu } = order[k];
      const first = stopped.has(i) ? undefined : await fast.get(k);
      if (first?.ok) compiled++;
      if (first?.ok && p.warn) passed.set(tu, { result: first, exact: false });
      if (!first || first.ok) continue;
      // The precompiled header only ever speeds a compile up: every failure is decided without it.
      const rAfter = p.target.pchDir ? await compile(p.exactTarget, rewritten, p.exact, tu) : first;
      if (rAfter.ok && p.warn) passed.set(tu, { result: rAfter, exact: true });
      if (rAfter.ok) continue;
      original ??= new Scratch(abs, [...after.keys()]);
      const rBefore = await compile(p.exactTarget, original, compileFlags(setup, p.exactTarget, original, search, false, p.warn), tu);
      if (rBefore.ok) {
        const file = rAfter.error ? rewritten.unbase(rAfter.error.file) : undefined;
        const where = file !== undefined && after.has(file) ? ' (a line of the rewritten file)' : '';
        return { kind: 'refused', file, reason: `the rewrite would not compile with the headers of Python ${p.target.version} (the original does): ${describe(rAfter, rewritten)}${where}; the extension is left untouched` };
      }
      unchecked.push(`the original ${path.basename(tu)} does not compile with the headers of Python ${p.target.version} and the flags known (${describe(rBefore, original)}); give its include dirs and defines in compile_commands.json or [tool.pyext-isolate] include-dirs / defines`);
      // One unit the flags cannot build (a file of another platform) says nothing about the others:
      // they are still checked. A second one: a tree the flags do not fit, the target stops there.
      failedOriginals.set(i, (failedOriginals.get(i) ?? 0) + 1);
      if (failedOriginals.get(i)! >= 2) stopped.add(i);
    }
    // The differential warnings check, on the newest target: only a unit whose rewrite warns needs
    // the original compiled (with the same flags) to tell which of its warnings are new.
    const last = plans[plans.length - 1];
    const warned = todo.filter((tu) => passed.get(tu)?.result.warnings?.length);
    if (warned.length > 0 && unchecked.length === 0) {
      original ??= new Scratch(abs, [...after.keys()]);
      const orig = original;
      const befores = await Promise.all(
        warned.map((tu) => {
          const exact = passed.get(tu)!.exact;
          const target = exact ? last.exactTarget : last.target;
          return compile(target, orig, compileFlags(setup, target, orig, search, exact ? false : force, true), tu);
        }),
      );
      warned.forEach((tu, n) => {
        // An original that does not compile with these flags cannot be compared: its warnings are unknown.
        if (!befores[n].ok) return;
        const inUserTree = (ws: CompilerWarning[] | undefined, s: Scratch): CompilerWarning[] => (ws ?? []).map((w) => ({ ...w, file: s.unbase(w.file) }));
        const base = rewritten.base;
        for (const w of newWarnings(inUserTree(befores[n].warnings, orig), base, inUserTree(passed.get(tu)!.result.warnings, rewritten), base)) {
          if (!added.some((a) => a.file === w.file && a.line === w.line && a.message === w.message)) added.push({ ...w, version: last.target.version });
        }
      });
    }
  } finally {
    // Compiles still queued do not start; those running end before their scratch copy goes.
    over = true;
    await Promise.allSettled(pending);
    rewritten.remove();
    original?.remove();
  }
  if (unchecked.length > 0) return { kind: 'unchecked', why: unchecked[0] };
  // A new misleading indentation means the rewrite changed which statements a condition guards:
  // it compiles, yet does something else.
  const misleading = added.find((w) => w.option === '-Wmisleading-indentation');
  if (misleading) {
    const at = `${path.basename(misleading.file)}:${misleading.line}${misleading.col ? `:${misleading.col}` : ''}`;
    return { kind: 'refused', file: misleading.file, reason: `the rewrite would change which statements a condition guards (headers of Python ${misleading.version}): ${at}: ${misleading.message} [-Wmisleading-indentation]` };
  }
  // Warnings that newer compilers make errors by default (GCC 14, clang 16): a build there breaks,
  // and each says the code does something else than meant (`return NULL;` from an int function).
  const fatal = added.find((w) => w.option !== undefined && ERRORS_IN_NEWER_COMPILERS.has(w.option));
  if (fatal) {
    const at = `${path.basename(fatal.file)}:${fatal.line}${fatal.col ? `:${fatal.col}` : ''}`;
    return { kind: 'refused', file: fatal.file, reason: `the rewrite would add a warning that GCC 14 and clang 16 make an error (headers of Python ${fatal.version}): ${at}: ${fatal.message} [${fatal.option}]` };
  }
  return added.length > 0 ? { kind: 'ok', added: added.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1)) } : { kind: 'ok' };
}

/** Warnings that are errors by default in GCC 14 and clang 16. */
const ERRORS_IN_NEWER_COMPILERS = new Set(['-Wint-conversion', '-Wreturn-mismatch', '-Wincompatible-pointer-types', '-Wimplicit-function-declaration', '-Wimplicit-int']);

/** The .c files of the extension that no other file includes (what a build compiles). */
function translationUnits(files: string[], after: Map<string, string>): string[] {
  const included = new Set<string>();
  const texts = new Map<string, string>();
  for (const f of [...files, ...after.keys()]) {
    const text = after.get(f) ?? readOrEmpty(f);
    texts.set(f, text);
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+\.c)"/gm)) included.add(path.resolve(path.dirname(f), m[1]));
  }
  return files.filter((f) => f.endsWith('.c') && !included.has(f)).sort();
}

function readOrEmpty(f: string): string {
  return readOrUndefined(f) ?? '';
}

function readOrUndefined(f: string): string | undefined {
  try {
    return fs.readFileSync(f, 'latin1');
  } catch {
    return undefined;
  }
}

/**
 * A scratch copy of the directories that hold the extension: its files written (as they are, or
 * as the rewrite makes them), every other file of those directories a symlink to the original.
 * The copy is never a way into the user's tree: files are unlinked before they are written.
 */
class Scratch {
  /** The copy of the base. */
  readonly root: string;
  readonly base: string;
  /** Holds the copy and the compiles' dependency files. */
  private readonly top: string;
  private deps = 0;
  private readonly linked: string[] = [];
  private written = new Set<string>();
  private current = new Map<string, string>();
  private signed?: string;

  constructor(private readonly files: string[], private readonly generated: string[]) {
    this.base = commonDir([...files, ...generated]);
    this.top = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-gate-'));
    this.root = path.join(this.top, 'tree');
    const dirs = new Set([...files, ...generated].map((f) => path.dirname(f)));
    for (const d of dirs) {
      fs.mkdirSync(this.map(d), { recursive: true });
      let names: fs.Dirent[] = [];
      try {
        names = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        /* a directory that cannot be listed: its other files are simply not there */
      }
      for (const e of names.slice(0, 4000)) {
        if (!e.isFile()) continue;
        const src = path.join(d, e.name);
        fs.symlinkSync(src, this.map(src));
        this.linked.push(src);
      }
    }
  }

  /** Where a path of the user's tree is in the scratch copy (paths outside the base stay). */
  map(p: string): string {
    const rel = path.relative(this.base, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? p : path.join(this.root, rel);
  }

  /** A path (or a flag holding one) with the scratch root and the base written as placeholders: for cache keys. */
  rebase(p: string): string {
    return p.split(this.root).join('<scratch>').split(this.base).join('<base>');
  }

  /** The inverse of rebase, to the user's tree (a file of the copy is its original). */
  unbase(p: string): string {
    return p.split('<scratch>').join(this.base).split('<base>').join(this.base);
  }

  /** Sets the contents: `contents` for the paths it has, the originals (links) for the others. */
  fill(contents: Map<string, string>): void {
    for (const f of this.written) {
      fs.rmSync(this.map(f), { force: true });
      if (this.linked.includes(f)) fs.symlinkSync(f, this.map(f));
    }
    this.written = new Set();
    for (const [f, text] of contents) {
      const to = this.map(f);
      if (to === f) continue; // outside the base: never written
      fs.rmSync(to, { force: true });
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, Buffer.from(text, 'latin1'), { flag: 'wx' });
      this.written.add(f);
    }
    this.current = contents;
    this.signed = undefined;
  }

  /** A hash of the extension's files as the copy has them (what else a compile reads, its dependencies say). */
  signature(): string {
    return (this.signed ??= this.computeSignature());
  }

  private computeSignature(): string {
    const h = crypto.createHash('sha256');
    for (const f of [...new Set([...this.files, ...this.generated])].sort()) {
      const rel = path.relative(this.base, f);
      const text = this.current.get(f) ?? (this.files.includes(f) ? readOrEmpty(f) : undefined);
      h.update(text === undefined ? `${rel}\0-\0` : `${rel}\0${sha(text)}\0`);
    }
    return h.digest('hex');
  }

  /** The extension's files and the generated ones: the signature covers them. */
  covers(f: string): boolean {
    return this.files.includes(f) || this.generated.includes(f);
  }

  /** A new name for one compile's -MF output (compiles run concurrently). */
  depFile(): string {
    return path.join(this.top, `deps-${this.deps++}`);
  }

  remove(): void {
    fs.rmSync(this.top, { recursive: true, force: true });
  }
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}

/** Where the compiles look for headers (the user's tree; each dir's scratch copy goes first), and the other flags of compile_commands.json. */
interface Search {
  dirs: string[];
  /** -include files. */
  forced: string[];
  /** -D/-U/-std and -include as they come. */
  other: string[];
}

function includeSearch(setup: GateSetup, files: string[], units: string[], base: string): Search {
  const dirs: string[] = [];
  const forced: string[] = [];
  const other: string[] = [];
  const addDir = (d: string): void => {
    if (!dirs.includes(d)) dirs.push(d);
  };
  for (const d of setup.includeDirs) addDir(d);
  if (setup.compileCommands) {
    for (const tu of units) {
      const fl = flagsFromCompileCommands(setup.compileCommands, tu) ?? [];
      for (let i = 0; i < fl.length; i++) {
        if (fl[i] === '-I' || fl[i] === '-isystem' || fl[i] === '-iquote') addDir(fl[++i]);
        else if (fl[i] === '-include') {
          forced.push(fl[i + 1]);
          other.push(fl[i], fl[++i]);
        } else if (!other.includes(fl[i])) other.push(fl[i]);
      }
    }
  }
  for (const f of files) addDir(path.dirname(f));
  for (const d of guessedIncludeDirs(files, base)) addDir(d);
  return { dirs, forced, other };
}

/** The flags for one target: scratch dirs before the originals, the Python headers last. */
function compileFlags(setup: GateSetup, target: GateSetup['targets'][number], scratch: Scratch, search: Search, forcePython: boolean, warn: boolean): string[] {
  const dirs = [...new Set(search.dirs.flatMap((d) => [scratch.map(d), d]))];
  return ['-fsyntax-only', ...(warn ? WARNING_FLAGS : []), '-Werror=implicit-function-declaration', '-Werror=incompatible-pointer-types', ...setup.defines.map((d) => `-D${d}`), ...search.other, ...(target.pchDir ? [`-I${target.pchDir}`, ...(forcePython ? ['-include', 'Python.h'] : [])] : []), ...dirs.map((d) => `-I${d}`), ...target.includeDirs.map((d) => `-I${d}`)];
}

/** `include/` directories beside the extension's directories and above them, up to their common base's parent. */
function guessedIncludeDirs(files: string[], base: string): string[] {
  const out: string[] = [];
  const stop = path.dirname(base);
  for (const f of files) {
    for (let d = path.dirname(f); ; d = path.dirname(d)) {
      const inc = path.join(d, 'include');
      if (!out.includes(inc) && isDir(inc)) out.push(inc);
      if (d === stop || path.dirname(d) === d || path.relative(stop, d).startsWith('..')) break;
    }
  }
  return out;
}

function isDir(p: string): boolean {
  try {
    return fs.statSync(p).isDirectory();
  } catch {
    return false;
  }
}

async function compile(setup: GateSetup, flags: string[], scratch: Scratch, tu: string, pythonDirs: string[], runner: ShellRunner): Promise<CompileResult> {
  const depFile = scratch.depFile();
  const argv = [...setup.cc, ...flags, '-MD', '-MF', depFile, scratch.map(tu)];
  const r = await runner.run(argv, { cwd: path.dirname(scratch.map(tu)), timeoutMs: 120_000 });
  if (r.status === null) return { ok: false, incomplete: true, failure: r.error ?? `${argv[0]} did not finish` };
  const deps = dependencies(depFile, scratch, pythonDirs);
  fs.rmSync(depFile, { force: true });
  const cwd = path.dirname(scratch.map(tu));
  const warnings = parseWarnings(r.output).warnings.map((w) => ({ ...w, file: scratch.rebase(path.resolve(cwd, w.file)) }));
  if (r.status === 0) return { ok: true, deps, ...(warnings.length > 0 ? { warnings } : {}) };
  const first = parseDiagnostics(r.output).find((d) => d.severity === 'error');
  if (!first) return { ok: false, deps, failure: r.output.trim().split('\n')[0] || `exit status ${r.status}` };
  return { ok: false, deps, error: { file: scratch.rebase(path.resolve(path.dirname(scratch.map(tu)), first.file)), line: first.line, col: first.col, message: first.message } };
}

/** The files a compile read (its -MD output) outside the scratch copy and the Python headers. */
function dependencies(depFile: string, scratch: Scratch, pythonDirs: string[]): [string, number, number][] {
  let text: string;
  try {
    text = fs.readFileSync(depFile, 'latin1');
  } catch {
    return [];
  }
  const words = text.replace(/\\\n/g, ' ').split(/\s+/).slice(1).filter((w) => w !== '');
  const out: [string, number, number][] = [];
  for (const w of new Set(words)) {
    const f = path.resolve(w);
    if (pythonDirs.some((d) => f.startsWith(d + path.sep)) || f.startsWith('/usr/')) continue;
    const orig = f.startsWith(scratch.root + path.sep) ? scratch.unbase(scratch.rebase(f)) : f;
    if (scratch.covers(orig)) continue;
    try {
      const st = fs.statSync(orig);
      out.push([scratch.rebase(orig), st.size, st.mtimeMs]);
    } catch {
      /* gone already: the next lookup misses */
    }
  }
  return out;
}

/** The first error as the user reads it: `file:line:col: error: message`, the path relative to the working directory. */
function describe(r: CompileResult, scratch: Scratch): string {
  if (!r.error) return r.failure ?? 'the compiler failed';
  const file = scratch.unbase(r.error.file);
  const rel = path.relative(process.cwd(), file);
  return `${rel.startsWith('..') || path.isAbsolute(rel) ? file : rel}:${r.error.line}${r.error.col ? `:${r.error.col}` : ''}: error: ${r.error.message}`;
}

/**
 * A compile result from the cache, or computed and stored. The key holds no path of this copy of
 * the tree (the same extension elsewhere hits), and a hit whose outside dependencies changed misses.
 */
async function cached(cache: ResultCache | undefined, setup: GateSetup, target: GateSetup['targets'][number], flags: string[], scratch: Scratch, tu: string, signature: string, runner: ShellRunner): Promise<CompileResult> {
  const run = (): Promise<CompileResult> => compile(setup, flags, scratch, tu, target.includeDirs, runner);
  if (!cache) return run();
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ kind: 'compile-gate', v: toolFingerprint(), cc: setup.cc, ccVersion: setup.ccVersion, version: target.version, headers: target.includeDirs, flags: flags.map((f) => scratch.rebase(f)), tu: scratch.rebase(tu), signature }))
    .digest('hex');
  const hit = cache.getJson<CompileResult>(key);
  if (hit && typeof hit.ok === 'boolean' && (hit.deps ?? []).every(([f, size, mtime]) => sameFile(scratch.unbase(f), size, mtime))) return hit;
  const res = await run();
  if (!res.incomplete) cache.setJson(key, res);
  return res;
}

/** A compile not started because the extension was decided meanwhile. */
const NOT_RUN: CompileResult = { ok: false, incomplete: true, failure: 'not run' };

function sameFile(f: string, size: number, mtime: number): boolean {
  try {
    const st = fs.statSync(f);
    return st.size === size && st.mtimeMs === mtime;
  } catch {
    return false;
  }
}

export type { PyVersion };
