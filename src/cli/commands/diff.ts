/** `pyext-isolate diff PATH...` (the default): the unified diff of every transform, nothing written. */
import type { CommandModule } from 'yargs';
import { exitStatus, CliExit } from './exit';
import { CommonArgs, batchSummary, groupTimeoutMs, missingPaths, runOptions, usage, useColor, withCommonOptions, withCompileCheck, writeBytes } from './common';
import { runBatch, RewriteResult } from '../../api';
import { progressBar } from '../progress';
import { unifiedDiff, colorizeDiff } from '../../core/diff';
import { formatText, reportLine } from '../format/text';
import * as path from 'path';

interface DiffArgs extends CommonArgs {
  findings?: boolean;
  'exit-code'?: boolean;
}

export function renderDiff(result: RewriteResult, color: boolean): string {
  const parts: string[] = [];
  const rel = (p: string): string => {
    const r = path.relative(process.cwd(), path.resolve(p));
    return (r.startsWith('..') || path.isAbsolute(r) ? p : r).split(path.sep).join('/');
  };
  const shown = new Set<string>();
  for (const c of result.changes.slice().sort((a, b) => (a.path < b.path ? -1 : 1))) {
    // A header two modules include and rewrite alike (engine/shared-files.ts) is one change.
    const key = `${path.resolve(c.path)}\0${c.after}`;
    if (shown.has(key)) continue;
    shown.add(key);
    parts.push(unifiedDiff(rel(c.path), c.before, c.after));
  }
  for (const n of result.newFiles.slice().sort((a, b) => (a.path < b.path ? -1 : 1))) parts.push(unifiedDiff(rel(n.path), null, n.content));
  const text = parts.join('');
  return color ? colorizeDiff(text) : text;
}

export const diffCommand: CommandModule<object, DiffArgs> = {
  command: ['diff [paths..]', '$0 [paths..]'],
  describe: 'Show the unified diff of all transforms (dry run, the default)',
  builder: (y) =>
    withCompileCheck(withCommonOptions(y))
      .option('findings', { type: 'boolean', default: true, describe: 'also print the findings (on stderr)' })
      .option('exit-code', { type: 'boolean', default: false, describe: 'exit 1 when there are changes (as git diff --exit-code), for CI' }) as never,
  handler: async (argv) => {
    if (!argv.paths || argv.paths.length === 0) throw new CliExit(2, 'pyext-isolate: diff needs at least one PATH (try: pyext-isolate --help)');
    const bar = progressBar(!argv.quiet);
    const result = await usage(() => runBatch(argv.paths, { ...runOptions(argv), mode: 'rewrite', compileCheck: argv['compile-check'] !== false, cache: argv.cache, jobs: argv.jobs, timeoutMs: groupTimeoutMs(), onProgress: bar.update })).finally(bar.done);
    missingPaths(result);
    writeBytes(renderDiff(result, useColor(argv)));
    if (argv.findings) {
      const manual = result.findings.filter((f) => f.fix !== 'auto');
      writeBytes(formatText(manual, result.problems, { color: useColor(argv, process.stderr) }, result.files.length), process.stderr);
      for (const r of result.refused) process.stderr.write(reportLine(r.path, `refused: ${r.reason}`));
    } else {
      // Without the findings, a file left unprocessed (a group that timed out) is still said.
      for (const p of result.problems) if (p.level !== 'info') process.stderr.write(reportLine(p.path, p.message));
    }
    if (!argv.quiet) process.stderr.write(batchSummary(result, 'would change'));
    const changed = result.changes.length + result.newFiles.length > 0;
    exitStatus.code = result.refused.length > 0 || result.problems.some((p) => p.level !== 'info') || (argv['exit-code'] && changed) ? 1 : 0;
  },
};
