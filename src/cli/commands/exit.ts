/** How a command handler ends: the protocol every command shares with main.ts. */

/** Thrown by a handler to stop with a status and a one-line message on stderr. */
export class CliExit extends Error {
  constructor(public readonly code: number, message = '') {
    super(message);
  }
}

/** Handlers that finish normally leave their status here (0 clean, 1 findings/failures). */
export const exitStatus = { code: 0 };
