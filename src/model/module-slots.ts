/**
 * The module's PyModuleDef_Slot table: the one its def names in m_slots, and where its `{0, NULL}`
 * sentinel is. Model queries, read by the multi-phase-init transform and the emitter alike.
 */
import type { ExtensionModel, PyTable } from './types';
import { stripCasts } from './cnodes';

/** The PyModuleDef_Slot table the module def names in m_slots, if it is one of these files. */
export function moduleSlotsTable(ext: ExtensionModel): PyTable | undefined {
  const slots = ext.moduleDef?.fields.get('m_slots');
  return slots ? ext.tables.find((t) => t.kind === 'module-slots' && t.name === stripCasts(slots.value)) : undefined;
}

/** Offset of the `{0, NULL}` sentinel of a slots table, if it can be found. */
export function slotSentinel(table: PyTable): number | undefined {
  const text = table.file.source.text;
  const lastEnd = table.entries.length > 0 ? table.entries[table.entries.length - 1].end : table.start + 1;
  const at = text.indexOf('{', lastEnd);
  if (at === -1 || at >= table.end) return undefined;
  return /^\{\s*(0|NULL)\s*,\s*(0|NULL)\s*\}/.test(text.slice(at, at + 40)) ? at : undefined;
}
