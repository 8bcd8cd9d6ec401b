/**
 * What apply may and may not write (issue 18, items 2, 3, 7 and 8): an extension is written
 * whole or not at all (a read-only file or a failing later write leaves all of it as it was);
 * nothing is written outside the PATHs given (a directory symlink out of the tree is not
 * followed, a file symlink is refused rather than replaced by a regular file); a hard-linked
 * file is refused; owner and group survive; an edit made while the file is written is kept and
 * reported; a file name of 242 characters can be written (its temp name stays short enough).
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ensureBuilt } from '../test-support/fuzz/build';
import { readTree, repoRoot, runCli, TEMP_FILE_RE } from '../test-support/fuzz/run';
import { rewrite, applyRewrite } from '../src/api';
import { EXTENSIONS } from './helpers/modules';
import { isSourcePath } from '../src/engine/discover';

const ROOT = repoRoot();
const HOOKS = path.join(ROOT, 'dist', 'test-support', 'fuzz', 'fault-hooks.js');
const IS_ROOT = typeof process.getuid === 'function' && process.getuid() === 0;
const TIMEOUT = 120_000;
const made: string[] = [];

/** A tree with the sources of these modules, one directory each. */
function makeTree(tag: string, modules: string[]): string {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-wsafe-${tag}-`));
  made.push(base);
  const tree = path.join(base, 'tree');
  for (const m of modules) {
    fs.mkdirSync(path.join(tree, m), { recursive: true });
    for (const f of fs.readdirSync(path.join(EXTENSIONS, m))) if (isSourcePath(f)) fs.copyFileSync(path.join(EXTENSIONS, m, f), path.join(tree, m, f));
  }
  return tree;
}

const JOURNAL_RE = /\.pyext-isolate-apply-\d+-[0-9a-f]+\.journal$/;

function noDebris(dir: string): void {
  for (const rel of readTree(dir).keys()) expect({ rel, debris: TEMP_FILE_RE.test(rel) || JOURNAL_RE.test(rel) }).toEqual({ rel, debris: false });
}

beforeAll(() => ensureBuilt(ROOT), TIMEOUT);

afterAll(() => {
  for (const d of made) fs.rmSync(d, { recursive: true, force: true });
});

describe('an extension is written whole or not at all', () => {
  test('one read-only file of a multi-file extension: none of its files is written, the other extensions are', () => {
    const tree = makeTree('ro', ['npstyle', 'spamlib']);
    const before = readTree(tree);
    const ro = path.join(tree, 'npstyle', 'accumulator.c');
    fs.chmodSync(ro, 0o444);
    const r = rewrite([tree]);
    const npstyle = [...r.changes, ...r.newFiles].filter((c) => c.path.includes('/npstyle/'));
    expect(npstyle.length).toBeGreaterThan(1); // the test needs an extension with several writes
    expect(npstyle.some((c) => c.path === ro)).toBe(true);
    const outcomes = applyRewrite(r);
    expect(outcomes.find((o) => o.path === ro)).toMatchObject({ ok: false, error: expect.stringMatching(/read-only/) });
    for (const o of outcomes.filter((x) => x.path.includes('/npstyle/'))) expect({ path: o.path, ok: o.ok }).toEqual({ path: o.path, ok: false });
    expect(outcomes.filter((o) => o.path.includes('/spamlib/')).every((o) => o.ok)).toBe(true);
    const after = readTree(tree);
    for (const [rel, content] of before) if (rel.startsWith('npstyle/')) expect({ rel, same: after.get(rel) === content }).toEqual({ rel, same: true });
    expect([...after.keys()].filter((rel) => rel.startsWith('npstyle/')).sort()).toEqual([...before.keys()].filter((rel) => rel.startsWith('npstyle/')).sort());
    noDebris(tree);
  });

  test('a write that fails after others of the extension were written: those are rolled back', () => {
    const tree = makeTree('rollback', ['npstyle']);
    const before = readTree(tree);
    const r = rewrite([tree]);
    const failing = path.join(tree, 'npstyle', 'module.c');
    // The real module object (what write.ts calls through), not this file's namespace copy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require('fs') as typeof fs;
    const orig = realFs.renameSync;
    let renames = 0;
    realFs.renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
      if (String(to) === failing) {
        const e = new Error('EIO: i/o error, rename') as NodeJS.ErrnoException;
        e.code = 'EIO';
        throw e;
      }
      if (!String(to).endsWith('.journal')) renames++;
      orig(from, to);
    };
    let outcomes;
    try {
      outcomes = applyRewrite(r);
    } finally {
      realFs.renameSync = orig;
    }
    expect(renames).toBeGreaterThan(0); // something was written before the failure ...
    expect(outcomes.find((o) => o.path === failing)).toMatchObject({ ok: false, error: expect.stringMatching(/EIO/) });
    expect(outcomes.every((o) => !o.ok)).toBe(true);
    expect(readTree(tree)).toEqual(before); // ... and taken back
  });
});

describe('nothing is written outside the PATHs given', () => {
  test('a directory symlink out of the tree is not followed: one line, the files there stay as they were', async () => {
    const tree = makeTree('dirlink', ['spamlib']);
    const outside = makeTree('outside', ['lazyimp']);
    const link = path.join(tree, 'vendor');
    fs.symlinkSync(path.join(outside, 'lazyimp'), link);
    const before = readTree(outside);
    const r = await runCli(['apply', tree], { timeoutMs: TIMEOUT });
    const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith(`${link}:`));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/outside .*not followed/);
    expect(r.code).toBe(1);
    expect(readTree(outside)).toEqual(before);
    expect(fs.readFileSync(path.join(tree, 'spamlib', 'spamlib.c'), 'latin1')).not.toBe(fs.readFileSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), 'latin1'));
  }, TIMEOUT);

  test('a file symlink inside the tree is refused, not replaced by a regular file', async () => {
    const tree = makeTree('filelink', ['spamlib']);
    const real = path.join(tree, 'spamlib', 'spamlib.c.orig');
    const link = path.join(tree, 'spamlib', 'spamlib.c');
    fs.renameSync(link, real);
    fs.symlinkSync('spamlib.c.orig', link);
    const r = await runCli(['apply', tree], { timeoutMs: TIMEOUT });
    const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith(`${link}:`) && /symbolic link/.test(l));
    expect(lines).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(real, 'latin1')).toBe(fs.readFileSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), 'latin1'));
    expect(fs.existsSync(path.join(tree, 'spamlib', 'pyext_isolate_compat.h'))).toBe(false);
    noDebris(tree);
  }, TIMEOUT);
});

describe('writes keep what the user had', () => {
  test('a hard-linked file is refused: the link stays, both names keep the old content', () => {
    const tree = makeTree('hardlink', ['spamlib']);
    const file = path.join(tree, 'spamlib', 'spamlib.c');
    const other = path.join(path.dirname(tree), 'spamlib-copy.c');
    fs.linkSync(file, other);
    const old = fs.readFileSync(file, 'latin1');
    const outcomes = applyRewrite(rewrite([tree]));
    expect(outcomes.find((o) => o.path === file)).toMatchObject({ ok: false, error: expect.stringMatching(/2 hard links/) });
    expect(fs.statSync(file).nlink).toBe(2);
    expect(fs.readFileSync(other, 'latin1')).toBe(old);
    expect(fs.readFileSync(file, 'latin1')).toBe(old);
  });

  (IS_ROOT ? test : test.skip)('owner and group are kept (as root)', () => {
    const tree = makeTree('owner', ['spamlib']);
    const file = path.join(tree, 'spamlib', 'spamlib.c');
    fs.chownSync(file, 65534, 65534);
    fs.chmodSync(file, 0o640);
    const outcomes = applyRewrite(rewrite([tree]));
    expect(outcomes.find((o) => o.path === file)?.ok).toBe(true);
    const st = fs.statSync(file);
    expect({ uid: st.uid, gid: st.gid, mode: st.mode & 0o777 }).toEqual({ uid: 65534, gid: 65534, mode: 0o640 });
  });

  test('an edit made while the file is being written is kept, and reported in one line', async () => {
    const tree = makeTree('edit', ['spamlib']);
    const file = path.join(tree, 'spamlib', 'spamlib.c');
    const old = fs.readFileSync(file, 'latin1');
    const r = await runCli(['apply', tree], { timeoutMs: TIMEOUT, env: { NODE_OPTIONS: `--require ${HOOKS}`, PYEXT_FAULT_EDIT_DURING_WRITE: file } });
    const lines = (r.stdout + r.stderr).split('\n').filter((l) => l.startsWith(`${file}:`) && /changed on disk while it was being written/.test(l));
    expect(lines).toHaveLength(1);
    expect(r.code).toBe(1);
    expect(fs.readFileSync(file, 'latin1')).toBe(old + '/* edited meanwhile */\n');
    // The rest of its extension (the new compat header) went back too.
    expect(fs.existsSync(path.join(tree, 'spamlib', 'pyext_isolate_compat.h'))).toBe(false);
    noDebris(tree);
  }, TIMEOUT);

  test('a file whose name is 242 characters long is written (the temp name fits)', () => {
    const tree = makeTree('longname', []);
    fs.mkdirSync(tree, { recursive: true });
    const name = 'spamlib_' + 'x'.repeat(242 - 'spamlib_'.length - 2) + '.c';
    expect(name).toHaveLength(242);
    const file = path.join(tree, name);
    fs.copyFileSync(path.join(EXTENSIONS, 'spamlib', 'spamlib.c'), file);
    const r = rewrite([tree]);
    expect(r.changes.map((c) => c.path)).toContain(file);
    const outcomes = applyRewrite(r);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(fs.readFileSync(file, 'latin1')).toBe(r.changes.find((c) => c.path === file)!.after);
    noDebris(tree);
  });
});
