/**
 * One run's field order, kept across partial runs. One run lists the fields of a kind in source
 * order; a partial run moves some of them (`static PyObject *str__dict__, *str__name__,
 * *empty_tuple;`: globals-to-state alone moves empty_tuple, the others wait for their type to become
 * a heap type), and the declaration that said where empty_tuple was is gone when a later run moves
 * the rest. So a partial run notes, above each field it writes behind one still to come, the field of
 * one run's it follows (`/* after str__name__ (for a later run of pyext-isolate) *\/`); a later run puts
 * its fields before it accordingly, and writes the notes again (a partial run) or drops them.
 */
import type { StatePlan } from './state-plan';

const HINT = /^[ \t]*\/\* after ([A-Za-z_]\w*) \(for a later run of pyext-isolate\) \*\/[ \t]*$/;

/** The field a hint line names, if the line is one. */
export function hintOf(line: string): string | undefined {
  return HINT.exec(line.trimEnd())?.[1];
}

/**
 * The hint line this run writes above field `name`: the field one run puts right before it, when that
 * one is not in the struct after this run (`present`); none in a run with every transform.
 */
export function hintLine(plan: StatePlan, name: string, present: ReadonlySet<string>, indent: string, width: number): string | undefined {
  const order = plan.oneRunFields;
  const at = order?.indexOf(name) ?? -1;
  if (!order || at <= 0 || present.has(order[at - 1])) return undefined;
  const line = `${indent}/* after ${order[at - 1]} (for a later run of pyext-isolate) */`;
  // (A line the file's width would wrap is not read back: no hint rather than one that stays.)
  return line.length <= width ? line : undefined;
}

/** Whether this run's new field `name` goes before an earlier run's field that one run puts after `hint`. */
export function goesBefore(plan: StatePlan, name: string, hint: string | undefined): boolean {
  if (hint === undefined) return false;
  const h = plan.fields.findIndex((x) => x.name === hint);
  const i = plan.fields.findIndex((x) => x.name === name);
  return h >= 0 && i >= 0 && i <= h;
}
