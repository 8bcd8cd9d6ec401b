/**
 * The command line: yargs wiring only. Every command lives in cli/commands/<name>.ts as a yargs
 * CommandModule whose handler maps argv -> library call -> formatter -> exit code.
 */
import yargs from 'yargs';
import { CliExit, commandModules, exitStatus } from './commands';

/** Runs the CLI with `args` (without node and script) and resolves to the exit status. */
export async function main(args: string[]): Promise<number> {
  let exitCode = 0;
  exitStatus.code = 0;
  const parser = yargs(args)
    .scriptName('pyext-isolate')
    .usage('$0 <command> PATH...\n\nIsolate CPython C extension modules: module state, heap types, multi-phase init.')
    .strict()
    .recommendCommands()
    .help()
    .version()
    .wrap(Math.min(110, process.stdout.columns || 100))
    .fail((msg, err) => {
      if (err instanceof CliExit) throw err;
      throw new CliExit(2, `pyext-isolate: ${msg ?? err?.message ?? 'usage error'}\nRun 'pyext-isolate --help' for usage.`);
    });
  for (const mod of commandModules) parser.command(mod);
  try {
    await parser.parseAsync();
    exitCode = exitStatus.code;
  } catch (err) {
    if (err instanceof CliExit) {
      if (err.message) process.stderr.write(err.message.endsWith('\n') ? err.message : err.message + '\n');
      exitCode = err.code;
    } else {
      process.stderr.write(`pyext-isolate: internal error: ${(err as Error)?.stack ?? String(err)}\n`);
      exitCode = 3;
    }
  }
  return exitCode;
}
