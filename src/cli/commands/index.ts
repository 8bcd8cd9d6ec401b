/** The registry of CLI commands, and the exit protocol they share with main.ts (exit.ts). */
import type { CommandModule } from 'yargs';

export { CliExit, exitStatus } from './exit';

import { checkCommand } from './check';
import { diffCommand } from './diff';
import { applyCommand } from './apply';
import { verifyCommand } from './verify';
import { branchCommand } from './branch';
import { modulesCommand } from './modules';
import { ruleCommand, rulesCommand } from './rules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commandModules: CommandModule<any, any>[] = [diffCommand, checkCommand, applyCommand, branchCommand, verifyCommand, modulesCommand, ruleCommand, rulesCommand];
