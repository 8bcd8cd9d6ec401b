/**
 * Tables of the module's own static types (`static PyTypeObject *type_tbl[] = { &DbType,
 * &EnvType, ... };` at file scope, read by index; `static PyTypeObject *types[] = { &A, &B, NULL };`
 * in an init helper that loops over it with PyType_Ready). The types become heap types made per
 * module, so a table of their addresses cannot stay one per process: the findings on the table
 * and on each type it lists say what to do with it.
 */
import * as path from 'path';
import type { GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { fileTableFill, typeArrayFillAt, type TypeArrayFill } from '../static-type-to-heap/type-array-fill';

export interface TypeTable {
  /** The static types listed, in order. */
  types: string[];
  /** Ends with a NULL entry (a loop runs to it). */
  terminated: boolean;
}

/** The table `g` when it is an array whose initializer lists only addresses of static types of the extension (and a NULL end). */
export function staticTypeTable(g: GlobalVar, ctx: TransformContext): TypeTable | undefined {
  if (g.arrayLen === undefined || !g.init || g.baseType !== 'PyTypeObject') return undefined;
  const body = /^\s*\{([^{}]*)\}\s*$/.exec(g.init.text.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ' '));
  if (!body) return undefined;
  const entries = body[1].split(',').map((e) => e.trim());
  if (entries[entries.length - 1] === '') entries.pop();
  const types: string[] = [];
  let terminated = false;
  for (const [i, e] of entries.entries()) {
    const m = /^(?:\(\s*PyTypeObject\s*\*\s*\)\s*)?&\s*([A-Za-z_]\w*)$/.exec(e);
    if (m && ctx.ext.types.some((t) => t.name === m[1])) types.push(m[1]);
    else if (/^(?:NULL|0)$/.test(e) && i === entries.length - 1) terminated = true;
    else return undefined;
  }
  return types.length > 0 ? { types, terminated } : undefined;
}

/** The reason and the steps for the table's own finding. */
export function typeTableAdvice(g: GlobalVar, table: TypeTable, ctx: TransformContext): { reason: string; steps: string } {
  const st = ctx.plan.names.struct;
  const listed = table.types.map((t) => `&${t}`).join(', ');
  const reason = `it is a table of the module's static types (${listed}), which become heap types made once per module: a table of their addresses cannot stay one per process, and ${notLocalReason(g, ctx)}, so it cannot become a local array filled from the state either`;
  const exec = ctx.plan.execFunction ?? ctx.ext.init?.func;
  if (g.scope === 'function' && g.func !== exec && !ctx.moduleHelpers.has(g.func!)) {
    return { reason, steps: `read the types from the module state where ${g.func!.name}() needs them (st->${table.types[0]}, ...) instead of keeping a static table of their addresses; then run again` };
  }
  if (g.scope === 'function') {
    return {
      reason,
      steps: `drop the table and do for each type what the loop over it does (PyType_Ready and adding it to the module, one call each, in the order listed), or loop over a local array filled from the state fields (st->${table.types[0]}, ...) once the types are created in the exec function; then run again`,
    };
  }
  const n = table.types.length + (table.terminated ? 1 : 0);
  return {
    reason,
    steps: `make it a field of ${st} (PyTypeObject *${g.name}[${n}]) filled in the exec function once the types are created (st->${g.name}[0] = st->${table.types[0]}; ...), read it as st->${g.name}[i] where it is used, and drop the static table; then run again`,
  };
}

/**
 * A table only read in the init function (exec) or in a helper it calls once (a loop that readies and
 * adds the types): a function-level static one, or a file-scope one only that function uses.
 * static-type-to-heap makes it a local array filled from the state's pointers once the types exist,
 * so it needs no state field of its own.
 */
export function localTableOf(g: GlobalVar, ctx: TransformContext): TypeArrayFill | undefined {
  if (!g.init || g.conditional) return undefined;
  const f = g.scope === 'function' ? g.func : g.uses[0]?.func;
  if (!f || (f !== (ctx.plan.execFunction ?? ctx.ext.init?.func) && !ctx.moduleHelpers.has(f))) return undefined;
  if (g.scope === 'file') return fileTableFill(g, f);
  const a = typeArrayFillAt(f, g.init.start, true);
  return a?.dropStatic ? a : undefined;
}

/** Why `g` is not a table only read in a loop of the init function or a helper it calls once (localTableOf). */
function notLocalReason(g: GlobalVar, ctx: TransformContext): string {
  const exec = ctx.plan.execFunction ?? ctx.ext.init?.func;
  const at = (u: { file: GlobalVar['file']; start: number }): string => `${path.basename(u.file.path)}:${u.file.source.position(u.start).line}`;
  const outside = g.uses.find((u) => !u.func);
  if (outside) return `it is named outside any function (${at(outside)})`;
  const users = [...new Set(g.scope === 'function' ? [g.func!] : g.uses.map((u) => u.func!))];
  const other = g.uses.find((u) => u.func !== exec && !ctx.moduleHelpers.has(u.func!));
  if (g.scope === 'function' && g.func !== exec && !ctx.moduleHelpers.has(g.func!)) return `${g.func!.name}() is neither the init function nor a helper it calls once`;
  if (other) return `it is read in ${other.func!.name}() (${at(other)}), which is neither the init function nor a helper it calls once${ctx.roles.of(other.func!).length > 0 ? ' (Python calls it, at run time)' : ''}`;
  if (users.length > 1) return `it is read in more than one function (${users.map((f) => `${f.name}()`).join(', ')})`;
  if (g.scope === 'file' && g.storage !== 'static') return 'it is not static, so other files may use it';
  if (g.conditional) return 'it is declared under #if';
  return `${users[0]?.name ?? 'its function'}() does more with it than read its elements in its statements (it writes it, takes its address, hands the array on, or reads it among its declarations), or its declaration is not a plain list of type addresses`;
}
