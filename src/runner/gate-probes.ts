/**
 * What the compile gate asks the machine before it compiles: the compiler's version line and its
 * own include directories, and, per CPython interpreter, its version and headers. Each answer is a
 * child process (about 0.25 s of CPU a run, most of it two interpreter start-ups), the same on
 * every run while the executables stay as they are; so the answers are kept in the result cache,
 * keyed by the executables' identity (path, size, mtime and inode, of the name and of the file it
 * resolves to), and a run whose tools did not change starts no probe at all.
 *
 * A kept answer is checked before use: the compiler's own programs (`cc1`, `clang -cc1`, named in
 * its `-v` output: a wrapper script that stays as it is while the compiler behind it is upgraded)
 * must be unchanged, and an interpreter's Python.h must still be there. Only answers that found
 * something are kept: a failure is asked again next time (it may have been passing).
 */
import { execFile } from 'child_process';
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { whichSync, discoverInterpreters, Interpreter } from '../verify/interpreters';
import { ResultCache } from './cache';
import { toolFingerprint } from './tool-version';

/** Environment variables that change what a compiler searches or runs. */
const COMPILER_ENV = ['CPATH', 'C_INCLUDE_PATH', 'GCC_EXEC_PREFIX', 'COMPILER_PATH', 'SDKROOT'];

export interface CompilerFacts {
  /** The `--version` line; undefined when the compiler does not run. */
  version?: string;
  /** The directories it searches by itself (its `-v` list); empty when it does not say. */
  systemIncludeDirs: string[];
}

interface KeptCompiler {
  version: string;
  systemIncludeDirs: string[];
  /** The programs the compiler runs (from `-v`) with their identity when asked. */
  programs: [string, string][];
}

/** The compiler's version line and include directories, from the cache when its executables are unchanged. */
export async function compilerFacts(cc: string[], env: NodeJS.ProcessEnv, cache?: ResultCache): Promise<CompilerFacts> {
  const words = cc.map((w) => identity(w.includes('/') ? path.resolve(w) : whichSync(w, env)) ?? w);
  const key = cache && keyOf({ kind: 'gate-probe-cc', cc, words, env: COMPILER_ENV.map((v) => env[v] ?? null) });
  const kept = key ? cache!.getJson<KeptCompiler>(key) : undefined;
  if (kept && typeof kept.version === 'string' && Array.isArray(kept.programs) && kept.programs.every(([p, id]) => identity(p) === id)) {
    return { version: kept.version, systemIncludeDirs: kept.systemIncludeDirs };
  }
  const [version, verbose] = await Promise.all([firstLineOf(cc, ['--version'], env), compilerVerbose(cc, env)]);
  if (key && version !== undefined) {
    const programs = verbose.programs.map((p) => [p, identity(p)]).filter((e): e is [string, string] => e[1] !== undefined);
    cache!.setJson(key, { version, systemIncludeDirs: verbose.includeDirs, programs } satisfies KeptCompiler);
  }
  return { version, systemIncludeDirs: verbose.includeDirs };
}

/**
 * One interpreter asked about itself (verify's probe), from the cache when the executable is
 * unchanged and its headers are still there: the interpreter, or the probe's problems.
 */
export async function interpreterFacts(executable: string, env: NodeJS.ProcessEnv, cache?: ResultCache): Promise<{ found?: Interpreter; problems: string[] }> {
  const id = identity(executable);
  const key = cache && id !== undefined ? keyOf({ kind: 'gate-probe-python', executable, id }) : undefined;
  const kept = key ? cache!.getJson<Interpreter>(key) : undefined;
  if (kept && typeof kept.includeDir === 'string' && kept.includeDir !== '' && fs.existsSync(path.join(kept.includeDir, 'Python.h'))) return { found: kept, problems: [] };
  const r = await discoverInterpreters([executable], env);
  if (key && r.found[0]) cache!.setJson(key, r.found[0]);
  return { found: r.found[0], problems: r.problems };
}

function keyOf(what: object): string {
  return crypto.createHash('sha256').update(JSON.stringify({ v: toolFingerprint(), ...what })).digest('hex');
}

/** A file as it is now: its name's and its real file's size, mtime and inode; undefined when there is none. */
function identity(p: string | undefined): string | undefined {
  if (p === undefined) return undefined;
  try {
    const link = fs.lstatSync(p);
    const real = fs.realpathSync(p);
    const st = fs.statSync(real);
    return `${p}:${link.size}:${link.mtimeMs}:${link.ino}>${real}:${st.size}:${st.mtimeMs}:${st.ino}`;
  } catch {
    return undefined;
  }
}

/** The compiler's `-v` output for an empty preprocess: its include directories and the programs it runs. */
function compilerVerbose(cc: string[], env: NodeJS.ProcessEnv): Promise<{ includeDirs: string[]; programs: string[] }> {
  return new Promise((resolve) => {
    execFile(cc[0], [...cc.slice(1), '-xc', '-E', '-v', '/dev/null'], { env: { ...env, LC_ALL: 'C' }, timeout: 20_000, encoding: 'utf8' }, (err, _stdout, stderr) => {
      const text = String(stderr);
      const list = /#include <\.\.\.> search starts here:\n([^]*?)\nEnd of search list/.exec(text);
      const includeDirs = err || !list ? [] : list[1].split('\n').map((l) => l.trim()).filter((l) => path.isAbsolute(l)).map((l) => path.resolve(l));
      // gcc: ` /usr/lib/gcc/.../cc1 -E -quiet ...`; clang: ` "/usr/lib/llvm-16/bin/clang" -cc1 ...`.
      const programs = [...text.matchAll(/^ "?(\/[^"\s]+)"? /gm)].map((m) => m[1]).filter((p) => !includeDirs.includes(path.resolve(p)));
      resolve({ includeDirs, programs: [...new Set(programs)] });
    });
  });
}

function firstLineOf(cmd: string[], args: string[], env: NodeJS.ProcessEnv): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(cmd[0], [...cmd.slice(1), ...args], { env, timeout: 20_000, encoding: 'utf8' }, (err, stdout) => resolve(err ? undefined : String(stdout).split('\n')[0].trim()));
  });
}
