/**
 * The table a capsule exports: where it is, its entries (functions, the module's types and objects),
 * its struct members, and whether it can become a state field (movableTable, which the pipeline asks too).
 */
import * as path from 'path';
import type { CapsuleExport, GlobalVar, FunctionInfo, StaticType, StructDef } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stripCasts, functionName, isZeroExpr } from '../../src/model/cnodes';
import { isOwnMainState } from '../shared/c-data';
import { decodeFieldsInitializer } from '../../src/model/initializers';
import type { Candidate, TablePlan, Member } from './capsule-candidate';

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
export function pointedTable(c: CapsuleExport, pointer: GlobalVar, ctx: TransformContext): { table: GlobalVar; reason: string } | undefined {
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
