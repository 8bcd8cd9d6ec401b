/**
 * `pyext-isolate branch PATH... [--name NAME]`: a new git branch from HEAD with one commit per
 * transform that changed something. The checkout, index and uncommitted changes stay as they are.
 * Exit 0 when done (or nothing to do), 1 when files were refused or unreadable, 2 on a usage or git error.
 */
import type { CommandModule } from 'yargs';
import { exitStatus, CliExit } from './exit';
import { CommonArgs, runOptions, usage, withCommonOptions, withCompileCheck } from './common';
import { createMigrationBranch, BranchResult } from '../../runner/git';
import { GitError } from '../../runner/git-repo';
import { reportLine } from '../format/text';
import { escapeControls } from '../../core/quote';

interface BranchArgs extends CommonArgs {
  name?: string;
}

const MAX_STATUS_LINES = 10;

/** The summary printed on stdout. */
export function formatBranchSummary(r: BranchResult): string {
  const out: string[] = [];
  const base = `${r.baseBranch} (${r.base.slice(0, 7)})`;
  if (!r.created) {
    out.push(`Nothing to change: no transform rewrites anything under the given PATH at ${base}; no branch created.`);
  } else {
    out.push(`Created branch ${r.branch} from ${base} with ${r.commits.length} commit(s):`);
    for (const c of r.commits) out.push(`  ${c.sha.slice(0, 7)} ${c.subject} (${c.files.length} file(s))`);
  }
  const manual = r.findings.filter((f) => f.fix !== 'auto');
  if (manual.length > 0) out.push(`${manual.length} finding(s) left for a human${r.created ? ' (each commit message lists its transform\'s)' : ''}; \`pyext-isolate check\` shows them all.`);
  if (r.created) out.push(`Review it with: git log --stat ${r.baseBranch}..${r.branch}`);
  return out.join('\n') + '\n';
}

/** The notes printed on stderr: uncommitted changes left out, refused files, unreadable files. */
export function formatBranchNotes(r: BranchResult): string {
  const out: string[] = [];
  if (r.uncommittedChangesIgnored) {
    out.push(`pyext-isolate: note: uncommitted changes under PATH are not part of the branch (it starts from HEAD ${r.base.slice(0, 7)}):`);
    for (const l of r.uncommitted.slice(0, MAX_STATUS_LINES)) out.push(`  ${escapeControls(l)}`);
    if (r.uncommitted.length > MAX_STATUS_LINES) out.push(`  ... and ${r.uncommitted.length - MAX_STATUS_LINES} more`);
  }
  for (const x of r.refused) out.push(reportLine(x.path, `refused: ${x.reason}`).trimEnd());
  for (const p of r.problems) if (p.level !== 'info') out.push(reportLine(p.path, `warning: ${p.message}`).trimEnd());
  return out.length ? out.join('\n') + '\n' : '';
}

export const branchCommand: CommandModule<object, BranchArgs> = {
  command: 'branch [paths..]',
  describe: 'Commit the rewrite to a new git branch, one commit per transform (your checkout is not touched)',
  builder: (y) => withCompileCheck(withCommonOptions(y)).option('name', { type: 'string', describe: 'name of the new branch (default: isolate/<module>)' }) as never,
  handler: async (argv) => {
    if (!argv.paths || argv.paths.length === 0) throw new CliExit(2, 'pyext-isolate: branch needs at least one PATH');
    if (argv.name !== undefined && typeof argv.name !== 'string') throw new CliExit(2, 'pyext-isolate: --name takes one branch name');
    const opts = runOptions(argv);
    // Ctrl-C: git children die with it, the engine stops at its next step and removes its worktree.
    const ac = new AbortController();
    const stop = (): void => ac.abort();
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
    let result: BranchResult;
    try {
      result = await usage(() =>
        createMigrationBranch({ paths: argv.paths, name: argv.name, select: opts.select, minPython: opts.minPython, exclude: opts.exclude, unsafe: opts.unsafe, config: opts.config, compileCheck: argv['compile-check'] !== false, cache: argv.cache, signal: ac.signal }),
      );
    } catch (err) {
      if (ac.signal.aborted) throw new CliExit(130, 'pyext-isolate: interrupted: no branch created');
      if (err instanceof GitError) throw new CliExit(2, `pyext-isolate: ${err.message}`);
      throw err;
    } finally {
      process.off('SIGINT', stop);
      process.off('SIGTERM', stop);
    }
    process.stderr.write(formatBranchNotes(result));
    process.stdout.write(formatBranchSummary(result));
    exitStatus.code = result.refused.length > 0 || result.problems.some((p) => p.level !== 'info') ? 1 : 0;
  },
};
