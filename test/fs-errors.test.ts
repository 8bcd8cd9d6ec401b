/**
 * Bad filesystem input through the real CLI: an unreadable file, a directory symlink loop, a
 * file that vanishes mid-run (before it is read, and before apply writes it), a read-only file
 * during apply, and writes that fail (disk full and a failing rename, simulated by a preloaded
 * fs hook). Each gives exactly one report line naming the file, no stack trace, a non-zero exit
 * status, and leaves every other file exactly as a run without the fault would.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import { runCli, readTree, repoRoot, TEMP_FILE_RE, CliRun } from '../test-support/fuzz/run';
import { rewrite, applyRewrite } from '../src/api';
import { writeFileAtomic } from '../src/engine/write';
import { EXTENSIONS } from './helpers/modules';
import { isSourcePath } from '../src/engine/discover';

const ROOT = repoRoot();
const HOOKS = path.join(ROOT, 'dist', 'test-support', 'fuzz', 'fault-hooks.js');
const MODULES = ['spamlib', 'lazyimp', 'shapes'];
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;
const TIMEOUT = 120_000;

const made: string[] = [];

/** A tree with the sources of a few modules, one directory each. */
function makeTree(tag: string): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-fserr-${tag}-`));
  made.push(base);
  const tree = path.join(base, 'tree');
  for (const m of MODULES) {
    fs.mkdirSync(path.join(tree, m), { recursive: true });
    for (const f of fs.readdirSync(path.join(EXTENSIONS, m))) if (isSourcePath(f)) fs.copyFileSync(path.join(EXTENSIONS, m, f), path.join(tree, m, f));
  }
  return tree;
}

/** What apply writes into a fresh tree: rel path -> content, old files included. */
function expectedAfterApply(): Map<string, string> {
  const tree = makeTree('expected');
  const r = rewrite([tree]);
  const failed = applyRewrite(r).filter((o) => !o.ok);
  if (failed.length) throw new Error(`baseline apply failed: ${failed.map((f) => f.error).join('; ')}`);
  return readTree(tree);
}

function chownTree(dir: string, uid: number): void {
  fs.chownSync(dir, uid, uid);
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    if (e.isDirectory()) chownTree(p, uid);
    else fs.lchownSync(p, uid, uid);
  }
}

function cli(args: string[], env: NodeJS.ProcessEnv = {}, as?: number): Promise<CliRun> {
  return runCli(args, { timeoutMs: TIMEOUT, env: { NODE_OPTIONS: `--require ${HOOKS}`, ...env }, uid: as, gid: as });
}

/** The lines of the output that name the file and give the reason: must be exactly one. */
function reportLines(r: CliRun, file: string, reason: RegExp): string[] {
  return (r.stdout + '\n' + r.stderr).split('\n').filter((l) => l.includes(file) && reason.test(l));
}

function expectOneLineReport(r: CliRun, file: string, reason: RegExp): void {
  expect(r.timedOut).toBe(false);
  const lines = reportLines(r, file, reason);
  if (lines.length !== 1) console.log(JSON.stringify({ file, code: r.code, out: r.stdout.slice(-1500), err: r.stderr.slice(-1500) }));
  expect(lines).toHaveLength(1);
  expect(lines[0].startsWith(`${file}:`)).toBe(true);
  expect(r.stdout + r.stderr).not.toMatch(/internal error|^\s+at \S+ \(/m);
  expect(r.code).not.toBe(0);
  expect([1]).toContain(r.code);
}

/**
 * Every file of the other modules is what a clean apply gives, nothing else appeared, and no
 * temp file is left anywhere (the faulty module's own files are checked by each test).
 */
function expectOthersApplied(tree: string, expected: Map<string, string>, exceptModule?: string): void {
  const skip = (rel: string): boolean => rel.startsWith('.pyext-isolate-cache') || (exceptModule !== undefined && rel.startsWith(`${exceptModule}/`));
  for (const rel of readTree(tree).keys()) expect(TEMP_FILE_RE.test(rel) ? rel : 'no temp file').toBe('no temp file');
  const now = readTree(tree, skip);
  const want = new Map([...expected].filter(([rel]) => !skip(rel)));
  expect([...now.keys()].sort()).toEqual([...want.keys()].sort());
  for (const [rel, content] of want) expect({ rel, same: now.get(rel) === content }).toEqual({ rel, same: true });
}

/** The check report's lines about the other modules, with the tree's path taken out. */
function otherFindings(r: CliRun, tree: string, except: string): string[] {
  return r.stdout
    .split('\n')
    .filter((l) => l.startsWith(tree) && !l.includes(except))
    .map((l) => l.slice(tree.length));
}

let expected: Map<string, string>;
let baselineCheck: CliRun;
let baselineTree: string;

beforeAll(async () => {
  ensureBuilt(ROOT);
  expected = expectedAfterApply();
  baselineTree = makeTree('baseline');
  baselineCheck = await cli(['check', '--no-cache', baselineTree]);
  // Sanity: a clean apply of these modules succeeds with status 0, so a fault's status is its own.
  const clean = makeTree('clean');
  const r = await cli(['apply', '--no-compile-check', clean]);
  expect(r.code).toBe(0);
}, TIMEOUT);

afterAll(() => {
  for (const d of made) {
    try {
      fs.rmSync(d, { recursive: true, force: true });
    } catch {
      /* best effort */
    }
  }
});

describe('an unreadable file', () => {
  // root reads anything: the CLI then runs as nobody, on a tree nobody owns.
  const as = IS_ROOT ? NOBODY : undefined;
  const prepare = (tag: string): { tree: string; file: string } => {
    const tree = makeTree(tag);
    const file = path.join(tree, 'lazyimp', 'lazyimp.c');
    if (as !== undefined) chownTree(path.dirname(tree), as);
    fs.chmodSync(file, 0o000);
    return { tree, file };
  };

  test('check reports it in one line and checks the others', async () => {
    const { tree, file } = prepare('unreadable-check');
    const r = await cli(['check', '--no-cache', tree], {}, as);
    expectOneLineReport(r, file, /unreadable \(permission denied\)/);
    expect(otherFindings(r, tree, '/lazyimp/')).toEqual(otherFindings(baselineCheck, baselineTree, '/lazyimp/'));
  }, TIMEOUT);

  test('apply reports it in one line, writes the others, and leaves it alone', async () => {
    const { tree, file } = prepare('unreadable-apply');
    const r = await cli(['apply', '--no-compile-check', tree], {}, as);
    expectOneLineReport(r, file, /unreadable \(permission denied\)/);
    fs.chmodSync(file, 0o644);
    expect(fs.readFileSync(file).equals(fs.readFileSync(path.join(EXTENSIONS, 'lazyimp', 'lazyimp.c')))).toBe(true);
    expectOthersApplied(tree, expected, 'lazyimp');
  }, TIMEOUT);
});

describe('a directory symlink loop', () => {
  test('check and apply report the loop in one line and process everything else', async () => {
    for (const cmd of ['check', 'apply'] as const) {
      const tree = makeTree(`loop-${cmd}`);
      const loop = path.join(tree, 'spamlib', 'loop');
      fs.symlinkSync('..', loop);
      const r = await cli(cmd === 'check' ? ['check', '--no-cache', tree] : ['apply', '--no-compile-check', tree]);
      expectOneLineReport(r, loop, /symlink loop/);
      if (cmd === 'check') expect(otherFindings(r, tree, '/loop')).toEqual(otherFindings(baselineCheck, baselineTree, '/loop'));
      else {
        fs.unlinkSync(loop);
        expectOthersApplied(tree, expected);
      }
    }
  }, TIMEOUT);
});

describe('a file that vanishes mid-run', () => {
  test('after discovery, before it is read: one line, the others are processed', async () => {
    for (const cmd of ['check', 'apply'] as const) {
      const tree = makeTree(`vanish-read-${cmd}`);
      const file = path.join(tree, 'shapes', 'shapes.c');
      const r = await cli(cmd === 'check' ? ['check', '--no-cache', tree] : ['apply', '--no-compile-check', tree], { PYEXT_FAULT_VANISH_ON_READ: file });
      expectOneLineReport(r, file, /vanished/);
      expect(fs.existsSync(file)).toBe(false);
      if (cmd === 'check') expect(otherFindings(r, tree, '/shapes/')).toEqual(otherFindings(baselineCheck, baselineTree, '/shapes/'));
      else expectOthersApplied(tree, expected, 'shapes');
    }
  }, TIMEOUT);

  test('after it was read, before apply writes it: one line, it is not recreated, the others are written', async () => {
    const tree = makeTree('vanish-write');
    const file = path.join(tree, 'spamlib', 'spamlib.c');
    const r = await cli(['apply', '--no-compile-check', tree], { PYEXT_FAULT_VANISH_BEFORE_WRITE: file });
    expectOneLineReport(r, file, /not written: vanished/);
    expect(fs.existsSync(file)).toBe(false);
    expectOthersApplied(tree, expected, 'spamlib');
  }, TIMEOUT);
});

describe('a read-only file during apply', () => {
  const cases: [string, number | undefined][] = [['as this user', undefined]];
  if (IS_ROOT) cases.push(['as an unprivileged user', NOBODY]);
  test.each(cases)('%s: one line, it stays byte-identical and read-only, the others are written', async (_label, as) => {
    const tree = makeTree('readonly');
    const file = path.join(tree, 'shapes', 'shapes.c');
    if (as !== undefined) chownTree(path.dirname(tree), as);
    fs.chmodSync(file, 0o444);
    const r = await cli(['apply', '--no-compile-check', tree], {}, as);
    expectOneLineReport(r, file, /not written: .*(read-only|permission denied)/);
    expect(fs.statSync(file).mode & 0o777).toBe(0o444);
    expect(fs.readFileSync(file).equals(fs.readFileSync(path.join(EXTENSIONS, 'shapes', 'shapes.c')))).toBe(true);
    expectOthersApplied(tree, expected, 'shapes');
  }, TIMEOUT);
});

describe('a write that fails', () => {
  test.each([
    ['disk full (ENOSPC on write)', 'PYEXT_FAULT_ENOSPC', /not written: no space left on device/],
    ['a failing rename (EIO)', 'PYEXT_FAULT_EIO_RENAME', /not written: .*EIO/],
  ])('%s: one line, no temp file, the file is unchanged, the others are written', async (_label, variable, reason) => {
    const tree = makeTree('writefail');
    const file = path.join(tree, 'lazyimp', 'lazyimp.c');
    const r = await cli(['apply', '--no-compile-check', tree], { [variable]: file });
    expectOneLineReport(r, file, reason);
    expect(fs.readFileSync(file).equals(fs.readFileSync(path.join(EXTENSIONS, 'lazyimp', 'lazyimp.c')))).toBe(true);
    expectOthersApplied(tree, expected, 'lazyimp');
  }, TIMEOUT);
});

describe('writeFileAtomic (library level)', () => {
  test('a file without write bits is refused even for root, and keeps its bytes and mode', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-fserr-lib-'));
    made.push(dir);
    const p = path.join(dir, 'ro.c');
    fs.writeFileSync(p, 'int x;\n');
    fs.chmodSync(p, 0o444);
    const o = writeFileAtomic(p, Buffer.from('int y;\n'), { mustExist: true, expectedBefore: Buffer.from('int x;\n') });
    expect(o.ok).toBe(false);
    expect(o.error).toMatch(/read-only/);
    expect(fs.readFileSync(p, 'latin1')).toBe('int x;\n');
    expect(fs.statSync(p).mode & 0o777).toBe(0o444);
    expect(fs.readdirSync(dir)).toEqual(['ro.c']);
  });

  test('a file that changed on disk since it was read is not overwritten', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-fserr-lib-'));
    made.push(dir);
    const p = path.join(dir, 'a.c');
    fs.writeFileSync(p, 'int edited_meanwhile;\n');
    const o = writeFileAtomic(p, Buffer.from('int new;\n'), { mustExist: true, expectedBefore: Buffer.from('int old;\n') });
    expect(o.ok).toBe(false);
    expect(fs.readFileSync(p, 'latin1')).toBe('int edited_meanwhile;\n');
  });
});
