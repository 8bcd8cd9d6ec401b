/**
 * Object-like macros that supply fields of type initializers (`VIEW_SHARED_SLOTS`): once every
 * type that uses one becomes a heap type, the macro has nothing left to stand for. It goes with
 * the last of those types (as a shared sub-struct does), unless something else names it.
 */
import type { FileModel, MacroDef, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { isInert } from '../../src/core/lex';

export interface FieldMacro {
  name: string;
  def: MacroDef;
  /** The types whose initializers use it. */
  users: StaticType[];
}

/** The field macros of `t` that go with it: every user converts, `t` is the last of them, nothing else names it. */
export function fieldMacrosGoingWith(t: StaticType, ctx: TransformContext): FieldMacro[] {
  const names = new Set([...t.fields.values()].map((f) => f.fromMacro).filter((n): n is string => !!n));
  const out: FieldMacro[] = [];
  for (const name of names) {
    const def = t.file.macros.get(name);
    if (!def || def.file !== undefined) continue;
    const users = ctx.ext.types.filter((x) => x.file === t.file && [...x.fields.values()].some((f) => f.fromMacro === name));
    if (!users.every((x) => ctx.heapTypes.has(x.name))) continue;
    if (users.some((x) => x.declStart > t.declStart)) continue;
    if (namedElsewhere(name, def, users, ctx.ext.files)) continue;
    out.push({ name, def, users });
  }
  return out;
}

/** Is `name` written anywhere but in its `#define` and in the initializers of its users? */
function namedElsewhere(name: string, def: MacroDef, users: StaticType[], files: FileModel[]): boolean {
  const re = new RegExp(`\\b${name}\\b`, 'g');
  for (const f of files) {
    const text = f.source.text;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const at = m.index;
      if (isInert(f.parsed.lex, at)) continue;
      if (f === users[0].file && at >= def.start && at < def.end) continue;
      if (users.some((x) => x.file === f && at >= x.initStart && at < x.initEnd)) continue;
      return true;
    }
  }
  return false;
}

/** Is this use inside the `#define` of one of these macros? */
export function inMacroDefinition(macros: FieldMacro[], u: { file: FileModel; start: number }): boolean {
  return macros.some((m) => u.file === m.users[0].file && u.start >= m.def.start && u.start < m.def.end);
}

/** Removes the `#define` lines of a macro that goes. */
export function removeDefinition(m: FieldMacro, ctx: TransformContext): void {
  const f = m.users[0].file;
  const src = f.source;
  ctx.replace(f, src.lineStart(m.def.start), src.lineEndIncludingEol(m.def.end), '');
}
