/**
 * Which functions need the state because they call one that takes it (through a call, a macro or
 * an argument-parsing converter), closed over every caller.
 */
import type { TransformContext } from '../../transforms/types';
import { EMITTER } from './state-plan';
import { macroUsers } from '../model/macro-users';
import { macroCallGuard } from './use-guards';
import { callGuard } from './function-splits';

/** A helper that gets `st` as a parameter makes every caller a state user too (transitively). */
export function closeOverCallers(ctx: TransformContext): void {
  const work = [...ctx.plan.stateUsers.keys()];
  const seen = new Set(work);
  while (work.length > 0) {
    const f = work.pop()!;
    const kind = ctx.accessOf(f).kind;
    if (kind === 'split') {
      for (const c of ctx.access.callSites(f).calls) {
        const ca = ctx.accessOf(c.caller).kind;
        if (ca !== 'none' && ca !== 'split' && !seen.has(c.caller)) {
          ctx.plan.needState(c.caller, EMITTER);
          seen.add(c.caller);
          work.push(c.caller);
        }
      }
      continue;
    }
    if (kind === 'module-split') {
      const { calls, macroCalls } = ctx.access.callsWithoutModule(f, true);
      const callers = [...calls.map((c) => ({ caller: c.caller, guard: callGuard(c.file, c.at, c.caller) })), ...macroCalls.flatMap((m) => macroUsers(ctx.ext, m.macro).funcs.map((caller) => ({ caller, guard: macroCallGuard(m.file, m.at, caller) })))];
      for (const { caller, guard } of callers) {
        ctx.plan.needState(caller, EMITTER, guard);
        if (!seen.has(caller)) {
          seen.add(caller);
          work.push(caller);
        }
      }
      continue;
    }
    if (kind !== 'param') continue;
    const sites = ctx.access.callSites(f);
    const a = ctx.accessOf(f);
    const parsing = a.kind === 'param' && a.parsedBy ? a.parsedBy.sites.map((p) => ({ caller: p.caller, guard: callGuard(p.file, p.nameAt, p.caller) })) : [];
    const callers = [...sites.calls.map((c) => ({ caller: c.caller, guard: callGuard(c.file, c.at, c.caller) })), ...sites.macroCalls.flatMap((m) => macroUsers(ctx.ext, m.macro).funcs.map((caller) => ({ caller, guard: macroCallGuard(m.file, m.at, caller) }))), ...parsing];
    for (const { caller, guard } of callers) {
      ctx.plan.needState(caller, EMITTER, guard);
      if (!seen.has(caller)) {
        seen.add(caller);
        work.push(caller);
      }
    }
  }
}
