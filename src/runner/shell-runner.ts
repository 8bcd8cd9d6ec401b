/**
 * Child processes started by one small shell instead of by this process. Forking copies the
 * parent's page tables: from a process the size of a batch run (tree-sitter and a worker's parse
 * trees in its address space) a spawn costs tens of milliseconds of CPU, from a shell well under
 * one. The compile gate starts one compiler per unit and target, so that adds up.
 *
 * The shell reads one request id a line; the request is a script file `<id>.sh` (cd, then exec the
 * command, every word single-quoted), its output goes to `<id>.out`, and the shell answers
 * `<id> <exit status>` when it ends. Requests run concurrently (the caller bounds how many).
 */
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

export interface RunResult {
  /** The exit status (128 + the signal number when a signal ended it); null when it did not end or never ran. */
  status: number | null;
  /** What it wrote to stdout and stderr, interleaved, latin1. */
  output: string;
  /** Why there is no status. */
  error?: string;
}

const LOOP = 'while read -r id; do ( ( . "$0/$id.sh" ) >"$0/$id.out" 2>&1 </dev/null; echo "$id $?" ) & done; wait';

export class ShellRunner {
  private shell?: ChildProcess;
  private dir?: string;
  private nextId = 0;
  private readonly waiting = new Map<number, (status: number | null, error?: string) => void>();
  private buffered = '';

  constructor(private readonly env: NodeJS.ProcessEnv) {}

  /** Runs argv in cwd; after timeoutMs it is reported as not ended (and killed by close()). */
  run(argv: string[], o: { cwd: string; timeoutMs: number }): Promise<RunResult> {
    const shell = this.start();
    const dir = this.dir!;
    const id = this.nextId++;
    const script = path.join(dir, `${id}.sh`);
    fs.writeFileSync(script, `cd ${quote(o.cwd)} || exit 127\nexec ${argv.map(quote).join(' ')}\n`);
    return new Promise((resolve) => {
      const timer = setTimeout(() => finish(null, `no answer after ${o.timeoutMs / 1000} s`), o.timeoutMs);
      const finish = (status: number | null, error?: string): void => {
        clearTimeout(timer);
        if (!this.waiting.delete(id)) return;
        const out = path.join(dir, `${id}.out`);
        let output = '';
        try {
          output = status === null ? '' : fs.readFileSync(out, 'latin1');
        } catch {
          /* no output file: the shell could not open it, the status says so */
        }
        fs.rmSync(out, { force: true });
        fs.rmSync(script, { force: true });
        // 126, 127: the shell could not run it (not found, not executable); it says why.
        resolve(status === 126 || status === 127 ? { status: null, output, error: `cannot run ${argv[0]}: ${output.trim().split('\n').pop() ?? ''}` } : { status, output, error });
      };
      this.waiting.set(id, finish);
      shell.stdin!.write(`${id}\n`);
    });
  }

  /** Ends the shell and anything it still runs. */
  close(): void {
    for (const finish of [...this.waiting.values()]) finish(null, 'stopped');
    const shell = this.shell;
    if (shell?.pid !== undefined && shell.exitCode === null) {
      try {
        process.kill(-shell.pid, 'SIGKILL'); // its process group: the shell and what it started
      } catch {
        /* already gone */
      }
    }
    shell?.stdin?.destroy();
    shell?.stdout?.destroy();
    this.shell = undefined;
    if (this.dir) fs.rmSync(this.dir, { recursive: true, force: true });
    this.dir = undefined;
  }

  private start(): ChildProcess {
    if (this.shell) return this.shell;
    this.dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-run-'));
    // Its own process group, so that close() can stop what it started; it also ends by itself
    // when this process goes (its stdin closes).
    const shell = spawn('/bin/sh', ['-c', LOOP, this.dir], { env: this.env, stdio: ['pipe', 'pipe', 'ignore'], detached: true });
    shell.stdout!.setEncoding('latin1').on('data', (d: string) => this.answer(d));
    shell.on('error', (err) => this.fail(`cannot start /bin/sh: ${err.message}`));
    shell.on('close', () => this.fail('the shell ended'));
    shell.stdin!.on('error', () => undefined); // a write after the shell ended: fail() answers
    // Idle, the shell does not keep this process alive; pending requests have their timers.
    shell.unref();
    (shell.stdout as unknown as { unref?: () => void }).unref?.();
    (shell.stdin as unknown as { unref?: () => void }).unref?.();
    this.shell = shell;
    return shell;
  }

  private answer(d: string): void {
    this.buffered += d;
    let nl: number;
    while ((nl = this.buffered.indexOf('\n')) >= 0) {
      const [id, status] = this.buffered.slice(0, nl).split(' ');
      this.buffered = this.buffered.slice(nl + 1);
      this.waiting.get(Number(id))?.(Number(status));
    }
  }

  private fail(why: string): void {
    for (const finish of [...this.waiting.values()]) finish(null, why);
    this.shell = undefined;
  }
}

/** One shell word: single quotes, each ' as '\''. */
function quote(word: string): string {
  return `'${word.split("'").join("'\\''")}'`;
}
