/**
 * Whether a static type becomes a heap type: its readying call (direct, through a macro, or none:
 * created at the top of exec), run-time fields folded into the spec, its base and sub-structs, and
 * its remaining uses; else a manual finding says why.
 */
import { functionLayout, statementPoint } from '../../src/plan/placement';
import * as path from 'path';
import type { FileModel, StaticType, FunctionInfo, GlobalVar } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { atLeast } from '../../src/core/pyversion';
import { useProblem } from '../shared/use-problems';
import { specNames, baseOfType, moduleDescriptor, docDescriptor } from './render';
import { deallocSharer } from './lifecycle';
import { ownTypeChecks } from './own-checks';
import { macroCreation, readiedThroughMacro, type MacroCreation } from './macro-ready';
import { exportedBy } from '../../src/plan/export-marks';
import { ID } from './id';
import type { TypeCandidate } from './type-candidate';
import { intrinsicProblem } from './intrinsic-problems';
import { movingObjectsOf, staticObjectUseProblem } from '../shared/static-objects';
import { lazyReadyStatement } from './lazy-ready';
import { remainingUses } from './type-uses';
import { guardAt } from '../../src/core/conditions';
import { typeArrayFillAt, type TypeArrayFill } from './type-array-fill';
import { localTableOf, staticTypeTable, type TypeTable } from '../shared/type-tables';
import { unlinkedReason } from './file-linked';
import { afterReadyProblem } from './after-ready';

/** A type pointer read from a variable or through fields (`PyDateTimeAPI->TZInfoType`, `&mod->Type`), no call. */
const RUNTIME_BASE = /^&?\s*[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*$/;

/** A type of these files that stays static and has `t` as its base: a static type cannot derive from a heap type. */
function staticSubtype(t: StaticType, ctx: TransformContext): StaticType | undefined {
  return ctx.ext.types.find((s) => s !== t && !ctx.heapTypes.has(s.name) && baseOfType(s) === t.name);
}

export function decide(c: TypeCandidate, ctx: TransformContext): Decision {
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
  // Its static objects (singletons) become objects of each module with it, or it stays static with them.
  for (const o of movingObjectsOf(t, ctx)) {
    const op = staticObjectUseProblem(o, ctx);
    if (op) return manual(`its static object '${o.g.name}' (whose initializer names it) cannot become an object of each module: ${op.reason}`, op.steps, op.at ?? t.declStart, o.g.file);
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
  // Only in a function Python calls (a method, a slot): a helper of the init readies it eagerly.
  const lazy = r.func !== exec && !helper && !viaMacro && exec && ctx.roles.of(r.func!).length > 0 ? lazyReadyStatement(r) : undefined;
  if (lazy) {
    // Readied on first use in a function Python calls: created once in exec instead, when every
    // use reaches the state (decideNeverReadied checks them, without this statement).
    c.lazyReady = lazy;
    return decideNeverReadied(c, ctx, exec, manual, `PyType_Ready(&${t.name}) is in ${r.func!.name}(), which readies it on first use`);
  }
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
    if (rf.func !== r.func) return manual(`${t.name}.${rf.field} is assigned after PyType_Ready or in another function`, 'move the assignment into the initializer', rf.stmtStart);
    // `X.tp_new = PyType_GenericNew;` after the call folds too when nothing between can tell.
    const late = rf.stmtStart > r.start ? afterReadyProblem(t, rf, c.ready, ctx) : undefined;
    if (late) return manual(late, `move the assignment into the initializer (or before PyType_Ready(&${t.name})), then run again`, rf.stmtStart);
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
  const tabled = staticTableUse(c, ctx) ?? unreadSlot(c);
  if (tabled) return manual(tabled.reason, tabled.steps, tabled.at, tabled.file);
  const up = useProblem(uses, t.name, ctx, ownTypeChecks(t, ctx).funcs);
  if (up) return manual(up.reason, up.suggestion, up.at, up.file);
  return applied(t, ctx);
}

/** The one function-level static table of a helper exec calls that lists `t` and can become a local array filled there. */
function helperTable(t: StaticType, ctx: TransformContext): TypeArrayFill | undefined {
  const found: TypeArrayFill[] = [];
  const tables = ctx.ext.globals.filter((x) => x.init && x.arrayLen !== undefined && x.baseType === 'PyTypeObject');
  for (const u of t.uses) {
    if (found.some((a) => a.file === u.file && u.start >= a.start && u.start < a.end)) continue;
    const g = tables.find((x) => x.file === u.file && x.init && u.start >= x.init.start && u.start < x.init.end && (x.scope === 'file' ? !u.func : x.func === u.func));
    const a = g && staticTypeTable(g, ctx) ? localTableOf(g, ctx) : undefined;
    if (a) found.push(a);
  }
  return found.length === 1 ? found[0] : undefined;
}

/**
 * A use of `t` in the initializer of a function-level static array that is not filled later: a
 * static initializer cannot read the state's pointer, so the type stays static with that table.
 */
function staticTableUse(c: TypeCandidate, ctx: TransformContext): { reason: string; steps: string; at: number; file: FileModel } | undefined {
  const { t } = c;
  const initialized = ctx.ext.globals.filter((x) => x.init);
  for (const u of t.uses) {
    if (!u.func && !(c.typeArray && u.file === c.typeArray.file && u.start >= c.typeArray.start && u.start < c.typeArray.end)) {
      const g = initialized.find((x) => x.scope === 'file' && x.file === u.file && x.init && u.start >= x.init.start && u.start < x.init.end);
      const table = g && staticTypeTable(g, ctx);
      if (g && table) return { ...typeTableAdviceFor(t, g, table), at: u.start, file: u.file };
    }
    if (!u.func || (c.typeArray && u.file === c.typeArray.file && u.start >= c.typeArray.start && u.start < c.typeArray.end)) continue;
    const g = initialized.find((x) => x.scope === 'function' && x.func === u.func && x.file === u.file && x.init && u.start >= x.init.start && u.start < x.init.end && /\bstatic\b/.test(u.file.source.text.slice(x.declStart, x.declaratorStart)));
    // Only a table of types: a C-API struct that lists the type (capsule-api-to-state fills it in exec) is none.
    if (!g || !staticTypeTable(g, ctx)) continue;
    const initial = ctx.moduleHelpers.has(u.func) || u.func === (ctx.plan.execFunction ?? ctx.ext.init?.func);
    const why = initial ? 'it is written or handed on there, lists a type readied by name, or the type is listed in more than one table' : `${u.func.name}() is neither the init function nor a helper it calls once`;
    return {
      reason: `its address is in the function-level static table '${g.name}' of ${u.func.name}(), which cannot become a local array filled from the state: ${why}`,
      steps: !initial ? `resolve the finding of '${g.name}' (read the types from the module state in ${u.func.name}()), then run again; or keep ${t.name} static (immortal, shared)` : `ready and add ${t.name} without that table (PyType_Ready(&${t.name}) in the init function), or make '${g.name}' a local array only read in a loop in the init function or a helper it calls once, then run again`,
      at: u.start,
      file: u.file,
    };
  }
  return undefined;
}

/**
 * A type nothing readies (instances made with PyObject_New, the type added with
 * PyModule_AddObject; pyalsaaudio, pyahocorasick's iterators): created at the top of exec. Its
 * fields set at run time in the init fold into the spec, as they would before a PyType_Ready.
 */
function decideNeverReadied(c: TypeCandidate, ctx: TransformContext, exec: FunctionInfo | undefined, manual: (why: string, steps: string, at?: number, file?: FileModel) => Decision, lazy?: string): Decision {
  const { t } = c;
  const steps = lazy ? `move PyType_Ready(&${t.name}) into the module's init function, then run again` : `create it in the module's init function with PyType_Ready(&${t.name}) before its first use, then run again`;
  const notFound = lazy ?? `no PyType_Ready(&${t.name}) call was found`;
  if (!exec) return manual(notFound, steps);
  // Created in exec from a spec of another file, the spec would link only if the build compiles that
  // file (pylzma's compressobj.c, whose type every live file names only under #if 0, is not built).
  // Exec naming the type, or the module's method table a function of that file, in code every build
  // compiles links that file already.
  const namedByExec = t.uses.some((u) => u.func === exec && u.file === exec.file && !guardAt(exec.file.parsed.lex, u.start, exec.file.source.text));
  const unlinked = unlinkedReason(t, exec, namedByExec, ctx, notFound);
  if (unlinked) return manual(unlinked.reason, unlinked.steps ?? steps);
  if (t.guard) return manual(`${notFound}, and it is defined under #if ${t.guard.expr}`, steps);
  const base = baseOfType(t);
  if (base && ctx.heapTypes.has(base)) return manual(`${notFound}, and its base ${base} becomes a heap type created in exec`, steps);
  for (const rf of t.runtimeFields) {
    if (rf.func !== exec) return manual(`${notFound}, and ${t.name}.${rf.field} is assigned in ${rf.func?.name ?? 'another function'}()`, steps, rf.stmtStart);
    if (rf.field === 'tp_base' || /[.]|->/.test(stripCasts(rf.value).replace(/^&\s*[A-Za-z_]\w*$/, ''))) return manual(`${notFound}, and ${t.name}.${rf.field} is set to '${rf.value}'`, steps, rf.stmtStart);
    c.folded.push(rf);
  }
  for (const [field, f] of t.fields) {
    if (!/^tp_as_/.test(field) || isZeroExpr(f.value)) continue;
    const g = ctx.ext.globals.find((x) => x.name === stripCasts(f.value).replace(/^&\s*/, '') && x.subStruct);
    if (!g || g.uses.some((u) => u.func && subStructWriteAt(u))) return manual(`${notFound}, and its ${field} table is not a constant one`, steps);
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
  // So is a function-level static table of them in exec or in a helper exec calls (py-lmdb's
  // init_types, cffi's all_types): it becomes a local array, filled when the helper starts.
  const array = earlyUses.length > 0 ? typeArrayFillAt(exec, earlyUses[0].start, true) : helperTable(t, ctx);
  if (array && earlyUses.every((u) => u.start >= array.start && u.start < array.end) && array.elements.every((e) => !readiedByName(e.type, ctx))) c.typeArray = array;
  const early = c.typeArray ? undefined : earlyUses[0];
  if (early) {
    const line = early.file.source.position(early.start).line;
    return manual(`${t.name} is used in the declarations of ${exec.name}() (line ${line}), which run before the heap type is created at the start of its statements`, `move that use below the declarations (assign it there), or ready the type with PyType_Ready(&${t.name}) before it, then run again`, early.start, early.file);
  }
  const tabled = staticTableUse(c, ctx) ?? unreadSlot(c);
  if (tabled) return manual(tabled.reason, tabled.steps, tabled.at, tabled.file);
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

export function applied(t: StaticType, ctx: TransformContext): Decision {
  const name = t.tpName ?? t.name;
  const findings = [
    ctx.finding(t.file, t.declStart, t.initStart, 'static-type', 'error', 'auto', `static type ${t.name} ('${name}') is shared by every interpreter`, `${ID} turns it into ${specNames(t).spec} created with PyType_FromModuleAndSpec into st->${t.name}`),
  ];
  const descriptor = moduleDescriptor(t, ctx);
  const tpName = t.fields.get('tp_name');
  if (descriptor) {
    findings.push(ctx.finding(descriptor.table.file, descriptor.at, descriptor.at, 'module-descriptor', 'warning', 'none', `${t.name}'s instances get '__module__' from ${descriptor.table.name}: as a heap type the class's own ${t.tpName}.__module__ reads as that descriptor instead of ${dottedModule(t.tpName) ?? "'builtins'"} (its instances and repr are unchanged${dottedModule(t.tpName) ? '; the module never hands the class itself on, so nothing finds it by that name' : ''})`, 'nothing to do unless code reads the class\'s __module__'));
  } else if (t.tpName !== undefined && !t.tpName.includes('.') && tpName) {
    findings.push(ctx.finding(t.file, tpName.valueStart, tpName.valueEnd, 'undotted-name', 'warning', 'none', `tp_name '${t.tpName}' has no module part: as a heap type, importing the module warns (DeprecationWarning "builtin type ${t.tpName} has no __module__ attribute", 3.10+) and ${t.tpName}.__module__ raises AttributeError instead of giving 'builtins'`, 'give it a dotted "package.module.Name" (its import name; repr and messages then show it)'));
  }
  const doc = docDescriptor(t, ctx);
  if (doc) {
    findings.push(ctx.finding(doc.table.file, doc.at, doc.at, 'doc-descriptor', 'warning', 'none', `${t.name}'s instances get '__doc__' from ${doc.table.name}: its spec leaves out the tp_doc text, which a heap type would write over that descriptor in its dict (3.10+), so the class's own __doc__ reads as the descriptor instead of that text (its instances are unchanged)`, 'nothing to do unless code reads the class\'s __doc__ (help() of the class)'));
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

/** The module part of a dotted tp_name, quoted ('fastcache' of 'fastcache.clru_cache'). */
function dottedModule(tpName: string | undefined): string | undefined {
  const dot = tpName?.lastIndexOf('.') ?? -1;
  return dot > 0 ? `'${tpName!.slice(0, dot)}'` : undefined;
}

/** A file-scope table of type addresses that stays: the type stays static with it (as intrinsicProblem says of one that is not local). */
function typeTableAdviceFor(t: StaticType, g: GlobalVar, table: TypeTable): { reason: string; steps: string } {
  return { reason: `its address is stored in '${g.name}', a static table of the module's types (${table.types.join(', ')}), which stays one per process`, steps: `move that table into the module state first (see its own finding), then run again; or keep ${t.name} static (immortal, shared)` };
}

/**
 * `was_sq_slice` / `was_sq_ass_slice` of a positional PySequenceMethods (Python 2's sq_slice, written
 * on: cffi's minibuffer): Python 3 never reads them and a spec has no slot for them, so they go. A
 * static function of the file that nothing else names would then be unused (a new -Wunused-function
 * warning): the type stays static until the initializer drops it.
 */
function unreadSlot(c: TypeCandidate): { reason: string; steps: string; at: number; file: FileModel } | undefined {
  for (const g of c.subStructs) {
    for (const [member, f] of g.subStruct ?? []) {
      if (!member.startsWith('was_') || isZeroExpr(f.value)) continue;
      const name = stripCasts(f.value).replace(/^&\s*/, '');
      const fn = g.file.functionsByName.get(name);
      if (!fn) continue;
      const inside = (at: number, span: { start: number; end: number }): boolean => at >= span.start && at < span.end;
      const proto = fn.file.prototypes.get(name);
      const others = (fn.file.identifierUses.get(name) ?? []).filter((at) => !inside(at, { start: fn.declStart, end: fn.end }) && !inside(at, { start: f.valueStart, end: f.valueEnd }) && !(proto && inside(at, proto)));
      if (others.length > 0) continue;
      return {
        reason: `its ${g.name} sets ${member.replace(/^was_/, '')} (the field ${member}, which Python 3 never reads) to ${name}(), which nothing else names: a heap type's spec has no slot for it, and ${name}() would be left unused`,
        steps: `set that field to 0 (and drop ${name}() if nothing needs it), then run again`,
        at: f.valueStart,
        file: g.file,
      };
    }
  }
  return undefined;
}
