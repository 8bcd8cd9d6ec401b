/**
 * Declaring isolation in a slots table the module already has.
 */
import type { TransformContext } from '../../transforms/types';
import { atLeast, versionHex } from '../core/pyversion';
import { ownGilFromOf } from '../model/library-imports';
import type { ExtensionModel } from '../model/types';
import { slotSentinel } from '../model/module-slots';

/**
 * The Py_mod_multiple_interpreters entry (or entries) of an isolated module, each line without its
 * indent, `#` lines flush left. A dependency that allows own-GIL interpreters only from a later
 * version (datetime's C-API from 3.13) splits the value on PY_VERSION_HEX: shared-GIL subinterpreters
 * below, own GIL from that version.
 */
export function isolatedSlotLines(ext: ExtensionModel, ctx: Pick<TransformContext, 'options'>): string[] {
  const own = '{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},';
  const from = ownGilFromOf(ext.files.flatMap((f) => f.apiCalls));
  if (from === undefined || atLeast(ctx.options.minPython, from)) return [own];
  return [`#if PY_VERSION_HEX >= ${versionHex(from)}`, own, '#else', '{Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED},', '#endif'];
}

/** The lines of isolatedSlotLines with `indent` before each entry. */
export function indentedSlotLines(lines: string[], indent: string): string[] {
  return lines.map((l) => (l.startsWith('#') ? l : indent + l));
}

/** Declares isolation in an existing slots table, before its `{0, NULL}` sentinel. */
export function addInterpretersSlot(ctx: TransformContext, table: import('../model/types').PyTable): void {
  const src = table.file.source;
  const sentinel = slotSentinel(table);
  if (sentinel === undefined) return;
  const indent = src.indentAt(sentinel);
  const e = src.eol;
  const entries = (ind: string): string => indentedSlotLines(isolatedSlotLines(ctx.ext, ctx), ind).join(e);
  if (src.text.slice(src.lineStart(sentinel), sentinel).trim() === '') {
    ctx.insert(table.file, src.lineStart(sentinel), `#ifdef Py_mod_multiple_interpreters${e}${entries(indent)}${e}#endif${e}`, 0);
    return;
  }
  // `static PyModuleDef_Slot slots[] = {{0, NULL}};`: the #if needs lines of its own, so the
  // table opens onto one entry per line, its closing brace on its own line.
  const unit = src.indentUnit;
  const text = src.text;
  const spaceBefore = (p: number): number => {
    let q = p;
    while (q > 0 && (text[q - 1] === ' ' || text[q - 1] === '\t')) q--;
    return q;
  };
  for (const entry of table.entries) {
    if (text.slice(src.lineStart(entry.start), entry.start).trim() !== '') ctx.replace(table.file, spaceBefore(entry.start), entry.start, `${e}${unit}`, 0);
  }
  ctx.replace(table.file, spaceBefore(sentinel), sentinel, `${e}#ifdef Py_mod_multiple_interpreters${e}${entries(unit)}${e}#endif${e}${unit}`, 0);
  const close = /^(\s*\{\s*(?:0|NULL)\s*,\s*(?:0|NULL)\s*\}\s*,?)([ \t]*)\}/.exec(src.text.slice(sentinel));
  if (close) ctx.insert(table.file, sentinel + close[1].length, `${e}`, 0);
}
