/**
 * `apply --quiet` and `diff --no-findings` leave out the findings and the summary, never a file the
 * run skipped: a group that timed out is named on stderr, as the exit status says.
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { EXTENSIONS, ROOT, tempCopy } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');

function run(args: string[]): { status: number | null; stderr: string } {
  // A bound no group can meet: every group times out.
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', timeout: 120000, env: { ...process.env, NO_COLOR: '1', PYEXT_ISOLATE_TIMEOUT: '0.001' } });
  return { status: r.status, stderr: r.stderr };
}

describe('a skipped file is said even when the output is cut down', () => {
  test.each([
    ['apply', '--quiet'],
    ['diff', '--no-findings'],
  ])('%s %s', (cmd, flag) => {
    const dir = tempCopy(path.join(EXTENSIONS, 'spamlib'), 'quiet');
    try {
      const before = fs.readFileSync(path.join(dir, 'spamlib.c'), 'latin1');
      const r = run([cmd, flag, '--no-cache', dir]);
      expect(r.status).toBe(1);
      expect(r.stderr).toMatch(/spamlib\.c: timed out after [0-9.]+ s: skipped, nothing written/);
      expect(fs.readFileSync(path.join(dir, 'spamlib.c'), 'latin1')).toBe(before);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
