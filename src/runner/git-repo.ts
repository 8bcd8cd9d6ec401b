/**
 * The user's repository as branch mode sees it: git run without the user's environment leaking
 * in (GIT_DIR...), the top, HEAD and its branch, paths mapped into the repository, branch names
 * checked, uncommitted changes under the paths, and a committer identity that always works.
 */
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { escapeControls } from '../core/quote';

/** A user error in branch mode (not a repository, detached HEAD, branch exists...): one line, nothing changed. */
export class GitError extends Error {
  constructor(message: string) {
    super(message.split('\n')[0]);
    this.name = 'GitError';
  }
}

const FALLBACK_NAME = 'pyext-isolate';

const FALLBACK_EMAIL = 'pyext-isolate@localhost';

/** Environment variables that would point git at another repository, work tree or index than the one we mean. */
const REPO_ENV = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_PREFIX', 'GIT_NAMESPACE'];

interface GitRun {
  status: number;
  stdout: string;
  stderr: string;
}

export class Git {
  readonly env: NodeJS.ProcessEnv;
  constructor(extra: NodeJS.ProcessEnv = {}) {
    const env: NodeJS.ProcessEnv = { ...process.env, GIT_OPTIONAL_LOCKS: '0', GIT_TERMINAL_PROMPT: '0', ...extra };
    for (const k of REPO_ENV) delete env[k];
    this.env = env;
  }

  run(cwd: string, args: string[], input?: string): GitRun {
    // Hooks of the user's repository must not run on our checkout and commits.
    const r = spawnSync('git', ['-c', `core.hooksPath=${os.devNull}`, ...args], { cwd, env: this.env, input, encoding: 'utf8', maxBuffer: 1 << 30 });
    if (r.error) {
      const code = (r.error as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' && !fs.existsSync(cwd)) throw new GitError(`no such directory: ${cwd}`);
      throw new GitError(code === 'ENOENT' ? 'git is not installed (or not on PATH)' : `cannot run git: ${r.error.message}`);
    }
    return { status: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
  }

  /** Runs git and returns stdout; a failure is a GitError with git's own first line. */
  ok(cwd: string, args: string[], what: string, input?: string): string {
    const r = this.run(cwd, args, input);
    if (r.status !== 0) throw new GitError(`${what}: ${firstLine(r.stderr) || `git ${args[0]} exited with ${r.status}`}`);
    return r.stdout;
  }
}

export function firstLine(s: string): string {
  return (
    s
      .split('\n')
      .map((l) => l.trim())
      .find((l) => l !== '' && !/^hint:/.test(l)) ?? ''
  ).replace(/^(fatal|error): /, '');
}

/** Repository-relative, '/'-separated. */
export function toGitPath(p: string): string {
  return p.split(path.sep).join('/');
}

export function isInside(rel: string): boolean {
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

export function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(p);
  } catch {
    // Deleted in the work tree (it may still be in HEAD): resolve the parent instead.
    const parent = path.dirname(p);
    if (parent === p) return p;
    return path.join(realOrResolved(parent), path.basename(p));
  }
}

/** The part of a name that is safe in a ref component. */
export function refComponent(s: string): string {
  return s
    .replace(/[^A-Za-z0-9._+-]+/g, '-')
    .replace(/\.{2,}/g, '.')
    .replace(/^[-.]+|[-.]+$/g, '')
    .replace(/\.lock$/, '');
}

export interface Repo {
  git: Git;
  cwd: string;
  top: string;
  head: string;
  branch: string;
}

export function openRepo(git: Git, cwdIn: string): Repo {
  let cwd: string;
  try {
    cwd = fs.realpathSync(cwdIn);
  } catch {
    throw new GitError(`no such directory: ${cwdIn}`);
  }
  const inside = git.run(cwd, ['rev-parse', '--is-inside-work-tree']);
  if (inside.status !== 0) {
    if (/not a git repository/i.test(inside.stderr)) throw new GitError(`not a git repository: ${cwdIn}`);
    throw new GitError(`not a usable git repository: ${firstLine(inside.stderr) || cwdIn}`);
  }
  if (inside.stdout.trim() !== 'true') throw new GitError(`not inside a git work tree: ${cwdIn}`);
  const top = fs.realpathSync(git.ok(cwd, ['rev-parse', '--show-toplevel'], 'cannot find the repository root').trim());
  const sym = git.run(cwd, ['symbolic-ref', '-q', 'HEAD']);
  if (sym.status !== 0) throw new GitError('HEAD is detached: check out a branch first (the new branch starts from it)');
  const ref = sym.stdout.trim();
  const branch = ref.replace(/^refs\/heads\//, '');
  const head = git.run(cwd, ['rev-parse', '-q', '--verify', 'HEAD^{commit}']);
  if (head.status !== 0) throw new GitError(`branch '${branch}' has no commits yet: commit the sources first`);
  return { git, cwd, top, head: head.stdout.trim(), branch };
}

export function branchExists(repo: Repo, name: string): boolean {
  return repo.git.run(repo.top, ['show-ref', '--verify', '--quiet', `refs/heads/${name}`]).status === 0;
}

/**
 * A name git itself accepts for a branch (`git check-ref-format --branch`, which also refuses
 * `@{-1}`-style names by expanding them) and that no other ref reading could take for something
 * else: HEAD, @, FETCH_HEAD and the like, `refs/...`, `<remote>/...`, or an existing tag. Such a
 * branch (refs/heads/HEAD) makes `git stash`, `git checkout HEAD` and friends ambiguous.
 */
export function checkBranchName(repo: Repo, name: string): void {
  const bad = (why: string): never => {
    throw new GitError(`'${escapeControls(name)}' is not a valid branch name: ${why}`);
  };
  if (name === '' || name.startsWith('-')) bad('git refuses it');
  const fmt = repo.git.run(repo.top, ['check-ref-format', '--branch', name]);
  if (fmt.status !== 0 || fmt.stdout.trim() !== name) bad('git refuses it (git check-ref-format --branch)');
  if (name === '@' || /^[A-Z_]*HEAD$/.test(name)) bad('git reads it as a special ref (HEAD, FETCH_HEAD, ...)');
  if (name.startsWith('refs/')) bad('it would read as a full ref name');
  const remotes = repo.git.run(repo.top, ['remote']).stdout.split('\n').filter((r) => r !== '');
  const remote = remotes.find((r) => name.startsWith(r + '/'));
  if (remote) bad(`it would be ambiguous with remote-tracking branches of '${remote}'`);
  if (repo.git.run(repo.top, ['show-ref', '--verify', '--quiet', `refs/tags/${name}`]).status === 0) bad('a tag has that name');
  if (branchExists(repo, name)) throw new GitError(`branch '${name}' already exists: pick another with --name`);
}

/** The user's PATHs as repository-relative paths; each must be inside the repository and in HEAD. */
export function mapPaths(repo: Repo, paths: string[]): string[] {
  const out: string[] = [];
  for (const p of paths) {
    const abs = realOrResolved(path.resolve(repo.cwd, p));
    const rel = path.relative(repo.top, abs);
    if (!isInside(rel)) throw new GitError(`${p} is outside the repository (${repo.top})`);
    const gp = toGitPath(rel);
    if (repo.git.run(repo.top, ['cat-file', '-e', `${repo.head}:${gp}`]).status !== 0) {
      const onDisk = fs.existsSync(abs);
      throw new GitError(`${p} ${onDisk ? 'is not committed' : 'does not exist'} in HEAD (${repo.head.slice(0, 7)}): the branch is built from HEAD, so commit it first`);
    }
    out.push(rel);
  }
  return out;
}

/** Uncommitted and untracked changes under the PATHs, as porcelain lines. */
export function uncommittedUnder(repo: Repo, rels: string[]): string[] {
  const specs = rels.map((r) => (r === '' ? ':(top)' : `:(top,literal)${toGitPath(r)}`));
  const out = repo.git.ok(repo.top, ['status', '--porcelain=v1', '-z', '--untracked-files=normal', '--ignore-submodules=dirty', '--', ...specs], 'cannot read the status of the work tree');
  const lines: string[] = [];
  const parts = out.split('\0');
  for (let i = 0; i < parts.length; i++) {
    const e = parts[i];
    if (e === '') continue;
    lines.push(e);
    if (e[0] === 'R' || e[0] === 'C') i++; // the rename source follows
  }
  return lines;
}

/** Author and committer: the user's, from the environment or git config; else the fallback. Git config is never written. */
export function identityEnv(repo: Repo): NodeJS.ProcessEnv {
  const cfg = (key: string): string | undefined => {
    const r = repo.git.run(repo.top, ['config', '--get', key]);
    const v = r.stdout.trim();
    return r.status === 0 && v !== '' ? v : undefined;
  };
  const env: NodeJS.ProcessEnv = {};
  const has = (k: string): boolean => (process.env[k] ?? '') !== '';
  for (const who of ['author', 'committer'] as const) {
    const W = who.toUpperCase();
    if (!has(`GIT_${W}_NAME`) && !cfg(`${who}.name`) && !cfg('user.name')) env[`GIT_${W}_NAME`] = FALLBACK_NAME;
    if (!has(`GIT_${W}_EMAIL`) && !cfg(`${who}.email`) && !cfg('user.email') && !has('EMAIL')) env[`GIT_${W}_EMAIL`] = FALLBACK_EMAIL;
  }
  return env;
}
