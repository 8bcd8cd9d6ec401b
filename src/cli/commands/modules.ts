/**
 * `pyext-isolate modules <setup.py|meson.build>`: print the `[tool.pyext-isolate.modules]` table
 * read from the build script's source lists (stdout), and what could not be read (stderr).
 * Exit status: 0 read, 1 some list could not be read in full, 2 no such script.
 */
import type { Argv, CommandModule } from 'yargs';
import { CliExit, exitStatus } from './exit';
import { modulesFromBuildScript } from '../../api';

interface ModulesArgs {
  script: string;
  'relative-to'?: string;
}

export const modulesCommand: CommandModule<object, ModulesArgs> = {
  command: 'modules <script>',
  describe: 'print the modules table for pyproject.toml, read from a setup.py or meson.build',
  builder: (y: Argv) =>
    y
      .positional('script', { type: 'string', demandOption: true, describe: 'setup.py or meson.build' })
      .option('relative-to', { type: 'string', describe: 'directory of the pyproject.toml the paths are relative to (default: the current directory)' }) as unknown as Argv<ModulesArgs>,
  handler: (argv) => {
    let r: ReturnType<typeof modulesFromBuildScript>;
    try {
      r = modulesFromBuildScript(argv.script, argv['relative-to']);
    } catch (err) {
      throw new CliExit(2, `pyext-isolate: cannot read ${argv.script}: ${(err as Error).message}`);
    }
    process.stdout.write(r.table);
    for (const n of r.notes) process.stderr.write(`${argv.script}: ${n}\n`);
    if (Object.keys(r.modules).length === 0) process.stderr.write(`${argv.script}: no extension module found\n`);
    exitStatus.code = r.notes.length > 0 || Object.keys(r.modules).length === 0 ? 1 : 0;
  },
};
