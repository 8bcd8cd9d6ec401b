/**
 * capsule-api-to-state: an exported C-API table (a static array or struct of pointers passed to
 * PyCapsule_New in the init function) becomes a field of the module state, filled in exec, so
 * each module instance exports its own table (types and objects of that instance). The capsule
 * name and the table layout never change. The first module of the main interpreter is kept alive
 * for good and serves consumers that are not isolation-aware; table functions that get no module
 * are split into `F_impl(st, ...)` and a legacy `F(...)` bound to that main module (rewrite
 * spec section 6).
 */
import * as path from 'path';
import type { CapsuleExport, CapsuleImport, GlobalVar, FunctionInfo, StaticType, StructDef } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { stripCasts, functionName } from '../../src/model/cnodes';
import { rewriteUses } from '../shared/state-uses';
import { removeGlobalDeclaration } from '../shared/global-declarations';
import { enclosingStatement } from '../../src/model/walk';
import { insertLinesBefore } from '../../src/plan/statement-insert';
import { editCData, isOwnMainState } from '../shared/c-data';
import { cDataProblem } from '../shared/c-data-problems';
import { decodeFieldsInitializer } from '../../src/model/initializers';
import { isZeroExpr } from '../../src/model/cnodes';
import type { Finding } from '../../src/core/findings';

export const ID = 'capsule-api-to-state';

type Candidate = { kind: 'export'; c: CapsuleExport; plan?: TablePlan } | { kind: 'import'; c: CapsuleImport; moves?: GlobalVar };

export interface TablePlan {
  table: GlobalVar;
  /** Functions stored in the table (by name). */
  functions: string[];
  /** Entries that are types or objects of the module. */
  perModule: string[];
  /** A struct table: the members its static initializer sets, assigned one by one in exec instead. */
  members?: Member[];
}

/** A member of a struct table and the value its initializer gives it. */
export interface Member {
  field: string;
  value: string;
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

/** Entries of the exported table: the table's initializer, or the `T[i] = v;` fills (a struct's members). */
export function tableEntries(table: GlobalVar, ctx: TransformContext): string[] {
  const st = structTable(table, ctx);
  if (st && 'members' in st) return st.members.map((m) => stripCasts(m.value));
  if (table.init && table.init.text.startsWith('{')) {
    // Roughly, for the report (a designator and any directive line cut off each element).
    return table.init.text.slice(1, -1).split(',').map((s) => stripCasts(s.replace(/^\s*#.*$/gm, '').trim().replace(/^\.\w+\s*=\s*/, ''))).filter((s) => s !== '');
  }
  return table.fills.map((f) => stripCasts(f.value));
}

/** The definition of a struct table's type (`typedef struct {...} ProxyAPI;` of the public header), if the table is one. */
export function structTypeOf(table: GlobalVar, ctx: TransformContext): StructDef | undefined {
  if (table.arrayLen !== undefined || table.pointerDepth !== 0) return undefined;
  const name = table.baseType.trim();
  for (const f of ctx.ext.files) {
    const s = f.structs.get(name) ?? f.structs.get(`struct ${name}`);
    if (s && !s.isPyObject) return s;
  }
  return undefined;
}

/**
 * A struct table (a static struct of pointers, the classic `static FooAPI api = { &FooType, foo_new };`):
 * the members its initializer sets, each to be assigned in exec, or why that cannot be done.
 * Undefined when the table is no struct of these files.
 */
export function structTable(table: GlobalVar, ctx: TransformContext): { members: Member[]; def: StructDef } | { reason: string; def: StructDef } | undefined {
  const def = structTypeOf(table, ctx);
  if (!def) return undefined;
  if (def.fields.length === 0) return { reason: `the fields of ${def.name} are not known`, def };
  // The state struct is placed after the typedefs its fields name; a bare tag is not tracked.
  if (def.name.startsWith('struct ')) return { reason: `its type is the bare tag '${def.name}' (the state struct can only be placed after a typedef name: give it one)`, def };
  if (!table.init) return { members: [], def };
  const src = table.file.source.text;
  const list = table.file.parsed.tree.rootNode.descendantForIndex(table.init.start, table.init.end);
  if (list.type !== 'initializer_list' || list.startIndex !== table.init.start) return { reason: 'its initializer is not a braced list', def };
  const decoded = decodeFieldsInitializer(table.file, list, def.fields.map((f) => f.name));
  if (decoded.problems.length > 0) return { reason: `its initializer cannot be read member by member (${decoded.problems[0]})`, def };
  const body = src.slice(def.start, def.end);
  const members: Member[] = [];
  for (const f of decoded.fields.values()) {
    if (f.conditional) return { reason: `member ${f.field} is set inside an #if`, def };
    if (!def.fields.some((x) => x.name === f.field)) return { reason: `${def.name} has no member ${f.field}`, def };
    // Only what an assignment can take: no braced sub-list, no array member (a string into char[]).
    if (f.value.trim().startsWith('{') || new RegExp(`\\b${f.field}\\s*\\[`).test(body)) return { reason: `member ${f.field} is an array or sub-struct, which an assignment in exec cannot fill`, def };
    if (isZeroExpr(f.value)) continue; // a state struct starts zeroed
    members.push({ field: f.field, value: f.value.trim() });
  }
  return { members, def };
}

/** When the table can move into the state: exported and filled in the init function only, no other uses. */
export function movableTable(cand: Candidate, ctx: TransformContext): TablePlan | undefined {
  if (cand.kind !== 'export') return undefined;
  const table = tableOf(cand.c, ctx);
  if (!table || tableProblem(cand.c, table, ctx)) return undefined;
  const entries = tableEntries(table, ctx);
  const functions = entries.map((e) => functionName(e)).filter((n): n is string => !!n && !!ctx.ext.functionsByName.get(n));
  const perModule = entries.filter((e) => (/^&\s*\w+$/.test(e) && ctx.ext.typesByName.has(e.replace(/^&\s*/, ''))) || ctx.ext.globals.some((g) => g.scope === 'file' && g.isPythonObject && g.name === e));
  const st = structTable(table, ctx);
  return { table, functions: functions.filter((f) => ctx.ext.functionsByName.get(f)!.isStatic), perModule, members: st && 'members' in st ? st.members : undefined };
}

/**
 * A C-API table an earlier run moved into the state (`PyCapsule_New((void *)st->api_table, ...)` in
 * the exec of a module already multi-phase, `st` the exec's state, the field one of the state struct,
 * filled there by `st->api_table[i] = (void *)F;` or `st->capi.member = F;`), with the main-state
 * machinery that run wrote (`<mod>_main_state`, `<mod>_legacy_state()`): its static functions are
 * C-API functions as in one run (split when they need the state: ctx.exportedFunctions), and the
 * functions, prototypes and registration found there are reused, never written twice.
 */
export function movedTable(c: CapsuleExport, ctx: TransformContext): { field: string; functions: string[] } | undefined {
  const tf = c.tableField;
  const exec = ctx.plan.execFunction;
  const own = ctx.plan.ownStruct;
  if (!tf || !exec || c.func !== exec || ctx.ext.init?.phase !== 'multi' || !own) return undefined;
  if (ctx.plan.existingState(exec)?.name !== tf.base || !own.def.fields.some((f) => f.name === tf.field)) return undefined;
  const n = ctx.plan.names;
  const legacy = ctx.ext.functionsByName.get(n.legacyState);
  if (!legacy || legacy.file !== c.file || !ctx.ext.globals.some((g) => isOwnMainState(g, ctx) && g.file === c.file)) return undefined;
  const body = exec.file.source.text.slice(exec.bodyStart, exec.bodyEnd);
  const fill = new RegExp(`\\b${tf.base}\\s*->\\s*${tf.field}\\s*(?:\\[[^\\]=;]*\\]|\\.\\s*\\w+)\\s*=(?!=)\\s*([^;]*);`, 'g');
  const functions: string[] = [];
  for (const m of body.matchAll(fill)) {
    const name = functionName(stripCasts(m[1]));
    const f = name ? ctx.ext.functionsByName.get(name) : undefined;
    if (f && f.isStatic && !functions.includes(f.name)) functions.push(f.name);
  }
  return { field: tf.field, functions };
}

/** Why an exported table cannot move into the state (one clause), or undefined when it can. */
export function tableProblem(c: CapsuleExport, table: GlobalVar, ctx: TransformContext): string | undefined {
  const init = ctx.plan.execFunction ?? ctx.ext.init?.func;
  if (!init) return 'no init function was found';
  if (c.func !== init) return `PyCapsule_New is in ${c.func ? `${c.func.name}()` : 'no function'}, not in the init function`;
  if (table.file !== c.file) return 'it is defined in another file than the init function';
  if (table.scope === 'function' && table.func !== init) return `it is a static of ${table.func?.name}(), not of the init function`;
  if (table.inTemplate) return 'it is in a template file';
  if (table.conditional) return 'it is defined inside an #if';
  const uses = table.uses.filter((u) => u.kind !== 'decl');
  const outside = uses.find((u) => u.func !== init || u.inMacro);
  if (outside) return `it is used ${outside.inMacro ? 'in a macro' : outside.func ? `in ${outside.func.name}()` : 'outside any function'} (line ${table.file.source.position(outside.start).line}), not only in the init function`;
  const st = structTable(table, ctx);
  if (st) {
    if ('reason' in st) return st.reason;
    if (table.isConst) return 'it is declared const';
    // Its members are assigned right before its first use: a type it names must exist by then.
    const first = Math.min(...uses.map((u) => u.start));
    for (const m of st.members) {
      const t = ctx.ext.typesByName.get(stripCasts(m.value).replace(/^&\s*/, ''));
      const made = t && readyAt(t, init, ctx);
      if (t && made !== undefined && made > first) return `member ${m.field} names ${t.name}, which is readied after the table's first use`;
    }
    return undefined;
  }
  if (table.arrayLen === undefined || table.pointerDepth !== 1 || table.baseType !== 'void') return `'${table.ctype.trim()}' is neither a void * array nor a struct of these files`;
  if (table.init && !/^\{\s*\}?$|^\{\s*(NULL|0)\s*\}$/.test(table.init.text.trim()) && table.init.text.trim() !== '') return 'it is initialized with values (fill it in the init function instead)';
  return undefined;
}

/**
 * A capsule made from a pointer global set to a table's address in the same function
 * (`cPersistenceCAPI = &truecPersistenceCAPI;`, persistent): the table, and why it stays. A pointer
 * that outlives the module cannot point into one module's state.
 */
function pointedTable(c: CapsuleExport, pointer: GlobalVar, ctx: TransformContext): { table: GlobalVar; reason: string } | undefined {
  if (pointer.pointerDepth !== 1 || pointer.arrayLen !== undefined || !c.func) return undefined;
  for (const u of pointer.uses) {
    if (u.func !== c.func) continue;
    const m = /^\s*=\s*&\s*([A-Za-z_]\w*)\s*;/.exec(u.file.source.text.slice(u.end, u.end + 200));
    const table = m ? ctx.ext.globals.find((g) => g.name === m[1] && g.file === c.file && structTypeOf(g, ctx)) : undefined;
    if (!table) continue;
    const other = pointer.uses.find((x) => x.kind !== 'decl' && x.func !== c.func);
    const where = other ? ` and also read ${other.inMacro ? 'by a macro' : other.func ? `in ${other.func.name}()` : 'outside any function'} (${path.basename(other.file.path)}:${other.file.source.position(other.start).line})` : '';
    return { table, reason: `it is exported through the C global pointer '${pointer.name}' (set to &${table.name} in ${c.func.name}()${where}), which outlives any one module` };
  }
  return undefined;
}

/** Where in the init function a type is readied (its PyType_Ready, or the call of the helper holding it). */
function readyAt(t: StaticType, init: FunctionInfo, ctx: TransformContext): number | undefined {
  const r = t.uses.find((u) => u.kind === 'address' && u.func && /PyType_Ready\s*\(\s*&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 30), u.start)));
  if (!r) return undefined;
  return r.func === init ? r.start : ctx.moduleHelpers.get(r.func!)?.call.at;
}

function decideExport(cand: Extract<Candidate, { kind: 'export' }>, ctx: TransformContext): Decision {
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

function editExport(c: CapsuleExport, plan: TablePlan, ctx: TransformContext): void {
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
