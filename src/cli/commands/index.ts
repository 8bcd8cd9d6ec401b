/** The registry of CLI commands and the small protocol they share with main.ts. */
import type { CommandModule } from 'yargs';

/** Thrown by a handler to stop with a status and a one-line message on stderr. */
export class CliExit extends Error {
  constructor(public readonly code: number, message = '') {
    super(message);
  }
}

/** Handlers that finish normally leave their status here (0 clean, 1 findings/failures). */
export const exitStatus = { code: 0 };

import { checkCommand } from './check';
import { diffCommand } from './diff';
import { applyCommand } from './apply';
import { verifyCommand } from './verify';
import { branchCommand } from './branch';
import { modulesCommand } from './modules';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const commandModules: CommandModule<any, any>[] = [diffCommand, checkCommand, applyCommand, branchCommand, verifyCommand, modulesCommand];
