/**
 * Where a file-scope declaration starts (export and attribute macros before it count) and the
 * plain body of a macro definition, for the function and declaration readers.
 */
import { definitionsOf } from '../core/lex';
import { FileModel, MacroDef } from './types';

/**
 * Where a definition really starts: the parse view blanks export-like macros before it
 * (`TALLY_LOCAL int f(...)`, `MYAPI\nPyObject *g(...)`), so the tree's node starts after them.
 */
export function declarationStart(fm: FileModel, start: number): number {
  const text = fm.source.text;
  let from = start;
  for (;;) {
    let k = from;
    while (k > 0 && /[ \t\r\n]/.test(text[k - 1])) k--;
    const hole = fm.parsed.holes.find((h) => h.end === k && (h.kind === 'guessed-export' || h.kind === 'decl-prefix' || (h.kind === 'hole' && attributeMacro(fm, h.name))));
    if (!hole || hole.start >= from) break;
    from = hole.start;
  }
  return from;
}

/**
 * A macro the parse view blanks because every definition is empty or attributes only
 * (`#define SEQ_EXPORT __attribute__((visibility("default")))` / `#define SEQ_EXPORT`): a visibility
 * word in front of a definition belongs to it. One that expands to a pragma stands on its own.
 */
function attributeMacro(fm: FileModel, name: string | undefined): boolean {
  if (!name) return false;
  const own = definitionsOf(fm.parsed.lex, name).flatMap((d) => (d.parts ? [d.parts.body] : []));
  const project = fm.parsed.projectMacros?.get(name);
  const bodies = own.length > 0 ? own : project ? [project.body, ...(project.otherBodies ?? [])] : [];
  return bodies.length > 0 && bodies.every((b) => !/\b(?:_Pragma|__pragma)\b/.test(b));
}

/** An object-like macro's body without comments and line continuations. */
export function plainBody(def: MacroDef): string {
  return def.body.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').replace(/\\\r?\n/g, ' ').trim();
}
