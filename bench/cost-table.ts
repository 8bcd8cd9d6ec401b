/**
 * What conversion costs the testdata extensions at run time, measured by the cost report itself:
 * each extension of testdata/extensions with a bench.py (consumers of another extension's C API
 * left out: they need their provider built beside them) is converted in a temporary copy
 * (rewrite + apply, as `pyext-isolate apply` does) and timed against its original.
 *
 *   node dist/bench/cost-table.js [--python 3.12,3.13] [--processes 20] [--only shapes,spamlib] [--json FILE] [--tool DIR] [--extensions DIR]
 *
 * --tool DIR converts with another build of the tool (`node DIR/bin/pyext-isolate.js apply`), e.g.
 * a colleague's branch extracted and built aside, so its generated code can be timed before it lands;
 * --extensions DIR takes the extensions from there (default testdata/extensions).
 *
 * Prints every report, then a markdown table (the one in docs/cost.md) and per interpreter the
 * median and the largest ratio over all benchmarks. Informational: exit status 0 unless something
 * could not be built or run.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { costReport, discoverInterpreters, formatCostReport, splitRequests } from '../src/verify';
import type { CostReport } from '../src/verify';
import { median } from '../src/verify/stats';
import { arg, benchExtensions, convertedCopy, extensionsDir } from './testdata-extensions';
import type { BenchExtension } from './testdata-extensions';
import { versionTable } from './version-table';

const EXTENSIONS = extensionsDir();

interface Row {
  extension: string;
  benchmark: string;
  version: string;
  before?: number;
  after?: number;
  ratio?: number;
  verdict: string;
}

function fmt(ns: number | undefined): string {
  if (ns === undefined) return '-';
  return ns < 1000 ? `${ns.toFixed(ns < 100 ? 1 : 0)} ns` : `${(ns / 1000).toFixed(2)} us`;
}

async function measure(ext: BenchExtension, interps: Awaited<ReturnType<typeof discoverInterpreters>>['found'], processes: number): Promise<CostReport> {
  const copy = convertedCopy(EXTENSIONS, ext, arg('tool', ''));
  try {
    return await costReport({
      module: ext.json.module,
      sources: copy.sources,
      includeDirs: copy.includeDirs,
      defines: copy.defines,
      baseline: copy.baseline,
      interpreters: interps,
      bench: path.join(copy.work, 'bench.py'),
      processes,
    });
  } finally {
    copy.cleanup();
  }
}

async function main(): Promise<void> {
  const processes = Number(arg('processes', '20'));
  const only = arg('only', '').split(',').filter(Boolean);
  const found = await discoverInterpreters(splitRequests([arg('python', '3.12,3.13')]));
  if (!found.found.length) throw new Error(`no interpreter: ${found.problems.join('; ')}`);
  const rows: Row[] = [];
  const reports: CostReport[] = [];
  let broken = false;
  for (const ext of benchExtensions(EXTENSIONS, only)) {
    const name = ext.name;
    const rep = await measure(ext, found.found, processes);
    reports.push(rep);
    process.stdout.write(`\n### ${name}\n${formatCostReport(rep)}`);
    if (!rep.ok) broken = true;
    for (const res of rep.results) {
      for (const b of res.benchmarks) {
        rows.push({ extension: name, benchmark: b.name, version: res.interpreter.version, before: b.before?.median, after: b.after?.median, ratio: b.ratio, verdict: b.verdict });
      }
    }
  }
  const { versions, lines } = versionTable(rows, (r) => {
    const mark = r.verdict === 'slower' || r.verdict === 'faster' ? ` (${r.verdict})` : r.verdict === 'error' ? ' (error)' : '';
    return `${fmt(r.before)} | ${fmt(r.after)} | ${r.ratio !== undefined ? r.ratio.toFixed(3) : '-'}${mark}`;
  });
  const out: string[] = ['', ...lines, ''];
  for (const v of versions) {
    const rs = rows.filter((r) => r.version === v && r.ratio !== undefined);
    const ratios = rs.map((r) => r.ratio as number);
    const worst = rs.reduce((m, r) => ((r.ratio as number) > (m.ratio as number) ? r : m), rs[0]);
    out.push(
      `${v}: ${rs.length} benchmarks, median ratio ${median(ratios).toFixed(3)}, max ${worst ? `${(worst.ratio as number).toFixed(3)} (${worst.extension}.${worst.benchmark})` : '-'}, ` +
        `${ratios.filter((x) => x > 1.1).length} over 1.10, ${rs.filter((r) => r.verdict === 'slower').length} significantly slower, ${rs.filter((r) => r.verdict === 'faster').length} significantly faster`,
    );
  }
  process.stdout.write(out.join('\n') + '\n');
  const jsonOut = arg('json', '');
  if (jsonOut) fs.writeFileSync(jsonOut, JSON.stringify({ rows, reports }, null, 2) + '\n');
  process.exitCode = broken ? 1 : 0;
}

main().catch((e: unknown) => {
  process.stderr.write(`cost-table: ${(e as Error).stack ?? String(e)}\n`);
  process.exitCode = 2;
});
