/**
 * Where the state block goes in a file whose module has a state struct of its own: below the struct
 * and the functions and macros right after it that read it (its getter, the hooks and accessors an earlier run
 * wrote there), a landmark every run finds alike. The first global a run removes is not: an earlier
 * run that removed it leaves a later run another place (multiphase-own-state-struct: the type
 * creator went above the first converted type when globals-to-state ran alone first).
 */
import type { FileModel } from '../model/types';
import { hoist } from './hoist';

/** Functions of this tool's state layer, by name (as style-measure's stateFunctions reads them). */
const STATE_FUNCTION = /^get_\w+_state$|_get_state(_\w+)?$|_create_type$|_legacy_state$/;

/**
 * `at` (where the block would go otherwise), or higher: the start of the first line of code below the
 * struct (ending at `after`) and the functions that read it. Not higher when a function that returns
 * the struct would then be below the block (a getter under an `#if`: generated code may call it).
 */
export function belowOwnStruct(file: FileModel, structType: string, after: number, at: number): number {
  const reads = new RegExp(`\\b${structType}\\b`);
  const below = scan(file, reads, after);
  if (below >= at || file.functions.some((f) => f.declStart >= below && f.declStart < at && reads.test(f.returnType))) return at;
  return below;
}

function scan(file: FileModel, reads: RegExp, after: number): number {
  const text = file.source.text;
  const starts = new Map(file.functions.map((f) => [file.source.lineStart(f.declStart), f]));
  let pos = after;
  for (;;) {
    const at = pos + /^\s*/.exec(text.slice(pos, pos + 4096))![0].length;
    if (at >= text.length) return pos;
    if (text.startsWith('/*', at) || text.startsWith('//', at)) {
      // A comment: passed with the function it documents; hoist keeps it with anything else below it.
      const end = text.startsWith('/*', at) ? text.indexOf('*/', at + 2) + 2 : text.indexOf('\n', at);
      if (end <= at) return hoist(file, file.source.lineStart(at));
      pos = end;
      continue;
    }
    // The module def's forward declaration an earlier run wrote above its accessors.
    const decl = /^(?:static\s+)?struct\s+PyModuleDef\s+\w+\s*;/.exec(text.slice(at, at + 200));
    const f = starts.get(file.source.lineStart(at));
    const reader = f && f.bodyEnd > f.bodyStart && (STATE_FUNCTION.test(f.name) || reads.test(text.slice(f.declStart, f.bodyEnd)));
    // A macro that reads it (`#define X_state_of(m) ((X_state *)PyModule_GetState(m))`).
    const macro = /^#[ \t]*define\b(?:[^\n]*\\\r?\n)*[^\n]*/.exec(text.slice(at, at + 4096))?.[0];
    const accessorMacro = macro !== undefined && reads.test(macro);
    if (!decl && !reader && !accessorMacro) return hoist(file, file.source.lineStart(at));
    pos = file.source.lineEndIncludingEol(accessorMacro ? at + macro!.length : decl ? at + decl[0].length : f!.bodyEnd);
  }
}
