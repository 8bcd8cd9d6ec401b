/**
 * Whether Python code can subclass a type, by its flags.
 */
import type { StaticType } from '../model/types';

/** A type that Python code can subclass (Py_TPFLAGS_BASETYPE, or flags we cannot read). */
export function subclassable(t: StaticType): boolean {
  return flagsSubclassable([t.fields.get('tp_flags')?.value ?? '', ...t.runtimeFields.filter((r) => r.field === 'tp_flags').map((r) => r.value)].join(' | '));
}

/** Type flags (C text) that let Python code subclass the type (Py_TPFLAGS_BASETYPE, or words we cannot read). */
export function flagsSubclassable(flags: string): boolean {
  const words = flags.match(/[A-Za-z_]\w*/g) ?? [];
  if (words.some((w) => w === 'Py_TPFLAGS_BASETYPE')) return true;
  // Flags we cannot read (a project macro) may hold it.
  return words.some((w) => !/^Py_TPFLAGS_\w+$/.test(w));
}
