/**
 * `verify` interrupted (Ctrl-C, SIGTERM) while a check runs: the check's process runs detached in a
 * group of its own, which the terminal's signal does not reach; the tool takes it down before it
 * dies, instead of leaving a smoke script running until its timeout.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawn } from 'node:child_process';
import { cliScript, repoRoot } from '../test-support/fuzz/run';
import { ensureBuilt } from '../test-support/fuzz/build';
import { interpretersFor } from './helpers/verify-helper';

const ROOT = repoRoot();
jest.setTimeout(180_000);

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function waitFor(cond: () => boolean, ms: number): Promise<boolean> {
  for (const end = Date.now() + ms; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) if (cond()) return true;
  return cond();
}

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  test(`${signal} during a smoke check ends the check's process too`, async () => {
    const { interpreters } = await interpretersFor(['3.12', '3.13', '3.11', '3.10', '3.9']);
    if (interpreters.length === 0) return console.warn('no interpreter: skipped');
    ensureBuilt();
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-interrupt-'));
    const marker = path.join(dir, 'smoke.pid');
    fs.copyFileSync(path.join(ROOT, 'testdata', 'verify', 'isolated', 'viso.c'), path.join(dir, 'viso.c'));
    fs.writeFileSync(path.join(dir, 'smoke.py'), `import os, time\nopen(${JSON.stringify(marker)}, 'w').write(str(os.getpid()))\ntime.sleep(120)\n`);
    const cli = spawn(process.execPath, [cliScript(ROOT), 'verify', dir, '--module', 'viso', '--python', `${interpreters[0].major}.${interpreters[0].minor}`, '--smoke', path.join(dir, 'smoke.py')], { stdio: 'ignore' });
    let smokePid = 0;
    try {
      expect(await waitFor(() => fs.existsSync(marker) && fs.readFileSync(marker, 'utf8') !== '', 120_000)).toBe(true);
      smokePid = Number(fs.readFileSync(marker, 'utf8'));
      expect(alive(smokePid)).toBe(true);
      const exited = new Promise<NodeJS.Signals | null>((resolve) => cli.on('exit', (_code, sig) => resolve(sig)));
      cli.kill(signal);
      expect(await exited).toBe(signal); // it still dies of the signal
      expect(await waitFor(() => !alive(smokePid), 5_000)).toBe(true);
    } finally {
      if (smokePid && alive(smokePid)) process.kill(smokePid, 'SIGKILL');
      if (cli.exitCode === null && cli.signalCode === null) cli.kill('SIGKILL');
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
}
