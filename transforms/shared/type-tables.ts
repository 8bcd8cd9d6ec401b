/**
 * Tables of the module's own static types (`static PyTypeObject *type_tbl[] = { &DbType,
 * &EnvType, ... };` at file scope, read by index; `static PyTypeObject *types[] = { &A, &B, NULL };`
 * in an init helper that loops over it with PyType_Ready). The types become heap types made per
 * module, so a table of their addresses cannot stay one per process: the findings on the table
 * and on each type it lists say what to do with it.
 */
import type { GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';

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
  const reason = `it is a table of the module's static types (${listed}), which become heap types made once per module: a table of their addresses cannot stay one per process`;
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
