/**
 * `pyext-isolate verify <paths..>`: build the module for each interpreter and run the load checks.
 * Exit status: 0 all passed; 1 any failure (build, import, refusal, shared state, crash, a requested
 * interpreter missing); 2 usage errors, no interpreter or no compiler found.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Argv, CommandModule } from 'yargs';
import { exitStatus, CliExit } from './index';
import { collectSources, findCompileCommands, formatVerifyReport, inferModuleNames, verify, verifyReportToJson } from '../../verify';
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
}

const KNOWN = new Set(['_', '$0', 'paths', 'module', 'm', 'python', 'min-python', 'smoke', 'werror', 'include', 'I', 'define', 'D', 'cc', 'compile-commands', 'timeout', 'keep', 'error-paths', 'format', 'help', 'version']);

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
    const report = await verify({
      module,
      sources,
      includeDirs: [...(list(argv.include) ?? []), ...glued.includes],
      defines: [...(list(argv.define) ?? []), ...glued.defines],
      werror: !!argv.werror,
      cc: argv.cc,
      compileCommands: argv['compile-commands'] ? path.resolve(argv['compile-commands']) : findCompileCommands(paths),
      pythons: splitRequests(list(argv.python)),
      minPython: argv['min-python'],
      smoke: argv.smoke,
      timeoutMs: timeout * 1000,
      keep: !!argv.keep,
      errorPaths: !!argv['error-paths'],
    });
    if (report.fatal) {
      throw new CliExit(2, `pyext-isolate: ${report.problems.join('\npyext-isolate: ')}`);
    }
    process.stdout.write(argv.format === 'json' ? verifyReportToJson(report) : formatVerifyReport(report));
    exitStatus.code = report.ok ? 0 : 1;
  },
};

export default verifyCommand;
