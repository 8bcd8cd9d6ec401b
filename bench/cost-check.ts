/**
 * Checks the cost report on real runs (kept out of the test suite: it times things):
 *  - no bias: a module compared with itself must show "no significant difference" on every
 *    benchmark, on every interpreter and every repetition;
 *  - power: a build slowed on purpose (a busy loop of --delay iterations in one function) must be
 *    flagged slower on that benchmark.
 * The module is testdata/verify/cost (vcost) by default; --module NAME adds the self-comparison of
 * testdata/extensions/NAME with its bench.py.
 *
 *   node dist/bench/cost-check.js [--python 3.12,3.13] [--repeat 3] [--processes 20] [--delay 50] [--module shapes] [--layouts fixed]
 *
 * --layouts fixed: every process loads the same two builds (the method before the layout per
 * process), to compare the two methods' power on the same slowdown.
 *
 * Prints every report and a summary; exit status 1 when a check fails.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { costReport, discoverInterpreters, formatCostReport, prepareBaseline, splitRequests } from '../src/verify';
import type { CostReport, Interpreter } from '../src/verify';
import { arg } from './testdata-extensions';

const ROOT = path.resolve(__dirname, '..', '..');
const FIXTURE = path.join(ROOT, 'testdata', 'verify', 'cost');

interface ModuleSpec {
  name: string;
  module: string;
  dir: string;
  sources: string[];
  includeDirs: string[];
  defines: string[];
}

function fixtureSpec(): ModuleSpec {
  return { name: 'vcost', module: 'vcost', dir: FIXTURE, sources: ['vcost.c'], includeDirs: [], defines: [] };
}

function extensionSpec(name: string): ModuleSpec {
  const dir = path.join(ROOT, 'testdata', 'extensions', name);
  const j = JSON.parse(fs.readFileSync(path.join(dir, 'module.json'), 'utf8')) as { module: string; sources: string[]; includeDirs?: string[]; defines?: string[] };
  return { name, module: j.module, dir, sources: j.sources, includeDirs: j.includeDirs ?? [], defines: j.defines ?? [] };
}

/** Times `after` (a copy of spec.dir, changed by `edit`) against spec.dir itself. */
async function compare(spec: ModuleSpec, interps: Interpreter[], processes: number, edit?: (dir: string) => void): Promise<CostReport> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `cost-check-${spec.name}-`));
  try {
    fs.cpSync(spec.dir, work, { recursive: true });
    edit?.(work);
    const baseline = prepareBaseline({ paths: [work], dir: spec.dir });
    return await costReport({
      module: spec.module,
      sources: spec.sources.map((s) => path.join(work, s)),
      includeDirs: spec.includeDirs.map((d) => path.join(work, d)),
      defines: spec.defines,
      baseline,
      interpreters: interps,
      bench: path.join(work, 'bench.py'),
      processes,
      layouts: arg('layouts', 'per-process') === 'fixed' ? 'fixed' : 'per-process',
    });
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function main(): Promise<void> {
  const repeat = Number(arg('repeat', '3'));
  const processes = Number(arg('processes', '20'));
  const delay = Number(arg('delay', '50'));
  const extra = process.argv.includes('--module') ? arg('module', '') : '';
  const found = await discoverInterpreters(splitRequests([arg('python', '3.12,3.13')]));
  if (!found.found.length) throw new Error(`no interpreter: ${found.problems.join('; ')}`);
  const failures: string[] = [];
  const tally = { selfBenchmarks: 0, selfFlagged: 0, slowRuns: 0, slowFlagged: 0 };
  const specs = [fixtureSpec(), ...(extra ? [extensionSpec(extra)] : [])];
  for (let r = 1; r <= repeat; r++) {
    for (const spec of specs) {
      const self = await compare(spec, found.found, processes);
      process.stdout.write(`\n### repetition ${r}: ${spec.name} compared with itself\n${formatCostReport(self)}`);
      for (const res of self.results) {
        if (!res.ok) failures.push(`${spec.name} self ${res.interpreter.version}: ${res.problems.join('; ')}`);
        for (const b of res.benchmarks) {
          tally.selfBenchmarks++;
          if (b.verdict !== 'same') {
            tally.selfFlagged++;
            failures.push(`repetition ${r}, ${spec.name} with itself on ${res.interpreter.version}: ${b.name} ${b.verdict} (ratio ${b.ratio?.toFixed(3)})`);
          }
        }
      }
    }
    const slowed = await compare(fixtureSpec(), found.found, processes, (dir) => {
      const f = path.join(dir, 'vcost.c');
      fs.writeFileSync(f, fs.readFileSync(f, 'latin1').replace('#ifndef VCOST_DELAY', `#define VCOST_DELAY ${delay}\n#ifndef VCOST_DELAY`), 'latin1');
    });
    process.stdout.write(`\n### repetition ${r}: vcost slowed (a busy loop of ${delay} iterations in target())\n${formatCostReport(slowed)}`);
    for (const res of slowed.results) {
      const t = res.benchmarks.find((b) => b.name === 'target');
      tally.slowRuns++;
      if (t?.verdict === 'slower') tally.slowFlagged++;
      else failures.push(`repetition ${r}, slowed build on ${res.interpreter.version}: target ${t?.verdict ?? 'missing'} (ratio ${t?.ratio?.toFixed(3)})`);
    }
  }
  process.stdout.write(
    `\nsummary: compared with itself, ${tally.selfFlagged} of ${tally.selfBenchmarks} benchmark results flagged (expected 0); ` +
      `slowed build flagged slower in ${tally.slowFlagged} of ${tally.slowRuns} runs (expected all); load average now ${os.loadavg().map((x) => x.toFixed(1)).join(' ')}\n`,
  );
  for (const f of failures) process.stdout.write(`FAIL ${f}\n`);
  process.stdout.write(failures.length ? 'cost-check: FAIL\n' : 'cost-check: PASS\n');
  process.exitCode = failures.length ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`cost-check: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
