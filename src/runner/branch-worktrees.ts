/**
 * The temporary worktrees of branch mode: removed when a run ends, and those of runs that died
 * (their process gone) pruned at the start of the next.
 */
import * as fs from 'fs';
import * as path from 'path';
import { processAlive } from '../engine/write';
import { Git } from './git-repo';

export const WORKTREE_PREFIX = 'pyext-isolate-branch-';

/**
 * Temporary worktrees of branch runs whose process is gone (named `pyext-isolate-branch-<pid>-*`):
 * removed with their checkout and administrative entry. Other worktrees, and those of a run still
 * going, are left alone.
 */
export function pruneAbandonedWorktrees(git: Git, top: string): string[] {
  const list = git.run(top, ['worktree', 'list', '--porcelain', '-z']);
  if (list.status !== 0) return [];
  const removed: string[] = [];
  for (const entry of list.stdout.split('\0\0')) {
    const m = /^worktree (.*)$/m.exec(entry.split('\0').join('\n'));
    if (!m) continue;
    const wt = m[1];
    const pid = new RegExp(`^${WORKTREE_PREFIX}(\\d+)-`).exec(path.basename(wt));
    if (!pid || Number(pid[1]) === process.pid || processAlive(Number(pid[1]))) continue;
    cleanup(git, top, wt);
    removed.push(wt);
  }
  return removed;
}

/** Removes the temporary worktree and its administrative entry; never touches the user's other worktrees. */
/** The administrative directory git keeps for the worktree at `wt` (.git/worktrees/<name>), if registered. */
function adminOf(git: Git, top: string, wt: string): string | undefined {
  const common = git.run(top, ['rev-parse', '--git-common-dir']);
  if (common.status !== 0) return undefined;
  const dir = path.join(path.resolve(top, common.stdout.trim()), 'worktrees');
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return undefined;
  }
  for (const n of names) {
    try {
      const gitdir = fs.readFileSync(path.join(dir, n, 'gitdir'), 'utf8').trim();
      if (path.dirname(gitdir) === wt) return path.join(dir, n);
    } catch {
      /* not a complete entry */
    }
  }
  return undefined;
}

export function cleanup(git: Git, top: string, wt: string): void {
  try {
    // Where git keeps this worktree's HEAD and index (.git/worktrees/<name>), read before anything is removed.
    let admin: string | undefined;
    try {
      const m = /^gitdir: (.*)$/m.exec(fs.readFileSync(path.join(wt, '.git'), 'utf8'));
      if (m) admin = path.resolve(wt, m[1].trim());
    } catch {
      admin = adminOf(git, top, wt); // no checkout (killed early, or the temp dir was cleaned): ask git
    }
    if (admin) {
      const r = git.run(top, ['worktree', 'remove', '--force', '--force', wt]);
      if (r.status !== 0 && path.basename(path.dirname(admin)) === 'worktrees' && path.basename(admin).startsWith(path.basename(wt))) {
        fs.rmSync(admin, { recursive: true, force: true });
      }
    }
    fs.rmSync(wt, { recursive: true, force: true });
  } catch {
    // Best effort: never hide the error that got us here.
  }
}
