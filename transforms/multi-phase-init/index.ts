/**
 * multi-phase-init: single-phase `PyModule_Create` init -> `Py_mod_exec` + `PyModuleDef_Init`
 * (rewrite spec section 5). The old init body becomes the exec function in place; the module def,
 * slots and the new PyInit are rendered by the state-plan emitter, which alone knows whether
 * isolation may be declared (Rule 0). This file only composes the parts: finding the candidates, and
 * for each kind the decision and the edit of the module that does that job.
 */
import type { PyTable } from '../../src/model/types';
import type { Transform } from '../types';
import { moduleSlotsTable, slotSentinel } from '../../src/model/module-slots';

export { ID } from './id';
import { ID } from './id';
import { decidePyState, editPyState, type PyStateCandidate } from './pystate-calls';
import type { InitCandidate } from './init-candidate';
import { unreadInits, unusedMacro, type UnreadInitCandidate } from './unread-inits';
import { decideInit } from './decide-init';
import { editInit } from './edit-init';

/** A multi-phase module whose slots do not declare Py_mod_multiple_interpreters. */
interface SlotsCandidate {
  kind: 'interpreters-slot';
  table: PyTable;
}

/** A multi-phase module that declares subinterpreter support with a shared GIL only (the maintainers' choice). */
interface SharedGilCandidate {
  kind: 'shared-gil-slot';
  table: PyTable;
  at: number;
}

export const multiPhaseInit: Transform<InitCandidate | PyStateCandidate | SlotsCandidate | UnreadInitCandidate | SharedGilCandidate> = {
  id: ID,
  title: 'Convert single-phase init to multi-phase init',
  minPython: '3.9',
  find(ctx) {
    const out: (InitCandidate | PyStateCandidate | SlotsCandidate | UnreadInitCandidate | SharedGilCandidate)[] = [];
    const init = ctx.ext.init;
    if (init && init.phase === 'single') {
      out.push({ init, file: init.func.file, moduleVar: init.createCall?.moduleVar ?? 'module' });
    }
    for (const f of ctx.ext.files) {
      for (const c of f.apiCalls) {
        if (c.api === 'PyState_FindModule' || c.api === 'PyState_AddModule' || c.api === 'PyState_RemoveModule') {
          if (!c.func && unusedMacro(f, c.start, ctx)) continue; // in a macro nobody expands
          out.push({ kind: 'pystate', call: c, file: f });
        }
      }
    }
    out.push(...unreadInits(ctx));
    if (init && init.phase === 'multi') {
      const table = moduleSlotsTable(ctx.ext);
      const slots = table ? table.file.source.text.slice(table.start, table.end) : '';
      if (table && !/\bPy_mod_multiple_interpreters\b/.test(slots)) out.push({ kind: 'interpreters-slot', table });
      const shared = /\{\s*Py_mod_multiple_interpreters\s*,\s*Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED\s*\}/.exec(slots);
      // Our own split on PY_VERSION_HEX (shared GIL below the version a dependency allows own GIL from) claims all it can.
      if (table && shared && !/\bPy_MOD_PER_INTERPRETER_GIL_SUPPORTED\b/.test(slots)) out.push({ kind: 'shared-gil-slot', table, at: table.start + shared.index });
    }
    return out;
  },
  decide(c, ctx) {
    if (!('kind' in c)) return decideInit(c, ctx);
    if (c.kind === 'pystate') return decidePyState(c, ctx);
    if (c.kind === 'unread-init') return { action: 'manual', findings: [ctx.finding(c.file, c.start, c.end, 'unread-init', 'error', 'manual', c.message, c.steps)] };
    if (c.kind === 'shared-gil-slot') {
      // Declared by hand: own-GIL interpreters run the module's C code in parallel, which a C library it
      // calls may not allow; only the maintainers know. Said, never changed.
      return {
        action: 'manual',
        findings: [ctx.finding(c.table.file, c.at, c.at, 'shared-gil-only', 'warning', 'manual',
          `module slots '${c.table.name}' declare Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED: subinterpreters with their own GIL (Python 3.12+) refuse the module, whatever else is isolated`,
          'once the C code it calls may run in several interpreters at the same time, declare Py_MOD_PER_INTERPRETER_GIL_SUPPORTED instead')],
      };
    }
    if (slotSentinel(c.table) === undefined) {
      return { action: 'manual', findings: [ctx.finding(c.table.file, c.table.start, c.table.start, 'no-interpreters-slot', 'error', 'manual', `module slots '${c.table.name}' do not declare Py_mod_multiple_interpreters, and the table's {0, NULL} sentinel was not found to add it before`, 'add {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED} under #ifdef Py_mod_multiple_interpreters by hand')] };
    }
    return {
      action: 'apply',
      findings: [ctx.finding(c.table.file, c.table.start, c.table.start, 'no-interpreters-slot', 'error', 'auto',
        `module slots '${c.table.name}' do not declare Py_mod_multiple_interpreters: Python 3.12+ then refuses the module in subinterpreters with their own GIL`,
        'multi-phase-init adds {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED} (3.12+ only) once no other hazard is left')],
    };
  },
  edit(c, ctx) {
    if (!('kind' in c)) return editInit(c, ctx);
    if (c.kind === 'pystate') return editPyState(c, ctx);
    if (c.kind === 'unread-init' || c.kind === 'shared-gil-slot') return;
    ctx.plan.interpretersSlotTable = c.table;
  },
};
