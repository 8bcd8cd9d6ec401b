/**
 * The cost report as text (per interpreter a table of benchmarks with the verdict, spreads and
 * load) and as JSON.
 */
import * as path from 'node:path';
import { fmtConfidence, fmtPercent, median } from './stats';
import type { BenchmarkCost, BuildFigures, CostReport } from './cost-report';

/** "182 ns", "12.4 us", "3.10 ms" */
export function fmtTime(ns: number): string {
  if (!Number.isFinite(ns)) return '-';
  if (Math.abs(ns) < 1000) return `${ns.toFixed(ns < 10 ? 2 : ns < 100 ? 1 : 0)} ns`;
  if (Math.abs(ns) < 1e6) return `${(ns / 1e3).toFixed(ns < 1e4 ? 2 : 1)} us`;
  if (Math.abs(ns) < 1e9) return `${(ns / 1e6).toFixed(ns < 1e7 ? 2 : 1)} ms`;
  return `${(ns / 1e9).toFixed(2)} s`;
}

/** Half the interquartile range, relative to the median: "±1.2%". */
function fmtSpread(f: BuildFigures): string {
  const rel = (f.q3 - f.q1) / 2 / f.median;
  return `±${(rel * 100).toFixed(rel < 0.1 ? 1 : 0)}%`;
}

function verdictText(b: BenchmarkCost): string {
  if (b.verdict === 'error') return `error: ${b.note ?? ''}`;
  if (b.verdict === 'slower' || b.verdict === 'faster') return `yes: ${b.verdict}${b.note ? ` (${b.note})` : ''}`;
  return b.note ? `no (${b.note})` : 'no';
}

function pad(s: string, n: number, right = false): string {
  const fill = ' '.repeat(Math.max(0, n - s.length));
  return right ? fill + s : s + fill;
}

/** Load figures as text, with what they mean for the run. */
function loadText(r: CostReport): string {
  const seen = r.results.map((x) => x.load).filter((l): l is NonNullable<typeof l> => !!l);
  const lo = Math.min(r.load.start[0], r.load.end[0], ...seen.map((l) => l.min));
  const hi = Math.max(r.load.start[0], r.load.end[0], ...seen.map((l) => l.max));
  const busy = hi > r.cpus;
  return (
    `load average (1 min) ${r.load.start[0].toFixed(1)} at start, ${r.load.end[0].toFixed(1)} at end, ${lo.toFixed(1)}..${hi.toFixed(1)} over the run, ${r.cpus} CPU(s)` +
    (busy ? ': a busy machine: figures are noisy and intervals wide (the verdict stays unbiased; repeat on a quiet machine for small effects)' : '')
  );
}

/** The human-readable report: settings, load, then one table per interpreter. */
export function formatCostReport(r: CostReport): string {
  const out: string[] = [];
  const rel = (p: string): string => {
    const x = path.relative(process.cwd(), p);
    return x && !x.startsWith('..') && !path.isAbsolute(x) ? x : p;
  };
  const what = r.bench ? `benchmarks from ${rel(r.bench)}` : r.smoke ? `the smoke script ${rel(r.smoke)} as one benchmark` : 'nothing to time';
  out.push(`pyext-isolate cost: module ${r.module}, ${what}`);
  out.push(`before: ${r.baseline.description}; after: the sources as they are${r.baseline.identical ? ' (the same C files: a comparison of the module with itself)' : ''}`);
  const s = r.settings;
  out.push(
    `method: ${s.processes} process${s.processes === 1 ? '' : 'es'}, each timing both builds alternately (orders at random, seed ${s.seed})${s.layouts === 'per-process' ? ', both linked in a code and data layout drawn per process' : ''}; per process, benchmark and build ${s.warmups} warm-up + ${s.values} values of >= ${s.minTimeMs} ms, ` +
      `${s.clock === 'cpu' ? 'CPU time' : 'wall-clock time'}, the call overhead of an empty function subtracted; ratio = after/before (Hodges-Lehmann over the processes); ` +
      `significant = the confidence interval (Wilcoxon signed-rank, family-wise ${fmtPercent(s.alpha)} error over the benchmarks) excludes 1 and the change is at least ${fmtPercent(s.minEffect)}`,
  );
  out.push(loadText(r));
  for (const res of r.results) {
    out.push('');
    out.push(`${res.interpreter.version} (${res.interpreter.executable}), both builds with ${res.cflags.join(' ')}${res.overheadNs !== undefined ? `; call overhead ${fmtTime(res.overheadNs)} subtracted` : ''}:`);
    if (res.benchmarks.length) {
      const conf = res.benchmarks.find((b) => b.confidence !== undefined)?.confidence;
      const header = ['benchmark', 'before', 'after', 'ratio', conf !== undefined ? `${fmtConfidence(conf)} CI` : 'CI', 'significant?'];
      const rows = res.benchmarks.map((b) => [
        b.name,
        b.before ? `${fmtTime(b.before.median)} ${fmtSpread(b.before)}` : '-',
        b.after ? `${fmtTime(b.after.median)} ${fmtSpread(b.after)}` : '-',
        b.ratio !== undefined ? b.ratio.toFixed(3) : '-',
        b.ci ? `${b.ci[0].toFixed(3)}..${b.ci[1].toFixed(3)}` : '-',
        verdictText(b),
      ]);
      const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
      const right = [false, true, true, true, false, false];
      out.push(header.map((h, i) => (i === header.length - 1 ? h : pad(h, widths[i], right[i]))).join('  '));
      for (const row of rows) out.push(row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i], right[i]))).join('  '));
      const ratios = res.benchmarks.filter((b) => b.ratio !== undefined);
      if (ratios.length) {
        const worst = ratios.reduce((m, b) => ((b.ratio as number) > (m.ratio as number) ? b : m));
        const count = (v: string): number => res.benchmarks.filter((b) => b.verdict === v).length;
        out.push(
          `median ratio ${median(ratios.map((b) => b.ratio as number)).toFixed(3)}, max ${(worst.ratio as number).toFixed(3)} (${worst.name}); ` +
            `${count('slower')} significantly slower, ${count('faster')} significantly faster, ${count('same')} no significant difference${count('error') ? `, ${count('error')} error(s)` : ''}`,
        );
      }
    }
    for (const p of res.problems) out.push(`problem: ${p}`);
  }
  if (r.keptDir) out.push('', `build directory kept: ${r.keptDir}`);
  for (const p of r.problems) out.push(`problem: ${p}`);
  return out.join('\n') + '\n';
}

export function costReportToJson(r: CostReport): string {
  return JSON.stringify(r, null, 2) + '\n';
}
