/**
 * `npm run fuzz -- --iterations N --seed S [--out DIR]`: the long-running mutation fuzzer.
 *
 *   --iterations N   cases to run (default 1000)
 *   --seed S         run seed (default: random, printed); case i of seed S is always the same
 *   --start I        first iteration (to resume or replay one case: --start 4711 --iterations 1)
 *   --out DIR        where shrunk failing cases are saved (default testdata/fuzz-regressions)
 *   --mode M         inproc (default): cases run in this process, a watchdog thread kills the
 *                    run on a hang and saves the case; child: cases run in forked processes
 *                    with a timeout, a hang is reported and the run goes on
 *   --jobs J         parallel child processes (child mode; default 1)
 *   --timeout MS     per library call bound (default 10000): a slower call is a `time` failure;
 *                    a whole case gets max(60 s, 6 x MS) before it is a hang (child mode; the
 *                    in-process watchdog gives the same). All bounds are on CPU time, so a loaded
 *                    machine does not make hangs; a wall-clock backstop of 20x catches a case
 *                    that blocks without using CPU
 *   --cli-every K    also run check, diff and apply through the CLI every K cases (default 100, 0: never)
 *   --steps S        the --select steps property (run.ts `steps`): first (default: multi-phase-init,
 *                    then everything), all (each transform alone, then everything), off
 *   --no-shrink      save failing cases as they are
 *   --no-save        save nothing
 *   --verbose        print every failing case as it happens
 *
 * Prints progress and a summary; exits 1 on any failure, 2 on bad arguments.
 */
import * as path from 'path';
import { Worker } from 'worker_threads';
import {
  CaseReport,
  ChildRunner,
  CorpusModule,
  DEFAULT_SLOW_MS,
  FuzzCase,
  NOTE_INVARIANTS,
  Violation,
  loadCorpus,
  makeCase,
  regressionDir,
  runCase,
  runCaseCli,
  saveRegression,
  shrinkCase,
  signature,
} from './fuzz/run';
import { WALL_FACTOR } from './fuzz/cpu-bound';

interface Args {
  iterations: number;
  seed: string;
  start: number;
  out: string;
  mode: 'inproc' | 'child';
  jobs: number;
  timeout: number;
  cliEvery: number;
  shrink: boolean;
  save: boolean;
  verbose: boolean;
}

function usage(msg: string): never {
  process.stderr.write(`fuzz: ${msg}\nusage: npm run fuzz -- --iterations N --seed S [--out DIR] [--mode inproc|child] [--jobs J] [--timeout MS] [--cli-every K] [--steps first|all|off] [--start I] [--no-shrink] [--no-save] [--verbose]\n`);
  process.exit(2);
}

export function parseArgs(argv: string[]): Args {
  const a: Args = { iterations: 1000, seed: String(Math.floor(Math.random() * 1e9)), start: 0, out: regressionDir(), mode: 'inproc', jobs: 1, timeout: DEFAULT_SLOW_MS, cliEvery: 100, shrink: true, save: true, verbose: false };
  for (let i = 0; i < argv.length; i++) {
    const k = argv[i];
    const [flag, inline] = k.includes('=') ? [k.slice(0, k.indexOf('=')), k.slice(k.indexOf('=') + 1)] : [k, undefined];
    const val = (): string => {
      const x = inline ?? argv[++i];
      if (x === undefined) usage(`${flag} needs a value`);
      return x;
    };
    const num = (): number => {
      const s = val();
      const n = Number(s);
      if (!Number.isInteger(n) || n < 0) usage(`${flag} needs a non-negative integer, not '${s}'`);
      return n;
    };
    switch (flag) {
      case '--iterations': case '-n': a.iterations = num(); break;
      case '--seed': case '-s': a.seed = val(); break;
      case '--start': a.start = num(); break;
      case '--out': a.out = path.resolve(val()); break;
      case '--mode': {
        const m = val();
        if (m !== 'inproc' && m !== 'child') usage(`--mode is inproc or child, not '${m}'`);
        a.mode = m;
        break;
      }
      case '--jobs': case '-j': a.jobs = Math.max(1, num()); break;
      case '--timeout': a.timeout = Math.max(100, num()); break;
      case '--cli-every': a.cliEvery = num(); break;
      case '--steps': {
        const m = val();
        if (m !== 'first' && m !== 'all' && m !== 'off') usage(`--steps is first, all or off, not '${m}'`);
        // Read by runCase, here and in the case processes of child mode (they inherit the environment).
        process.env.PYEXT_FUZZ_STEPS = m;
        break;
      }
      case '--no-shrink': a.shrink = false; break;
      case '--no-save': a.save = false; break;
      case '--verbose': case '-v': a.verbose = true; break;
      case '--help': case '-h': usage('help');
      // eslint-disable-next-line no-fallthrough
      default: usage(`unknown argument '${k}'`);
    }
  }
  if (!process.env.PYEXT_FUZZ_STEPS) process.env.PYEXT_FUZZ_STEPS = 'first';
  return a;
}

interface Failure {
  iteration: number;
  c: FuzzCase;
  v: Violation;
  via: 'library' | 'cli';
}

/** In-process mode: a thread that kills the run (after saving the case) when one case runs too long. */
class Watchdog {
  private readonly worker: Worker;
  constructor(hardMs: number, out: string | undefined, seed: string) {
    const runModule = path.join(__dirname, 'fuzz', 'run.js');
    const code = `
      const { parentPort, workerData } = require('worker_threads');
      const fs = require('fs');
      // CPU time of the whole process (cpu-bound.ts: load is no hang), with a wall-clock backstop.
      const cpu = () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; };
      let current = null, started = 0, startedCpu = 0;
      parentPort.on('message', (m) => { current = m; started = Date.now(); startedCpu = cpu(); });
      setInterval(() => {
        if (!current || !current.case) return;
        if (cpu() - startedCpu < workerData.hardMs && Date.now() - started < workerData.hardMs * workerData.wallFactor) return;
        let saved = '';
        try {
          if (workerData.out) {
            const run = require(workerData.runModule);
            const v = { invariant: 'hang', message: 'no result after ' + Math.round(workerData.hardMs / 1000) + ' s of CPU (in-process run killed by the watchdog)' };
            saved = ' saved as ' + run.saveRegression(workerData.out, current.case, v, { seed: workerData.seed, iteration: current.iteration }) + ';';
          }
        } catch (e) { saved = ' (could not save it: ' + e.message + ')'; }
        fs.writeSync(2, '\\nfuzz: HANG: case ' + current.case.id + ' (' + current.case.origin + ') ran for more than ' + Math.round(workerData.hardMs / 1000) + ' s of CPU;' + saved + ' run with --mode child to report hangs and go on\\n');
        process.kill(process.pid, 'SIGKILL');
      }, 500);
    `;
    this.worker = new Worker(code, { eval: true, workerData: { hardMs, out, seed, runModule, wallFactor: WALL_FACTOR } });
    this.worker.unref();
  }
  begin(c: FuzzCase, iteration: number): void {
    this.worker.postMessage({ case: c, iteration });
  }
  end(): void {
    this.worker.postMessage({});
  }
  async close(): Promise<void> {
    await this.worker.terminate();
  }
}

function fmtMs(ms: number): string {
  return ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`;
}

export async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv);
  const corpus: CorpusModule[] = loadCorpus();
  const t0 = Date.now();
  process.stdout.write(`fuzz: seed ${args.seed}, iterations ${args.start}..${args.start + args.iterations - 1}, mode ${args.mode}${args.mode === 'child' ? ` x${args.jobs}` : ''}, bound ${fmtMs(args.timeout)} of CPU per call, ${fmtMs(Math.max(60_000, args.timeout * 6))} per case, CLI every ${args.cliEvery || 'never'}; corpus: ${corpus.length} modules, ${corpus.reduce((n, m) => n + m.files.length, 0)} files\n`);

  const failures: Failure[] = [];
  const bySig = new Map<string, { count: number; first: Failure }>();
  const notes = new Map<string, { count: number; first: string }>();
  const byOrigin = new Map<string, number>();
  const outcome = { changed: 0, refused: 0, nothing: 0, cli: 0 };
  const slowest: { id: string; origin: string; ms: number; bytes: number }[] = [];
  let done = 0;
  let lastPrint = Date.now();

  const record = (i: number, c: FuzzCase, r: CaseReport, via: 'library' | 'cli'): void => {
    if (via === 'library') {
      byOrigin.set(c.origin.split(':')[0], (byOrigin.get(c.origin.split(':')[0]) ?? 0) + 1);
      if (r.stats.refused > 0) outcome.refused++;
      else if (r.stats.changes + r.stats.newFiles > 0) outcome.changed++;
      else outcome.nothing++;
      slowest.push({ id: c.id, origin: c.origin, ms: r.ms, bytes: r.stats.bytes });
      slowest.sort((a, b) => b.ms - a.ms);
      slowest.length = Math.min(slowest.length, 5);
    } else outcome.cli++;
    for (const v of r.violations) {
      if (NOTE_INVARIANTS.has(v.invariant)) {
        const sig = signature(v);
        const seen = notes.get(sig);
        if (seen) seen.count++;
        else {
          notes.set(sig, { count: 1, first: `${c.id} ${c.origin}${v.path ? ' ' + v.path : ''}` });
          if (args.verbose) process.stdout.write(`\nNOTE ${c.id} (${c.origin}) ${v.invariant}: ${v.message.slice(0, 300)}\n`);
        }
        continue;
      }
      const f: Failure = { iteration: i, c, v, via };
      failures.push(f);
      const sig = signature(v);
      const e = bySig.get(sig);
      if (e) e.count++;
      else bySig.set(sig, { count: 1, first: f });
      if (args.verbose || !e) process.stdout.write(`\nFAIL ${c.id} (${c.origin}; ${c.ops.join('; ').slice(0, 200)}) [${via}] ${v.invariant}: ${v.path ? v.path + ': ' : ''}${v.message.slice(0, 300)}\n`);
    }
  };
  let lastDone = -1;
  const progress = (force = false): void => {
    if ((!force && Date.now() - lastPrint < 5000) || done === lastDone) return;
    lastPrint = Date.now();
    lastDone = done;
    const secs = (Date.now() - t0) / 1000;
    process.stdout.write(`[${String(done).padStart(String(args.iterations).length)}/${args.iterations}] ${(done / Math.max(secs, 0.001)).toFixed(1)} cases/s, ${failures.length} violation(s), changed ${outcome.changed}, refused ${outcome.refused}, untouched ${outcome.nothing}, CLI ${outcome.cli}\n`);
  };
  const caseTimeout = Math.max(60_000, args.timeout * 6);
  const cliTimeout = Math.max(60_000, args.timeout * 3);
  const wantsCli = (i: number): boolean => args.cliEvery > 0 && i % args.cliEvery === 0;

  if (args.mode === 'inproc') {
    const dog = new Watchdog(caseTimeout, args.save ? args.out : undefined, args.seed);
    try {
      for (let i = args.start; i < args.start + args.iterations; i++) {
        const c = makeCase(args.seed, i, corpus);
        dog.begin(c, i);
        const r = runCase(c, { slowMs: args.timeout });
        dog.end();
        record(i, c, r, 'library');
        if (wantsCli(i)) record(i, c, await runCaseCli(c, { timeoutMs: cliTimeout }), 'cli');
        done++;
        progress();
      }
    } finally {
      await dog.close();
    }
  } else {
    const runners = Array.from({ length: args.jobs }, () => new ChildRunner({ timeoutMs: caseTimeout, slowMs: args.timeout }));
    let next = args.start;
    const end = args.start + args.iterations;
    await Promise.all(
      runners.map(async (runner) => {
        while (next < end) {
          const i = next++;
          const c = makeCase(args.seed, i, corpus);
          record(i, c, await runner.run(c), 'library');
          if (wantsCli(i)) record(i, c, await runCaseCli(c, { timeoutMs: cliTimeout }), 'cli');
          done++;
          progress();
        }
      }),
    );
    runners.forEach((r) => r.close());
  }
  progress(true);

  // Shrink and save the first case of each distinct failure.
  const saved: string[] = [];
  if (args.save && bySig.size > 0) {
    const shrinkRunner = args.mode === 'child' ? new ChildRunner({ timeoutMs: caseTimeout, slowMs: args.timeout }) : undefined;
    let n = 0;
    for (const [sig, { first }] of bySig) {
      if (n++ >= 20) break;
      let c = first.c;
      if (args.shrink) {
        const runner = first.via === 'cli' ? (k: FuzzCase) => runCaseCli(k, { timeoutMs: cliTimeout }) : shrinkRunner ? (k: FuzzCase) => shrinkRunner.run(k) : (k: FuzzCase) => runCase(k, { slowMs: args.timeout });
        const budget = first.via === 'cli' || ['hang', 'time', 'crash'].includes(first.v.invariant) ? { maxRuns: 40, maxMs: 600_000 } : { maxRuns: 3000, maxMs: 300_000 };
        const before = c.files.reduce((k, f) => k + f.content.length, 0);
        const s = await shrinkCase(c, first.v, runner, budget);
        c = s.case;
        process.stdout.write(`shrunk ${first.c.id} (${sig.slice(0, 80)}): ${before} -> ${c.files.reduce((k, f) => k + f.content.length, 0)} bytes in ${s.runs} runs\n`);
      }
      const hash = saveRegression(args.out, c, first.v, { seed: args.seed, iteration: first.iteration });
      saved.push(`${path.relative(process.cwd(), path.join(args.out, hash))}.c  ${sig.slice(0, 120)}`);
    }
    shrinkRunner?.close();
  }

  // Summary.
  const secs = (Date.now() - t0) / 1000;
  const lines: string[] = ['', `fuzz summary: seed ${args.seed}, ${done} cases in ${secs.toFixed(0)} s (${(done / Math.max(secs, 0.001)).toFixed(1)}/s), mode ${args.mode}`];
  lines.push(`  inputs: ${[...byOrigin].map(([k, n]) => `${k} ${n}`).join(', ')}`);
  lines.push(`  outcomes: changed ${outcome.changed}, refused ${outcome.refused}, untouched ${outcome.nothing}; CLI runs ${outcome.cli}`);
  lines.push(`  slowest: ${slowest.map((s) => `${s.id} ${s.origin} ${fmtMs(s.ms)} (${(s.bytes / 1024).toFixed(0)} KiB)`).join('; ')}`);
  const inv = new Map<string, number>();
  for (const f of failures) inv.set(f.v.invariant, (inv.get(f.v.invariant) ?? 0) + 1);
  lines.push(`  violations: ${failures.length}${failures.length ? ` (${[...inv].map(([k, n]) => `${k} ${n}`).join(', ')})` : ''}; crashes ${inv.get('crash') ?? 0}, hangs ${inv.get('hang') ?? 0}, internal errors ${inv.get('internal-error') ?? 0}, corrupted ${(inv.get('tree') ?? 0) + (inv.get('refused-untouched') ?? 0) + (inv.get('edits') ?? 0)}`);
  for (const [sig, { count, first }] of bySig) lines.push(`    ${String(count).padStart(5)} x ${sig}  (first: ${first.c.id} ${first.c.origin}${first.v.path ? ' ' + first.v.path : ''})`);
  const noteCount = [...notes.values()].reduce((n, x) => n + x.count, 0);
  lines.push(`  notes (known parser limitations, not failures): ${noteCount}`);
  for (const [sig, { count, first }] of notes) lines.push(`    ${String(count).padStart(5)} x ${sig.slice(0, 140)}  (first: ${first})`);
  if (saved.length) lines.push('  saved:', ...saved.map((s) => `    ${s}`));
  process.stdout.write(lines.join('\n') + '\n');
  return failures.length > 0 ? 1 : 0;
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (err) => {
      process.stderr.write(`fuzz: ${(err as Error).stack ?? String(err)}\n`);
      process.exitCode = 3;
    },
  );
}

