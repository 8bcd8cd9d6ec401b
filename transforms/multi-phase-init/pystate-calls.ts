/**
 * PyState_FindModule / PyState_AddModule outside the init: NULL (or SystemError) for a multi-phase
 * module, so each call is replaced by the module at hand, or says why it cannot be.
 */
import type { ExtensionModel, FileModel, FunctionInfo } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { converterStep } from '../../src/plan/converter-routes';
import { stateVarAt } from '../shared/state-uses';
import { KEPT_MODULE_FIELD, keptModuleField } from '../shared/kept-module';

export interface PyStateCandidate {
  kind: 'pystate';
  call: FileModel['apiCalls'][number];
  file: FileModel;
}

/** The single-phase init stays, and with it every PyState call; a call that blocks it says why itself. */
export function decidePyState(c: PyStateCandidate, ctx: TransformContext): Decision {
  const { call, file } = c;
  const f = call.func;
  const ext: ExtensionModel = ctx.ext;
  const rule = call.api === 'PyState_FindModule' ? 'pystate-find-module' : 'pystate-add-module';
  const blocker = pyStateBlocker(call, ctx);
  if (ext.init?.phase === 'single' && !ctx.initConverts) {
    if (blocker) return { action: 'manual', findings: [ctx.finding(file, call.start, call.end, rule, 'error', 'manual', blocker.why, blocker.steps)] };
    return { action: 'manual', findings: [ctx.finding(file, call.start, call.end, rule, 'error', 'manual', `${call.api} stays while the init function stays single-phase`, 'see the single-phase-init finding')] };
  }
  if (blocker) return { action: 'manual', findings: [ctx.finding(file, call.start, call.end, rule, 'error', 'manual', blocker.why, blocker.steps)] };
  if (call.api === 'PyState_AddModule') {
    return { action: 'apply', findings: [ctx.finding(file, call.start, call.end, rule, 'error', 'auto', 'PyState_AddModule raises SystemError for multi-phase modules', 'removed by multi-phase-init')] };
  }
  if (f && ext.init && f === ext.init.func) {
    return { action: 'apply', findings: [ctx.finding(file, call.start, call.end, rule, 'error', 'auto', 'PyState_FindModule in the init function (a re-import shortcut) does not work with multi-phase init', 'removed with the statement around it')] };
  }
  const a = ctx.accessOf(f!);
  const by = a.kind === 'module' ? `the module parameter '${a.param}'` : a.kind === 'by-type' ? `PyType_GetModuleByDef(${a.typeExpr}, &def)` : `the module kept in the state (st->${KEPT_MODULE_FIELD}, set in exec)`;
  return { action: 'apply', findings: [ctx.finding(file, call.start, call.end, rule, 'error', 'auto', 'PyState_FindModule returns NULL for multi-phase modules', `replaced by ${by}`)] };
}

/**
 * A function that reaches the state some other way than through the module or one of its objects
 * (a helper given `st`, a slot of a type of the module's own, a split C-API function): its
 * PyState_FindModule() reads the module kept in the state. Not in teardown, where the state may be gone.
 */
function keptModuleReaches(a: ReturnType<TransformContext['accessOf']>): boolean {
  return a.kind === 'param' || a.kind === 'own-type' || a.kind === 'by-instance' || a.kind === 'by-operands' || a.kind === 'split' || a.kind === 'module-or-type';
}

/**
 * Why a PyState_* call cannot be replaced once the init is multi-phase (where PyState_FindModule
 * returns NULL and PyState_AddModule raises), and what a person does about it; undefined when the
 * conversion removes or replaces it.
 */
export function pyStateBlocker(call: FileModel['apiCalls'][number], ctx: TransformContext): { why: string; steps: string } | undefined {
  const f = call.func;
  const ext: ExtensionModel = ctx.ext;
  if (call.api === 'PyState_AddModule' || call.api === 'PyState_RemoveModule') {
    if (f && ext.init && f === ext.init.func && call.api === 'PyState_AddModule' && ext.init.phase === 'single') return undefined;
    return { why: `${call.api} outside the init function: it does not work with multi-phase init`, steps: 'keep the module object where it is needed (module state, or PyType_GetModuleByDef) and remove the call' };
  }
  // PyState_FindModule(&def) returns NULL without an exception for multi-phase modules.
  if (f && ext.init && f === ext.init.func) return undefined;
  if (!f) return { why: 'PyState_FindModule outside a function (in a macro?)', steps: 'pass the module where it is needed' };
  const a = ctx.accessOf(f);
  if (a.kind === 'module' || a.kind === 'by-type' || keptModuleReaches(a)) return undefined;
  const why = a.kind === 'none' ? a.reason : a.kind === 'module-split' ? `C code also calls it without its module (${ctx.access.callsWithoutModule(f).calls.map((c) => `${f.name}(${c.firstArg}, ...) in ${c.caller.name}()`)[0] ?? 'through a macro'})` : 'it has no module or object at hand';
  const chain = a.kind === 'none' && a.chain.length > 1 ? ` (call chain: ${a.chain.join(' <- ')})` : '';
  const conv = a.kind === 'none' ? a.converter : undefined;
  const steps = conv
    ? `${converterStep(conv)}, and use the state's fields there instead of PyState_FindModule; PyState_FindModule returns NULL for multi-phase modules`
    : findModuleSteps(f, a.kind === 'none' ? a.chain : [f.name], ctx);
  return { why: `PyState_FindModule in ${f.name}(): ${why}${chain}`, steps };
}

/**
 * What a person does about a PyState_FindModule that no module reaches: where the chain starts at
 * a callback (its address is stored or passed, so C code calls it with arguments of its own), the
 * module has to travel in the data that callback gets.
 */
function findModuleSteps(f: FunctionInfo, chain: string[], ctx: TransformContext): string {
  const pass = 'PyState_FindModule returns NULL for multi-phase modules';
  const callback = chain.map((n) => ctx.ext.functionsByName.get(n)).find((g): g is FunctionInfo => !!g && (ctx.roles.referencedAsValue.has(g.name) || ctx.access.callSites(g).valueUses.length > 0));
  if (!callback) return `pass the module (or an object of one of its types) down to ${f.name}(), then run again; ${pass}`;
  const via = callback === f ? `${f.name}() is a callback` : `${f.name}() is reached only through ${callback.name}(), a callback`;
  return `${via} (C code calls it through a function pointer, with its own arguments): carry the module in what that callback receives (a field of the struct or the user-data pointer it gets, set where the module is at hand), pass it on to ${f.name}() and use it there instead of PyState_FindModule; ${pass}`;
}

export function editPyState(c: PyStateCandidate, ctx: TransformContext): void {
  const { call, file } = c;
  const text = file.source.text;
  if (call.api === 'PyState_AddModule') return; // removed with the init edits
  if (call.func && call.func === ctx.ext.init?.func) return; // the re-import shortcut, removed with the init edits
  const f = call.func;
  if (!f) return;
  const a = ctx.accessOf(f);
  const callText = text.slice(call.start, call.end);
  if (a.kind === 'module') ctx.replace(file, call.start, call.end, a.param);
  else if (a.kind === 'by-type') {
    const def = /\(\s*(&?\s*[A-Za-z_]\w*)\s*\)$/.exec(callText)?.[1] ?? `&${ctx.plan.names.def}`;
    ctx.replace(file, call.start, call.end, `PyType_GetModuleByDef(${a.typeExpr}, ${def})`);
    ctx.plan.compat.add('GetModuleByDef');
  } else if (keptModuleReaches(a)) {
    const field = keptModuleField(ctx, 'PyState_FindModule(&def): the module itself, borrowed');
    ctx.replace(file, call.start, call.end, `${stateVarAt(ctx, file, call.start)}->${field}`);
    ctx.stateIn(f);
  }
}
