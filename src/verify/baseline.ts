/**
 * The original of a rewritten extension, to compare it with: the files as committed in git (HEAD by
 * default, or another revision), or a directory the user names. The git version is extracted with
 * `git archive` into a temporary directory: the user's work tree, index and stash are never touched.
 *
 * A baseline maps paths: every path under `root` (the rewritten tree) is read from the same relative
 * path under `dir` (the original); paths outside `root` (system headers, other include dirs) are the
 * same for both builds.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

export interface Baseline {
  kind: 'git' | 'dir';
  /** "git HEAD (abc1234) of /repo" or "directory ../orig". */
  description: string;
  /** Paths under root (the rewritten tree) ... */
  root: string;
  /** ... are read from here. */
  dir: string;
  /** Every C file under root equals its counterpart in dir: a comparison with itself. */
  identical: boolean;
  /** Removes the temporary extraction (a no-op for a user's directory). */
  cleanup(): void;
}

export interface BaselineRequest {
  /** The paths given by the user (files or directories of the rewritten extension). */
  paths: string[];
  /** A directory holding the original files (same layout as the paths' common directory). */
  dir?: string;
  /** A git revision to take the original from (default HEAD when `dir` is not given). */
  rev?: string;
}

export class BaselineError extends Error {}

const C_FILE = /\.(c|h|inc|cc|cpp|cxx|hpp|hh)$/;

/** The deepest directory that holds every path (a file stands for its directory). */
export function commonDir(paths: string[]): string {
  const dirs = paths.map((p) => {
    const abs = path.resolve(p);
    try {
      return fs.statSync(abs).isDirectory() ? abs : path.dirname(abs);
    } catch {
      return path.dirname(abs);
    }
  });
  let common = dirs[0] ?? process.cwd();
  for (const d of dirs.slice(1)) {
    while (common !== path.dirname(common) && !(d === common || d.startsWith(common + path.sep))) common = path.dirname(common);
  }
  return common;
}

/** The path a file of the rewritten tree has in the baseline. */
export function baselinePath(b: Pick<Baseline, 'root' | 'dir'>, p: string): string {
  const abs = realOrResolved(p);
  const rel = path.relative(b.root, abs);
  if (rel === '') return b.dir;
  if (rel.startsWith('..') || path.isAbsolute(rel)) return path.resolve(p);
  return path.join(b.dir, rel);
}

/** The real path when the file exists (the baseline's root is a real path), else the resolved one. */
function realOrResolved(p: string): string {
  try {
    return fs.realpathSync(path.resolve(p));
  } catch {
    return path.resolve(p);
  }
}

function git(args: string[], cwd: string, input?: Buffer): { code: number | null; stdout: Buffer; stderr: string } {
  const r = spawnSync('git', args, { cwd, input, maxBuffer: 1 << 30, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  return { code: r.error ? null : r.status, stdout: r.stdout ?? Buffer.alloc(0), stderr: (r.stderr ?? Buffer.alloc(0)).toString('utf8').trim() };
}

function cFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(d, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      if (e.name.startsWith('.')) continue;
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else if (e.isFile() && C_FILE.test(e.name)) out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

function sameCFiles(a: string, b: string): boolean {
  const fa = cFiles(a);
  const fb = cFiles(b);
  if (fa.join('\0') !== fb.join('\0')) return false;
  return fa.every((f) => fs.readFileSync(path.join(a, f)).equals(fs.readFileSync(path.join(b, f))));
}

/**
 * Prepares the baseline for the rewritten tree at `req.paths`: the user's directory as it is, or
 * the tree at a git revision extracted into a temporary directory. Throws BaselineError with a
 * one-line reason (not a git work tree, unknown revision, no such directory).
 */
export function prepareBaseline(req: BaselineRequest): Baseline {
  const root = realOrResolved(commonDir(req.paths));
  if (req.dir) {
    const dir = path.resolve(req.dir);
    if (!fs.existsSync(dir) || !fs.statSync(dir).isDirectory()) throw new BaselineError(`--baseline ${req.dir}: no such directory`);
    return { kind: 'dir', description: `directory ${req.dir}`, root, dir, identical: sameCFiles(root, dir), cleanup: () => undefined };
  }
  const rev = req.rev ?? 'HEAD';
  const top = git(['rev-parse', '--show-toplevel'], root);
  if (top.code !== 0) throw new BaselineError(`no baseline: ${root} is not in a git work tree (pass --baseline DIR with the original sources)`);
  const repo = fs.realpathSync(top.stdout.toString('utf8').trim());
  const sha = git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], repo);
  if (sha.code !== 0) throw new BaselineError(`no baseline: ${rev} is not a commit in ${repo}`);
  const commit = sha.stdout.toString('utf8').trim();
  const realRoot = root;
  const rel = path.relative(repo, realRoot);
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-baseline-'));
  const cleanup = (): void => fs.rmSync(tmp, { recursive: true, force: true });
  try {
    const archive = git(['archive', '--format=tar', commit, '--', rel === '' ? '.' : rel], repo);
    if (archive.code !== 0) throw new BaselineError(`no baseline: ${path.relative(process.cwd(), root) || '.'} is not in ${rev} (${archive.stderr.split('\n')[0]})`);
    const tar = spawnSync('tar', ['-x', '-f', '-', '-C', tmp], { input: archive.stdout, maxBuffer: 1 << 30 });
    if (tar.status !== 0) throw new BaselineError(`no baseline: cannot extract ${rev}: ${(tar.stderr ?? '').toString().trim() || tar.error?.message}`);
    const dir = path.join(tmp, rel);
    return {
      kind: 'git',
      description: `git ${rev} (${commit.slice(0, 7)})`,
      root: realRoot,
      dir,
      identical: sameCFiles(realRoot, dir),
      cleanup,
    };
  } catch (e) {
    cleanup();
    throw e;
  }
}
