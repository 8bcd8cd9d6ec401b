/**
 * What conversion costs the testdata extensions, counted in instructions: the deterministic
 * cross-check of bench/cost-table.ts. On a loaded machine a time ratio above 1.10 can be a layout
 * or a phase effect of one run; the instructions a call executes are the same in every run.
 *
 *   node dist/bench/cost-instructions.js [--python 3.12,3.13] [--only shapes,spamlib] [--jobs 1]
 *        [--short 2000] [--long 12000] [--json FILE] [--tool DIR] [--extensions DIR]
 *
 * Each extension is converted and built before and after with the interpreter's own optimization
 * flags, as the cost report builds them. Each benchmark of its bench.py is then called `--short`
 * and `--long` times by the cost harness (`bench_run.py count`) under callgrind, in one fresh
 * process each, with PYTHONHASHSEED=0; the difference of the two totals divided by the difference
 * of the loop counts is the benchmark's instructions per call (start-up and setup cancel out).
 * Instructions are not time (a cache miss or a mispredicted branch costs more than an add), but a
 * ratio near 1.00 here says that a time ratio far from it is not the generated code's.
 *
 * Needs valgrind. Informational: exit status 0 unless something could not be built or counted.
 */
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchHarnessPath, buildExtension, discoverInterpreters, optimizationFlags, splitRequests } from '../src/verify';
import type { BuildResult, Interpreter } from '../src/verify';
import { runHarness } from '../src/verify/cost-harness';
import { median } from '../src/verify/stats';
import { benchExtensions, convertedCopy } from './testdata-extensions';
import type { BenchExtension } from './testdata-extensions';

function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

const ROOT = path.resolve(__dirname, '..', '..');
const EXTENSIONS = path.resolve(arg('extensions', path.join(ROOT, 'testdata', 'extensions')));
const SHORT = Number(arg('short', '2000'));
const LONG = Number(arg('long', '12000'));

interface Row {
  extension: string;
  benchmark: string;
  version: string;
  before?: number;
  after?: number;
  problem?: string;
}

/** Total instructions of one harness process calling benchmark `name` `loops` times. */
function countTotal(interp: Interpreter, module: string, build: BuildResult, bench: string, name: string, loops: number, scratch: string): Promise<number> {
  const out = path.join(scratch, `callgrind.${process.pid}.${Math.random().toString(36).slice(2)}.out`);
  const argv = [
    '--tool=callgrind',
    `--callgrind-out-file=${out}`,
    interp.executable,
    benchHarnessPath(),
    'count',
    '--module',
    module,
    '--build',
    `${build.outDir}:${build.soPath as string}`,
    '--bench',
    bench,
    '--name',
    name,
    '--loops',
    String(loops),
  ];
  return new Promise((resolve, reject) => {
    execFile('valgrind', argv, { cwd: scratch, env: { ...process.env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 64 << 20, timeout: 600_000 }, (err, stdout, stderr) => {
      try {
        const result = String(stdout)
          .split('\n')
          .find((l) => l.startsWith('@@pyext-isolate@@ result '));
        const status = result ? (JSON.parse(result.slice('@@pyext-isolate@@ result '.length)) as { status: string; reason?: string }) : undefined;
        if (err || !status || status.status !== 'ok') {
          const why = status?.reason ?? (err ? err.message : String(stderr).trim().split('\n').slice(-1)[0]);
          return reject(new Error(`${name} (${loops} calls): ${why}`));
        }
        const line = fs
          .readFileSync(out, 'utf8')
          .split('\n')
          .find((l) => l.startsWith('totals:') || l.startsWith('summary:'));
        if (!line) return reject(new Error(`${name}: no totals in the callgrind output`));
        resolve(Number(line.split(/\s+/)[1]));
      } catch (e) {
        reject(e as Error);
      } finally {
        fs.rmSync(out, { force: true });
      }
    });
  });
}

/** Runs `tasks` with at most `jobs` at a time, results in order. */
async function pool<T>(tasks: (() => Promise<T>)[], jobs: number): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, jobs) }, worker));
  return results;
}

async function countExtension(ext: BenchExtension, interps: Interpreter[], jobs: number): Promise<Row[]> {
  const copy = convertedCopy(EXTENSIONS, ext, arg('tool', ''));
  const root = fs.mkdtempSync(path.join(os.tmpdir(), `cost-instr-${ext.name}-`));
  const rows: Row[] = [];
  try {
    const bench = path.join(copy.work, 'bench.py');
    for (const interp of interps) {
      const common = { module: ext.json.module, sources: copy.sources, includeDirs: copy.includeDirs, defines: copy.defines, interpreter: interp, extraCflags: await optimizationFlags(interp) };
      const dir = path.join(root, interp.version);
      const [before, after] = await Promise.all([
        buildExtension({ ...common, readFrom: copy.baseline, outDir: path.join(dir, 'before') }),
        buildExtension({ ...common, outDir: path.join(dir, 'after') }),
      ]);
      if (!before.ok || !after.ok) {
        rows.push({ extension: ext.name, benchmark: '*', version: interp.version, problem: `build ${before.ok ? 'after' : 'before'} failed` });
        continue;
      }
      const scratch = path.join(dir, 'scratch');
      fs.mkdirSync(scratch, { recursive: true });
      // the benchmark names, as the cost report finds them (a calibration with a tiny minimum time)
      const cal = await runHarness(interp, ['calibrate', '--module', ext.json.module, '--bench', bench, '--build', `${before.outDir}:${before.soPath as string}`, '--min-time', '0.0001'], scratch, 120_000, process.env);
      if (cal.status !== 'ok') {
        rows.push({ extension: ext.name, benchmark: '*', version: interp.version, problem: `no benchmark names: ${cal.reason}` });
        continue;
      }
      const names = cal.names ?? [];
      const perCall = async (build: BuildResult, name: string): Promise<number> => {
        const [a, b] = await Promise.all([
          countTotal(interp, ext.json.module, build, bench, name, SHORT, scratch),
          countTotal(interp, ext.json.module, build, bench, name, LONG, scratch),
        ]);
        return (b - a) / (LONG - SHORT);
      };
      const tasks = names.flatMap((name) => [() => perCall(before, name).catch((e: Error) => e), () => perCall(after, name).catch((e: Error) => e)]);
      const got = await pool(tasks, Math.max(1, Math.floor(jobs / 2)));
      names.forEach((name, i) => {
        const [b, a] = [got[2 * i], got[2 * i + 1]];
        const problem = [b, a].find((x): x is Error => x instanceof Error);
        rows.push({ extension: ext.name, benchmark: name, version: interp.version, ...(problem ? { problem: problem.message } : { before: b as number, after: a as number }) });
      });
    }
    return rows;
  } finally {
    copy.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const versions = [...new Set(rows.map((r) => r.version))];
  const out = ['', `| extension | benchmark | ${versions.map((v) => `${v} before | after | ratio`).join(' | ')} |`, `|---|---|${versions.map(() => '---:|---:|---:').join('|')}|`];
  const keys = [...new Set(rows.map((r) => `${r.extension}\0${r.benchmark}`))];
  for (const k of keys) {
    const [ext, bench] = k.split('\0');
    const cells = versions.map((v) => {
      const r = rows.find((x) => x.extension === ext && x.benchmark === bench && x.version === v);
      if (!r) return '- | - | -';
      if (r.problem || r.before === undefined || r.after === undefined) return `- | - | ${r.problem ?? '-'}`;
      return `${r.before.toFixed(1)} | ${r.after.toFixed(1)} | ${(r.after / r.before).toFixed(3)}`;
    });
    out.push(`| ${ext} | ${bench} | ${cells.join(' | ')} |`);
  }
  out.push('');
  for (const v of versions) {
    const rs = rows.filter((r) => r.version === v && r.before !== undefined && r.after !== undefined);
    const ratio = (r: Row): number => (r.after as number) / (r.before as number);
    const worst = rs.reduce<Row | undefined>((m, r) => (!m || ratio(r) > ratio(m) ? r : m), undefined);
    out.push(
      `${v}: ${rs.length} benchmarks, median ratio ${rs.length ? median(rs.map(ratio)).toFixed(3) : '-'}, ` +
        `max ${worst ? `${ratio(worst).toFixed(3)} (${worst.extension}.${worst.benchmark})` : '-'}, ${rs.filter((r) => ratio(r) > 1.1).length} over 1.10, ${rows.filter((r) => r.version === v && r.problem).length} not counted`,
    );
  }
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  if (SHORT <= 0 || LONG <= SHORT) throw new Error('--long must be larger than --short, both positive');
  const only = arg('only', '').split(',').filter(Boolean);
  const jobs = Number(arg('jobs', '1'));
  const found = await discoverInterpreters(splitRequests([arg('python', '3.12,3.13')]));
  if (!found.found.length) throw new Error(`no interpreter: ${found.problems.join('; ')}`);
  const rows: Row[] = [];
  for (const ext of benchExtensions(EXTENSIONS, only)) {
    const got = await countExtension(ext, found.found, jobs);
    for (const r of got) process.stdout.write(`${r.extension}.${r.benchmark} ${r.version}: ${r.problem ?? `${r.before?.toFixed(1)} -> ${r.after?.toFixed(1)} instructions per call`}\n`);
    rows.push(...got);
  }
  process.stdout.write(table(rows));
  const jsonOut = arg('json', '');
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ short: SHORT, long: LONG, rows }, null, 2) + '\n');
  process.exitCode = rows.some((r) => r.problem) ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`cost-instructions: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
