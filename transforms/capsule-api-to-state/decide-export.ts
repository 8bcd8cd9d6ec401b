/**
 * Whether an exported C-API table becomes per module: its table movable, the functions it holds able to
 * reach the state (or bound to the main interpreter's module), or a data-only capsule.
 */
import * as path from 'path';
import type { CapsuleExport, GlobalVar, FunctionInfo } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { functionName } from '../../src/model/cnodes';
import type { Finding } from '../../src/core/findings';
import { ID } from './id';
import type { Candidate } from './capsule-candidate';
import { tableOf, tableEntries, movableTable, movedTable, tableProblem, pointedTable } from './export-tables';

export function decideExport(cand: Extract<Candidate, { kind: 'export' }>, ctx: TransformContext): Decision {
  const c = cand.c;
  const table = tableOf(c, ctx);
  const moved = table ? undefined : movedTable(c, ctx);
  if (moved) {
    // Moved by an earlier run: what is left is what one run reports on its functions.
    const needState = moved.functions.filter((f) => ctx.accessOf(ctx.ext.functionsByName.get(f)!).kind === 'split' && usesModuleState(ctx.ext.functionsByName.get(f)!, ctx));
    return { action: 'skip', findings: needState.length > 0 ? mainInterpreterOnly(needState, ctx) : [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'info', 'none', `C-API table '${c.pointerExpr}' (capsule ${c.capsuleName}) is already a field of the module state`, 'nothing to do')] };
  }
  if (!table) {
    return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'capsule-export', 'info', 'none', `capsule ${c.capsuleName} exports '${c.pointerExpr}', not a C-API table of these files`, 'nothing to do unless it points at module state')] };
  }
  const plan = ctx.capsuleTables.has(table.name) ? movableTable(cand, ctx) : undefined;
  // `P = &T; PyCapsule_New(P, ...)`: the entries are T's, and P (a pointer global) stays.
  const via = plan ? undefined : pointedTable(c, table, ctx);
  const entries = tableEntries(via?.table ?? table, ctx);
  const perModule = entries.filter((e) => (/^&\s*\w+$/.test(e) && (plan ? ctx.heapTypes : ctx.ext.typesByName).has(e.replace(/^&\s*/, ''))) || ctx.ext.globals.some((g) => g.scope === 'file' && g.isPythonObject && g.name === e));
  const needState = (plan?.functions ?? []).filter((f) => usesModuleState(ctx.ext.functionsByName.get(f)!, ctx));
  if (!via && perModule.length === 0 && needState.length === 0) {
    const data = dataCapsule(c, table, entries, ctx);
    if (data) return data;
  }
  if (!plan) {
    if (perModule.length === 0) {
      return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'info', 'none', `C-API table '${table.name}' (capsule ${c.capsuleName}) holds only functions; it can stay one per process`, 'functions in it that need module state are reported where they use it')] };
    }
    return {
      action: 'manual',
      findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'error', 'manual',
        `C-API table '${(via?.table ?? table).name}' (capsule ${c.capsuleName}) exports per-module objects by address: ${perModule.join(', ')}; it cannot move into the module state: ${ctx.moduleReady !== true ? `the module cannot get a state yet (${ctx.moduleReady})` : via ? via.reason : tableProblem(c, table, ctx) ?? 'it was not selected'}`,
        'make the table a field of the module state filled in exec (same layout and capsule name), keep a static "main" copy for consumers that are not isolation-aware, and export the types through the table instead of by address (rewrite spec section 6)')],
    };
  }
  if (perModule.length === 0 && needState.length === 0) {
    return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'info', 'none', `C-API table '${table.name}' (capsule ${c.capsuleName}) holds only functions that need no module state; it can stay one per process`, 'nothing to do')] };
  }
  cand.plan = plan;
  const findings = [
    ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'error', 'auto',
      `C-API table '${table.name}' (capsule ${c.capsuleName}) is one per process but holds per-module entries (${[...perModule, ...needState].join(', ')})`,
      `${ID} makes it a field of the module state filled in exec, with the same capsule name and layout; the main interpreter's first module is kept alive for consumers that are not isolation-aware`),
  ];
  findings.push(...mainInterpreterOnly(needState, ctx));
  return { action: 'apply', findings };
}

/** The warnings on table functions that get no module and are split. */
function mainInterpreterOnly(needState: string[], ctx: TransformContext): Finding[] {
  return needState.map((name) => {
    const f = ctx.ext.functionsByName.get(name)!;
    const a = ctx.accessOf(f);
    const byObject = a.kind === 'split' && a.objectParam;
    return ctx.finding(f.file, f.start, f.paramsStart, 'main-interpreter-only', 'warning', 'none',
      `${name}() is in the C-API table but gets no module${byObject ? ' (only an object)' : ''}: it becomes ${name}_impl(st, ...) for callers that have a state, and ${name}() for old consumers ${byObject ? "uses its argument's module, else " : ''}the main interpreter's module (RuntimeError in other interpreters)`,
      'give isolation-aware consumers a variant that takes the module or an object (or the type from the table)');
  });
}

/**
 * A capsule of plain C data (`PyCapsule_New(&config, ...)`, or `PyCObject_FromVoidPtr(&config, NULL)`
 * through a compatibility macro): no entry, initializer or assignment of it names a function or a type of
 * the extension. Python code may keep the capsule after the module is gone (a re-import, a
 * subinterpreter's end), so the data stays one per process: a module state is freed with its module.
 * Written only by the init, it is a warning (every import, in every interpreter, writes it); changed
 * elsewhere, shared by every interpreter, a human has to decide. Undefined for a C-API table.
 */
function dataCapsule(c: CapsuleExport, table: GlobalVar, entries: string[], ctx: TransformContext): Decision | undefined {
  const named = (e: string): boolean => {
    const n = functionName(e);
    return !!n && (ctx.ext.functionsByName.has(n) || ctx.ext.typesByName.has(n) || ctx.ext.globals.some((g) => g.scope === 'file' && g.isPythonObject && g.name === n));
  };
  // A Python object's address (`PyCapsule_New(&registry, ...)`) is an escape reported with the object.
  if (table.isPythonObject || entries.some(named)) return undefined;
  const writes = table.uses.filter((u) => u.func && !u.inMacro && (u.kind === 'write' || u.kind === 'member-write'));
  for (const u of writes) {
    const m = /^\s*(?:(?:\.|->)\s*\w+\s*|\[[^\]]*\]\s*)*=(?!=)\s*([^;]*);/.exec(u.file.source.text.slice(u.end, u.end + 300));
    if (m && named(m[1])) return undefined; // `api.fn = fn;`: a table filled at run time
  }
  const init = ctx.plan.execFunction ?? ctx.ext.init?.func;
  const how = `'${table.name}' is C data handed to Python by address in a capsule${c.capsuleName && c.capsuleName !== 'NULL' ? ` (${c.capsuleName})` : ''}${c.viaMacro ? ` (made through the macro ${c.viaMacro}())` : ''}; it stays one per process and does not move into the module state: the capsule can outlive the module (kept across a re-import), and a module state is freed with its module`;
  const line = (u: { file: typeof c.file; start: number }): number => u.file.source.position(u.start).line;
  const runtime = writes.find((u) => u.func !== init && !(init && ctx.moduleHelpers.get(u.func!)));
  if (runtime) {
    return { action: 'manual', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-data', 'error', 'manual',
      `${how}; ${runtime.func!.name}() changes it at run time (${path.basename(runtime.file.path)}:${line(runtime)}), in whichever interpreter calls it, while every interpreter reads it`,
      `guard its writes and reads with a lock, or give each capsule its own copy (PyMem_Malloc in the function that makes the capsule, freed by the capsule's destructor); then accept this finding with an allow comment`)] };
  }
  if (writes.length > 0) {
    const w = writes[0];
    return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-data', 'warning', 'none',
      `${how}; ${w.func!.name}() writes it (${path.basename(w.file.path)}:${line(w)}) at every import, in every interpreter`,
      `if the values are the same for every import, set them in its static initializer (or make it const) so that no import writes shared data; if they differ per interpreter, give each capsule its own copy (PyMem_Malloc, freed by the capsule's destructor)`)] };
  }
  return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-data', 'info', 'none', how, 'nothing to do while no function changes it')] };
}

/** Whether a function's body mentions a global or type that becomes module state. */
function usesModuleState(f: FunctionInfo, ctx: TransformContext): boolean {
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  const names = [
    ...ctx.ext.globals.filter((g) => g.isPythonObject && (g.scope === 'file' || g.func === f)).map((g) => g.name),
    ...ctx.ext.types.filter((t) => ctx.heapTypes.has(t.name)).map((t) => t.name),
  ];
  if (names.some((n) => new RegExp(`\\b${n}\\b`).test(body))) return true;
  // Through macros of the extension (`Box_Check(o)` using `&Box_Type`).
  for (const file of ctx.ext.files) {
    for (const m of file.macros.values()) {
      if (new RegExp(`\\b${m.name}\\b`).test(body) && names.some((n) => new RegExp(`\\b${n}\\b`).test(m.body))) return true;
    }
  }
  return false;
}
