/**
 * The module's GC hooks: its own m_traverse / m_clear / m_free when it has them (the state's
 * fields are visited and cleared there, after their own lines), else generated ones.
 */
import type { TransformContext } from '../../transforms/types';
import type { FunctionInfo, ModuleDefInfo } from '../model/types';
import { isZeroExpr, stripCasts } from '../model/cnodes';
import { guarded, guardedRuns, orGuards, sameGuard } from '../core/conditions';
import type { Guard } from '../core/conditions';
import { priorFields, requestGroup } from './state-struct';
import { goesBefore } from './field-order-hints';
import { EMITTER } from './state-plan';
import { RewriteRefusal } from './refusal';
import { functionLayout, linesAt, statementPoint } from './placement';
import { styledLines } from './code-style';

export type Hooks = Partial<Record<'m_traverse' | 'm_clear' | 'm_free', FunctionInfo>>;

/** m_traverse / m_clear / m_free functions the module def already names. */
export function existingHooks(ctx: TransformContext, def: ModuleDefInfo): Hooks {
  const out: Hooks = {};
  for (const h of ['m_traverse', 'm_clear', 'm_free'] as const) {
    const v = def.fields.get(h)?.value;
    if (!v || isZeroExpr(v)) continue;
    const f = ctx.ext.functionsByName.get(stripCasts(v).replace(/^&\s*/, ''));
    // Its fields could not be visited and cleared there: nothing is written (the def is damaged, or the hook is elsewhere).
    if (!f) throw new RewriteRefusal(`the module def's ${h} (${v.trim()}) is not a function of these files, so the state's fields could not be visited and cleared there`, def.file, def.initStart);
    out[h] = f;
  }
  return out;
}

export function visitLines(fields: { name: string; arrayLen?: string; guard?: Guard }[], macro: string, indent = '    '): string[] {
  return guardedRuns(fields, (f) => f.guard, (f) =>
    f.arrayLen !== undefined
      ? [`${indent}for (Py_ssize_t i = 0; i < (Py_ssize_t)(${f.arrayLen}); i++) {`, `${indent}    ${macro}(st->${f.name}[i]);`, `${indent}}`]
      : [`${indent}${macro}(st->${f.name});`],
  );
}

/**
 * `st` and the visits of `fields`: fields all under one `#if` go with `st` under it; otherwise `st`
 * is declared under the union of their conditions (no build declares it unused).
 */
export function stateVisits(decl: string, fields: { name: string; arrayLen?: string; guard?: Guard }[], macro: string): string[] {
  const all = orGuards(fields.map((f) => f.guard));
  if (all && fields.every((f) => sameGuard(f.guard, all))) return guarded(all, [decl, ...visitLines(fields.map((f) => ({ ...f, guard: undefined })), macro)]);
  return [...guarded(all, [decl]), ...visitLines(fields, macro)];
}

/** Our m_traverse / m_clear / m_free, for the hooks the def does not have yet. */
export function renderHooks(ctx: TransformContext, existing: Hooks): string {
  const n = ctx.plan.names;
  const owned = ctx.plan.fields.filter((f) => f.owns === 'strong');
  if (owned.length === 0) return '';
  const out: string[] = [];
  const decl = `    ${n.struct} *st = ${n.getState}(module);`;
  if (!existing.m_traverse) out.push(`static int`, `${n.traverse}(PyObject *module, visitproc visit, void *arg)`, `{`, ...stateVisits(decl, owned, 'Py_VISIT'), `    return 0;`, `}`, ``);
  if (!existing.m_clear) out.push(`static int`, `${n.clear}(PyObject *module)`, `{`, ...stateVisits(decl, owned, 'Py_CLEAR'), `    return 0;`, `}`, ``);
  if (!existing.m_free) {
    const clear = existing.m_clear?.name ?? n.clear;
    if (existing.m_clear) out.push(`static int ${clear}(PyObject *);`, ``);
    out.push(`static void`, `${n.free}(void *module)`, `{`, `    (void)${clear}((PyObject *)module);`, `}`, ``);
  }
  return out.join('\n');
}

/**
 * Hooks the module already had get the new fields visited and cleared where their statements start (fields their
 * own code already handles are left out: visiting a reference twice would corrupt the GC counts).
 */
export function extendHooks(ctx: TransformContext, existing: Hooks): void {
  const owned = ctx.plan.fields.filter((f) => f.owns === 'strong');
  for (const [hook, f] of Object.entries(existing) as ['m_traverse' | 'm_clear' | 'm_free', FunctionInfo][]) {
    const src = f.file.source;
    const body = src.text.slice(f.bodyStart, f.bodyEnd);
    const todo = owned.filter((x) => !new RegExp(`\\b${x.name}\\b`).test(body));
    if (todo.length === 0) continue;
    // An m_free that calls the module's m_clear (ours does: `(void)x_clear((PyObject *)module);`) clears what it clears.
    if (hook === 'm_free' && existing.m_clear && new RegExp(`\\b${existing.m_clear.name}\\s*\\(`).test(body)) continue;
    const a = ctx.accessOf(f);
    // (A hook written without parameters gets the module as a new one: parameterless-hook.ts.)
    const p0 = f.params[0]?.name ?? (a.kind === 'module' && a.added ? a.param : undefined);
    if (!p0) throw new Error(`the module def's ${hook} ${f.name}() has no named first parameter`);
    // The hook gets `st` like any function that uses the state (under the fields' condition when
    // all of them have one); the new lines go where its statements start (after its declarations).
    const all = orGuards(todo.map((x) => x.guard));
    const visits = all && todo.every((x) => sameGuard(x.guard, all)) ? todo.map((x) => ({ ...x, guard: undefined })) : todo;
    ctx.plan.needState(f, EMITTER, all);
    const lay = functionLayout(f);
    if (!lay) throw new Error(`the module def's ${hook} ${f.name}() has no body`);
    // Hooks an earlier run generated visit in field order: the new fields go last, before their
    // `return 0;`, or before the first field of a later group, as one run writes them. (The body may
    // end before its closing brace.)
    const ours = hook !== 'm_free' && f.name === (hook === 'm_traverse' ? ctx.plan.names.traverse : ctx.plan.names.clear) && /^\{\s*\w+ \*st = \w+\(module\);\n(?:\s*Py_(?:VISIT|CLEAR)\(st->[^\n]*\n|\s*for \([^\n]*\n|\s*#[^\n]*\n|\s*\}\n)*(\s*)return 0;\s*\}?$/.exec(body.replace(/\r\n/g, '\n'));
    const ret = ours ? body.lastIndexOf('return 0;') : -1;
    const p = ours && ret !== -1 ? { at: src.lineStart(f.bodyStart + ret), inline: false } : statementPoint(src, lay);
    const macro = hook === 'm_traverse' ? 'Py_VISIT' : 'Py_CLEAR';
    // In field order (requestGroup): each new visit before the first of a field of a later group, or of
    // one one run puts after it (field-order-hints).
    const prior = ours && ret !== -1 && !all && ctx.plan.ownStruct ? priorFields(ctx.plan.ownStruct) : undefined;
    if (prior) {
      const visitAt = new Map<string, number>();
      for (const m of body.matchAll(new RegExp(`^[ \\t]*${macro}\\(st->(\\w+)\\);`, 'gm'))) visitAt.set(m[1], f.bodyStart + m.index!);
      for (const v of visits) {
        const later = [...prior].filter(([name, x]) => (x.group > requestGroup(v) || goesBefore(ctx.plan, v.name, x.hint)) && visitAt.has(name)).map(([name]) => visitAt.get(name)!).sort((a, b) => a - b)[0];
        const q = later === undefined ? p : { at: later, inline: false };
        ctx.insert(f.file, q.at, linesAt(src, q, lay.indent, styledLines(f, visitLines([v], macro, ''), lay.indent)), 0);
      }
      continue;
    }
    const lines = guarded(all, visitLines(visits, macro, ''));
    ctx.insert(f.file, p.at, linesAt(src, p, lay.indent, styledLines(f, lines, lay.indent)), 0);
  }
}
