/**
 * The command line: yargs wiring only. Every command lives in cli/commands/<name>.ts as a yargs
 * CommandModule whose handler maps argv -> library call -> formatter -> exit code.
 */
import yargs from 'yargs';
import * as fs from 'fs';
import { CliExit, commandModules, exitStatus } from './commands';
import { closest } from '../core/suppressions';

/** Runs the CLI with `args` (without node and script) and resolves to the exit status. */
export async function main(args: string[]): Promise<number> {
  let exitCode = 0;
  exitStatus.code = 0;
  const typo = mistypedCommand(args);
  if (typo) {
    process.stderr.write(`pyext-isolate: unknown command '${typo.word}': did you mean '${typo.command}'? (a PATH of that name does not exist either)\n`);
    return 2;
  }
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

const COMMANDS = ['check', 'diff', 'apply', 'branch', 'verify', 'rule', 'rules'];

/**
 * `pyext-isolate chekc src/`: diff is the default command, so a mistyped command would be read as
 * a PATH. A first word that is no command and no existing path, but near a command, is a typo.
 */
function mistypedCommand(args: string[]): { word: string; command: string } | undefined {
  const word = args[0];
  if (word === undefined || word.startsWith('-') || COMMANDS.includes(word) || fs.existsSync(word)) return undefined;
  if (!/^[a-z]+$/.test(word)) return undefined;
  const command = closest(word, COMMANDS);
  return command ? { word, command } : undefined;
}
