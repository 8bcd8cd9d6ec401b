/**
 * `apply` killed with SIGKILL at random moments, in a child process, over a tree of every
 * testdata module. Afterwards every file is exactly its old or its new content (never half of
 * either), new files are absent or whole, and the only debris is our own hidden temp file and
 * the extension's journal of the killed process; the next `apply` removes both and finishes the
 * job: the tree is then byte for byte what an uninterrupted apply gives.
 *
 * A preloaded fs hook makes the disk slow (each temp-file write cut into 256-byte pieces with a
 * pause) so that most kills land inside the write phase, mid-file. KILL_REPEAT=50 runs 50
 * kills (default: a few, to keep the suite fast); KILL_SEED picks other moments.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawn } from 'child_process';
import { ensureBuilt } from '../test-support/fuzz/build';
import { readTree, repoRoot, runCli, TEMP_FILE_RE, cliScript } from '../test-support/fuzz/run';
import { Rng } from '../test-support/fuzz/rng';
import { rewrite, applyRewrite } from '../src/api';
import { writeFileAtomic, removeStaleTemps } from '../src/engine/write';
import { listModules } from './helpers/modules';
import { isSourcePath } from '../src/engine/discover';

const ROOT = repoRoot();
const HOOKS = path.join(ROOT, 'dist', 'test-support', 'fuzz', 'fault-hooks.js');
const REPEAT = Math.max(1, Number(process.env.KILL_REPEAT ?? 5));
const SEED = process.env.KILL_SEED ?? '1';
const SLOW_MS = 3;

const base = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-kill-'));
const pristine = path.join(base, 'pristine');

let oldTree: Map<string, string>;
let newTree: Map<string, string>;
/** How long a whole slow apply takes, and when its first write starts (ms). */
let calib: { total: number; firstWrite: number; writes: number };

function copyTree(to: string): void {
  fs.cpSync(pristine, to, { recursive: true });
}

interface Killed {
  markers: number;
  killedAt: number;
  code: number | null;
  signal: string | null;
}

/** Starts a slow apply and kills it: after `afterWrites` write markers plus `delay` ms, or at `at` ms from the start. */
function applyAndKill(dir: string, plan: { afterWrites?: number; delay: number; at?: number }): Promise<Killed> {
  return new Promise((resolve) => {
    const t0 = Date.now();
    const child = spawn(process.execPath, [cliScript(ROOT), 'apply', '--quiet', dir], {
      env: { ...process.env, NODE_OPTIONS: `--require ${HOOKS}`, PYEXT_FAULT_SLOW_WRITES: String(SLOW_MS), PYEXT_FAULT_MARK_WRITES: '1', NO_COLOR: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let markers = 0;
    let killedAt = -1;
    let buf = '';
    let closed = false;
    const timers: NodeJS.Timeout[] = [];
    const kill = (): void => {
      if (killedAt >= 0 || closed) return;
      killedAt = Date.now() - t0;
      child.kill('SIGKILL');
    };
    child.stderr.on('data', (d: Buffer) => {
      buf += d.toString('latin1');
      const lines = buf.split('\n');
      buf = lines.pop()!;
      for (const l of lines) {
        if (!l.startsWith('@@write ')) continue;
        markers++;
        if (plan.afterWrites !== undefined && markers === plan.afterWrites) timers.push(setTimeout(kill, plan.delay));
      }
    });
    if (plan.at !== undefined) timers.push(setTimeout(kill, plan.at));
    timers.push(setTimeout(kill, 120_000));
    child.on('close', (code, signal) => {
      closed = true;
      timers.forEach(clearTimeout);
      resolve({ markers, killedAt, code, signal });
    });
  });
}

const JOURNAL_RE = /(^|\/)\.pyext-isolate-apply-\d+-[0-9a-f]+\.journal$/;

interface TreeState {
  temps: string[];
  /** Journals of interrupted applies (apply.ts). */
  journals: string[];
  /** Files that are neither their old nor their new content (or vanished). */
  neither: string[];
  written: number;
  pending: number;
}

/** Classifies every file: old, new, neither; plus our temp files. */
function stateOf(dir: string): TreeState {
  const now = readTree(dir);
  const st: TreeState = { temps: [], journals: [], neither: [], written: 0, pending: 0 };
  for (const [rel, content] of now) {
    if (TEMP_FILE_RE.test(rel)) {
      st.temps.push(rel);
      continue;
    }
    if (JOURNAL_RE.test(rel)) {
      st.journals.push(rel);
      continue;
    }
    const old = oldTree.get(rel);
    const neu = newTree.get(rel);
    if (content !== old && content !== neu) st.neither.push(rel);
    else if (old !== neu) {
      if (content === neu) st.written++;
      else st.pending++;
    }
  }
  for (const rel of oldTree.keys()) if (!now.has(rel)) st.neither.push(rel);
  for (const rel of newTree.keys()) if (!now.has(rel) && !oldTree.has(rel)) st.pending++;
  return st;
}

/** Every file old or new, new files absent or whole. */
function expectOldOrNew(dir: string, label: string): TreeState {
  const st = stateOf(dir);
  expect({ label, neither: st.neither }).toEqual({ label, neither: [] });
  return st;
}

beforeAll(async () => {
  ensureBuilt(ROOT);
  fs.mkdirSync(pristine);
  for (const m of listModules()) {
    fs.mkdirSync(path.join(pristine, m.name));
    for (const f of fs.readdirSync(m.dir)) if (isSourcePath(f)) fs.copyFileSync(path.join(m.dir, f), path.join(pristine, m.name, f));
  }
  oldTree = readTree(pristine);
  // The new content of every file: an in-process apply on a copy.
  const ref = path.join(base, 'reference');
  copyTree(ref);
  const r = rewrite([ref]);
  expect(r.refused).toEqual([]);
  expect(applyRewrite(r).filter((o) => !o.ok)).toEqual([]);
  newTree = readTree(ref);
  // Calibration: a slow apply to the end.
  const cal = path.join(base, 'calibration');
  copyTree(cal);
  const t0 = Date.now();
  let firstWrite = -1;
  const k = await new Promise<Killed>((resolve) => {
    const child = spawn(process.execPath, [cliScript(ROOT), 'apply', '--quiet', cal], {
      env: { ...process.env, NODE_OPTIONS: `--require ${HOOKS}`, PYEXT_FAULT_SLOW_WRITES: String(SLOW_MS), PYEXT_FAULT_MARK_WRITES: '1' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let markers = 0;
    child.stderr.on('data', (d: Buffer) => {
      const n = d.toString('latin1').split('\n').filter((l) => l.startsWith('@@write ')).length;
      if (n > 0 && firstWrite < 0) firstWrite = Date.now() - t0;
      markers += n;
    });
    child.on('close', (code, signal) => resolve({ markers, killedAt: -1, code, signal }));
  });
  expect(k.code).toBe(0);
  calib = { total: Date.now() - t0, firstWrite, writes: k.markers };
  expect(readTree(cal)).toEqual(newTree);
}, 300_000);

afterAll(() => {
  fs.rmSync(base, { recursive: true, force: true });
});

test(`apply killed at ${REPEAT} random moment(s): every file is old or new, and the next apply finishes the job`, async () => {
  expect(calib.writes).toBeGreaterThan(3);
  const rng = new Rng('kill-apply', SEED);
  const tally = { midWrite: 0, partial: 0, before: 0, after: 0 };
  for (let rep = 0; rep < REPEAT; rep++) {
    const dir = path.join(base, `run-${rep}`);
    copyTree(dir);
    // Most kills inside the write phase (after the k-th write started), some anywhere.
    const plan = rng.chance(0.75)
      ? { afterWrites: rng.range(1, calib.writes), delay: rng.int(SLOW_MS * 40) }
      : { at: rng.int(calib.total + 200), delay: 0 };
    const k = await applyAndKill(dir, plan);
    const label = `run ${rep} (${JSON.stringify(plan)}, killed at ${k.killedAt} ms after ${k.markers} write(s))`;
    const after = expectOldOrNew(dir, label);
    for (const t of after.temps) expect(path.basename(t)).toMatch(/^\.[^/]+\.pyext-isolate-\d+-[0-9a-f]+\.tmp$/);
    if (after.temps.length > 0) tally.midWrite++;
    if (after.written > 0 && after.pending > 0) tally.partial++;
    else if (after.written === 0) tally.before++;
    else tally.after++;
    // The next apply finishes the job: byte for byte what an uninterrupted apply gives, no debris.
    const again = await runCli(['apply', '--quiet', dir], { timeoutMs: 120_000 });
    expect({ label, code: again.code, stderr: again.stderr.slice(0, 500) }).toEqual({ label, code: 0, stderr: '' });
    const final = stateOf(dir);
    expect({ label, temps: final.temps, journals: final.journals, neither: final.neither, pending: final.pending }).toEqual({ label, temps: [], journals: [], neither: [], pending: 0 });
    expect(readTree(dir)).toEqual(newTree);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  // With the slow disk, at least some kills must have landed mid-write (else the test tests nothing).
  if (REPEAT >= 5) expect(tally.midWrite + tally.partial).toBeGreaterThan(0);
  process.stdout.write(`kill-apply: ${REPEAT} kill(s): ${tally.midWrite} mid-write (temp file left), ${tally.partial} between files, ${tally.before} before any write, ${tally.after} after the last; every one completed by the next apply; calibration ${calib.total} ms, ${calib.writes} writes\n`);
}, 120_000 + REPEAT * 30_000);

/** Runs apply until it kills itself mid-write of the file ending in `suffix`. */
async function applyKilledAtWrite(dir: string, suffix: string): Promise<void> {
  const r = await runCli(['apply', '--quiet', dir], { timeoutMs: 120_000, env: { NODE_OPTIONS: `--require ${HOOKS}`, PYEXT_FAULT_KILL_AT_WRITE: suffix } });
  expect(r.signal).toBe('SIGKILL');
}

describe('killed at a chosen write', () => {
  // A module that gets a rewritten source and a new pyext_isolate_compat.h it includes
  // (spamlib when it is one); apply writes the new files of an extension first, then its changed files.
  let header = '';
  beforeAll(() => {
    const created = [...newTree.keys()].filter((rel) => !oldTree.has(rel) && rel.endsWith('/pyext_isolate_compat.h')).sort();
    header = created.find((rel) => rel.startsWith('spamlib/')) ?? created[0] ?? '';
  });

  test('mid-write of a new file: the temp file is the only debris, and the next run removes it', async () => {
    expect(header).not.toBe('');
    const dir = path.join(base, 'at-header');
    copyTree(dir);
    await applyKilledAtWrite(dir, `/${header}`);
    const after = expectOldOrNew(dir, 'killed writing the compat header');
    expect(after.temps).toHaveLength(1);
    expect(after.temps[0]).toMatch(new RegExp(`^${path.dirname(header)}/\\.pyext_isolate_compat\\.h\\.pyext-isolate-\\d+-[0-9a-f]+\\.tmp$`));
    // A read-only command already cleans it (it is ours, hidden, and its process is gone) ...
    const r = await runCli(['check', '--quiet', '--no-cache', dir], { timeoutMs: 120_000 });
    expect(r.stdout).toContain('removed a temp file left by an interrupted run');
    const now = expectOldOrNew(dir, 'after check');
    expect(now.temps).toEqual([]);
  }, 240_000);

  test('mid-write of a changed file: it keeps its old bytes, and the next apply writes it', async () => {
    const dir = path.join(base, 'at-source');
    copyTree(dir);
    const file = path.join('spamlib', 'spamlib.c');
    await applyKilledAtWrite(dir, `/${file}`);
    expect(fs.readFileSync(path.join(dir, file), 'latin1')).toBe(oldTree.get(file));
    const again = await runCli(['apply', '--quiet', dir], { timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    const final = expectOldOrNew(dir, 'applied again');
    expect(final.temps).toEqual([]);
    expect(fs.readFileSync(path.join(dir, file), 'latin1')).toBe(newTree.get(file));
  }, 240_000);

  // Killed between the files of one extension (npstyle/accumulator.c written, module.c not):
  // the extension's journal lets the next apply finish it instead of converting module.c again
  // from the mixed state.
  test('the next apply completes a multi-file extension interrupted between its files', async () => {
    const dir = path.join(base, 'at-npstyle-module');
    copyTree(dir);
    await applyKilledAtWrite(dir, '/npstyle/module.c');
    expect(expectOldOrNew(dir, 'killed writing npstyle/module.c').written).toBeGreaterThan(0);
    const again = await runCli(['apply', '--quiet', dir], { timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    const final = expectOldOrNew(dir, 'applied again');
    expect(final.pending).toBe(0);
    expect(final.journals).toEqual([]);
    expect(readTree(dir)).toEqual(newTree);
  }, 240_000);

  // New files come first: killed writing the compat header, no source includes it yet; the next
  // apply finishes the extension, header included.
  test('the next apply completes an extension whose new header was interrupted', async () => {
    const dir = path.join(base, 'at-header-complete');
    copyTree(dir);
    await applyKilledAtWrite(dir, `/${header}`);
    const again = await runCli(['apply', '--quiet', dir], { timeoutMs: 120_000 });
    expect(again.code).toBe(0);
    expect(fs.existsSync(path.join(dir, header))).toBe(true);
    expect(expectOldOrNew(dir, 'applied again').pending).toBe(0);
    expect(readTree(dir)).toEqual(newTree);
  }, 240_000);
});

describe('stale temp files', () => {
  test('a write removes temp files of dead processes in its directory, and keeps a live process\'s', async () => {
    const dir = fs.mkdtempSync(path.join(base, 'stale-'));
    const target = path.join(dir, 'a.c');
    fs.writeFileSync(target, 'int a;\n');
    // A pid that has exited, and one that is alive (a sleeping child).
    const dead = await new Promise<number>((resolve) => {
      const c = spawn(process.execPath, ['-e', '0']);
      c.on('close', () => resolve(c.pid!));
    });
    const live = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
    try {
      const deadTemp = path.join(dir, `.a.c.pyext-isolate-${dead}-0badf00d.tmp`);
      const otherDeadTemp = path.join(dir, `.b.c.pyext-isolate-${dead}-00c0ffee.tmp`);
      const liveTemp = path.join(dir, `.a.c.pyext-isolate-${live.pid}-0000beef.tmp`);
      const userFile = path.join(dir, '.a.c.pyext-isolate-notes.tmp');
      for (const p of [deadTemp, otherDeadTemp, liveTemp, userFile]) fs.writeFileSync(p, 'half a fi');
      const o = writeFileAtomic(target, Buffer.from('int b;\n'), { mustExist: true, expectedBefore: Buffer.from('int a;\n') });
      expect(o).toEqual({ path: target, ok: true });
      expect(fs.readdirSync(dir).sort()).toEqual(['.a.c.pyext-isolate-notes.tmp', path.basename(liveTemp), 'a.c'].sort());
      // Once per directory and process: a second sweep of the same directory does nothing.
      fs.writeFileSync(deadTemp, 'again');
      expect(removeStaleTemps(dir)).toEqual([]);
    } finally {
      live.kill('SIGKILL');
    }
  });

  test('the temp file lives next to its target and is hidden', () => {
    const dir = fs.mkdtempSync(path.join(base, 'name-'));
    const target = path.join(dir, 'x.c');
    fs.writeFileSync(target, 'x');
    let seen = '';
    // The real module object (what write.ts calls through), not this file's namespace copy.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const realFs = require('fs') as typeof fs;
    const orig = realFs.renameSync;
    realFs.renameSync = (from: fs.PathLike, to: fs.PathLike): void => {
      seen = String(from);
      orig(from, to);
    };
    try {
      expect(writeFileAtomic(target, Buffer.from('y')).ok).toBe(true);
    } finally {
      realFs.renameSync = orig;
    }
    expect(path.dirname(seen)).toBe(dir);
    expect(path.basename(seen)).toMatch(TEMP_FILE_RE);
    expect(path.basename(seen).startsWith('.x.c.')).toBe(true);
  });
});
