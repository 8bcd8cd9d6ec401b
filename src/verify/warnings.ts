/**
 * The differential warnings check: the rewritten module, compiled with -Wall -Wextra
 * -Wdeclaration-after-statement, must show no warning that the original did not show. What
 * matters is the difference: a module that already warns is not the rewrite's fault (`--werror`
 * would fail it), a warning the rewrite adds is.
 *
 * Warnings are matched by text with line numbers left out: the key is the file (relative to the
 * tree's root, so the original and the rewritten file get the same key), the warning option and
 * the message. Keys are counted, so a second "unused variable 'i'" in a file is new even if the
 * first was there before. The enclosing function is shown but not matched: the rewrite may move a
 * body into a new function (f -> f_impl) and its old warnings with it. A file that only the
 * rewrite has (a generated header) has no original: all its warnings are new.
 *
 * For a caller that runs the compiler itself (the compile gate of diff/apply/branch): compile the
 * original and the rewritten tree with WARNING_FLAGS added, then diffWarnings(beforeOutput,
 * beforeRoot, afterOutput, afterRoot) gives the added warnings. verify uses compileWarnings.
 */
import * as path from 'node:path';
import { compileInputs, resolveCompiler, runCompiler } from './build';
import type { BuildOptions } from './build';

export const WARNING_FLAGS = ['-Wall', '-Wextra', '-Wdeclaration-after-statement'];

export interface CompilerWarning {
  file: string;
  line: number;
  col?: number;
  /** The function the compiler says the warning is in ("In function 'f':"), if any. */
  function?: string;
  /** The warning option, e.g. "-Wunused-variable", when the compiler names one. */
  option?: string;
  message: string;
}

export interface WarningsCompile {
  /** The compiler ran and reported no error. */
  ok: boolean;
  command: string[];
  output: string;
  warnings: CompilerWarning[];
  /** The first error, when not ok. */
  error?: string;
}

const LINE = /^(.+?):(\d+)(?::(\d+))?: (fatal error|error|warning): (.*)$/;
const IN_FUNCTION = /^(.+?): In function [‘'`"]([^’'`"]+)[’'`"]:$/;
const OUTSIDE_FUNCTION = /^(.+?): At top level:$/;

/** Warnings (with their function context) and the first error from gcc/clang output. */
export function parseWarnings(output: string): { warnings: CompilerWarning[]; error?: string } {
  const warnings: CompilerWarning[] = [];
  let error: string | undefined;
  const fnOf = new Map<string, string | undefined>();
  for (const raw of output.split(/\r?\n/)) {
    const f = IN_FUNCTION.exec(raw);
    if (f) {
      fnOf.set(f[1], f[2]);
      continue;
    }
    const top = OUTSIDE_FUNCTION.exec(raw);
    if (top) {
      fnOf.set(top[1], undefined);
      continue;
    }
    const m = LINE.exec(raw);
    if (!m) continue;
    if (m[4] !== 'warning') {
      error ??= `${m[1]}:${m[2]}${m[3] ? `:${m[3]}` : ''}: ${m[4]}: ${m[5]}`;
      continue;
    }
    const opt = /\s\[(-W[^\]]+)\]$/.exec(m[5]);
    warnings.push({
      file: m[1],
      line: Number(m[2]),
      ...(m[3] ? { col: Number(m[3]) } : {}),
      ...(fnOf.get(m[1]) ? { function: fnOf.get(m[1]) } : {}),
      ...(opt ? { option: opt[1] } : {}),
      message: opt ? m[5].slice(0, opt.index) : m[5],
    });
  }
  return { warnings, error };
}

/**
 * Compiles the module's sources with -fsyntax-only and the warning flags (no -Werror: a warning
 * must stay a warning to be compared), with the same include dirs, defines and
 * compile_commands.json flags as the build.
 */
export async function compileWarnings(
  opts: Pick<BuildOptions, 'sources' | 'includeDirs' | 'defines' | 'interpreter' | 'compileCommands' | 'readFrom' | 'extraCflags' | 'cc' | 'env' | 'timeoutMs'>,
): Promise<WarningsCompile> {
  const env = opts.env ?? process.env;
  let cc: string[];
  try {
    cc = resolveCompiler(opts.cc, env);
  } catch (e) {
    return { ok: false, command: [], output: '', warnings: [], error: (e as Error).message };
  }
  const { sources, flags } = compileInputs(opts);
  const command = [...cc, '-fsyntax-only', ...WARNING_FLAGS, ...(opts.extraCflags ?? []), ...flags, ...sources];
  const r = await runCompiler(command, env, opts.timeoutMs ?? 120_000);
  const parsed = parseWarnings(r.output);
  const ok = r.code === 0 && !r.error;
  return {
    ok,
    command,
    output: r.output,
    warnings: parsed.warnings,
    ...(ok ? {} : { error: parsed.error ?? r.error ?? `${cc[0]} exited with status ${r.code}` }),
  };
}

/** The matching key of a warning: file relative to its tree's root, option, message. */
export function warningKey(w: CompilerWarning, root: string): string {
  const abs = path.resolve(w.file);
  const rel = path.relative(root, abs);
  const file = rel.startsWith('..') || path.isAbsolute(rel) ? abs : rel;
  // A positional initializer the rewrite completed misses a later field than before: the same warning.
  const message = w.message.replace(/^missing initializer for field [‘'][^’']*[’']/, 'missing initializer for a field');
  return `${file}\0${w.option ?? ''}\0${message}`;
}

/**
 * The warnings of `after` (compiled from the tree at afterRoot) that `before` (the original, at
 * beforeRoot) does not have, by key and count. Each key's surplus is reported at the last of its
 * occurrences in `after` (the earlier ones are taken as the ones that were there before).
 */
export function newWarnings(before: CompilerWarning[], beforeRoot: string, after: CompilerWarning[], afterRoot: string): CompilerWarning[] {
  const left = new Map<string, number>();
  for (const w of before) {
    const k = warningKey(w, beforeRoot);
    left.set(k, (left.get(k) ?? 0) + 1);
  }
  const byKey = new Map<string, CompilerWarning[]>();
  for (const w of after) {
    const k = warningKey(w, afterRoot);
    const l = byKey.get(k) ?? [];
    l.push(w);
    byKey.set(k, l);
  }
  const out: CompilerWarning[] = [];
  for (const [k, ws] of byKey) {
    const surplus = ws.length - (left.get(k) ?? 0);
    if (surplus > 0) out.push(...ws.slice(ws.length - surplus));
  }
  return out.sort((a, b) => (a.file === b.file ? a.line - b.line : a.file < b.file ? -1 : 1));
}

/**
 * The warnings a compile of the rewritten tree (at afterRoot) shows that a compile of the original
 * (at beforeRoot) with the same flags does not, from the two compilers' outputs.
 */
export function diffWarnings(beforeOutput: string, beforeRoot: string, afterOutput: string, afterRoot: string): CompilerWarning[] {
  return newWarnings(parseWarnings(beforeOutput).warnings, beforeRoot, parseWarnings(afterOutput).warnings, afterRoot);
}

/** "file:line:col: warning: message [-Wopt]" as the compiler wrote it (file relative to cwd when inside it). */
export function formatWarning(w: CompilerWarning, cwd = process.cwd()): string {
  const rel = path.relative(cwd, w.file);
  const file = rel && !rel.startsWith('..') && !path.isAbsolute(rel) ? rel : w.file;
  return `${file}:${w.line}${w.col ? `:${w.col}` : ''}: warning: ${w.message}${w.option ? ` [${w.option}]` : ''}${w.function ? ` (in ${w.function})` : ''}`;
}
