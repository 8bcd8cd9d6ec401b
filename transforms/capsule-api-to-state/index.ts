/**
 * capsule-api-to-state: an exported C-API table (a static array or struct of pointers passed to
 * PyCapsule_New in the init function) becomes a field of the module state, filled in exec, so
 * each module instance exports its own table (types and objects of that instance). The capsule
 * name and the table layout never change. The first module of the main interpreter is kept alive
 * for good and serves consumers that are not isolation-aware; table functions that get no module
 * are split into `F_impl(st, ...)` and a legacy `F(...)` bound to that main module (rewrite
 * spec section 6).
 */
import type { Transform } from '../types';
import { editCData } from '../shared/c-data';
import { ID } from './id';
import type { Candidate } from './capsule-candidate';
import { decideExport } from './decide-export';
import { editExport } from './edit-export';
import { decideImport } from './consumer-tables';

export { ID } from './id';

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
