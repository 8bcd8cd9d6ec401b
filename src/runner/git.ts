/**
 * Branch mode: a new branch in the user's repository with one commit per transform that changed
 * something. Commit k holds the full rewrite with the first k transforms selected, so each commit
 * builds on its own.
 *
 * Everything happens in a temporary detached `git worktree` of HEAD: the user's checked-out branch,
 * index, work tree and stash are never touched (status queries run with GIT_OPTIONAL_LOCKS=0, so
 * not even the index's stat cache is refreshed). Only two things in the repository change: new
 * objects, and the new branch ref, which is created last and only if it does not exist yet.
 * Uncommitted changes are not part of the branch, which starts from HEAD; the result says so.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeTree } from '../library/analyze';
import { rewriteTree, RewriteResult } from '../library/check';
import type { Finding } from '../core/findings';
import type { Problem } from '../engine/discover';
import { ConfigError } from '../engine/config';
import { quotePath, escapeControls } from '../core/quote';
import { REGISTRY, TRANSFORM_IDS, expandSelection } from '../../transforms';
import { startGateRun } from './gate-run';
import { gateRewrite } from './compile-gate';
import { prepareGate } from './gate-setup';
import { defaultCacheDir } from './batch';
import { Git, GitError, Repo, branchExists, checkBranchName, firstLine, identityEnv, isInside, mapPaths, openRepo, realOrResolved, refComponent, toGitPath, uncommittedUnder } from './git-repo';
import { WORKTREE_PREFIX, cleanup, pruneAbandonedWorktrees } from './branch-worktrees';

export interface BranchOptions {
  /** Files or directories, relative to `cwd`, inside the repository. */
  paths: string[];
  /** Branch name; default `isolate/<module>` (with `-2`, `-3`... when that one exists). */
  name?: string;
  select?: string[];
  minPython?: string;
  /** Where the user is; default process.cwd(). */
  cwd?: string;
  exclude?: string[];
  unsafe?: boolean;
  /** pyproject.toml to read; inside the repository it is read from HEAD like the sources. */
  config?: string;
  /** Where the temporary worktree goes; default os.tmpdir(). */
  tmpDir?: string;
  /** Abort (e.g. on SIGINT): the run stops at the next step, removes its worktree and creates no branch. */
  signal?: AbortSignal;
  /** Compile every commit's extensions before and after (runner/compile-gate.ts); default false in the library. */
  compileCheck?: boolean;
  /** Cache compile results in the user cache directory (default true). */
  cache?: boolean;
}

export interface BranchCommit {
  sha: string;
  /** Transform id. */
  transform: string;
  /** `<id>: <title>` */
  subject: string;
  /** Paths changed by the commit, relative to the repository root ('/' separated). */
  files: string[];
}

export interface BranchResult {
  /** The branch created (or the name it would have had when nothing changed). */
  branch: string;
  /** False when no transform changed anything: then no branch was made. */
  created: boolean;
  /** The commit the branch starts from (the user's HEAD). */
  base: string;
  /** The user's current branch (short name). */
  baseBranch: string;
  commits: BranchCommit[];
  /** The user has uncommitted (or untracked) changes under PATH: they are not part of the branch. */
  uncommittedChangesIgnored: boolean;
  /** `git status --porcelain` lines for those changes, paths relative to the repository root. */
  uncommitted: string[];
  /** Findings of the full selection, with paths relative to `cwd` (as `check` would print them). */
  findings: Finding[];
  problems: Problem[];
  refused: { path: string; reason: string }[];
  /** The selected transforms in commit order (requirements and `checks` included). */
  transforms: string[];
}

interface Step {
  id: string;
  title: string;
  result: RewriteResult;
}

/** What the files must hold after `step` (repository-relative path -> bytes as latin1, or null: absent). */
function targetOf(step: RewriteResult, wt: string): Map<string, string | null> {
  const m = new Map<string, string | null>();
  for (const c of step.changes) m.set(path.relative(wt, c.path), c.after);
  for (const n of step.newFiles) m.set(path.relative(wt, n.path), n.content);
  return m;
}

/** Writes a file of the temporary worktree, never through a symlink (that could reach the user's files). */
function writeInWorktree(wt: string, rel: string, content: string | null): void {
  if (!isInside(rel) || rel === '') throw new GitError(`internal error: ${rel} is outside the temporary worktree`);
  const full = path.join(wt, rel);
  const parentReal = realOrResolved(path.dirname(full));
  if (!isInside(path.relative(wt, parentReal))) throw new GitError(`refusing to write ${toGitPath(rel)}: its directory is a symlink out of the repository`);
  let st: fs.Stats | undefined;
  try {
    st = fs.lstatSync(full);
  } catch {
    st = undefined;
  }
  if (st?.isSymbolicLink()) throw new GitError(`refusing to rewrite ${toGitPath(rel)}: it is a symlink (exclude it, or point PATH at its target)`);
  if (content === null) {
    if (st) fs.rmSync(full);
    return;
  }
  fs.mkdirSync(path.dirname(full), { recursive: true });
  fs.writeFileSync(full, Buffer.from(content, 'latin1'));
}

function commitMessage(step: Step, files: string[], status: Map<string, string>, wt: string): string {
  const lines = [`${step.id}: ${step.title}`, '', 'Files:'];
  for (const f of files) lines.push(`  ${quotePath(f)}${status.get(f) === 'A' ? ' (new)' : status.get(f) === 'D' ? ' (removed)' : ''}`);
  const manual = step.result.findings.filter((f) => f.fix !== 'auto' && f.rule.startsWith(step.id + '/'));
  if (manual.length > 0) {
    lines.push('', `Left for a human (${manual.length}):`);
    for (const f of manual) {
      const file = toGitPath(path.relative(wt, f.file));
      lines.push(`  ${quotePath(file)}:${f.line}:${f.col}: ${f.severity} ${f.rule} [${f.fix}]: ${escapeControls(f.message)}`);
      if (f.suggestion) lines.push(`      how: ${escapeControls(f.suggestion)}`);
    }
  }
  lines.push('', `Made by pyext-isolate branch (transforms up to ${step.id} selected).`);
  // Paths inside the temporary worktree read as repository-relative paths.
  return lines.join('\n').split(wt + path.sep).join('') + '\n';
}

function defaultName(repo: Repo, result: RewriteResult, rels: string[]): string {
  const names = [...new Set(result.extensions.map((e) => e.name).filter((n): n is string => !!n))].sort();
  let base = names.length > 0 && names.length <= 3 ? names.map(refComponent).join('+') : '';
  if (!base) base = refComponent(path.basename(rels[0] ? path.join(repo.top, rels[0]) : repo.top).replace(/\.(c|h|inc|c\.src|h\.src)$/, ''));
  if (!base) base = repo.head.slice(0, 7);
  const stem = `isolate/${base}`;
  let name = stem;
  for (let i = 2; branchExists(repo, name) || repo.git.run(repo.top, ['check-ref-format', `refs/heads/${name}`]).status !== 0; i++) {
    if (i > 1000) throw new GitError('cannot find a free branch name: pass --name');
    name = `${stem}-${i}`;
  }
  return name;
}

/** Puts the worktree's path back to the repository's (or the user's cwd's) in messages. */
function mapMessage(msg: string, wt: string, top: string): string {
  return msg.split(wt).join(top);
}

export async function createMigrationBranch(opts: BranchOptions): Promise<BranchResult> {
  const git0 = new Git();
  const repo = openRepo(git0, path.resolve(opts.cwd ?? process.cwd()));
  if (opts.paths.length === 0) throw new GitError('branch needs at least one PATH');
  if (opts.name !== undefined) checkBranchName(repo, opts.name);
  const sel = expandSelection(opts.select);
  if (sel.unknown.length > 0) throw new GitError(`unknown transform '${sel.unknown[0]}' (known: ${TRANSFORM_IDS.join(', ')})`);
  const rels = mapPaths(repo, opts.paths);
  let configRel: string | undefined;
  if (opts.config !== undefined) {
    const abs = realOrResolved(path.resolve(repo.cwd, opts.config));
    const rel = path.relative(repo.top, abs);
    if (isInside(rel)) configRel = mapPaths(repo, [opts.config])[0];
  }
  const uncommitted = uncommittedUnder(repo, rels);
  const git = new Git(identityEnv(repo));
  repo.git = git;

  // A run killed mid-way (SIGKILL, power loss) left its worktree registered: remove it first.
  pruneAbandonedWorktrees(git, repo.top);
  const tmp = fs.realpathSync(fs.mkdtempSync(path.join(opts.tmpDir ?? os.tmpdir(), `${WORKTREE_PREFIX}${process.pid}-`)));
  try {
    git.ok(repo.top, ['worktree', 'add', '--detach', '--quiet', tmp, repo.head], 'cannot create a temporary worktree');
    const wt = tmp;
    // Between steps the event loop gets a turn, so a signal handler can abort the run.
    const checkpoint = async (): Promise<void> => {
      await new Promise((resolve) => setImmediate(resolve));
      if (opts.signal?.aborted) throw new GitError('interrupted: no branch created');
    };
    await checkpoint();
    const wtPaths = rels.map((r) => (r === '' ? wt : path.join(wt, r)));
    const flags = {
      select: opts.select,
      minPython: opts.minPython,
      exclude: opts.exclude,
      unsafe: opts.unsafe,
      config: configRel !== undefined ? path.join(wt, configRel) : opts.config !== undefined ? path.resolve(repo.cwd, opts.config) : undefined,
    };
    let tree;
    try {
      tree = analyzeTree(wtPaths, flags);
    } catch (err) {
      if (err instanceof ConfigError) err.message = mapMessage(err.message, wt, repo.top);
      throw err;
    }
    // The config's `transforms` applies when no --select was given.
    const selection = expandSelection(opts.select ?? tree.config.select);
    if (selection.unknown.length > 0) throw new GitError(`unknown transform '${selection.unknown[0]}' in ${tree.config.pyproject ? mapMessage(tree.config.pyproject, wt, repo.top) : 'the configuration'} (known: ${TRANSFORM_IDS.join(', ')})`);
    const ids = selection.ids;
    // All rewrites first, from the pristine checkout of HEAD (rewriteTree looks at generated files on disk).
    const steps: Step[] = [];
    for (const [k, id] of ids.entries()) {
      await checkpoint();
      steps.push({ id, title: REGISTRY.find((t) => t.id === id)?.title ?? id, result: rewriteTree(tree, ids.slice(0, k + 1)) });
    }
    if (opts.compileCheck) await gateSteps(steps.map((s) => s.result), wtPaths, tree.config, opts.cache);
    const last = steps[steps.length - 1].result;
    const toCwd = (p: string): string => {
      const rel = path.relative(wt, p);
      return isInside(rel) ? path.relative(repo.cwd, path.join(repo.top, rel)) || '.' : p;
    };
    const findings = last.findings.map((f) => ({ ...f, file: toCwd(f.file), message: mapMessage(f.message, wt, repo.top), ...(f.suggestion ? { suggestion: mapMessage(f.suggestion, wt, repo.top) } : {}) }));
    const problems = last.problems.map((p) => ({ ...p, path: toCwd(p.path), message: mapMessage(p.message, wt, repo.top) }));
    const refused = last.refused.map((r) => ({ path: toCwd(r.path), reason: mapMessage(r.reason, wt, repo.top) }));

    const commits: BranchCommit[] = [];
    let previous = new Map<string, string | null>();
    // What HEAD had at every path any step touches: the `before` of a change, or absent for a new file.
    const original = new Map<string, string | null>();
    for (const s of steps) {
      for (const c of s.result.changes) original.set(path.relative(wt, c.path), c.before);
      for (const n of s.result.newFiles) if (!original.has(path.relative(wt, n.path))) original.set(path.relative(wt, n.path), null);
    }
    for (const step of steps) {
      await checkpoint();
      const target = targetOf(step.result, wt);
      const touched = [...new Set([...previous.keys(), ...target.keys()])].sort();
      for (const rel of touched) {
        const want = target.has(rel) ? target.get(rel)! : original.get(rel) ?? null;
        const had = previous.has(rel) ? previous.get(rel)! : original.get(rel) ?? null;
        if (want !== had) writeInWorktree(wt, rel, want);
      }
      previous = target;
      if (touched.length === 0) continue;
      git.ok(wt, ['add', '-A', '--', ...touched.map((r) => `:(top,literal)${toGitPath(r)}`)], 'cannot stage a rewrite in the temporary worktree');
      const diff = git.ok(wt, ['diff', '--cached', '--name-status', '--no-renames', '-z'], 'cannot diff the temporary worktree').split('\0');
      const status = new Map<string, string>();
      for (let i = 0; i + 1 < diff.length; i += 2) if (diff[i] !== '') status.set(diff[i + 1], diff[i][0]);
      if (status.size === 0) continue; // this transform changed nothing beyond the previous ones
      const files = [...status.keys()].sort();
      const message = commitMessage(step, files, status, wt);
      git.ok(wt, ['commit', '--quiet', '--no-verify', '--no-gpg-sign', '--cleanup=verbatim', '-F', '-'], `cannot commit ${step.id}`, message);
      const sha = git.ok(wt, ['rev-parse', 'HEAD'], 'cannot read the new commit').trim();
      commits.push({ sha, transform: step.id, subject: `${step.id}: ${step.title}`, files });
    }

    const name = opts.name ?? defaultName(repo, last, rels);
    const result: BranchResult = {
      branch: name,
      created: false,
      base: repo.head,
      baseBranch: repo.branch,
      commits,
      uncommittedChangesIgnored: uncommitted.length > 0,
      uncommitted,
      findings,
      problems,
      refused,
      transforms: ids,
    };
    if (commits.length === 0) return result;
    await checkpoint();
    // Created last, and only if it still does not exist (the empty old value).
    const upd = git.run(repo.top, ['update-ref', '-m', `pyext-isolate branch: from ${repo.branch} (${repo.head.slice(0, 7)})`, `refs/heads/${name}`, commits[commits.length - 1].sha, '']);
    if (upd.status !== 0) {
      if (branchExists(repo, name)) throw new GitError(`branch '${name}' already exists: pick another with --name`);
      throw new GitError(`cannot create branch '${name}': ${firstLine(upd.stderr)}`);
    }
    result.created = true;
    return result;
  } finally {
    cleanup(git, repo.top, tmp);
  }
}

/**
 * The compile gate over every commit: an extension whose rewrite breaks the build at any step is
 * left out of all of them (refused, in the last step's result, which the summary reports).
 */
async function gateSteps(results: RewriteResult[], paths: string[], config: RewriteResult['config'], cache: boolean | undefined): Promise<void> {
  const last = results[results.length - 1];
  const g = await prepareGate({ paths, config, cache, cacheDir: defaultCacheDir() });
  if (!g.setup) {
    last.problems.push({ path: paths[0], message: `not compile-checked: ${g.why}`, level: 'info' });
    return;
  }
  const refusedUnits = new Set<string>();
  const notes = new Map<string, RewriteResult['problems'][number]>();
  const run = startGateRun();
  try {
    for (const r of results.slice().reverse()) {
      const before = r.refused.length;
      const findingsBefore = r.findings.length;
      await gateRewrite(g.setup, r, run);
      for (const x of r.refused.slice(before)) {
        const unit = r.extensions.find((e) => e.files.includes(x.path))?.files[0];
        if (unit && !refusedUnits.has(unit)) {
          refusedUnits.add(unit);
          if (r !== last) {
            last.refused.push(...r.refused.slice(before).filter((y) => r.extensions.find((e) => e.files[0] === unit)?.files.includes(y.path)));
            const files = r.extensions.find((e) => e.files[0] === unit)?.files ?? [];
            last.findings.push(...r.findings.slice(findingsBefore).filter((f) => files.includes(f.file)));
          }
        }
      }
      for (const p of r.problems) if (p.message.startsWith('not compile-checked') && !notes.has(p.path)) notes.set(p.path, p);
    }
  } finally {
    run.close();
  }
  for (const r of results) {
    r.changes = r.changes.filter((c) => !c.unit || !refusedUnits.has(c.unit));
    r.newFiles = r.newFiles.filter((n) => !n.unit || !refusedUnits.has(n.unit));
  }
  last.problems = [...last.problems.filter((p) => !p.message.startsWith('not compile-checked')), ...notes.values()];
}
