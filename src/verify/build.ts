/**
 * Compiling one extension module for one interpreter: `$CC`/`cc -shared -fPIC -Wall` into a temp dir.
 * The compiler's output is kept verbatim; diagnostics are parsed from its `file:line[:col]: severity:` lines.
 */
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { Interpreter } from './interpreters';
import { whichSync } from './interpreters';
import { baselinePath } from './baseline';
import { flagsFromCompileCommands, splitCommand } from '../engine/compile-commands';

export { flagsFromCompileCommands, splitCommand };

export interface Diagnostic {
  file: string;
  line: number;
  col?: number;
  severity: 'error' | 'warning' | 'note';
  message: string;
}

export interface BuildOptions {
  /** Module name as imported ("spam" or "pkg.spam"); the .so is placed at <outDir>/pkg/spam<EXT_SUFFIX>. */
  module: string;
  sources: string[];
  includeDirs?: string[];
  /** "NAME" or "NAME=VALUE" */
  defines?: string[];
  interpreter: Interpreter;
  werror?: boolean;
  extraCflags?: string[];
  /** Compiler command (may carry arguments, e.g. "ccache gcc"); default $CC, else cc, gcc, clang on PATH. */
  cc?: string;
  /** Where to build; default a fresh directory under os.tmpdir() (the caller removes it). */
  outDir?: string;
  /** A compile_commands.json whose -I/-D/-U/-include/-std flags are used for the sources it lists. */
  compileCommands?: string;
  env?: NodeJS.ProcessEnv;
  timeoutMs?: number;
  /**
   * Build the files of this tree from another directory (a baseline, see baseline.ts): sources,
   * include dirs and compile_commands.json paths under `root` are read from `dir` instead.
   */
  readFrom?: { root: string; dir: string };
}

export interface BuildResult {
  ok: boolean;
  soPath?: string;
  outDir: string;
  command: string[];
  /** Verbatim compiler stdout+stderr. */
  output: string;
  diagnostics: Diagnostic[];
}

/** Flags always used; the two -Werror= ones turn load-time surprises into compile errors (architecture §10). */
export const BASE_CFLAGS = ['-shared', '-fPIC', '-Wall', '-Werror=implicit-function-declaration', '-Werror=incompatible-pointer-types', '-O1', '-g'];

export class NoCompilerError extends Error {}

/**
 * The compiler to use: `cc` option, else $CC, else the first of cc, gcc, clang on PATH.
 * Throws NoCompilerError naming what was looked for and where.
 */
export function resolveCompiler(cc: string | undefined, env: NodeJS.ProcessEnv = process.env): string[] {
  const dirs = (env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const explicit = cc ?? (env.CC && env.CC.trim() ? env.CC : undefined);
  if (explicit) {
    const argv = splitCommand(explicit);
    if (argv.length && whichSync(argv[0], env)) return argv;
    throw new NoCompilerError(
      `no C compiler found: ${cc ? '--cc' : '$CC'}=${JSON.stringify(explicit)} is not an executable ` +
        `(looked for ${JSON.stringify(argv[0] ?? '')} in PATH: ${dirs.join(path.delimiter) || '(empty)'})`,
    );
  }
  for (const name of ['cc', 'gcc', 'clang']) {
    const p = whichSync(name, env);
    if (p) return [name];
  }
  throw new NoCompilerError(
    `no C compiler found: $CC is not set and none of cc, gcc, clang is in PATH (${dirs.join(path.delimiter) || '(empty)'})`,
  );
}

const DIAG = /^(.+?):(\d+)(?::(\d+))?: (fatal error|error|warning|note): (.*)$/;

/** Parses gcc/clang diagnostics (`file:line[:col]: severity: message`). */
export function parseDiagnostics(output: string): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const raw of output.split(/\r?\n/)) {
    const m = DIAG.exec(raw);
    if (!m) continue;
    const sev = m[4] === 'fatal error' ? 'error' : (m[4] as Diagnostic['severity']);
    out.push({ file: m[1], line: Number(m[2]), ...(m[3] ? { col: Number(m[3]) } : {}), severity: sev, message: m[5] });
  }
  return out;
}

export function runCompiler(argv: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<{ code: number | null; output: string; error?: string }> {
  return new Promise((resolve) => {
    let output = '';
    let settled = false;
    const child = spawn(argv[0], argv.slice(1), { env, stdio: ['ignore', 'pipe', 'pipe'] });
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      output += `\npyext-isolate: compiler timed out after ${Math.round(timeoutMs / 1000)} s\n`;
    }, timeoutMs);
    child.stdout.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.stderr.on('data', (d: Buffer) => (output += d.toString('utf8')));
    child.on('error', (e) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code: null, output, error: e.message });
    });
    child.on('close', (code) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

/** Reads a path of the tree from the baseline directory when `readFrom` says so. */
function mapper(opts: Pick<BuildOptions, 'readFrom'>): (p: string) => string {
  const rf = opts.readFrom;
  if (!rf) return (p) => path.resolve(p);
  return (p) => baselinePath(rf, p);
}

/**
 * The sources (absolute, mapped) and the flags that locate their headers: -I for the given include
 * dirs, each source's directory and the interpreter's headers, then the compile_commands.json flags
 * (de-duplicated across the sources' entries, order kept), then -D defines. Shared by the build and
 * by the warnings compile, so that both see the same code.
 */
export function compileInputs(opts: Pick<BuildOptions, 'sources' | 'includeDirs' | 'defines' | 'interpreter' | 'compileCommands' | 'readFrom'>): { sources: string[]; flags: string[] } {
  const map = mapper(opts);
  const sources = opts.sources.map((s) => map(s));
  const incs: string[] = [];
  const pushInc = (d: string | undefined): void => {
    if (d && !incs.includes(d)) incs.push(d);
  };
  for (const d of opts.includeDirs ?? []) pushInc(map(d));
  for (const s of sources) pushInc(path.dirname(s));
  pushInc(opts.interpreter.includeDir);
  pushInc(opts.interpreter.platIncludeDir);
  const ccFlags: string[] = [];
  const seen = new Set<string>();
  if (opts.compileCommands) {
    for (const s of opts.sources) {
      const fl = flagsFromCompileCommands(opts.compileCommands, path.resolve(s)) ?? [];
      for (let i = 0; i < fl.length; i++) {
        const group = ['-I', '-isystem', '-iquote', '-include'].includes(fl[i]) ? [fl[i], map(fl[++i])] : [fl[i]];
        const key = group.join('\0');
        if (seen.has(key)) continue;
        seen.add(key);
        ccFlags.push(...group);
      }
    }
  }
  return { sources, flags: [...incs.map((d) => `-I${d}`), ...ccFlags, ...(opts.defines ?? []).map((d) => `-D${d}`)] };
}

/**
 * Makes <outDir> ready to hold the module (package directories with their __init__.py, and a
 * package's Python siblings) and returns where the extension goes: <outDir>/<module path><EXT_SUFFIX>.
 */
export function prepareModuleDir(opts: Pick<BuildOptions, 'module' | 'sources' | 'interpreter' | 'readFrom'>, outDir: string): string {
  fs.mkdirSync(outDir, { recursive: true });
  const parts = opts.module.split('.');
  let pkgDir = outDir;
  for (const p of parts.slice(0, -1)) {
    pkgDir = path.join(pkgDir, p);
    fs.mkdirSync(pkgDir, { recursive: true });
    const init = path.join(pkgDir, '__init__.py');
    if (!fs.existsSync(init)) fs.writeFileSync(init, '');
  }
  // `pkg.mod` built from pkg/mod.c inside a real package: its Python siblings come along, so the
  // module can import them (`from pkg import utils`).
  const srcPkg = opts.sources.length > 0 ? path.dirname(mapper(opts)(opts.sources[0])) : undefined;
  if (parts.length > 1 && srcPkg && path.basename(srcPkg) === parts[parts.length - 2] && fs.existsSync(path.join(srcPkg, '__init__.py'))) {
    for (const f of fs.readdirSync(srcPkg)) if (f.endsWith('.py')) fs.copyFileSync(path.join(srcPkg, f), path.join(pkgDir, f));
  }
  return path.join(pkgDir, parts[parts.length - 1] + opts.interpreter.extSuffix);
}

/**
 * How long one compiler run may take when the checks may take `checkTimeoutMs` each: two minutes at
 * least, longer when verify's --timeout asks for more (a vendored library of thirty files on a loaded
 * machine takes longer than two minutes; the checks' 60 s default never shortens a build).
 */
export function buildTimeoutMs(checkTimeoutMs?: number): number {
  return Math.max(120_000, checkTimeoutMs ?? 0);
}

/** Compiles the module's sources into <outDir>/<module path><EXT_SUFFIX>. */
export async function buildExtension(opts: BuildOptions): Promise<BuildResult> {
  const env = opts.env ?? process.env;
  const outDir = opts.outDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-build-'));
  const soPath = prepareModuleDir(opts, outDir);
  let cc: string[];
  try {
    cc = resolveCompiler(opts.cc, env);
  } catch (e) {
    const msg = (e as Error).message;
    return { ok: false, outDir, command: [], output: msg + '\n', diagnostics: [] };
  }
  const { sources, flags } = compileInputs(opts);
  const platform: string[] = process.platform === 'darwin' ? ['-undefined', 'dynamic_lookup'] : [];
  const command = [
    ...cc,
    ...BASE_CFLAGS,
    ...(opts.werror ? ['-Werror'] : []),
    ...platform,
    ...(opts.extraCflags ?? []),
    ...flags,
    ...sources,
    '-o',
    soPath,
  ];
  const r = await runCompiler(command, env, opts.timeoutMs ?? buildTimeoutMs());
  const output = compilerOutput(r, cc[0]);
  const ok = r.code === 0 && fs.existsSync(soPath);
  return { ok, ...(ok ? { soPath } : {}), outDir, command, output, diagnostics: parseDiagnostics(output) };
}

/** What a compiler run printed, with a line saying why when it could not be run at all. */
export function compilerOutput(r: { output: string; error?: string }, cc: string): string {
  if (!r.error) return r.output;
  return `${r.output}${r.output && !r.output.endsWith('\n') ? '\n' : ''}pyext-isolate: cannot run ${cc}: ${r.error}\n`;
}
