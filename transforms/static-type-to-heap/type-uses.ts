/**
 * Which uses of a converted type still name it (and so read the state): not its readying call,
 * slot calls through it, run-time fields folded into a spec, default metatype stores, a heap
 * subtype's tp_base, nor a table that moves into the state.
 */
import type { FileModel, StaticType, RuntimeField } from '../../src/model/types';
import type { TransformContext } from '../types';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { effectiveField, baseOfType } from './render';
import type { TypeCandidate } from './type-candidate';
import { subtypeNaming, inMovingTable } from './intrinsic-problems';
import { movingObjectAt } from '../shared/static-objects';

/**
 * Uses that must read the state: not the PyType_Ready call (it becomes the creation), not
 * `X.tp_slot(...)` calls, not inside `Y.tp_field = ...;` statements that fold into a spec.
 */
export function remainingUses(c: TypeCandidate, ctx: TransformContext): StaticType['uses'] {
  const folded = ctx.ext.types.filter((u) => ctx.heapTypes.has(u.name)).flatMap((u) => u.runtimeFields);
  const filledLater = (u: { file: FileModel; start: number }): boolean => !!c.typeArray && u.file === c.typeArray.file && u.start >= c.typeArray.start && u.start < c.typeArray.end;
  return c.t.uses.filter((u) => !isReadyUse(c, u) && u !== c.lazyReady?.use && !filledLater(u) && !isSlotCall(c.t, u) && !folded.some((rf) => inFold(rf, u, ctx)) && !defaultMetatypeStores(c).some((x) => x.func.file === u.file && u.start >= x.stmtStart && u.start < x.stmtEnd) && !isBaseOfHeapSubtype(c.t, u, ctx) && !inMovingTable(u, ctx) && !movingObjectAt(c.t, u, ctx));
}

/**
 * What folding `rf` into its type's spec removes: the statement, or, in a chained store some link of which stays
 * (a type that stays static, a store into something else), only the type's own `X.tp_field = `.
 */
export function foldedSpan(rf: RuntimeField, ctx: TransformContext): { start: number; end: number } {
  if (!rf.link) return { start: rf.stmtStart, end: rf.stmtEnd };
  const chain = ctx.ext.types.filter((x) => ctx.heapTypes.has(x.name)).flatMap((x) => x.runtimeFields).filter((o) => o.func === rf.func && o.stmtStart === rf.stmtStart);
  return chain.length === rf.link.links ? { start: rf.stmtStart, end: rf.stmtEnd } : { start: rf.link.start, end: rf.link.end };
}

export function inFold(rf: RuntimeField, u: { file: FileModel; start: number }, ctx: TransformContext): boolean {
  const span = foldedSpan(rf, ctx);
  return rf.func?.file === u.file && u.start >= span.start && u.start < span.end;
}

/**
 * `Py_SET_TYPE(&X, &PyType_Type);` (and its spellings) before PyType_Ready(&X) in the same
 * function: the metatype PyType_Ready would set, which a type made from a spec has anyway. Not a
 * use of the type: the statement goes away with the conversion.
 */
export function defaultMetatypeStores(c: TypeCandidate): StaticType['metatypeStores'] {
  const r = c.ready;
  return r ? c.t.metatypeStores.filter((s) => s.func === r.func && s.stmtEnd <= r.start) : [];
}

/** `.tp_base = &Base` in the initializer of a subtype that becomes a heap type: it becomes the creation's base argument. */
function isBaseOfHeapSubtype(t: StaticType, u: StaticType['uses'][number], ctx: TransformContext): boolean {
  const s = subtypeNaming(t, u, ctx);
  return !!s && ctx.heapTypes.has(s.name);
}

function isReadyUse(c: TypeCandidate, u: { file: FileModel; start: number }): boolean {
  return !!c.ready && u.file === c.ready.func.file && u.start >= c.ready.start && u.start < c.ready.end;
}

/**
 * `X.tp_dealloc(o)` and friends: calls of a slot function named in the initializer, and
 * `X.tp_free(o)` where tp_free is inherited from object: the heap type (always GC) frees
 * with PyObject_GC_Del.
 */
export function isSlotCall(t: StaticType, u: StaticType['uses'][number]): boolean {
  return slotCallTarget(t, u) !== undefined;
}

export function slotCallTarget(t: StaticType, u: StaticType['uses'][number]): { field: string; fn: string; cast?: string } | undefined {
  if (u.kind !== 'member') return undefined;
  const m = /^\s*\.\s*(tp_\w+)\s*\(/.exec(u.file.source.text.slice(u.end, u.end + 40));
  if (!m) return undefined;
  const f = effectiveField(t, m[1]);
  if (f && !isZeroExpr(f.value)) {
    const fn = stripCasts(f.value);
    if (!/^[A-Za-z_]\w*$/.test(fn)) return undefined;
    // `(richcmpfunc) disk_richcompare`: the call went through the slot's type, whose parameters are
    // PyObject *; a direct call of a function taking its own object struct casts its arguments.
    const cast = /^(\([^()]*(?:\([^()]*\)[^()]*)*\))\s*&?\s*[A-Za-z_]\w*$/.exec(f.value.trim())?.[1];
    return { field: m[1], fn, cast };
  }
  const base = baseOfType(t);
  if (m[1] === 'tp_free' && (!base || base === 'PyBaseObject_Type')) return { field: m[1], fn: 'PyObject_GC_Del' };
  return undefined;
}
