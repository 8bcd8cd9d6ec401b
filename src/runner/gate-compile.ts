/**
 * One compile of the gate: its flags (scratch dirs before the originals, Python's headers last),
 * the compiler run with its dependencies recorded, the first error as the user reads it, and the
 * result cached by content with the outside dependencies checked on a hit.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { PyVersion } from '../core/pyversion';
import { ResultCache } from './cache';
import { toolFingerprint } from './tool-version';
import { flagsFromCompileCommands, parseDiagnostics } from '../verify/build';
import { parseWarnings, WARNING_FLAGS, CompilerWarning } from '../verify/warnings';
import { ShellRunner } from './shell-runner';
import type { GateSetup } from './gate-setup';
import { Scratch } from './gate-scratch';

export interface CompileResult {
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

/** Where the compiles look for headers (the user's tree; each dir's scratch copy goes first), and the other flags of compile_commands.json. */
interface Search {
  dirs: string[];
  /** -include files. */
  forced: string[];
  /** -D/-U/-std and -include as they come. */
  other: string[];
}

export function includeSearch(setup: GateSetup, files: string[], units: string[], base: string): Search {
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
export function compileFlags(setup: GateSetup, target: GateSetup['targets'][number], scratch: Scratch, search: Search, forcePython: boolean, warn: boolean): string[] {
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
export function describe(r: CompileResult, scratch: Scratch): string {
  if (!r.error) return r.failure ?? 'the compiler failed';
  const file = scratch.unbase(r.error.file);
  const rel = path.relative(process.cwd(), file);
  return `${rel.startsWith('..') || path.isAbsolute(rel) ? file : rel}:${r.error.line}${r.error.col ? `:${r.error.col}` : ''}: error: ${r.error.message}`;
}

/**
 * A compile result from the cache, or computed and stored. The key holds no path of this copy of
 * the tree (the same extension elsewhere hits), and a hit whose outside dependencies changed misses.
 */
export async function cached(cache: ResultCache | undefined, setup: GateSetup, target: GateSetup['targets'][number], flags: string[], scratch: Scratch, tu: string, signature: string, runner: ShellRunner): Promise<CompileResult> {
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
export const NOT_RUN: CompileResult = { ok: false, incomplete: true, failure: 'not run' };

function sameFile(f: string, size: number, mtime: number): boolean {
  try {
    const st = fs.statSync(f);
    return st.size === size && st.mtimeMs === mtime;
  } catch {
    return false;
  }
}

export type { PyVersion };
