/**
 * The macro layer: holes for what is not C syntax before preprocessing (CPython's and the
 * project's macros, guessed export and attribute macros, `UNUSED(x)` wrappers, head-init
 * aliases, macros defined empty, statement macros without a semicolon, file-scope uses of
 * macros that declare a global or expand to complete declarations without a semicolon).
 */
import { LexInfo, isInert } from './lex';
import type { MacroTable } from './macros';
import type { Hole } from './parse-view';
import type { ProjectMacro } from './project-macros';
import { inDirective, matchParen, skipSpace } from './macro-scan';
import { findFileScopeMacroUseHoles, findStatementCallSemicolons, findStatementMacroHoles } from './statement-macro-holes';
import { findDeclaringMacroHoles, findEmptyMacroHoles, findHeadAliasHoles, findStructHeadMacroHoles } from './project-macro-holes';
import { guessAttributeMacros, guessExportMacros, unwrapUnusedMacros } from './guessed-macro-holes';

export function findMacroHoles(text: string, lx: LexInfo, table: MacroTable, project?: Map<string, ProjectMacro>, functionMacros: readonly { name: string; start: number; end: number }[] = []): Hole[] {
  const holes: Hole[] = [];
  const re = new RegExp(table.pattern.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    // The body of a function-defining macro is code in the parse view.
    if (isInert(lx, start) || (inDirective(lx, start) && !functionMacros.some((f) => start > f.start && start < f.end))) continue;
    const name = m[0];
    const kind = table.rules.get(name)!;
    let end = start + name.length;
    if (kind === 'hole-call' || kind === 'unwrap-call') {
      const open = skipSpace(text, end);
      if (text.charCodeAt(open) === 40 /* ( */) {
        const close = matchParen(text, open, lx);
        if (close === -1) continue;
        if (kind === 'unwrap-call') {
          holes.push({ start, end: open + 1, name, kind });
          holes.push({ start: close, end: close + 1, name, kind });
          re.lastIndex = open + 1;
          continue;
        }
        end = close + 1;
      } else if (kind === 'unwrap-call') continue;
    }
    holes.push({ start, end, name, kind });
    re.lastIndex = end;
  }
  if (table.guessExportMacros) {
    guessExportMacros(text, lx, table, holes);
    guessAttributeMacros(text, lx, table, holes);
  }
  unwrapUnusedMacros(text, lx, table, holes);
  findHeadAliasHoles(text, lx, table, holes, project);
  findEmptyMacroHoles(text, lx, table, holes, project);
  findStructHeadMacroHoles(text, lx, table, holes, project);
  const callEnds = findStatementCallSemicolons(text, lx, table, holes, project);
  findStatementMacroHoles(text, lx, table, holes, callEnds, project);
  findDeclaringMacroHoles(text, lx, table, holes, project);
  // A function-defining macro's expansions are that layer's (core/function-macros.ts).
  findFileScopeMacroUseHoles(text, lx, table, holes, project, new Set(functionMacros.map((f) => f.name)));
  return holes;
}
