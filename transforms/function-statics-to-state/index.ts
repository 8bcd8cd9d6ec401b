/**
 * function-statics-to-state: function-level `static PyObject *x = NULL; if (x == NULL) x = ...;`
 * caches (NumPy's most common pattern) become state fields; the lazy fill stays lazy, only the
 * storage moves (rewrite spec §3).
 */
import { localTableOf, staticTypeTable, typeTableAdvice } from '../shared/type-tables';
import { fillHelperOf, FillHelperUse } from '../shared/fill-helpers';
import type { GlobalVar } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { rewriteUses, useLocation } from '../shared/state-uses';
import { useProblem } from '../shared/use-problems';
import { pastedBy } from '../shared/pasted-by';
import { fieldOwnership, OWNERSHIP_MANUAL, Ownership } from '../shared/ownership';
import { removeGlobalDeclaration } from '../shared/global-declarations';
import { decideCData, editCData } from '../shared/c-data';
import { isCData } from '../shared/c-data-problems';
import { staticsInMacros, macroUsers, type MacroStatic } from '../../src/model/macro-users';
import { isPythonObjectType } from '../../src/model/globals';
import { namesDeclaredIn } from '../../src/model/declared-names';
import { errorValue } from '../../src/plan/helper-signature';
import { CACHE_LOCAL, declaringBlock, type InterpCacheEntry } from '../../src/plan/interp-cache';
import { outputName } from '../shared/output-name';

export const ID = 'function-statics-to-state';

interface Candidate {
  g: GlobalVar;
  owns?: 'strong' | 'none';
  /** Fill helpers its address goes to (npy_cache_import): they get the field's address. */
  helpers?: string[];
  /** Its function cannot reach the module state: the cache is kept per interpreter instead. */
  perInterpreter?: Omit<InterpCacheEntry, 'g' | 'field' | 'owns' | 'was'>;
}

/** A cache declared inside a macro body: one per expansion, reported only. */
interface MacroCandidate {
  inMacro: MacroStatic;
}

export const functionStaticsToState: Transform<Candidate | MacroCandidate> = {
  id: ID,
  title: 'Move function-level static caches into module state',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    const statics: (Candidate | MacroCandidate)[] = ctx.ext.globals.filter((g) => g.scope === 'function' && ((g.isPythonObject && g.category !== 'py-identifier') || isCData(g))).map((g) => ({ g }));
    const inMacros = staticsInMacros(ctx.ext, isPythonObjectType).filter((s) => s.isObject);
    return [...statics, ...inMacros.map((inMacro) => ({ inMacro }))];
  },
  decide: (c, ctx) => ('inMacro' in c ? decideInMacro(c.inMacro, ctx) : decide(c, ctx)),
  edit(c, ctx) {
    if ('inMacro' in c) return;
    const { g } = c;
    if (isCData(g)) return editCData(g, ctx, ID);
    const was = `static ${g.ctype}${g.ctype.endsWith('*') ? '' : ' '}${g.name} in ${outputName(ctx, g.func!)}()${c.helpers?.length ? `; ${c.helpers.map((h) => `${h}()`).join(', ')} fills it through its address` : ''}`;
    if (c.perInterpreter) {
      const taken = new Set(ctx.plan.interpCaches.filter((e) => e.g.func!.file === g.func!.file).map((e) => e.field));
      let field = taken.has(g.name) ? `${outputName(ctx, g.func!)}_${g.name}` : g.name;
      for (let i = 2; taken.has(field); i++) field = `${g.name}_${i}`;
      ctx.plan.interpCaches.push({ g, field, owns: c.owns ?? 'strong', was, ...c.perInterpreter });
      rewriteUses(g.uses, g.name, field, ctx, false, CACHE_LOCAL);
      return;
    }
    const field = ctx.plan.request({
      name: ctx.plan.freeFieldName(g.name, outputName(ctx, g.func!)),
      ctype: g.ctype,
      owns: c.owns ?? 'strong',
      guard: g.guard,
      was,
      from: ID,
    });
    rewriteUses(g.uses, g.name, field, ctx);
    removeGlobalDeclaration(g, ctx);
  },
};

/** Each function that expands the macro has its own static: no one state field can stand for them. */
function decideInMacro(s: MacroStatic, ctx: TransformContext): Decision {
  const users = macroUsers(ctx.ext, s.macro.name).funcs.map((f) => `${f.name}()`);
  const shown = users.length > 3 ? `${users.slice(0, 3).join(', ')} and ${users.length - 3} more` : users.join(', ');
  return {
    action: 'manual',
    findings: [ctx.finding(s.file, s.start, s.end, 'in-macro', 'error', 'manual',
      `function-level static '${s.name}' in macro ${s.macro.name}() caches a Python object for the whole process, once per expansion (in ${shown}): one state field cannot stand for every expansion`,
      `give ${s.macro.name}() the cache as an argument that names a state field per expansion (or expand the macro by hand), then run again`)],
  };
}

function decide(c: Candidate, ctx: TransformContext): Decision {
  const { g } = c;
  if (g.func?.macroTemplate) return decideInFunctionMacro(g, ctx);
  if (isCData(g)) return decideCData(g, ctx, ID, 'static');
  const f = g.func!;
  const rule = g.inTemplate ? 'in-template' : 'lazy-cache';
  const what = `function-level static '${g.name}' in ${f.name}()`;
  const manual = (why: string, steps: string, at = g.declStart): Decision => ({
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'manual', `${what} is shared by every interpreter: ${why}${at !== g.declStart ? ` (at ${useLocation(g.file, at, g.file)})` : ''}`, steps)],
  });
  if (g.inTemplate) return manual('it is inside a .c.src template block, so each expansion has its own static', 'give each expansion its own state field (or move the cache out of the template), then run again');
  const table = staticTypeTable(g, ctx);
  // Made a local array filled from the state by static-type-to-heap (its types' findings say so).
  if (table && localTableOf(g, ctx)) return { action: 'skip', findings: [] };
  if (table) {
    const advice = typeTableAdvice(g, table, ctx);
    return manual(advice.reason, advice.steps);
  }
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
  if (p) {
    const reach = ctx.accessOf(f);
    if (reach.kind !== 'none' || typeof owns === 'object') return manual(p.reason, p.suggestion, p.at);
    const kept = perInterpreter(g, ctx);
    if (typeof kept === 'string') return manual(`${p.reason}; it cannot be kept per interpreter either: ${kept}`, p.suggestion, p.at);
    c.owns = owns;
    c.helpers = [...new Set(helpers.map((h) => h.helper.name))];
    c.perInterpreter = kept;
    return {
      action: 'apply',
      findings: [
        ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'auto', `${what} caches a Python object for the whole process`, `${ID} keeps it per interpreter: ${f.name}() cannot reach the module state (${reach.reason}), so the cache moves into a struct each interpreter keeps in its interpreter dict, looked up where the static was declared${c.helpers.length ? ` (${c.helpers.map((h) => `${h}()`).join(', ')} gets the field's address)` : ''}`),
      ],
    };
  }
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

/**
 * `#define EVENT(kind) static PyObject *emit_##kind(...) { static PyObject *name; ... }`: every
 * expansion defines a function of its own with a static of its own. One field would make them
 * share the first expansion's value (emit_stop() calling on_start).
 */
function decideInFunctionMacro(g: GlobalVar, ctx: TransformContext): Decision {
  const cData = isCData(g);
  if (cData) {
    const d = decideCData(g, ctx, ID, 'static');
    if (d.action === 'skip') return d;
  }
  const t = g.func!.macroTemplate!;
  const names = t.names.map((n) => `${n}()`);
  const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
  const what = cData ? `mutable C static '${g.name}' in macro ${t.macro}() is shared by every interpreter` : `function-level static '${g.name}' in macro ${t.macro}() caches a Python object for the whole process`;
  return {
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, 'in-macro', 'error', 'manual',
      `${what}, once per function the macro defines (${shown || 'no expansion seen'}): one state field cannot stand for every expansion`,
      `give ${t.macro}() a state field per expansion (or expand the macro by hand), then run again`)],
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

/** Where the per-interpreter lookup goes, or why a cache cannot be kept per interpreter. */
function perInterpreter(g: GlobalVar, ctx: TransformContext): Candidate['perInterpreter'] | string {
  const f = g.func!;
  if (ctx.roles.of(f).some((r) => r.kind === 'init')) return 'it is in the init function';
  const err = errorValue(f.returnType);
  if (err === undefined) return `${f.name}() returns ${f.returnType}, so a failed lookup could not be reported`;
  if (g.siblings > 1) return 'it is declared together with other variables';
  if (namesDeclaredIn(f).has(CACHE_LOCAL)) return `${f.name}() already has a variable named '${CACHE_LOCAL}'`;
  const at = declaringBlock(g);
  if (!at) return 'its declaration is not in a block of the function';
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (u.inMacro || u.func !== f) return `it is used through a macro at ${useLocation(u.file, u.start, g.file)}`;
    if (u.start < (at.leading ? at.block.statementPoint : g.declEnd)) return `a declaration's initializer uses it (${useLocation(u.file, u.start, g.file)}) before the lookup could be checked`;
  }
  return { block: at.block, leading: at.leading, errorValue: err };
}
