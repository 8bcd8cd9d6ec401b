/**
 * capsule-api-to-state: an exported C-API table (a static array or struct of pointers passed to
 * PyCapsule_New in the init function) becomes a field of the module state, filled in exec, so
 * each module instance exports its own table (types and objects of that instance). The capsule
 * name and the table layout never change. The first module of the main interpreter is kept alive
 * for good and serves consumers that are not isolation-aware; table functions that get no module
 * are split into `F_impl(st, ...)` and a legacy `F(...)` bound to that main module (rewrite
 * spec section 6).
 */
import type { CapsuleExport, CapsuleImport, GlobalVar, FunctionInfo } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { stripCasts, functionName } from '../../src/model/cnodes';
import { rewriteUses } from '../shared/state-uses';
import { removeGlobalDeclaration } from '../globals-to-state';
import { enclosingStatement } from '../../src/model/walk';
import { cDataProblem, editCData } from '../shared/c-data';

export const ID = 'capsule-api-to-state';

type Candidate = { kind: 'export'; c: CapsuleExport; plan?: TablePlan } | { kind: 'import'; c: CapsuleImport; moves?: GlobalVar };

export interface TablePlan {
  table: GlobalVar;
  /** Functions stored in the table (by name). */
  functions: string[];
  /** Entries that are types or objects of the module. */
  perModule: string[];
}

export const capsuleApiToState: Transform<Candidate> = {
  id: ID,
  title: 'Make the exported C-API table per module',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    return [
      ...ctx.ext.capsuleExports.map((c) => ({ kind: 'export' as const, c })),
      ...ctx.ext.capsuleImports.filter((c) => c.target).map((c) => ({ kind: 'import' as const, c })),
    ];
  },
  decide(c, ctx) {
    return c.kind === 'export' ? decideExport(c, ctx) : decideImport(c, ctx);
  },
  edit(c, ctx) {
    if (c.kind === 'export' && c.plan) editExport(c.c, c.plan, ctx);
    if (c.kind === 'import' && c.moves) editCData(c.moves, ctx, ID);
  },
};

/** The table variable a PyCapsule_New exports: a static of the exporting function, else of the file. */
export function tableOf(c: CapsuleExport, ctx: TransformContext): GlobalVar | undefined {
  if (!c.table) return undefined;
  return (
    ctx.ext.globals.find((g) => g.name === c.table && g.scope === 'function' && g.func === c.func) ??
    ctx.ext.globals.find((g) => g.name === c.table && g.scope === 'file' && g.file === c.file) ??
    ctx.ext.globals.find((g) => g.name === c.table && g.scope === 'file')
  );
}

/** Entries of the exported table: the table's initializer, or the `T[i] = v;` fills. */
export function tableEntries(table: GlobalVar): string[] {
  if (table.init && table.init.text.startsWith('{')) {
    return table.init.text.slice(1, -1).split(',').map((s) => stripCasts(s.trim())).filter((s) => s !== '');
  }
  return table.fills.map((f) => stripCasts(f.value));
}

/** When the table can move into the state: exported and filled in the init function only, no other uses. */
export function movableTable(cand: Candidate, ctx: TransformContext): TablePlan | undefined {
  if (cand.kind !== 'export') return undefined;
  const c = cand.c;
  const init = ctx.plan.execFunction ?? ctx.ext.init?.func;
  const table = tableOf(c, ctx);
  if (!table || !init || c.func !== init || table.file !== c.file) return undefined;
  if (table.scope === 'function' && table.func !== init) return undefined;
  if (table.inTemplate || table.conditional) return undefined;
  if (table.arrayLen === undefined || table.pointerDepth !== 1 || table.baseType !== 'void') return undefined;
  if (table.init && !/^\{\s*\}?$|^\{\s*(NULL|0)\s*\}$/.test(table.init.text.trim()) && table.init.text.trim() !== '') return undefined;
  if (table.uses.some((u) => u.func !== init || u.inMacro)) return undefined;
  const entries = tableEntries(table);
  const functions = entries.map((e) => functionName(e)).filter((n): n is string => !!n && !!ctx.ext.functionsByName.get(n));
  const perModule = entries.filter((e) => (/^&\s*\w+$/.test(e) && ctx.ext.typesByName.has(e.replace(/^&\s*/, ''))) || ctx.ext.globals.some((g) => g.scope === 'file' && g.isPythonObject && g.name === e));
  return { table, functions: functions.filter((f) => ctx.ext.functionsByName.get(f)!.isStatic), perModule };
}

function decideExport(cand: Extract<Candidate, { kind: 'export' }>, ctx: TransformContext): Decision {
  const c = cand.c;
  const table = tableOf(c, ctx);
  if (!table) {
    return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'capsule-export', 'info', 'none', `capsule ${c.capsuleName} exports '${c.pointerExpr}', not a C-API table of these files`, 'nothing to do unless it points at module state')] };
  }
  const plan = ctx.capsuleTables.has(table.name) ? movableTable(cand, ctx) : undefined;
  const entries = tableEntries(table);
  const perModule = entries.filter((e) => (/^&\s*\w+$/.test(e) && (plan ? ctx.heapTypes : ctx.ext.typesByName).has(e.replace(/^&\s*/, ''))) || ctx.ext.globals.some((g) => g.scope === 'file' && g.isPythonObject && g.name === e));
  const needState = (plan?.functions ?? []).filter((f) => usesModuleState(ctx.ext.functionsByName.get(f)!, ctx));
  if (!plan) {
    if (perModule.length === 0) {
      return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'info', 'none', `C-API table '${table.name}' (capsule ${c.capsuleName}) holds only functions; it can stay one per process`, 'functions in it that need module state are reported where they use it')] };
    }
    return {
      action: 'manual',
      findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'error', 'manual',
        `C-API table '${table.name}' (capsule ${c.capsuleName}) exports per-module objects by address: ${perModule.join(', ')}${ctx.moduleReady !== true ? ` (the module cannot get a state yet: ${ctx.moduleReady})` : ''}`,
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
  for (const name of needState) {
    const f = ctx.ext.functionsByName.get(name)!;
    const a = ctx.accessOf(f);
    const byObject = a.kind === 'split' && a.objectParam;
    findings.push(ctx.finding(f.file, f.start, f.paramsStart, 'main-interpreter-only', 'warning', 'none',
      `${name}() is in the C-API table but gets no module${byObject ? ' (only an object)' : ''}: it becomes ${name}_impl(st, ...) for callers that have a state, and ${name}() for old consumers ${byObject ? "uses its argument's module, else " : ''}the main interpreter's module (RuntimeError in other interpreters)`,
      'give isolation-aware consumers a variant that takes the module or an object (or the type from the table)'));
  }
  return { action: 'apply', findings };
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

function editExport(c: CapsuleExport, plan: TablePlan, ctx: TransformContext): void {
  const t = plan.table;
  const field = ctx.plan.request({
    name: ctx.plan.freeFieldName(t.name === 'api' || t.name === 'API' ? `${t.name}_table` : t.name, 'capi'),
    ctype: 'void *',
    arrayLen: t.arrayLen,
    owns: 'none',
    was: `static void *${t.name}[${t.arrayLen}] (the exported C-API table)`,
    from: ID,
  });
  rewriteUses(t.uses, t.name, field, ctx);
  removeGlobalDeclaration(t, ctx);
  ctx.plan.mainState = true;
  // Before the statement that makes the capsule: the main interpreter's first module becomes the
  // legacy C-API's module, kept alive until exit (consumers cache its table in C globals).
  const src = c.file.source;
  const stmt = enclosingStatement(c.file.parsed.tree.rootNode.descendantForIndex(c.callStart, c.callStart + 5));
  const indent = src.indentAt(stmt.startIndex);
  const u = src.indentUnit;
  const e = src.eol;
  const module = ctx.plan.execParam ?? 'module';
  const mainState = ctx.plan.names.mainState;
  const lines = [
    `/* pyext-isolate: the main interpreter's first module serves consumers that cache the table. */`,
    `if (${mainState} == NULL && PyInterpreterState_Get() == PyInterpreterState_Main()) {`,
    `${u}${mainState} = ${c.func ? ctx.plan.stateVar(c.func) : 'st'};`,
    `${u}Py_INCREF(${module}); /* kept alive until exit */`,
    `}`,
  ];
  ctx.insert(c.file, stmt.startIndex, lines.map((l, i) => (i === 0 ? l : indent + l)).join(e) + e + indent, 0);
  if (c.func) ctx.stateIn(c.func);
}

function decideImport(cand: { c: CapsuleImport; moves?: GlobalVar }, ctx: TransformContext): Decision {
  const c = cand.c;
  const target = c.target?.replace(/\s+/g, '');
  const g = c.inMacro ? undefined : ctx.ext.globals.find((x) => x.name === target && (x.scope === 'file' || x.storage === 'static'));
  if (!c.inMacro && !g) return { action: 'skip', findings: [] };
  const message = `the C-API table of capsule ${c.capsuleName} is kept in the C global '${c.target}': one table per process, from whichever interpreter imported first`;
  // The pointer becomes a C field of the state, filled where the capsule is imported (exec), when
  // every use reaches the state: each interpreter then uses the table its own import gave it.
  const problem = g ? (g.scope === 'file' && c.func ? cDataProblem(g, ctx) : { reason: 'it is not imported in a function' }) : { reason: `it is imported in a macro (${c.capsuleName})` };
  if (g && !problem) {
    cand.moves = g;
    return {
      action: 'apply',
      findings: [ctx.finding(c.file, c.start, c.end, 'consumer-global', 'error', 'auto', message,
        `${ID} moves '${g.name}' into ${ctx.plan.names.struct} as a C field (per module), filled by this import in exec, and rewrites its ${g.uses.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}`)],
    };
  }
  return {
    action: 'manual',
    findings: [ctx.finding(c.file, c.start, c.end, 'consumer-global', 'error', 'manual', `${message}${problem && g ? `; it cannot move into the module state: ${problem.reason}` : ''}`,
      'an isolation-aware consumer keeps the table in its own module state and imports the capsule in its exec function')],
  };
}
