/**
 * static-type-to-heap: `static PyTypeObject X = {...}` -> `PyType_Slot X_slots[]` + `PyType_Spec
 * X_spec`, created in exec with PyType_FromModuleAndSpec into `st->X` (rewrite spec §4), with the
 * heap-type rules: dealloc drops the type reference, GC visits the type, tp_new NULL stays
 * uninstantiable, the type stays immutable.
 */
import { functionLayout, statementPoint } from '../../src/plan/placement';
import { staticTypeTable } from '../shared/type-tables';
import * as path from 'path';
import type { FileModel, StaticType, GlobalVar, FunctionInfo, RuntimeField } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { atLeast } from '../../src/core/pyversion';
import { useProblem, rewriteUses } from '../shared/state-uses';
import { statementRemoval, spanOf } from '../../src/plan/text-util';
import { renderTypeSpec, specNames, memberOffsets, effectiveField, baseOfType, moduleDescriptor } from './render';
import { ensureInclude } from '../shared/includes';
import { deallocSharer, lifecycleEdits, lifecycleProblem } from './lifecycle';
import { ownTypeChecks } from './own-checks';
import { macroCreation, readiedThroughMacro, type MacroCreation } from './macro-ready';
import { fieldMacrosGoingWith, inMacroDefinition, removeDefinition } from './field-macros';
import { outsideHeaderProblem } from '../../src/model/outside-headers';
import { guardAt, impliedBy } from '../../src/core/conditions';
import { exportedBy } from '../../src/plan/export-marks';
import { typeArrayFillAt, typeArrayFillLine, type TypeArrayFill } from './type-array-fill';

export const ID = 'static-type-to-heap';

/** A type pointer read from a variable or through fields (`PyDateTimeAPI->TZInfoType`, `&mod->Type`), no call. */
const RUNTIME_BASE = /^&?\s*[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*$/;

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
  /** The array of type addresses among exec's declarations that names it: filled after the creations. */
  typeArray?: TypeArrayFill;
}

/** Problems that no use site can fix: the type itself cannot become a heap type here. */
export function intrinsicProblem(t: StaticType, ctx: TransformContext): { reason: string; steps: string; at?: number; file?: FileModel } | undefined {
  if (t.inTemplate) return { reason: 'it is defined inside a .c.src template block', steps: 'convert it by hand' };
  const outside = outsideHeaderProblem(ctx.ext, t.name);
  if (outside) return outside;
  if (t.problems.length > 0) {
    const unknownHead = t.problems.some((p) => p.startsWith('its head-init macro'));
    const damaged = t.problems.some((p) => p.startsWith('it has code that could not be parsed'));
    return {
      reason: `its initializer cannot be mapped: ${t.problems.join('; ')}`,
      steps: unknownHead && t.problems.length === 1 ? 'declare the macro as the message says, then run again' : damaged ? 'fix the initializer (or add the macro that breaks its parse to [tool.pyext-isolate] macros), then run again' : 'simplify the initializer (no #if around positional fields), then run again',
    };
  }
  if (t.conditional) {
    // Converted under its #if (state field, creation, GC lines) when everything that uses it is under it too.
    const g = t.guard!;
    if (g.names.includes('PY_VERSION_HEX')) return { reason: `its definition is inside a Python-version #if (${g.expr})`, steps: 'convert it by hand' };
    const twin = ctx.ext.types.find((x) => x !== t && x.name === t.name);
    if (twin) return { reason: `it is defined in more than one #if branch (${g.expr} and another), and one state field cannot stand for both`, steps: 'define it once, outside the #if, then run again', at: twin.declStart, file: twin.file };
    const outside = t.uses.find((u) => u.kind !== 'decl' && !impliedBy(g, guardAt(u.file.parsed.lex, u.start, u.file.source.text)));
    if (outside) return { reason: `its definition is inside #if ${g.expr}, but it is used where that condition may not hold`, steps: `put that use under the same #if (or convert it by hand), then run again`, at: outside.start, file: outside.file };
  }
  const meta = t.head?.metaclass;
  const metaMacro = meta ? t.file.macros.get(meta.replace(/\(.*$/, '').trim()) : undefined;
  const defaultMeta = !meta || /^(NULL|0|&\s*PyType_Type)$/.test(meta) || /^\w+\(\s*&?\s*PyType_Type\s*\)$/.test(meta) || (metaMacro !== undefined && /^\(?\s*(0|NULL)\s*\)?$/.test(metaMacro.body));
  if (!defaultMeta && meta) {
    return atLeast(ctx.options.minPython, '3.12')
      ? { reason: `it has a custom metaclass (${meta})`, steps: 'create it with PyType_FromMetaclass(meta, module, &spec, bases) by hand' }
      : { reason: `it has a custom metaclass (${meta}); PyType_FromMetaclass needs Python 3.12`, steps: 'raise --min-python to 3.12 and convert it with PyType_FromMetaclass, or keep it static' };
  }
  const runtimeMeta = t.runtimeFields.find((r) => r.field === 'ob_type');
  if (runtimeMeta) return { reason: 'its metaclass is set at run time', steps: 'convert it by hand' };
  for (const [name, f] of t.fields) {
    if (name === 'tp_vectorcall' && !isZeroExpr(f.value)) return { reason: 'it sets tp_vectorcall, which has no slot before Python 3.14', steps: 'convert it by hand (set it after creation)' };
  }
  // A `__module__` member or getter for the instances: a heap type's own __module__ is read from
  // its dict, where that descriptor sits (zope.interface's InterfaceBase, wrapt's proxies): the
  // class's __module__ reads as the descriptor. Instances are unchanged on 3.9-3.13. With a dotted
  // tp_name the class loses a real module name (pickle, inspect): manual. Without one it said
  // 'builtins', which named nothing: converted, with a warning (moduleDescriptor).
  const own = moduleDescriptor(t, ctx);
  if (own && t.tpName?.includes('.') !== false) {
    const was = t.tpName ? `'${t.tpName.slice(0, t.tpName.lastIndexOf('.'))}'` : 'the module part of its tp_name';
    return { reason: `its ${own.field} give its instances a '__module__' (${own.table.name}): a heap type reads its own __module__ from its dict, where that descriptor would be, so ${t.name}.__module__ would be that descriptor instead of ${was}`, steps: 'keep it static, or rename the instance attribute (or provide it from a subclass) before converting', at: own.at, file: own.table.file };
  }
  // Exported by address: a capsule table or an initializer outside functions holds &X.
  const exported = t.uses.find((u) => !u.func && !u.inMacro && !subtypeNaming(t, u, ctx) && !inMovingTable(u, ctx));
  const holder = exported && ctx.ext.globals.find((g) => g.file === exported.file && g.init && exported.start >= g.init.start && exported.start < g.init.end);
  const table = holder && staticTypeTable(holder, ctx);
  if (exported && holder && table) {
    return { reason: `its address is stored in '${holder.name}', a static table of the module's types (${table.types.join(', ')}), which stays one per process`, steps: `move that table into the module state first (see its own finding), then run again; or keep ${t.name} static (immortal, shared)`, at: exported.start, file: exported.file };
  }
  if (exported) return { reason: `its address is stored outside any function (${holder ? `in the static initializer of '${holder.name}'${holder.category === 'capsule-table' ? ', a C-API table that stays one per process' : ''}` : 'a C-API table or static initializer'}), so other code may use it by address`, steps: 'keep it static (immortal, shared), or export st->' + t.name + ' through the per-module C-API table (capsule-api-to-state)', at: exported.start, file: exported.file };
  const stored = t.uses.find((u) => u.func && u.kind === 'address' && storedInGlobal(u, ctx));
  if (stored) return { reason: `its address is stored in a C global (${storedInGlobal(stored, ctx)}) that outlives any one module`, steps: 'export it through the per-module C-API table instead (capsule-api-to-state), or keep it static', at: stored.start, file: stored.file };
  const lc = lifecycleProblem(t, ctx);
  if (lc) return lc;
  if (ctx.moduleReady !== true) return { reason: `the module cannot get a state yet: ${ctx.moduleReady}`, steps: 'resolve the multi-phase-init finding first' };
  return undefined;
}

/** The static type whose initializer names `t` as its tp_base at this use (`.tp_base = &Base`), if any. */
export function subtypeNaming(t: StaticType, u: StaticType['uses'][number], ctx: TransformContext): StaticType | undefined {
  if (u.func) return undefined;
  return ctx.ext.types.find((s) => {
    const f = s !== t && s.file === u.file ? s.fields.get('tp_base') : undefined;
    return !!f && u.start >= f.valueStart && u.start < f.valueEnd && stripCasts(f.value).replace(/^&\s*/, '') === t.name;
  });
}

/** A use in the static initializer of a C-API struct table that becomes a state field (capsule-api-to-state fills it in exec). */
function inMovingTable(u: StaticType['uses'][number], ctx: TransformContext): boolean {
  return ctx.ext.globals.some((g) => g.file === u.file && g.init && u.start >= g.init.start && u.start < g.init.end && ctx.capsuleTables.has(g.name));
}

/** A type of these files that stays static and has `t` as its base: a static type cannot derive from a heap type. */
function staticSubtype(t: StaticType, ctx: TransformContext): StaticType | undefined {
  return ctx.ext.types.find((s) => s !== t && !ctx.heapTypes.has(s.name) && baseOfType(s) === t.name);
}

/** `API[0] = (void *)&X;` or `table.type = &X;` where the left side is a file-scope variable. */
function storedInGlobal(u: StaticType['uses'][number], ctx: TransformContext): string | undefined {
  const text = u.file.source.text;
  const ls = Math.max(text.lastIndexOf(';', u.start), text.lastIndexOf('{', u.start), text.lastIndexOf('}', u.start)) + 1;
  const m = /^\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]|\.\w+|->\w+)*\s*=(?!=)[^;]*$/.exec(text.slice(ls, u.start));
  if (!m) return undefined;
  const target = m[1];
  if (ctx.capsuleTables.has(target)) return undefined; // the table becomes a state field too
  const g = ctx.ext.globals.find((x) => x.name === target && (x.scope === 'file' || x.category === 'capsule-table' || (x.scope === 'function' && /static/.test(text.slice(x.declStart, x.declaratorStart)))));
  return g ? target : undefined;
}

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

function decide(c: TypeCandidate, ctx: TransformContext): Decision {
  const { t } = c;
  const name = t.tpName ?? t.name;
  const manual = (why: string, steps: string, at = t.declStart, file: FileModel = t.file): Decision => ({
    action: 'manual',
    findings: [ctx.finding(file, at, at === t.declStart ? t.initStart : at, 'static-type', 'error', 'manual', `static type ${t.name} ('${name}') is shared by every interpreter: ${why}`, steps)],
  });
  const p = intrinsicProblem(t, ctx);
  if (p) return manual(p.reason, p.steps, p.at, p.file);
  const sub = ctx.heapTypes.has(t.name) ? staticSubtype(t, ctx) : undefined;
  if (sub) return manual(`its subtype ${sub.name} stays a static type, and a static type cannot have a heap type as its base`, `see the finding for ${sub.name}; once it converts, ${t.name} does too`);
  const shared = ctx.heapTypes.has(t.name) ? deallocSharer(t, ctx) : undefined;
  if (shared) return manual(`its dealloc ${shared.fn.name}() is also the dealloc of ${shared.sharer.name}, which stays a static type, and a heap type's dealloc drops the reference each instance holds to its type`, `give ${shared.sharer.name} a dealloc of its own, or see the finding for ${shared.sharer.name}; once it converts, ${t.name} does too`);
  if (!ctx.heapTypes.has(t.name)) {
    // Refused while the set of heap types settled: repeat that reason and its remedy (the
    // findings behind it may not be reported separately).
    const r = ctx.heapTypeRefusals.get(t.name);
    return manual(r?.why ?? 'it is used where the module state cannot be reached', r?.steps ?? 'see the other findings for this type');
  }
  // The PyType_Ready call that becomes the creation, in the exec function.
  const exec = ctx.plan.execFunction ?? ctx.ext.init?.func;
  let readies = t.uses.filter((u) => u.kind === 'address' && u.func && /PyType_Ready\s*\(\s*&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 30), u.start)));
  let viaMacro: MacroCreation | undefined;
  if (readies.length === 0) {
    // `ADD_TYPE("name", X)` with `PyType_Ready(&type)` in the macro: its body, one text for every type it
    // is given, is rewritten once for all of them.
    const via = readiedThroughMacro(t);
    if (!via) return decideNeverReadied(c, ctx, exec, manual);
    const created = macroCreation(t, via, ctx, exec);
    if ('problem' in created) {
      const where = via.def.file ? path.basename(via.def.file) : `${path.basename(via.use.file.path)}:${via.defLine}`;
      return manual(
        `${created.problem} (${via.def.name}() is defined at ${where})`,
        `write what ${via.def.name}(..., ${t.name}) does out in the init function (PyType_Ready(&${t.name}) with the ${t.name}.tp_* assignments before it and the PyModule_AddObject after it), then run again`,
      );
    }
    viaMacro = created;
    readies = [via.use];
  }
  if (readies.length !== 1) return manual('PyType_Ready is called on it more than once', 'create the type once in the module exec function');
  const r = readies[0];
  // A helper the init function calls once (`add_types(m)`, `views_init()`) creates it there, with the module.
  const helper = r.func !== exec ? ctx.moduleHelpers.get(r.func!) : undefined;
  if (r.func !== exec && !helper) {
    // A non-static helper gets the module only when nothing outside the extension may call it.
    const h = r.func!;
    const exported = h.isStatic ? undefined : ctx.options.assumeInternal ? exportedBy(ctx.ext, h.name, h.file, h.declStart, h.paramsStart) : 'assume-internal is off';
    const why = exported ? `, which is not static and ${exported}, so it cannot be given the module` : '';
    return manual(`PyType_Ready(&${t.name}) is in ${h.name}(), not in the init function${why}`, `${exported ? `make ${h.name}() static (or hidden: no other code calls it), or ` : ''}move PyType_Ready(&${t.name}), with the code that adds the type to the module, from ${h.name}() into the init function, then run again`, r.start, r.file);
  }
  const text = r.file.source.text;
  const open = text.lastIndexOf('PyType_Ready', r.start);
  const close = text.indexOf(')', r.end);
  c.ready = viaMacro ? { ...viaMacro.arg.call, func: r.func!, macro: viaMacro } : { start: open, end: close + 1, func: r.func! };
  const baseField = t.fields.get('tp_base');
  if (baseField && !isZeroExpr(baseField.value)) c.base = stripCasts(baseField.value).replace(/^&\s*/, '');
  // Runtime fields set before creation fold into the spec (the last one wins, as in PyType_Ready).
  for (const rf of t.runtimeFields) {
    if (rf.func !== r.func || rf.stmtStart > r.start) return manual(`${t.name}.${rf.field} is assigned after PyType_Ready or in another function`, 'move the assignment into the initializer', rf.stmtStart);
    const v = stripCasts(rf.value);
    if (rf.field === 'tp_base') {
      // `X.tp_base = PyDateTimeAPI->TZInfoType;`: a base known at run time is a creation argument.
      const named = /^&\s*([A-Za-z_]\w*)$/.exec(v);
      c.base = named ? named[1] : undefined;
      c.baseExpr = named ? undefined : RUNTIME_BASE.test(v) ? rf.value.trim() : undefined;
      if (!named && !c.baseExpr) return manual(`${t.name}.tp_base is set to '${rf.value}', which cannot be passed to the type's creation as it is`, 'set tp_base to a type pointer read from a variable or a field (no call), then run again', rf.stmtStart);
      c.folded.push(rf);
      continue;
    }
    const inherited = v === `PyBaseObject_Type.${rf.field}` && (!c.base || c.base === 'PyBaseObject_Type');
    if (!inherited && /[.]|->/.test(v.replace(/^&\s*[A-Za-z_]\w*$/, ''))) return manual(`${t.name}.${rf.field} is set to '${rf.value}', which is not a constant a spec slot can hold`, 'set that slot after creation by hand', rf.stmtStart);
    c.folded.push(rf);
  }
  // The macro's `type.tp_new = ...;` runs at the macro's use, after them.
  if (viaMacro) c.folded.push(...viaMacro.fields);
  // A folded `X.tp_as_sequence = &seq;` expands like one in the initializer.
  // (An initializer that writes the field as 0 leaves it to the assignment; one that names another
  // struct would need both read: the last one wins in PyType_Ready.)
  for (const rf of c.folded) {
    if (!/^tp_as_/.test(rf.field)) continue;
    const given = t.fields.get(rf.field);
    if (given && !isZeroExpr(given.value)) {
      if (stripCasts(given.value) === stripCasts(rf.value)) continue;
      return manual(`its ${rf.field} is set to '${rf.value.trim()}' at run time over '${given.value.trim()}' of its initializer`, `keep one of them, in the initializer, then run again`, rf.stmtStart);
    }
    if (isZeroExpr(rf.value)) continue;
    const subName = stripCasts(rf.value).replace(/^&\s*/, '');
    const g = ctx.ext.globals.find((x) => x.name === subName && x.subStruct);
    if (!g) return manual(`its ${rf.field} (${rf.value}) was not found as an initialized struct`, 'convert by hand', rf.stmtStart);
    const written = g.uses.find((u) => u.func && subStructWriteAt(u));
    if (written) return manual(`its ${rf.field} struct ${g.name} is changed at run time, and a heap type takes its slots from the initializer`, `move that assignment into the initializer of ${g.name}, then run again`, written.start, written.file);
    c.subStructs.push(g);
  }
  const below = definedBelow(c, ctx);
  if (below) {
    if (r.file === t.file && r.start < below.end) return manual(`its ${below.field} (${below.name}), set in ${r.func!.name}(), is defined after ${r.func!.name}(): the spec cannot name it where the type is created`, `move ${below.name} above ${r.func!.name}(), then run again`, r.start, r.file);
    if (r.file !== t.file) return manual(`its ${below.field} (${below.name}) is defined below the type, and the type is created in another file`, `move ${below.name} above the type, then run again`);
    c.placeAfter = below.end;
  }
  if (c.base && ctx.heapTypes.has(c.base)) {
    const baseReady = ctx.ext.typesByName.get(c.base)!.uses.find((u) => u.kind === 'address' && u.func && /PyType_Ready\s*\(\s*&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 30), u.start)));
    if (!baseReady || !runsBefore(baseReady, r, ctx)) return manual(`its base ${c.base} is created after it`, `create ${c.base} first`, r.start, r.file);
  }
  // Sub-structs (PyNumberMethods & co.) must be found to expand them.
  for (const [field, f] of t.fields) {
    if (!/^tp_as_/.test(field) || isZeroExpr(f.value)) continue;
    const subName = stripCasts(f.value).replace(/^&\s*/, '');
    const g = ctx.ext.globals.find((x) => x.name === subName && x.subStruct);
    if (!g) return manual(`its ${field} (${f.value}) was not found as an initialized struct`, 'convert by hand');
    // Slots are read from the initializer once: a member set at run time would be lost.
    const written = g.uses.find((u) => u.func && subStructWriteAt(u));
    if (written) {
      const line = written.file.source.position(written.start).line;
      return manual(`its ${field} struct ${g.name} is changed at run time (${path.basename(written.file.path)}:${line}), and a heap type takes its slots from the initializer`, `move that assignment into the initializer of ${g.name}, then run again`, written.start, written.file);
    }
    c.subStructs.push(g);
  }
  const uses = remainingUses(c, ctx);
  // Before its creation the state's pointer is still NULL: code there that touches the type
  // (`Py_SET_TYPE(&X, ...)`, `p_X = &X;`) would use NULL.
  const early = uses.find((u) => u.func === r.func && u.file === r.file && u.start < c.ready!.start) ?? (helper ? uses.find((u) => u.func === exec && u.file === helper.call.file && u.start < helper.call.at) : undefined);
  if (early) {
    const line = early.file.source.position(early.start).line;
    return manual(`${t.name} is used in ${early.func!.name}() before PyType_Ready(&${t.name}) (line ${line}), where the heap type does not exist yet`, `move that code after PyType_Ready(&${t.name}) (or into the initializer), then run again`, early.start, early.file);
  }
  const up = useProblem(uses, t.name, ctx, ownTypeChecks(t, ctx).funcs);
  if (up) return manual(up.reason, up.suggestion, up.at, up.file);
  return applied(t, ctx);
}

/**
 * A type nothing readies (instances made with PyObject_New, the type added with
 * PyModule_AddObject; pyalsaaudio, pyahocorasick's iterators): created at the top of exec. Its
 * fields set at run time in the init fold into the spec, as they would before a PyType_Ready.
 */
function decideNeverReadied(c: TypeCandidate, ctx: TransformContext, exec: FunctionInfo | undefined, manual: (why: string, steps: string, at?: number, file?: FileModel) => Decision): Decision {
  const { t } = c;
  const steps = `create it in the module's init function with PyType_Ready(&${t.name}) before its first use, then run again`;
  if (!exec) return manual(`no PyType_Ready(&${t.name}) call was found`, steps);
  // Created in exec from a spec of another file, the spec would link only if the build compiles that
  // file (pylzma's compressobj.c, whose type every live file names only under #if 0, is not built).
  // Exec naming the type in code every build compiles links that file already.
  const namedByExec = t.uses.some((u) => u.func === exec && u.file === exec.file && !guardAt(exec.file.parsed.lex, u.start, exec.file.source.text));
  if (t.file !== exec.file && !namedByExec) return manual(`no PyType_Ready(&${t.name}) call was found, and it is defined in ${path.basename(t.file.path)}, not in the file of the init function (is that file built at all?)`, steps);
  if (t.guard) return manual(`no PyType_Ready(&${t.name}) call was found, and it is defined under #if ${t.guard.expr}`, steps);
  const base = baseOfType(t);
  if (base && ctx.heapTypes.has(base)) return manual(`no PyType_Ready(&${t.name}) call was found, and its base ${base} becomes a heap type created in exec`, steps);
  for (const rf of t.runtimeFields) {
    if (rf.func !== exec) return manual(`no PyType_Ready(&${t.name}) call was found, and ${t.name}.${rf.field} is assigned in ${rf.func?.name ?? 'another function'}()`, steps, rf.stmtStart);
    if (rf.field === 'tp_base' || /[.]|->/.test(stripCasts(rf.value).replace(/^&\s*[A-Za-z_]\w*$/, ''))) return manual(`no PyType_Ready(&${t.name}) call was found, and ${t.name}.${rf.field} is set to '${rf.value}'`, steps, rf.stmtStart);
    c.folded.push(rf);
  }
  for (const [field, f] of t.fields) {
    if (!/^tp_as_/.test(field) || isZeroExpr(f.value)) continue;
    const g = ctx.ext.globals.find((x) => x.name === stripCasts(f.value).replace(/^&\s*/, '') && x.subStruct);
    if (!g || g.uses.some((u) => u.func && subStructWriteAt(u))) return manual(`no PyType_Ready(&${t.name}) call was found, and its ${field} table is not a constant one`, steps);
    c.subStructs.push(g);
  }
  const below = definedBelow(c, ctx);
  if (below) {
    if (exec.file !== t.file) return manual(`its ${below.field} (${below.name}) is defined below the type, and the type is created in another file`, `move ${below.name} above the type, then run again`);
    c.placeAfter = below.end;
  }
  // Created where exec's statements begin: a use in its declarations (`PyTypeObject *types[] =
  // {&A_Type, ...};`, the loop iteration_utilities readies its types with) would read NULL.
  const lay = functionLayout(exec);
  const first = lay ? statementPoint(exec.file.source, lay).at : undefined;
  const earlyUses = first === undefined ? [] : t.uses.filter((u) => u.func === exec && u.file === exec.file && u.start < first);
  // An array of type addresses among them is filled after the creations instead (typeArrayFillAt).
  const array = earlyUses.length > 0 ? typeArrayFillAt(exec, earlyUses[0].start) : undefined;
  if (array && earlyUses.every((u) => u.start >= array.start && u.start < array.end) && array.elements.every((e) => !readiedByName(e.type, ctx))) c.typeArray = array;
  const early = c.typeArray ? undefined : earlyUses[0];
  if (early) {
    const line = early.file.source.position(early.start).line;
    return manual(`${t.name} is used in the declarations of ${exec.name}() (line ${line}), which run before the heap type is created at the start of its statements`, `move that use below the declarations (assign it there), or ready the type with PyType_Ready(&${t.name}) before it, then run again`, early.start, early.file);
  }
  const up = useProblem(remainingUses(c, ctx), t.name, ctx, ownTypeChecks(t, ctx).funcs);
  if (up) return manual(up.reason, up.suggestion, up.at, up.file);
  c.eager = exec;
  return applied(t, ctx);
}

/**
 * A static type of the extension that something readies by name (`PyType_Ready(&Y)`, or a macro that does):
 * created there, after exec's first statements, so an array filled before them would read NULL.
 */
function readiedByName(name: string | undefined, ctx: TransformContext): boolean {
  const y = name === undefined ? undefined : ctx.ext.typesByName.get(name);
  if (!y) return false;
  return !!readiedThroughMacro(y) || y.uses.some((u) => u.kind === 'address' && u.func && /PyType_Ready\s*\(\s*&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 30), u.start)));
}

function applied(t: StaticType, ctx: TransformContext): Decision {
  const name = t.tpName ?? t.name;
  const findings = [
    ctx.finding(t.file, t.declStart, t.initStart, 'static-type', 'error', 'auto', `static type ${t.name} ('${name}') is shared by every interpreter`, `${ID} turns it into ${specNames(t).spec} created with PyType_FromModuleAndSpec into st->${t.name}`),
  ];
  const descriptor = moduleDescriptor(t, ctx);
  const tpName = t.fields.get('tp_name');
  if (descriptor) {
    findings.push(ctx.finding(descriptor.table.file, descriptor.at, descriptor.at, 'module-descriptor', 'warning', 'none', `${t.name}'s instances get '__module__' from ${descriptor.table.name}: as a heap type the class's own ${t.tpName}.__module__ reads as that descriptor instead of 'builtins' (its instances are unchanged)`, 'nothing to do unless code reads the class\'s __module__'));
  } else if (t.tpName !== undefined && !t.tpName.includes('.') && tpName) {
    findings.push(ctx.finding(t.file, tpName.valueStart, tpName.valueEnd, 'undotted-name', 'warning', 'none', `tp_name '${t.tpName}' has no module part: as a heap type, importing the module warns (DeprecationWarning "builtin type ${t.tpName} has no __module__ attribute", 3.10+) and ${t.tpName}.__module__ raises AttributeError instead of giving 'builtins'`, 'give it a dotted "package.module.Name" (its import name; repr and messages then show it)'));
  }
  if (!atLeast(ctx.options.minPython, '3.10')) {
    findings.push(ctx.finding(t.file, t.declStart, t.initStart, 'mutable-on-39', 'warning', 'none', `on Python 3.9 the heap type ${t.name} is mutable (Py_TPFLAGS_IMMUTABLETYPE is 3.10+)`, 'raise --min-python to 3.10 to keep it immutable everywhere'));
  }
  return { action: 'apply', findings };
}

/**
 * The last definition in the type's file, below the type, of a function or table that a folded
 * slot names (`X.tp_dealloc = capture_dealloc;` in init, capture_dealloc written further down)
 * with no declaration above the type. Functions of a folded sub-struct count too.
 */
function definedBelow(c: TypeCandidate, ctx: TransformContext): { name: string; field: string; end: number } | undefined {
  const { t } = c;
  const names: { name: string; field: string }[] = [];
  for (const rf of c.folded) names.push({ name: stripCasts(rf.value).replace(/^&\s*/, ''), field: rf.field });
  for (const g of c.subStructs) {
    if (g.file !== t.file || g.declStart < t.declStart) continue;
    for (const [member, f] of g.subStruct ?? []) names.push({ name: stripCasts(f.value).replace(/^&\s*/, ''), field: member });
  }
  let last: { name: string; field: string; end: number } | undefined;
  for (const { name, field } of names) {
    if (!/^[A-Za-z_]\w*$/.test(name)) continue;
    const f = t.file.functionsByName.get(name);
    const g = f ? undefined : ctx.ext.globals.find((x) => x.name === name && x.file === t.file && x.scope === 'file');
    const start = f ? f.declStart : g?.declStart;
    const end = f ? f.end : g ? g.declEnd + (t.file.source.text[g.declEnd] === ';' ? 1 : 0) : undefined;
    if (start === undefined || end === undefined || start < t.declStart) continue;
    const proto = t.file.prototypes.get(name);
    if (f && proto && proto.start < t.declStart) continue;
    if (!last || end > last.end) last = { name, field, end };
  }
  return last;
}

/**
 * Uses that must read the state: not the PyType_Ready call (it becomes the creation), not
 * `X.tp_slot(...)` calls, not inside `Y.tp_field = ...;` statements that fold into a spec.
 */
function remainingUses(c: TypeCandidate, ctx: TransformContext): StaticType['uses'] {
  const folded = ctx.ext.types.filter((u) => ctx.heapTypes.has(u.name)).flatMap((u) => u.runtimeFields);
  const filledLater = (u: { file: FileModel; start: number }): boolean => !!c.typeArray && u.file === c.typeArray.file && u.start >= c.typeArray.start && u.start < c.typeArray.end;
  return c.t.uses.filter((u) => !isReadyUse(c, u) && !filledLater(u) && !isSlotCall(c.t, u) && !folded.some((rf) => inFold(rf, u, ctx)) && !defaultMetatypeStores(c).some((x) => x.func.file === u.file && u.start >= x.stmtStart && u.start < x.stmtEnd) && !isBaseOfHeapSubtype(c.t, u, ctx) && !inMovingTable(u, ctx));
}

/**
 * What folding `rf` into its type's spec removes: the statement, or, in a chained store some link of which stays
 * (a type that stays static, a store into something else), only the type's own `X.tp_field = `.
 */
function foldedSpan(rf: RuntimeField, ctx: TransformContext): { start: number; end: number } {
  if (!rf.link) return { start: rf.stmtStart, end: rf.stmtEnd };
  const chain = ctx.ext.types.filter((x) => ctx.heapTypes.has(x.name)).flatMap((x) => x.runtimeFields).filter((o) => o.func === rf.func && o.stmtStart === rf.stmtStart);
  return chain.length === rf.link.links ? { start: rf.stmtStart, end: rf.stmtEnd } : { start: rf.link.start, end: rf.link.end };
}

function inFold(rf: RuntimeField, u: { file: FileModel; start: number }, ctx: TransformContext): boolean {
  const span = foldedSpan(rf, ctx);
  return rf.func?.file === u.file && u.start >= span.start && u.start < span.end;
}

/**
 * `Py_SET_TYPE(&X, &PyType_Type);` (and its spellings) before PyType_Ready(&X) in the same
 * function: the metatype PyType_Ready would set, which a type made from a spec has anyway. Not a
 * use of the type: the statement goes away with the conversion.
 */
function defaultMetatypeStores(c: TypeCandidate): StaticType['metatypeStores'] {
  const r = c.ready;
  return r ? c.t.metatypeStores.filter((s) => s.func === r.func && s.stmtEnd <= r.start) : [];
}

/** `.tp_base = &Base` in the initializer of a subtype that becomes a heap type: it becomes the creation's base argument. */
function isBaseOfHeapSubtype(t: StaticType, u: StaticType['uses'][number], ctx: TransformContext): boolean {
  const s = subtypeNaming(t, u, ctx);
  return !!s && ctx.heapTypes.has(s.name);
}

/**
 * Whether the readying use `a` runs before `b` in exec: earlier in the same function, or in the
 * init function before the call of the helper that holds `b` (or in a helper called before it).
 */
function runsBefore(a: StaticType['uses'][number], b: StaticType['uses'][number], ctx: TransformContext): boolean {
  const at = (u: StaticType['uses'][number]): number => {
    const h = u.func ? ctx.moduleHelpers.get(u.func) : undefined;
    return h ? h.call.at : u.start;
  };
  if (a.func === b.func) return a.file === b.file && a.start < b.start;
  return at(a) < at(b);
}

/** `S.sq_contains = f;`, `S.nb_add += ...`, `(&S)->x = ...`: an assignment to a member of the struct. */
function subStructWriteAt(u: { file: FileModel; end: number }): boolean {
  const after = u.file.source.text.slice(u.end, u.end + 120);
  return /^\s*\)?\s*(?:\.|->)\s*[A-Za-z_]\w*\s*(?:=(?!=)|[-+*/|&^]=|<<=|>>=|\+\+|--)/.test(after);
}

/** The array loses its initializer (the same edit for each of its types); this type's elements are filled from the state. */
function fillTypeArray(a: TypeArrayFill, type: string, pointer: string, ctx: TransformContext): void {
  ctx.replace(a.file, a.start, a.end, `[${a.elements.length}]`);
  let lines = ctx.plan.typeArrayFills.get(a.key);
  if (!lines) ctx.plan.typeArrayFills.set(a.key, (lines = a.elements.map((_, i) => typeArrayFillLine(a, i))));
  a.elements.forEach((e, i) => {
    if (e.type === type) lines![i] = typeArrayFillLine(a, i, pointer);
  });
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

function slotCallTarget(t: StaticType, u: StaticType['uses'][number]): { field: string; fn: string } | undefined {
  if (u.kind !== 'member') return undefined;
  const m = /^\s*\.\s*(tp_\w+)\s*\(/.exec(u.file.source.text.slice(u.end, u.end + 40));
  if (!m) return undefined;
  const f = effectiveField(t, m[1]);
  if (f && !isZeroExpr(f.value)) return /^[A-Za-z_]\w*$/.test(stripCasts(f.value)) ? { field: m[1], fn: stripCasts(f.value) } : undefined;
  const base = baseOfType(t);
  if (m[1] === 'tp_free' && (!base || base === 'PyBaseObject_Type')) return { field: m[1], fn: 'PyObject_GC_Del' };
  return undefined;
}

function edit(c: TypeCandidate, ctx: TransformContext): void {
  const { t } = c;
  const names = specNames(t);
  const field = ctx.plan.request({ name: t.name, ctype: 'PyTypeObject *', owns: 'strong', guard: t.guard, was: `${t.storage === 'static' ? 'static ' : ''}PyTypeObject ${t.name}`, from: ID });
  ctx.plan.typeCreation = true;
  // 1. The definition becomes slots + spec (and generated traverse / members when needed).
  const creator = c.ready?.func ?? c.eager;
  const crossFile = !!creator && creator.file !== t.file;
  if (crossFile) ctx.plan.externSpecs.push(names.spec);
  const rendered = renderTypeSpec(c, ctx, crossFile);
  const declEnd = t.declEnd + (t.file.source.text[t.declEnd] === ';' ? 1 : 0);
  // 2. Sub-structs used only by this type disappear (their members are slots now).
  const foldedAt = (u: { file: FileModel; start: number }): boolean => c.folded.some((rf) => inFold(rf, u, ctx));
  // One shared by several types that all become heap types goes with the last of them.
  const inInit = (x: typeof t, u: { file: FileModel; start: number }): boolean => u.file === x.file && u.start >= x.initStart && u.start < x.initEnd;
  // A macro that supplied fields to this type and others goes with the last of them, and what it named with it.
  const macros = fieldMacrosGoingWith(t, ctx);
  for (const m of macros) removeDefinition(m, ctx);
  const unused = c.subStructs.filter((g) => {
    const others = ctx.ext.types.filter((x) => x !== t && g.uses.some((u) => inInit(x, u)));
    if (others.some((x) => !ctx.heapTypes.has(x.name) || (x.file === t.file && x.declStart > t.declStart) || x.file !== t.file)) return false;
    return g.uses.every((u) => inInit(t, u) || others.some((x) => inInit(x, u)) || foldedAt(u) || inMacroDefinition(macros, u));
  });
  // A spec placed below the type takes the place of the last sub-struct it replaces, or follows the definition.
  const placedOn = c.placeAfter === undefined ? undefined : unused.find((g) => g.file === t.file && g.declStart < c.placeAfter! && c.placeAfter! <= g.declEnd + 1);
  for (const g of unused) {
    if (g === placedOn) ctx.replace(g.file, g.declStart, g.declEnd + (g.file.source.text[g.declEnd] === ';' ? 1 : 0), rendered);
    else ctx.replace(g.file, ...spanOf(statementRemoval(g.file.source, g.declStart, g.declEnd)), '');
  }
  if (c.placeAfter === undefined) ctx.replace(t.file, t.declStart, declEnd, rendered);
  else {
    ctx.replace(t.file, ...spanOf(statementRemoval(t.file.source, t.declStart, declEnd)), '');
    const eol = t.file.source.eol;
    if (!placedOn) ctx.insert(t.file, t.file.source.lineEndIncludingEol(c.placeAfter), `${eol}${rendered}${eol}`, 4);
  }
  // 3. Forward and extern declarations of the type.
  for (const f of ctx.ext.files) {
    for (const d of f.forwardTypeDecls) if (d.name === t.name) ctx.replace(f, ...spanOf(statementRemoval(f.source, d.start, d.end)), '');
  }
  // 4. Creation replaces PyType_Ready(&X); folded runtime fields go away.
  if (c.ready?.macro) {
    // The same edits for every type the macro is given (identical edits are one).
    const file = c.ready.func.file;
    for (const e of c.ready.macro.edits) ctx.replace(file, e.start, e.end, e.text);
    ctx.plan.typeCreationFiles.add(file);
    ctx.stateIn(c.ready.func);
  } else if (c.ready) {
    const helper = ctx.moduleHelpers.get(c.ready.func);
    const module = helper ? helper.param : ctx.plan.execParam ?? 'module';
    const st = ctx.plan.stateVar(c.ready.func);
    const base = c.baseExpr ?? (c.base ? (ctx.heapTypes.has(c.base) ? `${st}->${c.base}` : `&${c.base}`) : 'NULL');
    const disallow = disallowInstantiation(t, c);
    const extra = !atLeast(ctx.options.minPython, '3.10') ? `, ${disallow ? 1 : 0}` : '';
    ctx.replace(c.ready.func.file, c.ready.start, c.ready.end, `${ctx.plan.names.createType}(${module}, &${names.spec}, ${base}, &${st}->${field}${extra})`);
    ctx.plan.typeCreationFiles.add(c.ready.func.file);
    ctx.stateIn(c.ready.func, t.guard ? guardAt(c.ready.func.file.parsed.lex, c.ready.start, c.ready.func.file.source.text, c.ready.func.bodyStart) : undefined);
  }
  if (c.eager) {
    // At the top of exec (with the other eager lines), before anything there can use it.
    const st = ctx.plan.stateVar(c.eager);
    const module = ctx.plan.execParam ?? 'module';
    const extra = !atLeast(ctx.options.minPython, '3.10') ? `, ${disallowInstantiation(t, c) ? 1 : 0}` : '';
    ctx.plan.eagerTypeCreations.push(`if (${ctx.plan.names.createType}(${module}, &${names.spec}, NULL, &${st}->${field}${extra}) < 0) {`, `    return -1;`, `}`);
    ctx.plan.typeCreationFiles.add(c.eager.file);
    ctx.stateIn(c.eager);
    if (c.typeArray) fillTypeArray(c.typeArray, t.name, `${st}->${field}`, ctx);
  }
  for (const rf of c.folded) {
    if (c.ready?.macro?.fields.includes(rf)) continue; // (its line goes with the macro's edits)
    const f = rf.func!.file;
    const fold = foldedSpan(rf, ctx);
    if (fold.end === rf.stmtEnd) ctx.replace(f, ...spanOf(statementRemoval(f.source, rf.stmtStart, rf.stmtEnd)), '');
    else ctx.replace(f, fold.start, fold.end, '');
  }
  for (const m of defaultMetatypeStores(c)) ctx.replace(m.func.file, ...spanOf(statementRemoval(m.func.file.source, m.stmtStart, m.stmtEnd)), '');
  for (const o of orphanedByFolds(c, ctx)) markUnused(o, c, ctx);
  // 5. `X.tp_dealloc(o)` -> `X_dealloc(o)`; every other use -> st->X.
  for (const u of t.uses) {
    const target = slotCallTarget(t, u);
    if (target) {
      const m = /^\s*\.\s*(tp_\w+)/.exec(u.file.source.text.slice(u.end, u.end + 40))!;
      ctx.replace(u.file, u.start, u.end + m[0].length, target.fn);
    }
  }
  // Type checks of the slot's own object in its teardown slots name Py_TYPE(self) instead.
  const own = ownTypeChecks(t, ctx);
  for (const site of own.sites) ctx.replace(site.file, site.start, site.end, site.text);
  rewriteUses(remainingUses(c, ctx).filter((u) => !(u.func && own.funcs.has(u.func))), t.name, field, ctx, true);
  // A static type needed no reference of its own to be added to the module; the heap type's belongs to the
  // state, and PyModule_AddObject would steal it (m_clear then drops the module dict's): PyModule_AddObjectRef.
  for (const a of addsWithoutIncref(t)) {
    ctx.replace(a.file, a.start, a.end, 'PyModule_AddObjectRef');
    // Arguments aligned under the first one move with it.
    for (const at of alignedContinuations(a.file, a.end)) ctx.insert(a.file, at, '   ');
    ctx.plan.compat.add('AddObjectRef');
  }
  // 6. Heap-type lifecycle: dealloc drops the type reference, GC visits the type, allocations are tracked.
  lifecycleEdits(c, ctx);
  // 7. T_PYSSIZET / READONLY of the generated offset members come from structmember.h.
  if (memberOffsets(t).length > 0) ensureInclude(t.file, 'structmember.h', ctx);
}

/**
 * Static functions that only an initializer entry a folded run-time field overrides names (pycups'
 * `PPD_new`, replaced by `cups_PPDType.tp_new = PyType_GenericNew;` before PyType_Ready). They never
 * ran, but the initializer referenced them, so the original compiled without a warning; the spec
 * holds the run-time value, and gcc -Wall would say "defined but not used" of them.
 */
function orphanedByFolds(c: TypeCandidate, ctx: TransformContext): { fn: FunctionInfo; field: string; value: string }[] {
  const out: { fn: FunctionInfo; field: string; value: string }[] = [];
  for (const rf of c.folded) {
    const given = c.t.fields.get(rf.field);
    if (!given || isZeroExpr(given.value) || stripCasts(given.value) === stripCasts(rf.value)) continue;
    const name = stripCasts(given.value).replace(/^&\s*/, '');
    const fn = c.t.file.functionsByName.get(name);
    if (!fn?.isStatic || out.some((o) => o.fn === fn)) continue;
    // Named in another file (a header's macro, an including file): leave it to that use.
    if (ctx.ext.files.some((f) => f !== fn.file && f.allIdentifiers.has(name))) continue;
    const proto = fn.file.prototypes.get(name);
    const inside = (at: number, span?: { start: number; end: number }): boolean => !!span && at >= span.start && at < span.end;
    const others = (fn.file.identifierUses.get(name) ?? []).filter((at) => !inside(at, { start: fn.declStart, end: fn.end }) && !inside(at, { start: given.valueStart, end: given.valueEnd }) && !inside(at, proto));
    if (others.length === 0) out.push({ fn, field: rf.field, value: rf.value.trim() });
  }
  return out;
}

/**
 * Marks such a function unused for GCC and clang (the attribute MSVC does not need: it does not warn
 * about unreferenced static functions below /W4), with a comment that says why it is no longer named.
 */
function markUnused(o: { fn: FunctionInfo; field: string; value: string }, c: TypeCandidate, ctx: TransformContext): void {
  const src = o.fn.file.source;
  const at = src.lineStart(o.fn.declStart);
  if (src.text.slice(at, o.fn.declStart).trim() !== '') return;
  const text = [
    `/* pyext-isolate: ${c.t.name}.${o.field} was set to ${o.value} before PyType_Ready,`,
    ` * so this never ran; the heap type's spec holds ${o.value} and nothing names`,
    ` * this function any more (delete it if nothing should). */`,
    `#if defined(__GNUC__)`,
    `__attribute__((unused))`,
    `#endif`,
    ``,
  ].join('\n');
  ctx.insert(o.fn.file, at, src.adapt(text), 0);
}

/**
 * `PyModule_AddObject(m, "X", (PyObject *)&X)` with no `Py_INCREF(&X)` before it in its function: the
 * spans of those `PyModule_AddObject` names.
 */
function addsWithoutIncref(t: StaticType): { file: FileModel; start: number; end: number }[] {
  const out: { file: FileModel; start: number; end: number }[] = [];
  const ref = `(?:\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&\\s*${t.name}`;
  for (const u of t.uses) {
    if (u.kind !== 'address' || !u.func) continue;
    const text = u.file.source.text;
    const start = text.lastIndexOf('PyModule_AddObject', u.start);
    if (start < u.func.bodyStart || !/^PyModule_AddObject\s*\([^;]*,\s*(?:\(\s*PyObject\s*\*\s*\)\s*)?&\s*$/.test(text.slice(start, u.start))) continue;
    if (!/^\s*\)/.test(text.slice(u.end, u.end + 8))) continue;
    if (new RegExp(`\\bPy_X?INCREF\\s*\\(\\s*${ref}\\s*\\)`).test(text.slice(u.func.bodyStart, start))) continue;
    out.push({ file: u.file, start, end: start + 'PyModule_AddObject'.length });
  }
  return out;
}

/**
 * Starts of the lines that continue the argument list opened right after `nameEnd` and are aligned
 * under its first argument (`f(a,` / `  b)` with `b` under `a`).
 */
function alignedContinuations(file: FileModel, nameEnd: number): number[] {
  const src = file.source;
  const text = src.text;
  const open = nameEnd + (/^\s*/.exec(text.slice(nameEnd))?.[0].length ?? 0);
  if (text[open] !== '(' || /^\(\s*(\r?\n|$)/.test(text.slice(open, open + 3))) return [];
  const column = open + 1 - src.lineStart(open);
  const out: number[] = [];
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '"' || ch === "'") {
      for (i++; i < text.length && text[i] !== ch; i++) if (text[i] === '\\') i++;
    } else if (ch === '(') depth++;
    else if (ch === ')' && --depth === 0) break;
    else if (ch === ';') break;
    else if (ch === '\n') {
      const lead = /^[ ]*/.exec(text.slice(i + 1))![0].length;
      if (lead === column) out.push(i + 1);
    }
  }
  return out;
}

export function disallowInstantiation(t: StaticType, c: { base?: string; baseExpr?: string; folded: StaticType['runtimeFields'] }): boolean {
  const tpNew = t.fields.get('tp_new');
  const newFolded = c.folded.find((r) => r.field === 'tp_new');
  const hasNew = (tpNew && !isZeroExpr(tpNew.value)) || (newFolded && !isZeroExpr(newFolded.value));
  return !hasNew && !c.baseExpr && (!c.base || c.base === 'PyBaseObject_Type');
}

