/**
 * verify's report as text (a table per interpreter, the failures' output excerpted) and as JSON.
 */
import * as path from 'node:path';
import type { CheckOutcome } from './load';
import type { VerifyReport } from './verify-report';

/** A few lines that explain a failed or crashed check: the end of its traceback, or the crash dump's top. */
function excerpt(c: CheckOutcome): string[] {
  if (c.status === 'crash' || (c.teardownProblem && /^crash/.test(c.teardownProblem))) {
    // the Python frames of the user's own code (a smoke script), innermost first; harness and
    // importlib frames say nothing the reason line does not
    const frames = c.output
      .split('\n')
      .filter((l) => /^\s+File "/.test(l) && !/<frozen |import_check\.py"|File "<string>"|\/importlib\//.test(l));
    return frames.slice(0, 5).map((l) => l.trim());
  }
  const tb = typeof c.data.traceback === 'string' ? c.data.traceback.trim() : '';
  if ((c.status === 'fail' || c.status === 'shared') && tb) return tb.split('\n').slice(-8);
  return [];
}

function pad(s: string, n: number): string {
  return s + ' '.repeat(Math.max(0, n - s.length));
}

/** The human-readable report: one table row per interpreter, then reasons and compiler output. */
export function formatVerifyReport(report: VerifyReport): string {
  const lines: string[] = [];
  const cwd = process.cwd();
  const rel = (p: string): string => {
    const r = path.relative(cwd, p);
    return r && !r.startsWith('..') && !path.isAbsolute(r) ? r : p;
  };
  const n = report.sources.length;
  lines.push(`pyext-isolate verify: module ${report.module} (${n} source${n === 1 ? '' : 's'}: ${report.sources.map(rel).join(', ')})`);
  if (report.smoke) lines.push(`smoke script: ${rel(report.smoke)}`);
  if (report.results.length) {
    const withSmoke = report.results.some((r) => r.smoke !== undefined);
    const withErrorPaths = report.results.some((r) => r.errorPaths !== undefined);
    const withWarnings = report.results.some((r) => r.warnings !== undefined);
    const header = ['python', 'from', 'build', 'main', 'subinterp', 'two-instances', ...(withSmoke ? ['smoke'] : []), 'teardown', ...(withErrorPaths ? ['error-paths'] : []), ...(withWarnings ? ['warnings'] : []), 'result', 'executable'];
    const rows = report.results.map((r) => [
      r.interpreter.version,
      r.interpreter.source,
      r.build,
      r.main,
      r.subinterp,
      r.twoInstances,
      ...(withSmoke ? [r.smoke ?? '-'] : []),
      r.teardown,
      ...(withErrorPaths ? [r.errorPaths ?? '-'] : []),
      ...(withWarnings ? [r.warnings ?? '-'] : []),
      r.ok ? (r.loadOnce ? 'PASS (load-once)' : 'PASS') : 'FAIL',
      r.interpreter.executable,
    ]);
    const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => row[i].length)));
    lines.push('');
    lines.push(header.map((h, i) => (i === header.length - 1 ? h : pad(h, widths[i]))).join('  '));
    for (const row of rows) lines.push(row.map((c, i) => (i === row.length - 1 ? c : pad(c, widths[i]))).join('  '));
    const outputsShown = new Map<string, string>();
    for (const r of report.results) {
      if (!r.reasons.length) continue;
      lines.push('');
      lines.push(`${r.interpreter.version} (${r.interpreter.executable}):`);
      for (const reason of r.reasons) lines.push(`  ${reason}`);
      for (const c of r.checks) {
        // What a load-once module refuses on purpose needs no traceback.
        if (r.loadOnce && ((c.check === 'two-instances' && r.twoInstances === 'load-once') || (c.check === 'subinterp' && r.subinterp === 'refused'))) continue;
        if (r.sharedGil && c.check === 'subinterp' && r.subinterp === 'refused') continue;
        const ex = excerpt(c);
        if (!ex.length) continue;
        lines.push(`  ${c.check} ${c.status === 'crash' ? 'crash output' : 'traceback'}:`);
        for (const l of ex) lines.push(`    | ${l}`);
      }
      if (r.build === 'fail') {
        const out = r.buildResult.output;
        const seen = outputsShown.get(out);
        if (seen) lines.push(`  compiler output: identical to ${seen}`);
        else {
          outputsShown.set(out, r.interpreter.version);
          lines.push(`  $ ${r.buildResult.command.join(' ')}`);
          lines.push(out.replace(/\n$/, ''));
        }
      }
    }
  }
  if (report.warningsNote) lines.push('', report.warningsNote);
  if (report.keptDir) lines.push('', `build directory kept: ${report.keptDir}`);
  if (report.problems.length) {
    lines.push('');
    for (const p of report.problems) lines.push(`problem: ${p}`);
  }
  lines.push('');
  const failed = report.results.filter((r) => !r.ok).length;
  lines.push(
    report.ok
      ? `verify: ${report.results.length} interpreter(s), all passed${report.results.some((r) => r.loadOnce) ? ' as a load-once module (not isolated: it declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED; pyext-isolate check lists the hazards that keep it so)' : ''}${report.results.some((r) => r.sharedGil) ? ` (${report.results.filter((r) => r.sharedGil).map((r) => r.interpreter.version).join(', ')}: shared-GIL subinterpreters only, as the module declares there)` : ''}`
      : `verify: ${failed} of ${report.results.length} interpreter(s) failed${report.problems.length ? `, ${report.problems.length} problem(s)` : ''}`,
  );
  return lines.join('\n') + '\n';
}

/** The JSON form of the report (`--format json`): the same data the library returns. */
export function verifyReportToJson(report: VerifyReport): string {
  return JSON.stringify(report, null, 2) + '\n';
}
