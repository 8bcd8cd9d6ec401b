/**
 * The compile gate starts its compilers through one shell (runner/shell-runner.ts): every word
 * must reach the command as it was given, the output and exit status must be the command's own,
 * and concurrent requests must each get their own answer.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { ShellRunner } from '../src/runner/shell-runner';

let runner: ShellRunner;
beforeEach(() => {
  runner = new ShellRunner({ ...process.env, LC_ALL: 'C' });
});
afterEach(() => runner.close());

const node = process.execPath;

describe('ShellRunner', () => {
  test('words with quotes, spaces, $ and newlines arrive as given; output and status are the command\'s', async () => {
    const words = ["it's", 'two words', '$HOME', 'a\nb', '', '\\'];
    const r = await runner.run([node, '-e', 'process.stdout.write(JSON.stringify(process.argv.slice(1))); process.stderr.write("!"); process.exit(3)', ...words], { cwd: os.tmpdir(), timeoutMs: 60_000 });
    expect(r).toEqual({ status: 3, output: `${JSON.stringify(words)}!`, error: undefined });
  });

  test('runs in the directory given', async () => {
    const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), "pyext-runner-it's here-")));
    try {
      const r = await runner.run([node, '-e', 'process.stdout.write(process.cwd())'], { cwd: dir, timeoutMs: 60_000 });
      expect(r.output).toBe(dir);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('concurrent requests each get their own answer', async () => {
    const rs = await Promise.all(Array.from({ length: 6 }, (_, i) => runner.run([node, '-e', `setTimeout(() => { process.stdout.write('${i}'); process.exit(${i}); }, ${(6 - i) * 20})`], { cwd: os.tmpdir(), timeoutMs: 60_000 })));
    expect(rs.map((r) => [r.status, r.output])).toEqual([0, 1, 2, 3, 4, 5].map((i) => [i, String(i)]));
  });

  test('a command that does not exist is an error, not an exit status', async () => {
    const r = await runner.run(['/nonexistent/cc', '--version'], { cwd: os.tmpdir(), timeoutMs: 60_000 });
    expect(r.status).toBeNull();
    expect(r.error).toMatch(/^cannot run \/nonexistent\/cc: .*(not found|No such file)/);
  });

  test('a command that does not answer in time is reported, and close() stops it', async () => {
    const r = await runner.run([node, '-e', 'setTimeout(() => {}, 60_000)'], { cwd: os.tmpdir(), timeoutMs: 500 });
    expect(r).toMatchObject({ status: null, error: expect.stringMatching(/no answer after 0\.5 s/) });
  });
});
