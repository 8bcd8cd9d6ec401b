/** Options shared by check / diff / apply / branch, and the argv -> RunOptions mapping. */
import type { Argv } from 'yargs';
import { CliExit } from './index';
import { ConfigError } from '../../engine/config';
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
    .option('jobs', { alias: 'j', type: 'number', describe: 'worker threads (default: number of cores)' })
    .option('cache', { type: 'boolean', default: true, describe: 'reuse check results of unchanged files (the user cache directory); --no-cache to disable. Rewrites are never cached.' }) as unknown as Argv<T & CommonArgs>;
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
    if (err instanceof ConfigError) throw new CliExit(2, `pyext-isolate: ${err.message}`);
    if (err instanceof Error && /^unknown transform/.test(err.message)) throw new CliExit(2, `pyext-isolate: ${err.message}`);
    throw err;
  }
}

/** The closing summary of a batch run, for stderr. */
export function batchSummary(r: { files: string[]; changes: { path: string }[]; newFiles: { path: string }[]; refused: { path: string; reason: string }[]; batch: { seconds: number; groups: number; cached: number; timedOut: number; jobs: number } }, verb: string): string {
  const b = r.batch;
  const lines = [
    `${r.files.length} file(s) seen in ${b.groups} group(s), ${r.changes.length + r.newFiles.length} ${verb}, ${new Set(r.refused.map((x) => x.path)).size} refused; ${b.seconds.toFixed(2)} s with ${b.jobs} job(s)${b.cached ? `, ${b.cached} group(s) from cache` : ''}${b.timedOut ? `, ${b.timedOut} group(s) timed out` : ''}.`,
  ];
  const reasons = new Map<string, number>();
  for (const x of r.refused) reasons.set(x.reason.replace(/ \(in .*\)$/, ''), (reasons.get(x.reason.replace(/ \(in .*\)$/, '')) ?? 0) + 1);
  for (const [why, n] of reasons) lines.push(`  refused (${n} file(s)): ${why}`);
  return lines.join('\n') + '\n';
}

export function missingPaths(missing: string[]): void {
  if (missing.length > 0) throw new CliExit(2, `pyext-isolate: no such file or directory: ${missing.join(', ')}`);
}

export function useColor(argv: CommonArgs, stream: NodeJS.WriteStream = process.stdout): boolean {
  if (argv.color !== undefined) return argv.color;
  return !!stream.isTTY && !process.env.NO_COLOR;
}

/** Writes latin1 text (one char per byte) as the original bytes. */
export function writeBytes(text: string, stream: NodeJS.WritableStream = process.stdout): void {
  stream.write(Buffer.from(text, 'latin1'));
}
