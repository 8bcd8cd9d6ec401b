/** `pyext-isolate check PATH...`: report every isolation hazard. Exit 0 clean, 1 hazards (or unreadable files), 2 usage. */
import * as fs from 'fs';
import * as path from 'path';
import type { CommandModule } from 'yargs';
import { exitStatus, CliExit } from './index';
import { CommonArgs, groupTimeoutMs, missingPaths, runOptions, usage, useColor, withCommonOptions, writeBytes } from './common';
import { runBatch, check } from '../../api';
import { progressBar } from '../progress';
import { formatText } from '../format/text';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { isHazard } from '../../core/summary';
import { TRANSFORM_IDS } from '../../../transforms';
import { toolVersion } from '../version';

interface CheckArgs extends CommonArgs {
  format: 'text' | 'json' | 'sarif';
  cache?: boolean;
  stats?: boolean;
  explain?: string;
  output?: string;
}

export const checkCommand: CommandModule<object, CheckArgs> = {
  command: 'check [paths..]',
  describe: 'Report every isolation hazard with file:line, and who fixes it',
  builder: (y) =>
    withCommonOptions(y)
      .option('format', { choices: ['text', 'json', 'sarif'] as const, default: 'text' as const, describe: 'output format' })
      .option('stats', { type: 'boolean', describe: 'per file: share of bytes in ERROR nodes before/after the macro layer' })
      .option('explain', { type: 'string', describe: 'print the README of a transform (or the rule under it) and exit' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file' }) as never,
  handler: async (argv) => {
    if (argv.explain) {
      process.stdout.write(explain(argv.explain));
      return;
    }
    if (!argv.paths || argv.paths.length === 0) throw new CliExit(2, 'pyext-isolate: check needs at least one PATH');
    const opts = runOptions(argv);
    const bar = progressBar(!argv.quiet);
    const result = await usage(() => runBatch(argv.paths, { ...opts, stats: argv.stats, mode: 'check', jobs: argv.jobs, timeoutMs: groupTimeoutMs(), cache: argv.cache, onProgress: bar.update })).finally(bar.done);
    missingPaths(result.missing);
    let out: string;
    if (argv.format === 'json') out = formatJson(result.findings, result.problems, { files: result.files.length, extensions: result.extensions, ...(result.stats ? { stats: result.stats } : {}) });
    else if (argv.format === 'sarif') out = formatSarif(result.findings, result.problems, toolVersion());
    else {
      out = formatText(result.findings, result.problems, { color: !argv.output && useColor(argv) }, result.files.length);
      if (result.stats) out += formatStats(result.stats);
    }
    if (argv.output) fs.writeFileSync(argv.output, Buffer.from(out, 'latin1'));
    else writeBytes(out);
    const unreadable = result.problems.some((p) => p.level !== 'info');
    exitStatus.code = result.findings.some(isHazard) || unreadable ? 1 : 0;
  },
};

function formatStats(stats: NonNullable<ReturnType<typeof check>['stats']>): string {
  const out = ['', 'Parse damage (bytes inside ERROR nodes):', '  before = plain tree-sitter-c, after = with the macro layer'];
  const w = Math.max(4, ...stats.map((s) => s.path.length));
  out.push(`  ${'file'.padEnd(w)}  ${'bytes'.padStart(9)}  ${'before'.padStart(7)}  ${'after'.padStart(7)}`);
  let total = 0;
  let before = 0;
  let after = 0;
  const pct = (n: number, d: number): string => (d === 0 ? '0.0%' : `${((100 * n) / d).toFixed(1)}%`);
  for (const s of stats) {
    total += s.bytes;
    before += s.rawDamage;
    after += s.damage;
    out.push(`  ${s.path.padEnd(w)}  ${String(s.bytes).padStart(9)}  ${pct(s.rawDamage, s.bytes).padStart(7)}  ${pct(s.damage, s.bytes).padStart(7)}`);
  }
  out.push(`  ${'total'.padEnd(w)}  ${String(total).padStart(9)}  ${pct(before, total).padStart(7)}  ${pct(after, total).padStart(7)}`);
  return out.join('\n') + '\n';
}

function explain(id: string): string {
  const transform = id.split('/')[0];
  if (!TRANSFORM_IDS.includes(transform)) throw new CliExit(2, `pyext-isolate: unknown transform or rule '${id}' (known: ${TRANSFORM_IDS.join(', ')})`);
  const candidates = [path.join(__dirname, '..', '..', '..', '..', 'transforms', transform, 'README.md'), path.join(__dirname, '..', '..', '..', 'transforms', transform, 'README.md')];
  for (const c of candidates) if (fs.existsSync(c)) return fs.readFileSync(c, 'utf8');
  throw new CliExit(2, `pyext-isolate: no documentation found for '${transform}'`);
}
