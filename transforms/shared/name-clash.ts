/**
 * A file-scope variable that has the name of a function defined in the same file: gcc refuses the
 * file ("redeclared as different kind of symbol"), and the model cannot tell which of the two a use
 * means (a C-API table's `wrap,` entry reads as a use of the variable in a static initializer, and once
 * that table is filled in exec, as a use in a function). Moving the variable would make the runs
 * disagree with each other, so it stays, with a finding.
 */
import type { GlobalVar } from '../../src/model/types';

export interface NameClash {
  reason: string;
  steps: string;
}

export function functionOfTheSameName(g: GlobalVar): NameClash | undefined {
  if (g.scope !== 'file') return undefined;
  const f = g.file.functions.find((x) => x.name === g.name);
  if (!f) return undefined;
  return {
    reason: `function ${g.name}() is defined in the same file (line ${g.file.source.position(f.start).line}), which no compiler accepts, and which of the two a use means cannot be told`,
    steps: 'rename the variable or the function (or fix the declaration that reads as a variable), then run again',
  };
}
