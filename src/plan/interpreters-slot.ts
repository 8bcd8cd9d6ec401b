/**
 * Declaring isolation in a slots table the module already has.
 */
import type { TransformContext } from '../../transforms/types';
import { slotSentinel } from '../model/module-slots';

/** Declares isolation in an existing slots table, before its `{0, NULL}` sentinel. */
export function addInterpretersSlot(ctx: TransformContext, table: import('../model/types').PyTable): void {
  const src = table.file.source;
  const sentinel = slotSentinel(table);
  if (sentinel === undefined) return;
  const indent = src.indentAt(sentinel);
  const e = src.eol;
  const line = `{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},`;
  if (src.text.slice(src.lineStart(sentinel), sentinel).trim() === '') {
    ctx.insert(table.file, src.lineStart(sentinel), `#ifdef Py_mod_multiple_interpreters${e}${indent}${line}${e}#endif${e}`, 0);
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
  ctx.replace(table.file, spaceBefore(sentinel), sentinel, `${e}#ifdef Py_mod_multiple_interpreters${e}${unit}${line}${e}#endif${e}${unit}`, 0);
  const close = /^(\s*\{\s*(?:0|NULL)\s*,\s*(?:0|NULL)\s*\}\s*,?)([ \t]*)\}/.exec(src.text.slice(sentinel));
  if (close) ctx.insert(table.file, sentinel + close[1].length, `${e}`, 0);
}
