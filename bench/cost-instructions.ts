/**
 * What conversion costs the testdata extensions, counted in instructions: the deterministic
 * cross-check of bench/cost-table.ts. On a loaded machine a time ratio above 1.10 can be a layout
 * or a phase effect of one run; the instructions a call executes are the same in every run.
 *
 *   node dist/bench/cost-instructions.js [--python 3.12,3.13] [--only shapes,spamlib] [--loops 10000]
 *        [--json FILE] [--tool DIR] [--extensions DIR]
 *
 * Each extension is converted and built before and after with the interpreter's own optimization
 * flags, as the cost report builds them. Per build, one cost-harness process (`bench_run.py count
 * --marker`) runs under callgrind with PYTHONHASHSEED=0 and calls every benchmark of bench.py, then
 * the empty function, `--loops` times each; bench/callgrind-mark.c dumps callgrind's counters around
 * each loop. A benchmark's figure is its loop's instructions minus the empty function's, per call
 * (the harness's own loop, as the cost report subtracts it). Instructions are not time (a cache miss
 * or a mispredicted branch costs more than an add), but a ratio near 1.00 here says that a time
 * ratio far from it is not the generated code's.
 *
 * Needs valgrind and its headers. Informational: exit status 0 unless something could not be built
 * or counted.
 */
import { execFile, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { benchHarnessPath, buildExtension, discoverInterpreters, optimizationFlags, resolveCompiler, splitRequests } from '../src/verify';
import type { BuildResult, Interpreter } from '../src/verify';
import { median } from '../src/verify/stats';
import { arg, benchExtensions, convertedCopy, extensionsDir } from './testdata-extensions';
import type { BenchExtension } from './testdata-extensions';
import { versionTable } from './version-table';

const EXTENSIONS = extensionsDir();
const LOOPS = Number(arg('loops', '10000'));

interface Row {
  extension: string;
  benchmark: string;
  version: string;
  before?: number;
  after?: number;
  problem?: string;
}

/** The marker library (bench/callgrind-mark.c), compiled once into `dir` by the compiler the builds use. */
function buildMarker(dir: string): string {
  const src = path.resolve(__dirname, '..', '..', 'bench', 'callgrind-mark.c');
  const out = path.join(dir, 'callgrind-mark.so');
  const [cc, ...ccArgs] = resolveCompiler(undefined);
  const r = spawnSync(cc, [...ccArgs, '-shared', '-fPIC', '-O2', '-o', out, src], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`cannot build ${src} (valgrind's headers needed): ${(r.stderr || r.error?.message || '').trim().split('\n')[0]}`);
  return out;
}

/**
 * Instructions per call of every benchmark of one build: one harness process under callgrind calls
 * each benchmark and the empty function `loops` times between two marks (each mark dumps the
 * counters); a benchmark's figure is its loop's count minus the empty function's, per call.
 */
function countBuild(interp: Interpreter, module: string, build: BuildResult, bench: string, marker: string, loops: number, scratch: string): Promise<Map<string, number>> {
  const dir = fs.mkdtempSync(path.join(scratch, 'callgrind-'));
  const out = path.join(dir, 'cg.out');
  const argv = ['--tool=callgrind', `--callgrind-out-file=${out}`, interp.executable, benchHarnessPath(), 'count', '--module', module, '--build', `${build.outDir}:${build.soPath as string}`, '--bench', bench, '--marker', marker, '--loops', String(loops)];
  return new Promise((resolve, reject) => {
    execFile('valgrind', argv, { cwd: scratch, env: { ...process.env, PYTHONHASHSEED: '0', PYTHONDONTWRITEBYTECODE: '1' }, maxBuffer: 64 << 20, timeout: 1_800_000 }, (err, stdout, stderr) => {
      try {
        const result = String(stdout)
          .split('\n')
          .find((l) => l.startsWith('@@pyext-isolate@@ result '));
        const status = result ? (JSON.parse(result.slice('@@pyext-isolate@@ result '.length)) as { status: string; reason?: string; names?: string[] }) : undefined;
        if (err || !status || status.status !== 'ok') {
          const why = status?.reason ?? (err ? err.message : String(stderr).trim().split('\n').slice(-1)[0]);
          return reject(new Error(why));
        }
        const totals = new Map<string, number>();
        for (const f of fs.readdirSync(dir)) {
          const text = fs.readFileSync(path.join(dir, f), 'utf8');
          const name = /^desc: Trigger: Client Request: bench:(.*)$/m.exec(text)?.[1];
          const total = /^(?:totals|summary): (\d+)$/m.exec(text)?.[1];
          if (name !== undefined && total !== undefined) totals.set(name, Number(total));
        }
        const empty = totals.get('_empty');
        if (empty === undefined) return reject(new Error('no count for the empty function in the callgrind output'));
        // in the benchmark file's order, as the cost report lists them
        resolve(new Map((status.names ?? []).filter((n) => totals.has(n)).map((n) => [n, ((totals.get(n) as number) - empty) / loops])));
      } catch (e) {
        reject(e as Error);
      } finally {
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

async function countExtension(ext: BenchExtension, interps: Interpreter[], marker: string): Promise<Row[]> {
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
      const [b, a] = await Promise.all([before, after].map((build) => countBuild(interp, ext.json.module, build, bench, marker, LOOPS, scratch).catch((e: Error) => e)));
      const names = b instanceof Error ? (a instanceof Error ? ['*'] : [...a.keys()]) : [...b.keys()];
      for (const name of names) {
        const problem = [b, a].find((x): x is Error => x instanceof Error);
        const pb = b instanceof Error ? undefined : b.get(name);
        const pa = a instanceof Error ? undefined : a.get(name);
        rows.push({ extension: ext.name, benchmark: name, version: interp.version, ...(problem || pb === undefined || pa === undefined ? { problem: problem?.message ?? 'not counted' } : { before: pb, after: pa }) });
      }
    }
    return rows;
  } finally {
    copy.cleanup();
    fs.rmSync(root, { recursive: true, force: true });
  }
}

function table(rows: Row[]): string {
  const { versions, lines } = versionTable(rows, (r) =>
    r.problem || r.before === undefined || r.after === undefined ? `- | - | ${r.problem ?? '-'}` : `${r.before.toFixed(1)} | ${r.after.toFixed(1)} | ${(r.after / r.before).toFixed(3)}`,
  );
  const out = ['', ...lines, ''];
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
  if (!(LOOPS > 0)) throw new Error('--loops must be positive');
  const only = arg('only', '').split(',').filter(Boolean);
  const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'cost-instr-'));
  const marker = buildMarker(scratch);
  const found = await discoverInterpreters(splitRequests([arg('python', '3.12,3.13')]));
  if (!found.found.length) throw new Error(`no interpreter: ${found.problems.join('; ')}`);
  const rows: Row[] = [];
  for (const ext of benchExtensions(EXTENSIONS, only)) {
    const got = await countExtension(ext, found.found, marker);
    for (const r of got) process.stdout.write(`${r.extension}.${r.benchmark} ${r.version}: ${r.problem ?? `${r.before?.toFixed(1)} -> ${r.after?.toFixed(1)} instructions per call`}\n`);
    rows.push(...got);
  }
  process.stdout.write(table(rows));
  const jsonOut = arg('json', '');
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ loops: LOOPS, rows }, null, 2) + '\n');
  fs.rmSync(scratch, { recursive: true, force: true });
  process.exitCode = rows.some((r) => r.problem) ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`cost-instructions: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
