/**
 * The module's own state struct defined below functions that now need it (the py2-era template:
 * `struct module_state { PyObject *error; };` and `GETSTATE(m)` after the method table, while
 * the functions above use globals that move into it): the definition moves up to where the state
 * block goes, with the comment right above it, when nothing it names is declared later and it
 * sits under the same `#if`s there. Undefined when it cannot move (then the emitter refuses).
 */
import { guardAt, sameGuard } from '../core/conditions';
import type { FileModel, StructDef } from '../model/types';
import { typeNamesOf, typesReadyAt } from './field-types';

export interface OwnStructMove {
  /** The declaration (and the comment above it) as it is: whole lines. */
  start: number;
  end: number;
  /** Where the closing brace is, for the fields added to it. */
  close: number;
  /** The line start it moves to. */
  to: number;
}

export function ownStructMove(file: FileModel, def: StructDef, to: number, addedTypes: string[], files: readonly FileModel[]): OwnStructMove | undefined {
  const span = ownStructSpan(file, def);
  if (!span || to >= span.start) return undefined;
  const lx = file.parsed.lex;
  if (!sameGuard(guardAt(lx, def.start, file.source.text), guardAt(lx, to, file.source.text))) return undefined;
  const names = [...def.fields.flatMap((f) => typeNamesOf(f.type)), ...addedTypes];
  if (typesReadyAt(file, names, files) > to) return undefined;
  return { ...span, to };
}

/**
 * The lines the module's own struct takes (with the comment right above it), when it is a
 * declaration of its own: whole lines, nothing else on them.
 */
export function ownStructSpan(file: FileModel, def: StructDef): Omit<OwnStructMove, 'to'> | undefined {
  const src = file.source;
  const text = src.text;
  const lineStart = src.lineStart(def.start);
  if (!/^\s*(?:typedef\s+)?$/.test(text.slice(lineStart, def.start))) return undefined;
  const semi = text.indexOf(';', def.end);
  if (semi < 0 || !/^\s*(?:[A-Za-z_]\w*\s*)?$/.test(text.slice(def.end, semi))) return undefined;
  const end = src.lineEndIncludingEol(semi);
  if (text.slice(semi + 1, end).trim() !== '') return undefined;
  // The comment block right above it goes along.
  let start = lineStart;
  const above = text.slice(0, lineStart);
  const comment = /(?:^|\n)([ \t]*\/\*(?:[^*]|\*(?!\/))*\*\/[ \t]*\r?\n|(?:[ \t]*\/\/[^\n]*\n)+)$/.exec(above);
  if (comment) start = lineStart - comment[1].length;
  return { start, end, close: def.end - 1 };
}
