/**
 * A static object of one of the module's own types (a singleton, a sentinel) becomes an object of each
 * module: allocated in exec right after its type is created, held by the state (visited and cleared
 * with it), each `&S` reading `st->S`. One per module instance, so `o is Missing` keeps working
 * within a module; an object of another module's copy is another object, as its type is.
 */
import type { Decision, TransformContext } from '../types';
import { staticObjectProblem, staticObjectUseProblem, creationPoint, type StaticObject } from '../shared/static-objects';
import { rewriteUses } from '../shared/state-uses';
import { removeGlobalDeclaration } from '../shared/global-declarations';
import { styledLines } from '../../src/plan/code-style';
import { ID } from './id';

const RULE = 'static-object';

export function decideStaticObject(s: StaticObject, ctx: TransformContext): Decision {
  const { g, type } = s;
  const what = `static object '${g.name}' of type ${type.name}`;
  const manual = (why: string, steps: string): Decision => ({
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, RULE, 'error', 'manual', `${what} is shared by every interpreter (its reference count is written from each): ${why}`, steps)],
  });
  const own = staticObjectProblem(s, ctx) ?? staticObjectUseProblem(s, ctx);
  if (own) return manual(own.reason, own.steps);
  if (!ctx.heapTypes.has(type.name)) {
    const why = ctx.heapTypeRefusals.get(type.name)?.why ?? (ctx.options.selected.has('static-type-to-heap') ? 'it is not converted' : 'static-type-to-heap is not selected');
    return manual(`its type ${type.name} stays a static type (${why}), and an object of each module needs a type of each module`, `resolve the finding of ${type.name} first, then run again`);
  }
  const at = creationPoint(s, ctx);
  if ('reason' in at) return manual(at.reason, at.steps);
  if (ctx.moduleReady !== true) return manual(`the module cannot get a state yet: ${ctx.moduleReady}`, 'resolve the multi-phase-init finding first');
  return {
    action: 'apply',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, RULE, 'error', 'auto', `${what} is shared by every interpreter (its reference count is written from each)`, `${ID} allocates one per module in exec, after ${type.name}, keeps it in ${ctx.plan.names.struct} and rewrites its ${g.uses.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}`)],
  };
}

export function editStaticObject(s: StaticObject, ctx: TransformContext): void {
  const { g, type } = s;
  const at = creationPoint(s, ctx);
  if ('reason' in at) throw new Error(`internal: static object ${g.name} has no creation point`);
  const exec = ctx.plan.execFunction ?? ctx.ext.init!.func;
  const st = ctx.plan.stateVar(exec);
  // The type's field: static-type-to-heap requests it under the type's own name.
  const alloc = `${s.ctype === 'PyObject *' ? '' : `(${s.ctype})`}PyType_GenericAlloc(${st}->${type.name}, 0)`;
  const field = ctx.plan.request({
    name: ctx.plan.freeFieldName(g.name),
    ctype: s.ctype,
    owns: 'strong',
    guard: g.guard,
    was: `${g.storage === 'static' ? 'static ' : ''}${g.ctype.trim()} ${g.name}`,
    from: ID,
    init: 'eager' in at ? alloc : undefined,
  });
  if ('after' in at) {
    const src = exec.file.source;
    const indent = src.indentAt(at.after.startIndex);
    const lines = styledLines(exec, [`${st}->${field} = ${alloc};`, `if (${st}->${field} == NULL) {`, `    return -1;`, `}`], indent);
    ctx.insert(exec.file, at.after.endIndex, lines.map((l) => `${src.eol}${l === '' ? '' : indent + l}`).join(''));
    ctx.stateIn(exec);
  }
  rewriteUses(g.uses, g.name, field, ctx, true);
  removeGlobalDeclaration(g, ctx);
}
