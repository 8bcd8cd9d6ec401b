/**
 * static-type-to-heap: `static PyTypeObject X = {...}` -> `PyType_Slot X_slots[]` + `PyType_Spec
 * X_spec`, created in exec with PyType_FromModuleAndSpec into `st->X` (rewrite spec §4), with the
 * heap-type rules: dealloc drops the type reference, GC visits the type, tp_new NULL stays
 * uninstantiable, the type stays immutable. This file only composes the parts: the candidate, the
 * decision (decide-type.ts, with intrinsic-problems.ts and type-uses.ts) and the edit (edit-type.ts).
 */
import type { Transform } from '../types';
import type { TypeCandidate } from './type-candidate';
import { ID } from './id';
import { decide } from './decide-type';
import { edit } from './edit-type';

export { ID } from './id';

export const staticTypeToHeap: Transform<TypeCandidate> = {
  id: ID,
  title: 'Turn static types into heap types',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    return ctx.ext.types.map((t) => ({ t, subStructs: [], folded: [] }));
  },
  decide,
  edit,
};

