/**
 * A decided export written: the table as a state field (its uses rewritten, struct members assigned in
 * exec), the old global removed, and the main interpreter's first module kept for the legacy C-API.
 */
import type { CapsuleExport } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stripCasts } from '../../src/model/cnodes';
import { rewriteUses } from '../shared/state-uses';
import { removeGlobalDeclaration } from '../shared/global-declarations';
import { enclosingStatement } from '../../src/model/walk';
import { insertLinesBefore } from '../../src/plan/statement-insert';
import { ID } from './id';
import type { TablePlan } from './capsule-candidate';

export function editExport(c: CapsuleExport, plan: TablePlan, ctx: TransformContext): void {
  const t = plan.table;
  const struct = plan.members !== undefined;
  const field = ctx.plan.request({
    name: ctx.plan.freeFieldName(t.name === 'api' || t.name === 'API' ? `${t.name}_table` : t.name, 'capi'),
    ctype: struct ? t.baseType.trim() : 'void *',
    arrayLen: struct ? undefined : t.arrayLen,
    owns: 'none',
    was: struct ? `static ${t.baseType.trim()} ${t.name} (the exported C-API table)` : `static void *${t.name}[${t.arrayLen}] (the exported C-API table)`,
    from: ID,
  });
  rewriteUses(t.uses, t.name, field, ctx);
  removeGlobalDeclaration(t, ctx);
  if (plan.members && plan.members.length > 0) fillMembers(c, plan, field, ctx);
  ctx.plan.mainState = true;
  // Before the statement that makes the capsule: the main interpreter's first module becomes the
  // legacy C-API's module, kept alive until exit (consumers cache its table in C globals).
  const src = c.file.source;
  const stmt = enclosingStatement(c.file.parsed.tree.rootNode.descendantForIndex(c.callStart, c.callStart + 5));
  const u = src.indentUnit;
  const module = ctx.plan.execParam ?? 'module';
  const mainState = ctx.plan.names.mainState;
  const lines = [
    `/* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */`,
    `if (${mainState} == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {`,
    `${u}${mainState} = ${c.func ? ctx.plan.stateVar(c.func) : 'st'};`,
    `${u}Py_INCREF(${module}); /* kept alive until exit */`,
    `}`,
  ];
  insertLinesBefore(ctx, c.file, c.func, stmt, lines, 0);
  if (c.func) ctx.stateIn(c.func);
}

/**
 * A struct table's static initializer, as assignments in exec right before the table's first use
 * (types are created by then: see tableProblem): `st->api.type = st->FooType;`, `st->api.fn = fn;`.
 */
function fillMembers(c: CapsuleExport, plan: TablePlan, field: string, ctx: TransformContext): void {
  const init = c.func!;
  const first = plan.table.uses.filter((u) => u.kind !== 'decl').sort((a, b) => a.start - b.start)[0];
  const stmt = enclosingStatement(c.file.parsed.tree.rootNode.descendantForIndex(first.start, first.end));
  const st = ctx.stateIn(init) ?? ctx.plan.stateVar(init);
  const lines = [`/* pyext-isolate: this module's C-API table (it had a static initializer). */`];
  for (const m of plan.members!) {
    const type = stripCasts(m.value).replace(/^&\s*/, '');
    const value = /^&\s*\w+$/.test(stripCasts(m.value)) && ctx.heapTypes.has(type) ? m.value.replace(new RegExp(`&\\s*${type}\\b`), `${st}->${type}`) : m.value;
    lines.push(`${st}->${field}.${m.field} = ${value};`);
  }
  insertLinesBefore(ctx, c.file, init, stmt, lines, 0);
}
