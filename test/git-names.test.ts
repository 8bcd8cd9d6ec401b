/**
 * git names and file names (issue 18, item 7): `branch --name` takes only names git accepts for a
 * branch and that no ref reading could take for something else; file names with a newline, a
 * quote or an escape character are quoted as git quotes them, in findings and in diff headers,
 * so a name cannot fake a report line or reach the terminal raw, and the diff applies with
 * `git apply`.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import { repoRoot, runCli } from '../test-support/fuzz/run';
import { EXTENSIONS } from './helpers/modules';
import { quotePath } from '../src/core/quote';

const ROOT = repoRoot();
const TIMEOUT = 120_000;
const made: string[] = [];
const ENV = { GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.org', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.org', GIT_OPTIONAL_LOCKS: '0' };

function git(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'latin1', env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] });
}

function tempDir(tag: string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-gitnames-${tag}-`));
  made.push(d);
  return d;
}

/** A repository with spamlib committed under ext/ (file name `name`), and an `origin` remote. */
function makeRepo(name = 'spamlib.c'): string {
  const repo = tempDir('repo');
  git(repo, 'init', '-q', '-b', 'main');
  fs.mkdirSync(path.join(repo, 'ext'));
  fs.copyFileSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), path.join(repo, 'ext', name));
  git(repo, 'add', '-A');
  git(repo, 'commit', '-q', '-m', 'sources');
  git(repo, 'remote', 'add', 'origin', 'https://example.invalid/x.git');
  return repo;
}

beforeAll(() => ensureBuilt(ROOT), TIMEOUT);

afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

describe('branch names', () => {
  test.each(['HEAD', '@', 'FETCH_HEAD', 'ORIG_HEAD', 'origin/main', 'refs/heads/x', 'bad..name', '@{-1}', 'a b'])('--name %s is refused in one line, no ref is made', async (name) => {
    const repo = makeRepo();
    const refsBefore = git(repo, 'for-each-ref', '--format=%(refname)');
    const r = await runCli(['branch', 'ext', '--name', name], { timeoutMs: TIMEOUT, cwd: repo, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(r.stderr).toMatch(/is not a valid branch name/);
    expect(git(repo, 'for-each-ref', '--format=%(refname)')).toBe(refsBefore);
    git(repo, 'stash', 'list'); // still unambiguous
  }, TIMEOUT);

  test('a tag of the same name is refused too; an ordinary name works', async () => {
    const repo = makeRepo();
    git(repo, 'tag', 'v1');
    const r = await runCli(['branch', 'ext', '--name', 'v1'], { timeoutMs: TIMEOUT, cwd: repo, env: ENV });
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/a tag has that name/);
    const ok = await runCli(['branch', 'ext', '--name', 'isolate/spam'], { timeoutMs: TIMEOUT, cwd: repo, env: ENV });
    expect(ok.code).toBe(0);
    expect(git(repo, 'rev-parse', '--verify', '-q', 'refs/heads/isolate/spam').trim()).toMatch(/^[0-9a-f]{40}$/);
  }, TIMEOUT);
});

describe('a branch run killed mid-way (item 12)', () => {
  test('its temporary worktree and checkout are pruned by the next run', async () => {
    const repo = makeRepo();
    const tmp = tempDir('branch-tmp');
    const hooks = path.join(ROOT, 'dist', 'test-support', 'fuzz', 'fault-hooks.js');
    const killed = await runCli(['branch', 'ext', '--name', 'isolate/a'], { timeoutMs: TIMEOUT, cwd: repo, env: { ...ENV, TMPDIR: tmp, NODE_OPTIONS: `--require ${hooks}`, PYEXT_FAULT_KILL_ON_WRITEFILE: '/ext/spamlib.c' } });
    expect(killed.signal).toBe('SIGKILL');
    const worktrees = (): string[] => git(repo, 'worktree', 'list', '--porcelain').split('\n').filter((l) => l.startsWith('worktree '));
    expect(worktrees()).toHaveLength(2); // the debris this test is about
    expect(fs.readdirSync(tmp)).toHaveLength(1);
    const again = await runCli(['branch', 'ext', '--name', 'isolate/b'], { timeoutMs: TIMEOUT, cwd: repo, env: { ...ENV, TMPDIR: tmp } });
    expect(again.code).toBe(0);
    expect(worktrees()).toEqual([`worktree ${fs.realpathSync(repo)}`]);
    expect(fs.readdirSync(tmp)).toEqual([]);
    expect(git(repo, 'branch', '--list').split('\n').map((l) => l.trim()).filter(Boolean).sort()).toEqual(['* main', 'isolate/b']);
  }, TIMEOUT);
});

describe('file names with control characters', () => {
  test('quotePath quotes as git does', () => {
    expect(quotePath('a/b.c')).toBe('a/b.c');
    expect(quotePath('a\nb.c')).toBe('"a\\nb.c"');
    expect(quotePath('e\x1b[31m.c')).toBe('"e\\033[31m.c"');
    expect(quotePath('q"\\.c')).toBe('"q\\"\\\\.c"');
    expect(quotePath('é.c')).toBe('"\\303\\251.c"');
  });

  test('findings name the file quoted: a newline cannot fake a line, no raw escape reaches the terminal', async () => {
    const dir = tempDir('names');
    const name = 'spam\nFAKE.c:1:1: error fake-rule [auto]: injected\x1b[31m.c';
    fs.copyFileSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), path.join(dir, name));
    const r = await runCli(['check', '--no-cache', dir], { timeoutMs: TIMEOUT });
    expect(r.code).toBe(1);
    const out = r.stdout + r.stderr;
    expect(out).not.toContain('\x1b');
    expect(out.split('\n').filter((l) => l.startsWith('FAKE.c:1:1'))).toEqual([]);
    expect(out).toContain(quotePath(path.join(dir, name)) + ':');
  }, TIMEOUT);

  test('the diff of a file with a newline and a quote in its name applies with git apply', async () => {
    const name = 'spam\nlib "x".c';
    const repo = makeRepo(name);
    const r = await runCli(['diff', '--quiet', 'ext'], { timeoutMs: TIMEOUT, cwd: repo });
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`diff --git ${quotePath(`a/ext/${name}`)} ${quotePath(`b/ext/${name}`)}\n`);
    fs.writeFileSync(path.join(repo, 'x.patch'), Buffer.from(r.stdout, 'latin1'));
    git(repo, 'apply', '--check', 'x.patch');
    git(repo, 'apply', 'x.patch');
    const after = await runCli(['diff', '--quiet', 'ext'], { timeoutMs: TIMEOUT, cwd: repo });
    expect(after.stdout).toBe(''); // what git applied is the whole rewrite
  }, TIMEOUT);
});
