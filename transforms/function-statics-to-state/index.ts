/**
 * function-statics-to-state: function-level `static PyObject *x = NULL; if (x == NULL) x = ...;`
 * caches (NumPy's most common pattern) become state fields; the lazy fill stays lazy, only the
 * storage moves (rewrite spec §3).
 */
import { fillHelperOf, FillHelperUse } from '../shared/fill-helpers';
import type { GlobalVar } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { rewriteUses, useProblem, useLocation, pastedBy } from '../shared/state-uses';
import { fieldOwnership, OWNERSHIP_MANUAL, Ownership } from '../shared/ownership';
import { removeGlobalDeclaration } from '../globals-to-state';

export const ID = 'function-statics-to-state';

interface Candidate {
  g: GlobalVar;
  owns?: 'strong' | 'none';
  /** Fill helpers its address goes to (npy_cache_import): they get the field's address. */
  helpers?: string[];
}

export const functionStaticsToState: Transform<Candidate> = {
  id: ID,
  title: 'Move function-level static caches into module state',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    return ctx.ext.globals.filter((g) => g.scope === 'function' && g.isPythonObject && g.category !== 'py-identifier').map((g) => ({ g }));
  },
  decide,
  edit(c, ctx) {
    const { g } = c;
    const field = ctx.plan.request({
      name: ctx.plan.freeFieldName(g.name, g.func!.name),
      ctype: g.ctype,
      owns: c.owns ?? 'strong',
      was: `static ${g.ctype}${g.ctype.endsWith('*') ? '' : ' '}${g.name} in ${g.func!.name}()${c.helpers?.length ? `; ${c.helpers.map((h) => `${h}()`).join(', ')} fills it through its address` : ''}`,
      from: ID,
    });
    rewriteUses(g.uses, g.name, field, ctx);
    removeGlobalDeclaration(g, ctx);
  },
};

function decide(c: Candidate, ctx: TransformContext): Decision {
  const { g } = c;
  const f = g.func!;
  const rule = g.inTemplate ? 'in-template' : 'lazy-cache';
  const what = `function-level static '${g.name}' in ${f.name}()`;
  const manual = (why: string, steps: string, at = g.declStart): Decision => ({
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'manual', `${what} is shared by every interpreter: ${why}${at !== g.declStart ? ` (at ${useLocation(g.file, at, g.file)})` : ''}`, steps)],
  });
  if (g.inTemplate) return manual('it is inside a .c.src template block, so each expansion has its own static', 'give each expansion its own state field (or move the cache out of the template), then run again');
  if (g.arrayLen !== undefined) return manual('it is an array', 'move it by hand');
  if (g.init && !/^\s*(NULL|0|\(\s*PyObject\s*\*\s*\)\s*NULL)\s*$/.test(g.init.text)) return manual(`it starts as '${g.init.text}', not NULL`, 'fill it in the module exec function instead');
  // `npy_cache_import(..., &cache)`: a helper that only tests and fills `*arg` gets `&st->cache`.
  const helpers: FillHelperUse[] = [];
  for (const u of g.addressEscapes) {
    if (/PyUnicode_InternInPlace\s*\(\s*&\s*$/.test(g.file.source.text.slice(Math.max(0, u.start - 40), u.start))) continue;
    const h = fillHelperOf(u, ctx);
    if (!h) return manual('its address escapes', 'pass the value instead of its address (or fill it through a helper of these files that only tests and sets *arg)', u.start);
    helpers.push(h);
  }
  const pasted = pastedBy(g.name, ctx);
  if (pasted) return manual(`macro ${pasted}() builds identifiers by token pasting and may use it where no rewrite can see`, 'expand the macro by hand for this name, then run again');
  const owns = withHelperFills(fieldOwnership(g), g, helpers);
  if (owns === OWNERSHIP_MANUAL) return manual('it is filled both with new and with borrowed references', 'make every fill own its reference, then run again');
  const p = useProblem(g.uses, g.name, ctx);
  if (p) return manual(p.reason, p.suggestion, p.at);
  if (typeof owns === 'object') {
    const f = owns.unknown;
    return manual(`it is set from '${f.value.trim()}', and whether that hands it a reference of its own cannot be told`, 'make the fill own its reference (Py_NewRef / Py_INCREF) or say so with a call the tool knows, then run again', f.start);
  }
  if (ctx.moduleReady !== true) return manual(`the module cannot get a state yet: ${ctx.moduleReady}`, 'resolve the multi-phase-init finding first');
  c.owns = owns;
  c.helpers = [...new Set(helpers.map((h) => h.helper.name))];
  return {
    action: 'apply',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'auto', `${what} caches a Python object for the whole process`, `${ID} moves it into ${ctx.plan.names.struct}; the lazy fill stays as it is${c.helpers.length ? ` (${c.helpers.map((h) => `${h}()`).join(', ')} gets the field's address)` : ''}`)],
  };
}

/** Ownership from the direct fills and from what the fill helpers store; manual when they disagree. */
function withHelperFills(direct: Ownership, g: GlobalVar, helpers: FillHelperUse[]): Ownership {
  if (helpers.length === 0 || typeof direct === 'object' || direct === OWNERSHIP_MANUAL) return direct;
  const kinds = new Set(helpers.map((h) => h.owns));
  if (kinds.size > 1) return OWNERSHIP_MANUAL;
  const viaHelper = helpers[0].owns;
  const filledDirectly = g.fills.some((f) => !/^(NULL|0)?$/.test(f.value.trim()));
  return !filledDirectly || direct === viaHelper ? viaHelper : OWNERSHIP_MANUAL;
}
