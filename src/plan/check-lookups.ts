/**
 * A module function whose only use of the state is an exact-type check macro
 * (plan.exactCheckMacros: `(Py_TYPE(op)->tp_dealloc == (destructor)X_dealloc || PyObject_TypeCheck(op,
 * st->X_Type))`) passes the lookup itself into the macro (`X_Check(get_mod_state(module), obj)`):
 * only a subtype's instance evaluates it, so an exact instance costs no lookup, as the static type's
 * address cost none. Any other use of the state (an earlier run's lookup included) or a lookup that
 * can fail keeps the fetch at the top (plan/state-fetch.ts).
 */
import type { FileModel, FunctionInfo } from '../model/types';
import type { TransformContext } from '../../transforms/types';
import { enclosingFunction, inBody } from '../model/functions';
import type { MacroStateEdits } from './macro-state';
import { lookup, stateUses } from './state-fetch';
import { scopedLookups } from './existing-lookups';

/** The functions that pass their lookup into check macros, with that lookup's text. */
export function lookupsPassedToChecks(ctx: TransformContext, inserts: MacroStateEdits['inserts']): Map<FunctionInfo, string> {
  const out = new Map<FunctionInfo, string>();
  const plan = ctx.plan;
  if (plan.exactCheckMacros.size === 0) return out;
  const inFunction = new Map<FunctionInfo, MacroStateEdits['inserts']>();
  for (const i of inserts) {
    const f = functionAt(i.file, i.at);
    if (!f) continue;
    if (!inFunction.has(f)) inFunction.set(f, []);
    inFunction.get(f)!.push(i);
  }
  for (const [f, uses] of inFunction) {
    const a = ctx.accessOf(f);
    if (a.kind !== 'module' || a.added || f === plan.execFunction || !plan.stateUsers.has(f) || plan.existingState(f)) continue;
    // An earlier run's lookup, even one this run does not reuse: the body uses the state elsewhere
    // (one run fetches it at the top, and so does this one: runs in steps converge).
    if (scopedLookups(f, plan.names.struct, plan.names.mod)) continue;
    if (f.params[a.paramIndex]?.unusedWrapper) continue;
    if (!uses.every((u) => u.macro !== undefined && plan.exactCheckMacros.has(u.macro))) continue;
    // Nothing else of the body names the state (a field, a helper given it, another macro).
    if (stateUses(ctx, f).length > 0) continue;
    out.set(f, lookup(plan.names, a, f).init);
  }
  return out;
}

function functionAt(file: FileModel, at: number): FunctionInfo | undefined {
  return inBody(enclosingFunction(file, at), at);
}
