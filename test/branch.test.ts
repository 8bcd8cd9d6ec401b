/**
 * Branch mode in throwaway git repositories: one commit per transform that changed something,
 * each commit's tree equal to the rewrite with that prefix of transforms selected, and the
 * user's HEAD, branch, index, work tree, stash and config untouched, whatever happens.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import yargs from 'yargs';
import { analyzeTree, rewriteTree } from '../src/api';
import { createMigrationBranch, BranchOptions, BranchResult } from '../src/runner/git';
import { GitError } from '../src/runner/git-repo';
import { branchCommand } from '../src/cli/commands/branch';
import { CliExit, exitStatus } from '../src/cli/commands';
import { REGISTRY, expandSelection } from '../transforms';
import { EXTENSIONS } from './helpers/modules';

const savedEnv = { ...process.env };
let home: string;
/** Where the engine puts its temporary worktrees in these tests (private, so leftovers are ours to see). */
const worktrees = (): string => path.join(home, 'worktrees');

beforeAll(() => {
  // No global or system git config (and so no identity) leaks into these repositories.
  home = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-home-'));
  fs.writeFileSync(path.join(home, 'gitconfig'), '');
  process.env.GIT_CONFIG_GLOBAL = path.join(home, 'gitconfig');
  process.env.GIT_CONFIG_NOSYSTEM = '1';
  process.env.HOME = home;
  fs.mkdirSync(worktrees());
  for (const k of ['GIT_AUTHOR_NAME', 'GIT_AUTHOR_EMAIL', 'GIT_COMMITTER_NAME', 'GIT_COMMITTER_EMAIL', 'EMAIL', 'GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE']) delete process.env[k];
});

afterAll(() => {
  for (const k of Object.keys(process.env)) if (!(k in savedEnv)) delete process.env[k];
  Object.assign(process.env, savedEnv);
  fs.rmSync(home, { recursive: true, force: true });
});

const made: string[] = [];
afterEach(() => {
  for (const d of made.splice(0)) fs.rmSync(d, { recursive: true, force: true });
});

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'latin1', env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function tmpDir(tag: string): string {
  const d = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), `pyext-isolate-test-${tag}-`)));
  made.push(d);
  return d;
}

/** A fresh repository on branch main holding the module under ext/<name>, committed by "Test User". */
function makeRepo(modules: string[], opts: { identity?: boolean } = {}): string {
  const repo = tmpDir('repo');
  for (const m of modules) fs.cpSync(path.join(EXTENSIONS, m), path.join(repo, 'ext', m), { recursive: true });
  fs.writeFileSync(path.join(repo, 'README.md'), 'a project\n');
  git(repo, 'init', '-q', '-b', 'main');
  const id = ['-c', 'user.name=Test User', '-c', 'user.email=test@example.com'];
  if (opts.identity !== false) {
    git(repo, 'config', 'user.name', 'Test User');
    git(repo, 'config', 'user.email', 'test@example.com');
  }
  git(repo, 'add', '-A');
  git(repo, ...id, 'commit', '-q', '-m', 'initial');
  return repo;
}

/** Everything the user could notice: HEAD, branch, status, index bytes, diffs, stash, config, refs, worktrees. */
function snapshot(repo: string): Record<string, string> {
  return {
    index: fs.readFileSync(path.join(repo, '.git', 'index')).toString('base64'),
    indexMtime: String(fs.statSync(path.join(repo, '.git', 'index')).mtimeMs),
    head: git(repo, 'rev-parse', 'HEAD'),
    branch: git(repo, 'rev-parse', '--symbolic-full-name', 'HEAD'),
    status: git(repo, 'status', '--porcelain=v1', '--untracked-files=all'),
    diff: git(repo, 'diff'),
    cached: git(repo, 'diff', '--cached'),
    stash: git(repo, 'stash', 'list'),
    config: fs.readFileSync(path.join(repo, '.git', 'config'), 'latin1'),
    worktrees: git(repo, 'worktree', 'list', '--porcelain'),
  };
}

function refs(repo: string): string {
  return git(repo, 'for-each-ref', '--format=%(refname) %(objectname)');
}

function leftoverTemps(): string[] {
  return fs.readdirSync(worktrees());
}

/** createMigrationBranch with the test's private directory for temporary worktrees. */
function branch(opts: BranchOptions): Promise<BranchResult> {
  return createMigrationBranch({ tmpDir: worktrees(), ...opts });
}

function expectNoWorktreeLeft(repo: string): void {
  expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
  expect(fs.existsSync(path.join(repo, '.git', 'worktrees')) ? fs.readdirSync(path.join(repo, '.git', 'worktrees')) : []).toEqual([]);
}

interface PrefixRun {
  id: string;
  /** Repository-relative path -> content after the rewrite with this prefix. */
  files: Map<string, string>;
  manual: { where: string; rule: string }[];
}

/** The rewrite of a pristine copy for every prefix of the selection, independently of branch mode. */
function prefixRuns(modules: string[], select?: string[]): PrefixRun[] {
  const copy = tmpDir('pristine');
  for (const m of modules) fs.cpSync(path.join(EXTENSIONS, m), path.join(copy, 'ext', m), { recursive: true });
  const ids = expandSelection(select).ids;
  return ids.map((id, k) => {
    const r = rewriteTree(analyzeTree([path.join(copy, 'ext')]), ids.slice(0, k + 1));
    const files = new Map<string, string>();
    for (const c of r.changes) files.set(path.relative(copy, c.path), c.after);
    for (const n of r.newFiles) files.set(path.relative(copy, n.path), n.content);
    const manual = r.findings.filter((f) => f.fix !== 'auto' && f.rule.startsWith(id + '/')).map((f) => ({ where: `${path.relative(copy, f.file)}:${f.line}:${f.col}:`, rule: f.rule }));
    return { id, files, manual };
  });
}

function sameFiles(a: Map<string, string> | undefined, b: Map<string, string>): boolean {
  if (!a) return b.size === 0;
  return a.size === b.size && [...a].every(([k, v]) => b.get(k) === v);
}

/** Asserts the branch against the independent prefix runs: one commit per changing transform, exact trees, messages. */
function expectBranchMatches(repo: string, r: BranchResult, runs: PrefixRun[]): void {
  const changing = runs.filter((run, k) => !sameFiles(k === 0 ? undefined : runs[k - 1].files, run.files));
  expect(changing.length).toBeGreaterThan(0);
  expect(r.commits.map((c) => c.transform)).toEqual(changing.map((c) => c.id));
  const titles = new Map(REGISTRY.map((t) => [t.id, t.title]));
  // The branch is a straight line of exactly these commits on top of the base.
  expect(git(repo, 'rev-parse', `refs/heads/${r.branch}`).trim()).toBe(r.commits[r.commits.length - 1].sha);
  expect(git(repo, 'rev-list', '--reverse', `${r.base}..${r.branch}`).trim().split('\n')).toEqual(r.commits.map((c) => c.sha));
  expect(git(repo, 'rev-list', '--max-count=1', '--skip=' + r.commits.length, r.branch).trim()).toBe(r.base);
  let previous = r.base;
  for (const c of r.commits) {
    const run = changing.find((x) => x.id === c.transform)!;
    const subject = `${c.transform}: ${titles.get(c.transform)}`;
    expect(c.subject).toBe(subject);
    const message = git(repo, 'log', '-1', '--format=%B', c.sha);
    expect(message.split('\n')[0]).toBe(subject);
    // The tree is the base plus exactly the prefix rewrite, byte for byte.
    const differs = git(repo, 'diff', '--name-only', '--no-renames', r.base, c.sha).trim().split('\n').filter(Boolean).sort();
    expect(differs).toEqual([...run.files.keys()].map((p) => p.split(path.sep).join('/')).sort());
    for (const [p, content] of run.files) {
      const blob = execFileSync('git', ['cat-file', 'blob', `${c.sha}:${p.split(path.sep).join('/')}`], { cwd: repo });
      expect(blob.equals(Buffer.from(content, 'latin1'))).toBe(true);
    }
    // The body lists the commit's own files and its transform's findings that need a human.
    const own = git(repo, 'diff', '--name-only', '--no-renames', previous, c.sha).trim().split('\n').filter(Boolean).sort();
    expect(c.files).toEqual(own);
    for (const f of own) expect(message).toContain(`  ${f}`);
    for (const m of run.manual) {
      expect(message).toContain(m.where.split(path.sep).join('/'));
      expect(message).toContain(m.rule);
    }
    previous = c.sha;
  }
}

describe('createMigrationBranch', () => {
  test.each([['spamlib'], ['npstyle']])('%s: one commit per transform that changed something, each tree = that prefix of the rewrite', async (mod) => {
    const repo = makeRepo([mod]);
    const before = snapshot(repo);
    const r = await branch({ paths: ['ext'], cwd: repo });
    expect(r.created).toBe(true);
    expect(r.branch).toBe(`isolate/${mod}`);
    expect(r.baseBranch).toBe('main');
    expect(r.base).toBe(before.head.trim());
    expect(r.uncommittedChangesIgnored).toBe(false);
    expectBranchMatches(repo, r, prefixRuns([mod]));
    expect(git(repo, 'log', '-1', '--format=%an <%ae>', r.branch).trim()).toBe('Test User <test@example.com>');
    expect(snapshot(repo)).toEqual(before);
    expectNoWorktreeLeft(repo);
    expect(leftoverTemps()).toEqual([]);
  });

  // The globals are used in the type's methods: they move with the heap types (while the type is
  // static its methods have no module), so the globals step alone changes nothing and makes no commit.
  test('spamlib makes three commits (multi-phase init, function statics, heap types with the globals)', async () => {
    const repo = makeRepo(['spamlib']);
    const r = await branch({ paths: ['ext/spamlib'], cwd: repo });
    expect(r.commits.map((c) => c.transform)).toEqual(['multi-phase-init', 'function-statics-to-state', 'static-type-to-heap']);
    expect(r.commits[2].files).toEqual(['ext/spamlib/pyext_isolate_compat.h', 'ext/spamlib/spamlib.c']);
    expect(git(repo, 'log', '-1', '--format=%B', r.commits[2].sha)).toContain('ext/spamlib/pyext_isolate_compat.h (new)');
    expect(git(repo, 'show', `${r.commits[2].sha}:ext/spamlib/spamlib.c`)).toContain('st->SpamError');
  });

  test('uncommitted, staged and untracked changes stay exactly as they were and are not in the branch', async () => {
    const repo = makeRepo(['spamlib']);
    const src = path.join(repo, 'ext', 'spamlib', 'spamlib.c');
    fs.appendFileSync(src, '/* STAGED */\n');
    git(repo, 'add', 'ext/spamlib/spamlib.c');
    fs.appendFileSync(src, '/* UNSTAGED */\n');
    fs.writeFileSync(path.join(repo, 'README.md'), 'changed\n');
    fs.writeFileSync(path.join(repo, 'ext', 'spamlib', 'extra.c'), 'int untracked;\n');
    fs.writeFileSync(path.join(repo, 'notes.txt'), 'untracked\n');
    git(repo, 'stash', 'list');
    const before = snapshot(repo);
    const content = fs.readFileSync(src);
    const r = await branch({ paths: ['ext/spamlib'], cwd: repo });
    expect(r.created).toBe(true);
    expect(r.uncommittedChangesIgnored).toBe(true);
    expect(r.uncommitted).toEqual(['MM ext/spamlib/spamlib.c', '?? ext/spamlib/extra.c']);
    expect(snapshot(repo)).toEqual(before);
    expect(fs.readFileSync(src).equals(content)).toBe(true);
    const onBranch = git(repo, 'show', `${r.branch}:ext/spamlib/spamlib.c`);
    expect(onBranch).not.toContain('STAGED');
    expect(git(repo, 'ls-tree', '-r', '--name-only', r.branch)).not.toContain('extra.c');
    expectBranchMatches(repo, r, prefixRuns(['spamlib']));
    expectNoWorktreeLeft(repo);
  });

  test('paths are relative to cwd; the default name gets a suffix when taken', async () => {
    const repo = makeRepo(['spamlib']);
    const r1 = await branch({ paths: ['spamlib'], cwd: path.join(repo, 'ext') });
    expect(r1.branch).toBe('isolate/spamlib');
    expect(r1.findings.every((f) => f.file.startsWith('spamlib' + path.sep))).toBe(true);
    const r2 = await branch({ paths: ['spamlib/spamlib.c'], cwd: path.join(repo, 'ext') });
    expect(r2.branch).toBe('isolate/spamlib-2');
    expect(git(repo, 'rev-parse', `${r1.branch}^{tree}`)).toBe(git(repo, 'rev-parse', `${r2.branch}^{tree}`));
    const r3 = await branch({ paths: ['.'], cwd: repo, name: 'topic/my-isolation' });
    expect(r3.branch).toBe('topic/my-isolation');
    expect(git(repo, 'symbolic-ref', '--short', 'HEAD').trim()).toBe('main');
    expectNoWorktreeLeft(repo);
  });

  test('--select keeps to the selected transforms and their requirements', async () => {
    const repo = makeRepo(['spamlib']);
    const r = await branch({ paths: ['ext'], cwd: repo, select: ['globals-to-state'] });
    expect(r.transforms).toEqual(['multi-phase-init', 'globals-to-state', 'checks']);
    expectBranchMatches(repo, r, prefixRuns(['spamlib'], ['globals-to-state']));
  });

  test('without a configured identity the fallback identity is used and git config is not written', async () => {
    const repo = makeRepo(['spamlib'], { identity: false });
    const before = snapshot(repo);
    const r = await branch({ paths: ['ext'], cwd: repo });
    expect(git(repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>', r.branch).trim()).toBe('pyext-isolate <pyext-isolate@localhost>|pyext-isolate <pyext-isolate@localhost>');
    expect(snapshot(repo)).toEqual(before);
    expect(fs.readFileSync(path.join(home, 'gitconfig'), 'latin1')).toBe('');
  });

  test('an already isolated module: nothing to commit, no branch', async () => {
    const repo = makeRepo(['isoclean']);
    const before = snapshot(repo);
    const refsBefore = refs(repo);
    const r = await branch({ paths: ['ext'], cwd: repo });
    expect(r.created).toBe(false);
    expect(r.commits).toEqual([]);
    expect(refs(repo)).toBe(refsBefore);
    expect(snapshot(repo)).toEqual(before);
    expectNoWorktreeLeft(repo);
  });

  test("the repository's hooks do not run on the temporary checkout or the commits", async () => {
    const repo = makeRepo(['spamlib']);
    const marker = path.join(tmpDir('hooks'), 'ran');
    for (const hook of ['post-checkout', 'pre-commit', 'commit-msg', 'post-commit', 'reference-transaction']) {
      fs.writeFileSync(path.join(repo, '.git', 'hooks', hook), `#!/bin/sh\necho ${hook} >> '${marker}'\nexit 1\n`, { mode: 0o755 });
    }
    const r = await branch({ paths: ['ext'], cwd: repo });
    expect(r.commits.length).toBeGreaterThan(0);
    expect(fs.existsSync(marker)).toBe(false);
    expectNoWorktreeLeft(repo);
  });

  test('a tracked symlink to a file outside the repository is never written through', async () => {
    const repo = makeRepo([]);
    const outside = tmpDir('outside');
    fs.cpSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), path.join(outside, 'spamlib.c'));
    const bytes = fs.readFileSync(path.join(outside, 'spamlib.c'));
    fs.mkdirSync(path.join(repo, 'ext'));
    fs.symlinkSync(path.join(outside, 'spamlib.c'), path.join(repo, 'ext', 'spamlib.c'));
    git(repo, 'add', 'ext');
    git(repo, 'commit', '-q', '-m', 'symlink');
    const refsBefore = refs(repo);
    await expect(branch({ paths: ['ext'], cwd: repo })).rejects.toThrow(/refusing to rewrite ext\/spamlib\.c: it is a symlink/);
    expect(fs.readFileSync(path.join(outside, 'spamlib.c')).equals(bytes)).toBe(true);
    expect(refs(repo)).toBe(refsBefore);
    expectNoWorktreeLeft(repo);
  });

  test('an aborted run removes its worktree and creates no branch', async () => {
    const repo = makeRepo(['spamlib']);
    const before = snapshot(repo);
    const refsBefore = refs(repo);
    const ac = new AbortController();
    ac.abort();
    await expect(branch({ paths: ['ext'], cwd: repo, signal: ac.signal })).rejects.toThrow(/^interrupted/);
    expect(refs(repo)).toBe(refsBefore);
    expect(snapshot(repo)).toEqual(before);
    expectNoWorktreeLeft(repo);
    expect(leftoverTemps()).toEqual([]);
  });

  describe('bad input: a one-line GitError and nothing changed', () => {
    async function expectGitError(repo: string | undefined, run: () => Promise<unknown>, pattern: RegExp): Promise<void> {
      const before = repo ? { snap: snapshot(repo), refs: refs(repo) } : undefined;
        let err: unknown;
      try {
        await run();
      } catch (e) {
        err = e;
      }
      expect(err).toBeInstanceOf(GitError);
      const msg = (err as Error).message;
      expect(msg).toMatch(pattern);
      expect(msg).not.toContain('\n');
      if (repo && before) {
        expect(snapshot(repo)).toEqual(before.snap);
        expect(refs(repo)).toBe(before.refs);
        expectNoWorktreeLeft(repo);
      }
      expect(leftoverTemps()).toEqual([]);
    }

    test('not a git repository', async () => {
      const dir = tmpDir('norepo');
      fs.cpSync(path.join(EXTENSIONS, 'spamlib'), path.join(dir, 'spamlib'), { recursive: true });
      process.env.GIT_CEILING_DIRECTORIES = path.dirname(dir);
      try {
        await expectGitError(undefined, () => branch({ paths: ['spamlib'], cwd: dir }), /^not a git repository/);
      } finally {
        delete process.env.GIT_CEILING_DIRECTORIES;
      }
      expect(fs.existsSync(path.join(dir, '.git'))).toBe(false);
    });

    test('detached HEAD', async () => {
      const repo = makeRepo(['spamlib']);
      git(repo, 'checkout', '-q', '--detach');
      await expectGitError(repo, () => branch({ paths: ['ext'], cwd: repo }), /HEAD is detached/);
    });

    test('a branch name that exists', async () => {
      const repo = makeRepo(['spamlib']);
      git(repo, 'branch', 'isolate/taken');
      await expectGitError(repo, () => branch({ paths: ['ext'], cwd: repo, name: 'isolate/taken' }), /branch 'isolate\/taken' already exists/);
      await expectGitError(repo, () => branch({ paths: ['ext'], cwd: repo, name: 'main' }), /branch 'main' already exists/);
    });

    test('an invalid branch name', async () => {
      const repo = makeRepo(['spamlib']);
      await expectGitError(repo, () => branch({ paths: ['ext'], cwd: repo, name: 'bad..name' }), /not a valid branch name/);
    });

    test('a path that is not in HEAD, or outside the repository', async () => {
      const repo = makeRepo(['spamlib']);
      fs.mkdirSync(path.join(repo, 'newdir'));
      fs.writeFileSync(path.join(repo, 'newdir', 'x.c'), 'int x;\n');
      await expectGitError(repo, () => branch({ paths: ['newdir'], cwd: repo }), /newdir is not committed in HEAD/);
      await expectGitError(repo, () => branch({ paths: ['nowhere'], cwd: repo }), /nowhere does not exist in HEAD/);
      await expectGitError(repo, () => branch({ paths: [EXTENSIONS], cwd: repo }), /is outside the repository/);
    });

    test('a branch with no commits yet', async () => {
      const repo = tmpDir('unborn');
      git(repo, 'init', '-q', '-b', 'main');
      fs.cpSync(path.join(EXTENSIONS, 'spamlib'), path.join(repo, 'spamlib'), { recursive: true });
      await expectGitError(undefined, () => branch({ paths: ['spamlib'], cwd: repo }), /no commits yet/);
      expect(git(repo, 'worktree', 'list', '--porcelain').match(/^worktree /gm)).toHaveLength(1);
    });

    test('an error after the worktree exists still removes it (unknown transform in pyproject.toml)', async () => {
      const repo = makeRepo(['spamlib']);
      fs.writeFileSync(path.join(repo, 'pyproject.toml'), '[tool.pyext-isolate]\ntransforms = ["no-such-transform"]\n');
      git(repo, 'add', 'pyproject.toml');
      git(repo, 'commit', '-q', '-m', 'config');
      await expectGitError(repo, () => branch({ paths: ['ext'], cwd: repo }), /unknown transform 'no-such-transform' in .*pyproject\.toml/);
      expect(refs(repo)).not.toContain('isolate/');
    });
  });
});

describe('pyext-isolate branch (CLI)', () => {
  async function cli(cwd: string, args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    const out: string[] = [];
    const err: string[] = [];
    const so = jest.spyOn(process.stdout, 'write').mockImplementation((s: string | Uint8Array) => (out.push(Buffer.from(s).toString('latin1')), true));
    const se = jest.spyOn(process.stderr, 'write').mockImplementation((s: string | Uint8Array) => (err.push(Buffer.from(s).toString('latin1')), true));
    const oldCwd = process.cwd();
    process.chdir(cwd);
    exitStatus.code = 0;
    let code: number;
    try {
      await yargs(args)
        .command(branchCommand)
        .strict()
        .fail((msg, e) => {
          throw e ?? new CliExit(2, msg);
        })
        .parseAsync();
      code = exitStatus.code;
    } catch (e) {
      if (!(e instanceof CliExit)) throw e;
      err.push(e.message + '\n');
      code = e.code;
    } finally {
      process.chdir(oldCwd);
      so.mockRestore();
      se.mockRestore();
    }
    return { code, stdout: out.join(''), stderr: err.join('') };
  }

  test('prints the branch and one line per commit; notes uncommitted changes on stderr', async () => {
    const repo = makeRepo(['spamlib']);
    fs.appendFileSync(path.join(repo, 'ext', 'spamlib', 'spamlib.c'), '/* wip */\n');
    const before = snapshot(repo);
    const r = await cli(repo, ['branch', 'ext/spamlib']);
    expect(r.code).toBe(0);
    const lines = r.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^Created branch isolate\/spamlib from main \([0-9a-f]{7}\) with 3 commit\(s\):$/);
    expect(lines.slice(1, 4).map((l) => l.replace(/^ {2}[0-9a-f]{7} /, '').replace(/ \(\d+ file\(s\)\)$/, ''))).toEqual(
      ['multi-phase-init', 'function-statics-to-state', 'static-type-to-heap'].map((id) => `${id}: ${REGISTRY.find((t) => t.id === id)!.title}`),
    );
    expect(r.stdout).toContain('git log --stat main..isolate/spamlib');
    expect(r.stderr).toContain('uncommitted changes under PATH are not part of the branch');
    expect(r.stderr).toContain(' M ext/spamlib/spamlib.c');
    expect(snapshot(repo)).toEqual(before);
  });

  test('usage and git errors: one line, exit 2', async () => {
    const repo = makeRepo(['spamlib']);
    git(repo, 'branch', 'isolate/spamlib');
    const refsBefore = refs(repo);
    const taken = await cli(repo, ['branch', 'ext', '--name', 'isolate/spamlib']);
    expect(taken.code).toBe(2);
    expect(taken.stderr).toBe("pyext-isolate: branch 'isolate/spamlib' already exists: pick another with --name\n");
    const none = await cli(repo, ['branch']);
    expect(none.code).toBe(2);
    expect(none.stderr).toBe('pyext-isolate: branch needs at least one PATH\n');
    git(repo, 'checkout', '-q', '--detach');
    const detached = await cli(repo, ['branch', 'ext']);
    expect(detached.code).toBe(2);
    expect(detached.stderr.trim().split('\n')).toHaveLength(1);
    expect(detached.stderr).toMatch(/^pyext-isolate: HEAD is detached/);
    expect(refs(repo)).toBe(refsBefore);
  });

  test('nothing to change: says so, no branch, exit 0', async () => {
    const repo = makeRepo(['isoclean']);
    const refsBefore = refs(repo);
    const r = await cli(repo, ['branch', 'ext']);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/^Nothing to change: .*no branch created\.$/m);
    expect(refs(repo)).toBe(refsBefore);
  });
});
