/** `pyext-isolate apply PATH...`: write the edits, each file atomically; a second run has nothing to do. */
import type { CommandModule } from 'yargs';
import { exitStatus, CliExit } from './exit';
import { CommonArgs, batchSummary, groupTimeoutMs, missingPaths, runOptions, usage, useColor, withCommonOptions, withCompileCheck } from './common';
import { runBatch, applyRewrite } from '../../api';
import { progressBar } from '../progress';
import { formatText, reportLine } from '../format/text';

export const applyCommand: CommandModule<object, CommonArgs> = {
  command: 'apply [paths..]',
  describe: 'Write the edits to the files (atomically, one file at a time)',
  builder: (y) => withCompileCheck(withCommonOptions(y)) as never,
  handler: async (argv) => {
    if (!argv.paths || argv.paths.length === 0) throw new CliExit(2, 'pyext-isolate: apply needs at least one PATH');
    const bar = progressBar(!argv.quiet);
    const result = await usage(() => runBatch(argv.paths, { ...runOptions(argv), mode: 'rewrite', compileCheck: argv['compile-check'] !== false, cache: argv.cache, finishInterrupted: true, jobs: argv.jobs, timeoutMs: groupTimeoutMs(), onProgress: bar.update })).finally(bar.done);
    missingPaths(result);
    const outcomes = applyRewrite(result);
    const failed = outcomes.filter((o) => !o.ok);
    for (const f of failed) process.stderr.write(reportLine(f.path, `not written: ${f.error}`));
    for (const r of result.refused) process.stderr.write(reportLine(r.path, `refused: ${r.reason}`));
    const written = outcomes.filter((o) => o.ok).length;
    const manual = result.findings.filter((f) => f.fix !== 'auto');
    if (!argv.quiet) {
      process.stderr.write(formatText(manual, result.problems, { color: useColor(argv, process.stderr) }, result.files.length));
      process.stderr.write(written === 0 && failed.length === 0 ? 'Nothing to do: no file needs a change.\n' : `Wrote ${written} file(s)${failed.length ? `, ${failed.length} failed` : ''}.\n`);
      process.stderr.write(batchSummary(result, 'changed'));
    } else {
      // --quiet drops the findings and the summary, never a file left unprocessed (a group that timed out).
      for (const p of result.problems) if (p.level !== 'info') process.stderr.write(reportLine(p.path, p.message));
    }
    exitStatus.code = failed.length > 0 || result.refused.length > 0 || result.problems.some((p) => p.level !== 'info') ? 1 : 0;
  },
};
