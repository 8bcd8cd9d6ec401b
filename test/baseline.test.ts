/**
 * A baseline written on a tree gates only on hazards added afterwards: lines moving (a comment
 * added at the top, code re-indented) change no fingerprint; a new hazard fails check; a fixed one
 * leaves a stale entry that is reported. The file names paths relative to itself.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { check } from '../src/api';
import { EXTENSIONS, ROOT } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');
const run = (args: string[], cwd: string) => {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

let dir: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-baseline-'));
  fs.cpSync(path.join(EXTENSIONS, 'shapes'), path.join(dir, 'shapes'), { recursive: true });
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

function edit(fn: (s: string) => string): void {
  const p = path.join(dir, 'shapes', 'shapes.c');
  fs.writeFileSync(p, fn(fs.readFileSync(p, 'latin1')), 'latin1');
}

test('write, then gate only on what is new', () => {
  const w = run(['check', 'shapes', '--no-cache', '--write-baseline', 'isolation-baseline.json'], dir);
  expect(w.code).toBe(0);
  const base = JSON.parse(fs.readFileSync(path.join(dir, 'isolation-baseline.json'), 'utf8'));
  expect(base.tool).toBe('pyext-isolate');
  expect(base.findings.length).toBe(check([path.join(dir, 'shapes')]).findings.length);
  expect(base.findings.every((e: { file: string }) => e.file === 'shapes/shapes.c')).toBe(true);
  expect(w.stderr).toMatch(new RegExp(`Wrote ${base.findings.length} finding\\(s\\) to the baseline isolation-baseline\\.json`));

  expect(run(['check', 'shapes', '--no-cache', '--baseline', 'isolation-baseline.json'], dir).code).toBe(0);

  // Lines move: three lines on top, one function re-indented. Still nothing new.
  edit((s) => '/* Copyright notice\n   added later\n*/\n' + s.replace(/\n {4}return /, '\n        return '));
  const moved = run(['check', 'shapes', '--no-cache', '--baseline', 'isolation-baseline.json'], dir);
  expect(moved.stdout).toMatch(new RegExp(`No isolation hazards found in 1 file\\. Not counted: ${base.findings.length} known from the baseline\\.`));
  expect(moved.code).toBe(0);

  // A new hazard: reported, exit 1, while the known ones stay quiet.
  edit((s) => s.replace(/#include/, 'static long rects_made;\n#include').replace(/(\n\s+RectObject \*r = [^\n]*\n)/, '$1    rects_made++;\n'));
  const added = run(['check', 'shapes', '--no-cache', '--baseline', 'isolation-baseline.json', '--format', 'json'], dir);
  expect(added.code).toBe(1);
  const doc = JSON.parse(added.stdout);
  const open = doc.findings.filter((f: { accepted?: unknown; severity: string }) => !f.accepted && f.severity === 'error');
  expect(open.map((f: { rule: string; message: string }) => [f.rule, f.message.split(' is ')[0]])).toEqual([['globals-to-state/mutable-c-data', "mutable C global 'rects_made'"]]);
  expect(doc.summary.baseline).toBeGreaterThan(0);
});

test('a fixed hazard leaves a stale entry, reported; a missing or foreign baseline is a usage error', () => {
  expect(run(['check', 'shapes', '--no-cache', '--write-baseline', 'b.json'], dir).code).toBe(0);
  // Fewer findings than the baseline knows (here: fewer rules shown) leaves entries that match nothing.
  const r = run(['check', 'shapes', '--no-cache', '--baseline', 'b.json', '--select', 'static-type-to-heap/static-type'], dir);
  expect(r.code).toBe(0);
  expect(r.stdout).toMatch(/\d+ baseline entries match no finding any more \(fixed\): write the baseline again to drop them\./);
  const missing = run(['check', 'shapes', '--baseline', 'nope.json'], dir);
  expect(missing.code).toBe(2);
  expect(missing.stderr).toMatch(/baseline nope\.json: no such file \(write one with check --write-baseline FILE\)/);
  fs.writeFileSync(path.join(dir, 'other.json'), '{"version": 3}');
  expect(run(['check', 'shapes', '--baseline', 'other.json'], dir).code).toBe(2);
});
