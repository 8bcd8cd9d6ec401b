/**
 * The compile gate (diff, apply, branch): each changed extension is compiled with `-fsyntax-only`
 * against the headers of the oldest supported CPython found (>= --min-python) and of the newest,
 * after the rewrite and, only when that fails, before it. The original compiles and the result
 * does not: the extension is refused with the compiler's first error, nothing of it written. The
 * original does not compile either: it is "not compile-checked", said once per extension.
 *
 * Both sides are compiled in the same scratch copy of the extension's directories (its files as
 * they would be, the other files of those directories linked in), so a header the flags cannot
 * find fails both and is never taken for a broken rewrite. The common case (the result compiles)
 * takes a fast path: Python.h precompiled and forced first; every failure is decided again with
 * the exact flags, so the fast path can only ever save time. Include dirs and defines come from
 * compile_commands.json, the config, and the tree (the extension's directories, `include/` dirs
 * above them). Results are cached by content hash in the user cache directory.
 *
 * prepareGate runs once per run (finds the compiler and the headers); gateRewrite runs where the
 * rewrite is made (the batch workers), synchronously.
 */
import { execFile, spawnSync } from 'child_process';
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
import { discoverInterpreters, installedPythons, Interpreter } from '../verify/interpreters';
import { findCompileCommands } from '../verify';
import { commonDir } from '../core/paths';

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
  const ccVersion = await firstLineOf(cc, ['--version'], env);
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
      const r = await discoverInterpreters([p.executable], env);
      problems.push(...r.problems);
      if (r.found[0]) {
        found.push(r.found[0]);
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

function firstLineOf(cmd: string[], args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd[0], [...cmd.slice(1), ...args], { env, timeout: 20_000, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : String(stdout).split('\n')[0].trim()));
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
 * build (refused, with a finding); says once per extension when it could not be checked.
 */
export function gateRewrite(setup: GateSetup, r: GatedResult): void {
  const units = new Set([...r.changes.map((c) => c.unit), ...r.newFiles.map((n) => n.unit)].filter((u): u is string => !!u));
  for (const unit of [...units].sort()) {
    const ext = r.extensions.find((e) => e.files[0] === unit);
    if (!ext) continue;
    const outcome = gateExtension(setup, ext.files, r.changes.filter((c) => c.unit === unit), r.newFiles.filter((n) => n.unit === unit));
    if (outcome.kind === 'refused') {
      r.changes = r.changes.filter((c) => c.unit !== unit);
      r.newFiles = r.newFiles.filter((n) => n.unit !== unit);
      const at = ext.files.find((f) => outcome.file !== undefined && path.resolve(f) === outcome.file) ?? unit;
      for (const f of ext.files) r.refused.push({ path: f, reason: f === at ? outcome.reason : `${outcome.reason} (in ${at})` });
      r.findings.push({ file: at, line: 1, col: 1, rule: 'engine/refused', severity: 'error', fix: 'manual', message: outcome.reason, suggestion: 'give every file of the extension in the PATHs (a header outside them may use what the rewrite moved); if they all are, report this with the files (a pyext-isolate bug); selecting fewer transforms gets the others applied' });
    } else if (outcome.kind === 'unchecked') {
      r.problems.push({ path: unit, message: `not compile-checked: ${outcome.why}`, level: 'info' });
    }
  }
}

export type GateOutcome = { kind: 'ok' } | { kind: 'refused'; reason: string; file?: string } | { kind: 'unchecked'; why: string };

interface CompileResult {
  ok: boolean;
  /** The first error: its file (relative to the scratch base when inside it), line, column, message. */
  error?: { file: string; line: number; col?: number; message: string };
  /** When the compiler did not run or said nothing parseable. */
  failure?: string;
  /** Files read from outside the scratch copy and the Python headers, with size and mtime: a cached result is stale when one changed. */
  deps?: [string, number, number][];
}

/** One extension: its files, the changes and new files of its rewrite. */
export function gateExtension(setup: GateSetup, files: string[], changes: FileChange[], newFiles: NewFile[]): GateOutcome {
  const after = new Map<string, string>();
  for (const c of changes) after.set(path.resolve(c.path), c.after);
  for (const n of newFiles) after.set(path.resolve(n.path), n.content);
  const abs = files.map((f) => path.resolve(f));
  const units = translationUnits(abs, after);
  if (units.length === 0) return { kind: 'unchecked', why: 'no .c file to compile (templates and headers only)' };
  const scratch = new Scratch(abs, [...after.keys()]);
  const cache = setup.cacheDir ? new ResultCache(setup.cacheDir) : undefined;
  const unchecked: string[] = [];
  // The fast path forces the precompiled Python.h first; not where macros set before Python.h
  // change what it declares (the limited API, core builds): there a "compiles" could be wrong.
  const force = !abs.some((f) => /\bPy_(LIMITED_API|BUILD_CORE)/.test(after.get(f) ?? readOrEmpty(f)));
  try {
    for (const target of setup.targets) {
      const fast = compileFlags(setup, target, scratch, abs, units, force);
      const exactTarget = { ...target, pchDir: undefined };
      const exact = compileFlags(setup, exactTarget, scratch, abs, units, false);
      scratch.fill(after);
      const afterSig = scratch.signature();
      for (const tu of units) {
        // The precompiled header only ever speeds a compile up: every failure is decided without it.
        if (cached(cache, setup, target, fast, scratch, tu, afterSig).ok) continue;
        const rAfter = target.pchDir ? cached(cache, setup, exactTarget, exact, scratch, tu, afterSig) : { ok: false };
        if (rAfter.ok) continue;
        scratch.fill(new Map());
        const rBefore = cached(cache, setup, exactTarget, exact, scratch, tu, scratch.signature());
        scratch.fill(after);
        if (rBefore.ok) {
          const file = rAfter.error ? scratch.unbase(rAfter.error.file) : undefined;
          const where = file !== undefined && after.has(file) ? ' (a line of the rewritten file)' : '';
          return { kind: 'refused', file, reason: `the rewrite would not compile with the headers of Python ${target.version} (the original does): ${describe(rAfter, scratch)}${where}; the extension is left untouched` };
        }
        unchecked.push(`the original ${path.basename(tu)} does not compile with the headers of Python ${target.version} and the flags known (${describe(rBefore, scratch)}); give its include dirs and defines in compile_commands.json or [tool.pyext-isolate] include-dirs / defines`);
        break;
      }
    }
  } finally {
    scratch.remove();
  }
  return unchecked.length > 0 ? { kind: 'unchecked', why: unchecked[0] } : { kind: 'ok' };
}

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
  try {
    return fs.readFileSync(f, 'latin1');
  } catch {
    return '';
  }
}

/**
 * A scratch copy of the directories that hold the extension: its files written (as they are, or
 * as the rewrite makes them), every other file of those directories a symlink to the original.
 * The copy is never a way into the user's tree: files are unlinked before they are written.
 */
class Scratch {
  readonly root: string;
  readonly base: string;
  private readonly linked: string[] = [];
  private written = new Set<string>();
  private current = new Map<string, string>();

  constructor(private readonly files: string[], private readonly generated: string[]) {
    this.base = commonDir([...files, ...generated]);
    this.root = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-gate-'));
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
  }

  /** A hash of the extension's files as the copy has them (what else a compile reads, its dependencies say). */
  signature(): string {
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

  remove(): void {
    fs.rmSync(this.root, { recursive: true, force: true });
  }
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}

/** -D/-I flags for one target: scratch dirs before the originals, the Python headers last. */
function compileFlags(setup: GateSetup, target: GateSetup['targets'][number], scratch: Scratch, files: string[], units: string[], forcePython: boolean): string[] {
  const dirs: string[] = [];
  const other: string[] = [];
  const addDir = (d: string): void => {
    for (const x of [scratch.map(d), d]) if (!dirs.includes(x)) dirs.push(x);
  };
  for (const d of setup.includeDirs) addDir(d);
  if (setup.compileCommands) {
    for (const tu of units) {
      const fl = flagsFromCompileCommands(setup.compileCommands, tu) ?? [];
      for (let i = 0; i < fl.length; i++) {
        if (fl[i] === '-I' || fl[i] === '-isystem' || fl[i] === '-iquote') addDir(fl[++i]);
        else if (fl[i] === '-include') other.push(fl[i], fl[++i]);
        else if (!other.includes(fl[i])) other.push(fl[i]);
      }
    }
  }
  for (const f of files) addDir(path.dirname(f));
  for (const d of guessedIncludeDirs(files, scratch.base)) addDir(d);
  return ['-fsyntax-only', '-Werror=implicit-function-declaration', '-Werror=incompatible-pointer-types', ...setup.defines.map((d) => `-D${d}`), ...other, ...(target.pchDir ? [`-I${target.pchDir}`, ...(forcePython ? ['-include', 'Python.h'] : [])] : []), ...dirs.map((d) => `-I${d}`), ...target.includeDirs.map((d) => `-I${d}`)];
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

function compile(setup: GateSetup, flags: string[], scratch: Scratch, tu: string, pythonDirs: string[]): CompileResult {
  const depFile = path.join(scratch.root, '.deps');
  const argv = [...setup.cc, ...flags, '-MD', '-MF', depFile, scratch.map(tu)];
  // LC_ALL=C: plain ASCII quotes in the messages.
  const r = spawnSync(argv[0], argv.slice(1), { cwd: path.dirname(scratch.map(tu)), env: { ...process.env, LC_ALL: 'C' }, encoding: 'latin1', timeout: 120_000, maxBuffer: 16 << 20 });
  if (r.error) return { ok: false, failure: `cannot run ${argv[0]}: ${r.error.message}` };
  const deps = dependencies(depFile, scratch, pythonDirs);
  fs.rmSync(depFile, { force: true });
  if (r.status === 0) return { ok: true, deps };
  const output = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  const first = parseDiagnostics(output).find((d) => d.severity === 'error');
  if (!first) return { ok: false, deps, failure: output.trim().split('\n')[0] || `exit status ${r.status}` };
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
function cached(cache: ResultCache | undefined, setup: GateSetup, target: GateSetup['targets'][number], flags: string[], scratch: Scratch, tu: string, signature: string): CompileResult {
  const run = (): CompileResult => compile(setup, flags, scratch, tu, target.includeDirs);
  if (!cache) return run();
  const key = crypto
    .createHash('sha256')
    .update(JSON.stringify({ kind: 'compile-gate', v: toolFingerprint(), cc: setup.cc, ccVersion: setup.ccVersion, version: target.version, headers: target.includeDirs, flags: flags.map((f) => scratch.rebase(f)), tu: scratch.rebase(tu), signature }))
    .digest('hex');
  const hit = cache.getJson<CompileResult>(key);
  if (hit && typeof hit.ok === 'boolean' && (hit.deps ?? []).every(([f, size, mtime]) => sameFile(scratch.unbase(f), size, mtime))) return hit;
  const res = run();
  cache.setJson(key, res);
  return res;
}

function sameFile(f: string, size: number, mtime: number): boolean {
  try {
    const st = fs.statSync(f);
    return st.size === size && st.mtimeMs === mtime;
  } catch {
    return false;
  }
}

export type { PyVersion };
