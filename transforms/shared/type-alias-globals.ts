/**
 * Object globals that keep the address of one of the module's static types
 * (`Entry = (PyObject *)&EntryType;`, PyGreSQL's `LargeObject = (PyObject *)&largeType;`).
 * Converting the type alone would leave its static address in a C global; moving the global
 * alone leaves the type static, and the next run converts it (apply would not be a fixed point).
 * So the type converts on the premise that the global moves too, and planning checks the premise
 * once every decision is made (plan-extension.ts, PlanOptions.keptTypeAliases).
 */
import type { GlobalVar, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stripCasts } from '../../src/model/cnodes';

/** The globals taken to move with the type: each filled by a statement of its own in a function. */
export function typeAliasGlobals(t: StaticType, ctx: TransformContext): GlobalVar[] {
  const out: GlobalVar[] = [];
  for (const u of t.uses) {
    const g = u.func && u.kind === 'address' ? typeAliasAt(u, ctx) : undefined;
    if (g && !out.includes(g)) out.push(g);
  }
  return out;
}

/** The global a use of the type's address is stored in by `G = (PyObject *)&T;`, when G may move with it. */
export function typeAliasAt(u: StaticType['uses'][number], ctx: TransformContext): GlobalVar | undefined {
  const text = u.file.source.text;
  const ls = Math.max(text.lastIndexOf(';', u.start), text.lastIndexOf('{', u.start), text.lastIndexOf('}', u.start)) + 1;
  const m = /^\s*([A-Za-z_]\w*)\s*=\s*(?:\(\s*(?:struct\s+)?\w+\s*\*\s*\)\s*)?&?\s*$/.exec(text.slice(ls, u.start));
  if (!m || !/^\s*;/.test(text.slice(u.end, u.end + 20)) || ctx.keptTypeAliases.has(m[1])) return undefined;
  const g = ctx.ext.globals.find((x) => x.name === m[1] && x.scope === 'file');
  return g && (g.isPythonObject || /^(PyObject|PyTypeObject)$/.test(g.baseType)) && g.pointerDepth === 1 && g.arrayLen === undefined && !allocationThrough(g) ? g : undefined;
}

const ALLOCATION_TYPE_ARG = /\bPyObject_(?:New|NEW|NewVar|NEW_VAR|Init|INIT|InitVar|INIT_VAR)\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*(?:\([^()]*\)\s*)?$/;

/**
 * A use of the global as the type of `PyObject_New(T, (PyTypeObject *)G)` (or PyObject_Init): the
 * rewrite makes a converted type GC and turns only the allocations that name the type into GC ones;
 * one through the global would stay a plain allocation of a GC type. Such a global and its type
 * stay as they are (see the global's finding).
 */
export function allocationThrough(g: GlobalVar): GlobalVar['uses'][number] | undefined {
  return g.uses.find((u) => u.func && ALLOCATION_TYPE_ARG.test(u.file.source.text.slice(Math.max(0, u.start - 160), u.start)));
}

/** `G = (PyObject *)&T;` of a type that stays static, with an allocation through G: G stays too. */
export function typeAliasWithAllocation(g: GlobalVar, ctx: TransformContext): { type: string; at: GlobalVar['uses'][number] } | undefined {
  if (g.scope !== 'file') return undefined;
  const type = g.fills.map((f) => /^&\s*([A-Za-z_]\w*)$/.exec(stripCasts(f.value.trim()))?.[1]).find((n) => n !== undefined && ctx.ext.typesByName.has(n));
  if (!type || ctx.heapTypes.has(type)) return undefined;
  const at = allocationThrough(g);
  return at ? { type, at } : undefined;
}
