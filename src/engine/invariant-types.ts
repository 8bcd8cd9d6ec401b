/**
 * What the invariant checks take (every file before and after the rewrite) and what they report.
 */
import type { ParsedFile } from '../core/parse';
import { PyVersion } from '../core/pyversion';
import type { Edit } from '../core/edits';

export interface InvariantFile {
  path: string;
  original?: ParsedFile;
  /** The rewritten file (the original when unchanged); undefined: the file is gone. */
  output?: ParsedFile;
  /** Accepted edits (offsets of the original) when the file changed. */
  edits?: readonly Edit[];
}

export interface InvariantInput {
  /** Every file of the extension, and every generated file (original undefined). */
  files: InvariantFile[];
  /** The state struct's type name and its fields, when the rewrite has a state. */
  state?: { struct: string; fields: ReadonlySet<string> };
  /** Function-level statics that moved into the state: no use may stay in their function. */
  movedLocals: { path: string; func: string; name: string }[];
  minPython: PyVersion;
}

export interface InvariantViolation {
  path: string;
  /** Offset in the rewritten file. */
  offset: number;
  name: string;
  message: string;
  /** The output would compile but run differently (not a missing name). */
  changesControlFlow?: boolean;
}
