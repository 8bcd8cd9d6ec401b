/** `pyext-isolate check PATH...`: report every isolation hazard. Exit 0 clean, 1 hazards (or unreadable files), 2 usage. */
import * as fs from 'fs';
import type { CommandModule } from 'yargs';
import { exitStatus, CliExit } from './exit';
import { CommonArgs, groupTimeoutMs, missingPaths, runOptions, splitList, usage, useColor, withCommonOptions, writeBytes } from './common';
import { runBatch, check, writeBaseline, effortData, formatHtml } from '../../api';
import { progressBar } from '../progress';
import { formatText } from '../format/text';
import { formatJson } from '../format/json';
import { formatSarif } from '../format/sarif';
import { isHazard } from '../../core/summary';
import { toolVersion } from '../../runner/tool-version';
import { ruleText } from './rules';

interface CheckArgs extends CommonArgs {
  ignore?: string[];
  baseline?: string;
  'write-baseline'?: string;
  format: 'text' | 'json' | 'sarif' | 'html';
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
      .option('select', { type: 'string', array: true, coerce: splitList, describe: 'show only these rules: rule ids or prefixes (a transform id selects its rules), comma-separated or repeated' })
      .option('ignore', { type: 'string', array: true, coerce: splitList, describe: 'hide these rules (ids or prefixes, as --select)' })
      .option('baseline', { type: 'string', describe: 'a baseline file: the findings it knows are not counted (gate on new hazards only)' })
      .option('write-baseline', { type: 'string', describe: 'write the findings found to this baseline file and exit 0' })
      .option('format', { choices: ['text', 'json', 'sarif', 'html'] as const, default: 'text' as const, describe: 'output format (html: a self-contained effort report, with the rewrite plan; use -o FILE)' })
      .option('stats', { type: 'boolean', describe: 'per file: share of bytes in ERROR nodes before/after the macro layer' })
      .option('explain', { type: 'string', describe: 'the same as `pyext-isolate rule <id>`: print a rule\'s page, or a transform\'s README, and exit' })
      .option('output', { alias: 'o', type: 'string', describe: 'write the report to this file' }) as never,
  handler: async (argv) => {
    if (argv.explain) {
      process.stdout.write(ruleText(argv.explain));
      return;
    }
    if (!argv.paths || argv.paths.length === 0) throw new CliExit(2, 'pyext-isolate: check needs at least one PATH');
    // In check, --select / --ignore choose the rules shown; every transform still runs (Rule 0 needs them all).
    const opts = { ...runOptions({ ...argv, select: undefined }), rules: { select: argv.select, ignore: argv.ignore }, baseline: argv.baseline };
    const bar = progressBar(!argv.quiet);
    if (argv.format === 'html') {
      const data = await usage(() => effortData(argv.paths, { ...opts, jobs: argv.jobs, timeoutMs: groupTimeoutMs(), cache: argv.cache, onProgress: bar.update })).finally(bar.done);
      missingPaths(data);
      const html = formatHtml(data, { version: toolVersion(), read: readText });
      if (argv.output) fs.writeFileSync(argv.output, Buffer.from(html, 'utf8'));
      else process.stdout.write(html);
      exitStatus.code = data.findings.some(isHazard) || data.problems.some((p) => p.level !== 'info') ? 1 : 0;
      return;
    }
    const result = await usage(() => runBatch(argv.paths, { ...opts, stats: argv.stats, mode: 'check', jobs: argv.jobs, timeoutMs: groupTimeoutMs(), cache: argv.cache, onProgress: bar.update })).finally(bar.done);
    missingPaths(result);
    if (argv['write-baseline']) {
      const n = writeBaseline(result.findings, argv['write-baseline']);
      process.stderr.write(`Wrote ${n} finding(s) to the baseline ${argv['write-baseline']}; check with --baseline ${argv['write-baseline']} to gate on new ones only.\n`);
      return;
    }
    let out: string;
    if (argv.format === 'json') out = formatJson(result.findings, result.problems, { files: result.files.length, extensions: result.extensions, ...(result.stats ? { stats: result.stats } : {}) });
    else if (argv.format === 'sarif') out = formatSarif(result.findings, result.problems, toolVersion(), { baseline: !!argv.baseline });
    else {
      out = formatText(result.findings, result.problems, { color: !argv.output && useColor(argv) }, result.files.length);
      if (result.baselineStale) out += `${result.baselineStale} baseline entr${result.baselineStale === 1 ? 'y matches' : 'ies match'} no finding any more (fixed): write the baseline again to drop ${result.baselineStale === 1 ? 'it' : 'them'}.\n`;
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


function readText(file: string): string | undefined {
  try {
    return fs.readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
