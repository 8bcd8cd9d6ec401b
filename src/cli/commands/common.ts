/** Options shared by check / diff / apply / branch, and the argv -> RunOptions mapping. */
import type { Argv } from 'yargs';
import { CliExit } from './exit';
import { ConfigError } from '../../engine/config';
import { UnknownRuleError } from '../../engine/rule-selection';
import { SOURCE_SUFFIXES } from '../../engine/discover';
import type { RunOptions } from '../../api';
import { TRANSFORM_IDS } from '../../../transforms';

export interface CommonArgs {
  paths: string[];
  exclude?: string[];
  'min-python'?: string;
  select?: string[];
  unsafe?: boolean;
  config?: string;
  color?: boolean;
  quiet?: boolean;
  jobs?: number;
  cache?: boolean;
  'compile-check'?: boolean;
}

export function withCommonOptions<T>(y: Argv<T>): Argv<T & CommonArgs> {
  return y
    .positional('paths', { type: 'string', array: true, describe: 'C files or directories (walked for .c, .h, .c.src, .h.src, .inc)' })
    .option('exclude', { type: 'string', array: true, describe: 'glob of paths to skip (repeatable)' })
    .option('min-python', { type: 'string', describe: 'oldest CPython to support (default: requires-python floor, else 3.9)' })
    .option('select', { type: 'string', array: true, coerce: splitList, describe: `transforms to run: ${TRANSFORM_IDS.join(', ')}` })
    .option('unsafe', { type: 'boolean', describe: 'also apply fixes that change observable behaviour' })
    .option('config', { type: 'string', describe: 'pyproject.toml to read [tool.pyext-isolate] from' })
    .option('color', { type: 'boolean', describe: 'colour output (default: when writing to a terminal)' })
    .option('quiet', { alias: 'q', type: 'boolean', describe: 'no progress output' })
    .option('jobs', { alias: 'j', type: 'string', coerce: parseJobs, describe: 'worker threads, 1 or more (default: number of cores)' })
    .option('cache', { type: 'boolean', default: true, describe: 'reuse check results of unchanged files (the user cache directory); --no-cache to disable. Rewrites are never cached.' }) as unknown as Argv<T & CommonArgs>;
}

/** diff, apply and branch: the compile gate (on unless --no-compile-check). */
export function withCompileCheck<T>(y: Argv<T>): Argv<T> {
  return y.option('compile-check', {
    type: 'boolean',
    default: true,
    describe: 'compile each changed extension (-fsyntax-only, oldest supported and newest CPython headers found) before and after, and refuse a rewrite that breaks the build; --no-compile-check to skip',
  }) as unknown as Argv<T>;
}

export function splitList(v: string[] | string | undefined): string[] | undefined {
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).flatMap((s) => String(s).split(',')).map((s) => s.trim()).filter((s) => s !== '');
}

export function runOptions(argv: CommonArgs): RunOptions {
  if (argv.select) {
    const unknown = argv.select.filter((s) => !TRANSFORM_IDS.includes(s));
    if (unknown.length > 0) throw new CliExit(2, `pyext-isolate: unknown transform '${unknown[0]}' (known: ${TRANSFORM_IDS.join(', ')})`);
  }
  return { exclude: argv.exclude, minPython: argv['min-python'], select: argv.select, unsafe: argv.unsafe, config: argv.config };
}

/** The time bound per group of files: PYEXT_ISOLATE_TIMEOUT seconds, else the batch default (120 s). */
export function groupTimeoutMs(): number | undefined {
  const s = process.env.PYEXT_ISOLATE_TIMEOUT;
  if (s === undefined || s === '') return undefined;
  const n = Number(s);
  if (!(n > 0)) throw new CliExit(2, `pyext-isolate: PYEXT_ISOLATE_TIMEOUT must be a positive number of seconds, not '${s}'`);
  return n * 1000;
}

/** Runs `fn`, turning config errors into usage errors. */
export async function usage<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof ConfigError || err instanceof UnknownRuleError) throw new CliExit(2, `pyext-isolate: ${err.message}`);
    if (err instanceof Error && /^unknown transform/.test(err.message)) throw new CliExit(2, `pyext-isolate: ${err.message}`);
    throw err;
  }
}

/** The closing summary of a batch run, for stderr. */
export function batchSummary(r: { files: string[]; changes: { path: string }[]; newFiles: { path: string }[]; refused: { path: string; reason: string }[]; batch: { seconds: number; groups: number; cached: number; timedOut: number; jobs: number } }, verb: string): string {
  const b = r.batch;
  // The user's files apart from the ones the tool generates (compat header, shared state header).
  const seen = new Set(r.files);
  const own = r.changes.filter((c) => seen.has(c.path)).length;
  const generated = r.changes.length - own + r.newFiles.length;
  const lines = [
    `${r.files.length} file(s) seen in ${b.groups} group(s), ${own} ${verb}${generated ? ` (plus ${generated} generated file(s))` : ''}, ${new Set(r.refused.map((x) => x.path)).size} refused; ${b.seconds.toFixed(2)} s with ${b.jobs} job(s)${b.cached ? `, ${b.cached} group(s) from cache` : ''}${b.timedOut ? `, ${b.timedOut} group(s) timed out` : ''}.`,
  ];
  const reasons = new Map<string, number>();
  for (const x of r.refused) reasons.set(x.reason.replace(/ \(in .*\)$/, ''), (reasons.get(x.reason.replace(/ \(in .*\)$/, '')) ?? 0) + 1);
  for (const [why, n] of reasons) lines.push(`  refused (${n} file(s)): ${why}`);
  return lines.join('\n') + '\n';
}

/** PATH arguments that do not exist, or hold no C source: usage errors (exit 2), never "0 files, clean". */
export function missingPaths(result: { missing: string[]; empty?: string[] }): void {
  if (result.missing.length > 0) throw new CliExit(2, `pyext-isolate: no such file or directory: ${result.missing.join(', ')}`);
  const empty = result.empty ?? [];
  if (empty.length > 0) throw new CliExit(2, `pyext-isolate: no C source file (${SOURCE_SUFFIXES.join(', ')}) matches ${empty.map((p) => `'${p}'`).join(', ')} (excluded files do not count)`);
}

/** --jobs: a whole number of worker threads, at least 1. */
export function parseJobs(v: unknown): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--jobs must be a whole number of worker threads (1 or more), not '${String(v)}'`);
  return n;
}

export function useColor(argv: CommonArgs, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (argv.color !== undefined) return argv.color;
  return !!stream.isTTY && !process.env.NO_COLOR;
}

/** Writes latin1 text (one char per byte) as the original bytes. */
export function writeBytes(text: string, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(Buffer.from(text, 'latin1'));
}
