/**
 * A static type as the transform sees it, with what decide finds for its edit (the readying
 * call, its base, folded run-time fields). Types only, shared by the transform's parts.
 */
import type { StaticType, GlobalVar, FunctionInfo } from '../../src/model/types';
import type { MacroCreation } from './macro-ready';
import type { TypeArrayFill } from './type-array-fill';
import type { LazyReady } from './lazy-ready';

export interface TypeCandidate {
  t: StaticType;
  /**
   * The PyType_Ready(&X) call that becomes the creation, or the call of a macro that readies its type
   * parameter (`ADD_TYPE("x", X)`), with the rewrite of that macro.
   */
  ready?: { start: number; end: number; func: FunctionInfo; macro?: MacroCreation };
  base?: string;
  /** A base known only at run time (`PyDateTimeAPI->TZInfoType`), passed to the creation as written. */
  baseExpr?: string;
  subStructs: GlobalVar[];
  /** Runtime `X.tp_field = v;` statements folded into the spec. */
  folded: StaticType['runtimeFields'];
  /**
   * Where the spec goes when a folded slot names a function or table that the file defines below
   * the type (the init function filled it in): after the last of them, not where the type was.
   */
  placeAfter?: number;
  /**
   * Never readied (CPython readies such a type lazily, on its first attribute lookup): created at
   * the top of this exec function, before anything there can use it.
   */
  eager?: FunctionInfo;
  /** A lazy `if (PyType_Ready(&X) < 0) return NULL;` in a function Python calls: it goes, X is created eagerly. */
  lazyReady?: LazyReady;
  /** The array of type addresses among exec's declarations that names it: filled after the creations. */
  typeArray?: TypeArrayFill;
}
