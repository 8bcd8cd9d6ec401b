/**
 * `pyext-isolate verify <paths..>`: build the module for each interpreter and run the load checks,
 * compare its compiler warnings with the original's, and with --bench/--cost report what the
 * rewrite costs at run time (the original and the rewritten build timed side by side).
 * Exit status: 0 all passed; 1 any failure (build, import, refusal, shared state, crash, a warning
 * the original did not have, a requested interpreter missing); 2 usage errors, no interpreter or no
 * compiler found, no original to time against. The cost report never changes the status.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { exitStatus, CliExit } from './exit';
import {
  BaselineError,
  collectSources,
  costReport,
  findCompileCommands,
  formatCostReport,
  formatVerifyReport,
  inferModuleNames,
  prepareBaseline,
  verify,
  verifyReportToJson,
} from '../../verify';
import type { Baseline, CostReport } from '../../verify';
import { splitRequests } from '../../verify/interpreters';

export interface VerifyArgs {
  paths: string[];
  module?: string;
  python?: string[];
  smoke?: string;
  werror?: boolean;
  include?: string[];
  define?: string[];
  cc?: string;
  'compile-commands'?: string;
  'min-python'?: string;
  timeout?: number;
  keep?: boolean;
  'error-paths'?: boolean;
  format?: 'text' | 'json';
  baseline?: string;
  'baseline-rev'?: string;
  'warnings-check'?: boolean;
  bench?: string;
  cost?: boolean;
  processes?: number;
  seed?: number;
}

const KNOWN = new Set([
  '_', '$0', 'paths', 'module', 'm', 'python', 'min-python', 'smoke', 'werror', 'include', 'I', 'define', 'D', 'cc', 'compile-commands', 'timeout', 'keep', 'error-paths', 'format', 'help', 'version',
  'baseline', 'baseline-rev', 'warnings-check', 'bench', 'cost', 'processes', 'seed',
]);

/** -DNAME[=V] and -Idir written glued, as parsed without short-option groups; throws on unknown options. */
export function gluedCFlags(argv: Record<string, unknown>): { defines: string[]; includes: string[] } {
  const defines: string[] = [];
  const includes: string[] = [];
  const unknown: string[] = [];
  for (const [k, v] of Object.entries(argv)) {
    if (KNOWN.has(k)) continue;
    const vals = Array.isArray(v) ? v : [v];
    if (/^D[A-Za-z_]/.test(k)) {
      for (const x of vals) defines.push(x === true ? k.slice(1) : `${k.slice(1)}=${String(x)}`);
    } else if (/^I./.test(k)) {
      for (const x of vals) includes.push(x === true ? k.slice(1) : `${k.slice(1)}=${String(x)}`);
    } else unknown.push(k.length === 1 ? `-${k}` : `--${k}`);
  }
  if (unknown.length) throw new CliExit(2, `pyext-isolate: Unknown argument${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}\nRun 'pyext-isolate verify --help' for usage.`);
  return { defines, includes };
}

function list(v: unknown): string[] | undefined {
  if (v === undefined) return undefined;
  return (Array.isArray(v) ? v : [v]).map(String);
}

export const verifyCommand: CommandModule<object, VerifyArgs> = {
  command: 'verify <paths..>',
  describe: 'Build a module for each interpreter and check that it imports, in isolated subinterpreters too',
  builder: (y: Argv<object>) =>
    y
      // C users write -DNAME=1 and -Iinclude glued; yargs would read those as groups of one-letter
      // flags. Without short-option groups they arrive as keys "DNAME" / "Iinclude", recovered by
      // gluedCFlags() below (which also does the strict unknown-option check for this command).
      .parserConfiguration({ 'short-option-groups': false, 'parse-numbers': false, 'dot-notation': false, 'camel-case-expansion': false })
      .strict(false)
      .positional('paths', { type: 'string', array: true, demandOption: true, describe: 'C files, or a directory (its .c files, not build dirs)' })
      .option('module', { alias: 'm', type: 'string', describe: 'module name as imported (default: from PyInit_<name> in the sources)' })
      .option('python', { type: 'string', array: true, describe: 'interpreters: paths, commands or versions (3.12); comma-separated or repeated' })
      .option('min-python', { type: 'string', describe: 'without --python: use every interpreter found from this version up', default: '3.9' })
      .option('smoke', { type: 'string', describe: 'a Python script run in each interpreter (may define state_probe())' })
      .option('werror', { type: 'boolean', default: false, describe: 'compile with -Werror' })
      .option('include', { alias: 'I', type: 'string', array: true, describe: 'include directory' })
      .option('define', { alias: 'D', type: 'string', array: true, describe: 'preprocessor define NAME[=VALUE]' })
      .option('cc', { type: 'string', describe: 'C compiler (default $CC, else cc)' })
      .option('compile-commands', { type: 'string', describe: 'compile_commands.json (default: found beside the sources)' })
      .option('timeout', { type: 'number', default: 60, describe: 'seconds per check process' })
      .option('keep', { type: 'boolean', default: false, describe: 'keep the temporary build directory' })
      .option('error-paths', { type: 'boolean', default: false, describe: 'also import with each allocation failing in turn (3.12+): every failure a MemoryError, nothing leaked' })
      .option('baseline', { type: 'string', describe: 'a directory with the original sources to compare with (default: the git HEAD version of the paths)' })
      .option('baseline-rev', { type: 'string', describe: 'take the original from this git revision instead of HEAD' })
      .option('warnings-check', { type: 'boolean', default: true, describe: 'fail on compiler warnings (-Wall -Wextra -Wdeclaration-after-statement) the original did not show' })
      .option('bench', { type: 'string', describe: 'cost report: time the plain functions of this Python file in the original and the rewritten build' })
      .option('cost', { type: 'boolean', default: false, describe: 'cost report timing the --bench file, or else the --smoke script' })
      .option('processes', { type: 'number', default: 20, describe: 'cost report: child processes per interpreter (each times both builds)' })
      .option('seed', { type: 'number', describe: 'cost report: seed of the random orders (default: random, reported)' })
      .option('format', { choices: ['text', 'json'] as const, default: 'text' as const }) as unknown as Argv<VerifyArgs>,
  handler: async (argv) => {
    const glued = gluedCFlags(argv as unknown as Record<string, unknown>);
    const paths = list(argv.paths) ?? [];
    if (!paths.length) throw new CliExit(2, 'pyext-isolate: verify needs a PATH (C files or a directory)');
    const { sources, missing } = collectSources(paths);
    if (missing.length) throw new CliExit(2, `pyext-isolate: no such file or directory: ${missing.join(', ')}`);
    if (!sources.length) throw new CliExit(2, `pyext-isolate: no .c files found in ${paths.join(', ')}`);
    let module = argv.module;
    if (!module) {
      const names = inferModuleNames(sources);
      if (names.length !== 1) {
        throw new CliExit(
          2,
          `pyext-isolate: cannot tell the module name (${names.length ? `PyInit_ functions for: ${names.join(', ')}` : 'no PyInit_<name> function found'}); pass --module NAME`,
        );
      }
      module = names[0];
    }
    if (!/^[A-Za-z_][A-Za-z0-9_]*(\.[A-Za-z_][A-Za-z0-9_]*)*$/.test(module)) throw new CliExit(2, `pyext-isolate: --module ${JSON.stringify(module)} is not a module name`);
    if (argv.smoke && !fs.existsSync(argv.smoke)) throw new CliExit(2, `pyext-isolate: --smoke ${argv.smoke}: no such file`);
    const timeout = Number(argv.timeout ?? 60);
    if (!(timeout > 0)) throw new CliExit(2, 'pyext-isolate: --timeout must be a positive number of seconds');
    if (argv.bench && !fs.existsSync(argv.bench)) throw new CliExit(2, `pyext-isolate: --bench ${argv.bench}: no such file`);
    const wantCost = !!argv.bench || !!argv.cost;
    if (wantCost && !argv.bench && !argv.smoke) throw new CliExit(2, 'pyext-isolate: --cost times the --bench file or the --smoke script: give one of them');
    const processes = Number(argv.processes ?? 20);
    if (!Number.isInteger(processes) || processes < 1) throw new CliExit(2, 'pyext-isolate: --processes must be a positive whole number');
    if (argv.seed !== undefined && !Number.isInteger(Number(argv.seed))) throw new CliExit(2, 'pyext-isolate: --seed must be a whole number');
    if (argv.baseline && argv['baseline-rev']) throw new CliExit(2, 'pyext-isolate: --baseline and --baseline-rev exclude each other');
    let baseline: Baseline | undefined;
    let noBaseline = '';
    if (argv['warnings-check'] !== false || wantCost || argv.baseline || argv['baseline-rev']) {
      try {
        baseline = prepareBaseline({ paths, dir: argv.baseline, rev: argv['baseline-rev'] });
      } catch (e) {
        if (!(e instanceof BaselineError)) throw e;
        // asked for by name, or needed to time against: a usage error; else the check is n/a
        if (argv.baseline || argv['baseline-rev'] || wantCost) throw new CliExit(2, `pyext-isolate: ${e.message}`);
        noBaseline = e.message;
      }
    }
    try {
      await runVerify(argv, { module, sources, paths, glued, timeout, baseline, noBaseline, wantCost, processes });
    } finally {
      baseline?.cleanup();
    }
  },
};

async function runVerify(
  argv: VerifyArgs,
  c: {
    module: string;
    sources: string[];
    paths: string[];
    glued: { defines: string[]; includes: string[] };
    timeout: number;
    baseline?: Baseline;
    noBaseline: string;
    wantCost: boolean;
    processes: number;
  },
): Promise<void> {
  const { module, sources, paths, glued, timeout, baseline } = c;
  const compileCommands = argv['compile-commands'] ? path.resolve(argv['compile-commands']) : findCompileCommands(paths);
  const report = await verify({
    module,
    sources,
    includeDirs: [...(list(argv.include) ?? []), ...glued.includes],
    defines: [...(list(argv.define) ?? []), ...glued.defines],
    werror: !!argv.werror,
    cc: argv.cc,
    compileCommands,
    pythons: splitRequests(list(argv.python)),
    minPython: argv['min-python'],
    smoke: argv.smoke,
    timeoutMs: timeout * 1000,
    keep: !!argv.keep,
    errorPaths: !!argv['error-paths'],
    ...(argv['warnings-check'] === false ? {} : { warnings: baseline ? { baseline } : { unavailable: c.noBaseline } }),
  });
  if (report.fatal) {
    throw new CliExit(2, `pyext-isolate: ${report.problems.join('\npyext-isolate: ')}`);
  }
  let cost: CostReport | undefined;
  if (c.wantCost && baseline) {
    // time only where the rewritten module builds and imports
    const usable = report.results.filter((r) => r.build === 'ok' && r.main === 'ok').map((r) => r.interpreter);
    const progress = process.stderr.isTTY && argv.format !== 'json';
    cost = await costReport({
      module,
      sources,
      baseline,
      interpreters: usable,
      bench: argv.bench,
      smoke: argv.smoke,
      includeDirs: [...(list(argv.include) ?? []), ...glued.includes],
      defines: [...(list(argv.define) ?? []), ...glued.defines],
      cc: argv.cc,
      compileCommands,
      processes: c.processes,
      ...(argv.seed !== undefined ? { seed: Number(argv.seed) } : {}),
      keep: !!argv.keep,
      ...(progress ? { onProgress: (l: string) => process.stderr.write(`\rcost: ${l}`.padEnd(60) + '\r') } : {}),
    });
    if (progress) process.stderr.write(' '.repeat(60) + '\r');
  }
  if (argv.format === 'json') process.stdout.write(cost ? JSON.stringify({ ...report, cost }, null, 2) + '\n' : verifyReportToJson(report));
  else process.stdout.write(formatVerifyReport(report) + (cost ? '\n' + formatCostReport(cost) : ''));
  exitStatus.code = report.ok ? 0 : 1;
}

export default verifyCommand;
