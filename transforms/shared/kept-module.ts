/**
 * The module kept in its own state (`st->module`): a borrowed pointer, set first in exec (the state
 * lives inside the module object, so it never outlives it). Functions that reach the state some
 * other way than through the module read it there: PyState_FindModule() calls (multi-phase-init) and
 * a module kept in a C global (globals-to-state) share the one field.
 */
import type { TransformContext } from '../types';
import type { StatePlan } from '../../src/plan/state-plan';

export const KEPT_MODULE_FIELD = 'module';

const fieldOf = new WeakMap<StatePlan, string>();

/** The field's name, requested the first time (`was`: what it replaces, for the struct's comment). */
export function keptModuleField(ctx: TransformContext, was: string): string {
  const known = fieldOf.get(ctx.plan);
  if (known) return known;
  const name = ctx.plan.request({ name: ctx.plan.freeFieldName(KEPT_MODULE_FIELD), ctype: 'PyObject *', owns: 'none', was, from: ctx.transformId, cInit: ctx.plan.execParam ?? 'module' });
  fieldOf.set(ctx.plan, name);
  return name;
}
