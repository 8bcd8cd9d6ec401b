/**
 * The compile gate's setup, once per run: the compiler, the oldest and newest CPython headers
 * found (Python.h precompiled for each, cached), include dirs and defines from the config and
 * compile_commands.json, the compiler's own include dirs.
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { minor } from '../core/pyversion';
import type { Config } from '../engine/config';
import { ResultCache } from './cache';
import { NoCompilerError, resolveCompiler } from '../verify/build';
import { installedPythons, Interpreter } from '../verify/interpreters';
import { compilerFacts, interpreterFacts } from './gate-probes';
import { findCompileCommands } from '../verify';

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
