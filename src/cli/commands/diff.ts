/** `pyext-isolate diff PATH...` (the default): the unified diff of every transform, nothing written. */
import type { CommandModule } from 'yargs';
import { exitStatus, CliExit } from './index';
import { CommonArgs, batchSummary, groupTimeoutMs, missingPaths, runOptions, usage, useColor, withCommonOptions, writeBytes } from './common';
import { runBatch, RewriteResult } from '../../api';
import { progressBar } from '../progress';
import { unifiedDiff, colorizeDiff } from '../../core/diff';
import { formatText, reportLine } from '../format/text';
import * as path from 'path';

interface DiffArgs extends CommonArgs {
  findings?: boolean;
}

export function renderDiff(result: RewriteResult, color: boolean): string {
  const parts: string[] = [];
  const rel = (p: string): string => {
    const r = path.relative(process.cwd(), path.resolve(p));
    return (r.startsWith('..') || path.isAbsolute(r) ? p : r).split(path.sep).join('/');
  };
  for (const c of result.changes.slice().sort((a, b) => (a.path < b.path ? -1 : 1))) parts.push(unifiedDiff(rel(c.path), c.before, c.after));
  for (const n of result.newFiles.slice().sort((a, b) => (a.path < b.path ? -1 : 1))) parts.push(unifiedDiff(rel(n.path), null, n.content));
  const text = parts.join('');
  return color ? colorizeDiff(text) : text;
}

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: ['diff [paths..]', '$0 [paths..]'],
  describe: 'Show the unified diff of all transforms (dry run, the default)',
  builder: (y) => withCommonOptions(y).option('findings', { type: 'boolean', default: true, describe: 'also print the findings (on stderr)' }) as never,
  handler: async (argv) => {
    if (!argv.paths || argv.paths.length === 0) throw new CliExit(2, 'pyext-isolate: diff needs at least one PATH (try: pyext-isolate --help)');
    const bar = progressBar(!argv.quiet);
    const result = await usage(() => runBatch(argv.paths, { ...runOptions(argv), mode: 'rewrite', jobs: argv.jobs, timeoutMs: groupTimeoutMs(), onProgress: bar.update })).finally(bar.done);
    missingPaths(result.missing);
    writeBytes(renderDiff(result, useColor(argv)));
    if (argv.findings) {
      const manual = result.findings.filter((f) => f.fix !== 'auto');
      writeBytes(formatText(manual, result.problems, { color: useColor(argv, process.stderr) }, result.files.length), process.stderr);
      for (const r of result.refused) process.stderr.write(reportLine(r.path, `refused: ${r.reason}`));
    }
    if (!argv.quiet) process.stderr.write(batchSummary(result, 'would change'));
    exitStatus.code = result.refused.length > 0 || result.problems.some((p) => p.level !== 'info') ? 1 : 0;
  },
};
