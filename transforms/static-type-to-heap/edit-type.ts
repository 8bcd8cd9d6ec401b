/**
 * A decided type written as a heap type: the spec in place of the definition, the creation in place
 * of PyType_Ready, folded fields and used-up sub-structs removed, uses read from the state, and
 * PyModule_AddObject of the type taking a reference of its own.
 */
import type { FileModel, StaticType, FunctionInfo } from '../../src/model/types';
import type { TransformContext } from '../types';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { atLeast } from '../../src/core/pyversion';
import { rewriteUses } from '../shared/state-uses';
import { statementRemoval, spanOf } from '../../src/plan/text-util';
import { renderTypeSpec, specNames, memberOffsets, disallowInstantiation, docDescriptor } from './render';
import { markOrphanedDoc } from './orphaned-doc';
import { unconsumedIncrefs } from './unconsumed-incref';
import { ensureInclude } from '../shared/includes';
import { lifecycleEdits } from './lifecycle';
import { ownTypeChecks } from './own-checks';
import { editExactCheck, exactChecks } from './exact-checks';
import { fieldMacrosGoingWith, inMacroDefinition, removeDefinition } from './field-macros';
import { guardAt } from '../../src/core/conditions';
import { ID } from './id';
import type { TypeCandidate } from './type-candidate';
import { remainingUses, foldedSpan, inFold, defaultMetatypeStores, slotCallTarget } from './type-uses';
import { castSlotCallArguments } from './slot-call-arguments';
import { typeArrayFillLine, type TypeArrayFill } from './type-array-fill';

export function edit(c: TypeCandidate, ctx: TransformContext): void {
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
    if (c.typeArray) fillTypeArray(c.typeArray, t.name, `${c.typeArray.func === c.eager ? st : ctx.plan.stateVar(c.typeArray.func)}->${field}`, ctx);
  }
  if (c.lazyReady) ctx.replace(c.lazyReady.use.file, ...spanOf(statementRemoval(c.lazyReady.use.file.source, c.lazyReady.stmtStart, c.lazyReady.stmtEnd)), '');
  for (const rf of c.folded) {
    if (c.ready?.macro?.fields.includes(rf)) continue; // (its line goes with the macro's edits)
    const f = rf.func!.file;
    const fold = foldedSpan(rf, ctx);
    if (fold.end === rf.stmtEnd) ctx.replace(f, ...spanOf(statementRemoval(f.source, rf.stmtStart, rf.stmtEnd)), '');
    else ctx.replace(f, fold.start, fold.end, '');
  }
  for (const m of defaultMetatypeStores(c)) ctx.replace(m.func.file, ...spanOf(statementRemoval(m.func.file.source, m.stmtStart, m.stmtEnd)), '');
  for (const o of orphanedByFolds(c, ctx)) markUnused(o, c, ctx);
  if (docDescriptor(t, ctx)) markOrphanedDoc(t, ctx);
  // 5. `X.tp_dealloc(o)` -> `X_dealloc(o)`; every other use -> st->X.
  for (const u of t.uses) {
    const target = slotCallTarget(t, u);
    if (target) {
      const m = /^\s*\.\s*(tp_\w+)/.exec(u.file.source.text.slice(u.end, u.end + 40))!;
      ctx.replace(u.file, u.start, u.end + m[0].length, target.fn);
      if (target.cast) castSlotCallArguments(u.file, u.end + m[0].length, target.fn, ctx);
    }
  }
  // Type checks of the slot's own object in its teardown slots name Py_TYPE(self) instead.
  const own = ownTypeChecks(t, ctx);
  for (const site of own.sites) ctx.replace(site.file, site.start, site.end, site.text);
  const dropped = unconsumedIncrefs(c);
  for (const d of dropped) ctx.replace(d.use.file, ...spanOf(statementRemoval(d.use.file.source, d.stmtStart, d.stmtEnd)), '');
  const remaining = remainingUses(c, ctx).filter((u) => !(u.func && own.funcs.has(u.func)) && !dropped.some((d) => d.use === u));
  rewriteUses(remaining, t.name, field, ctx, true);
  // Check macros whose exact type is told by its dealloc: the test goes around the rewritten address.
  for (const x of exactChecks(t, ctx)) {
    if (!remaining.includes(x.use)) continue;
    editExactCheck(x, t.file, ctx);
    ctx.plan.exactCheckMacros.add(x.macro.name);
  }
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

/** The array loses its initializer (the same edit for each of its types); this type's elements are filled from the state. */
function fillTypeArray(a: TypeArrayFill, type: string, pointer: string, ctx: TransformContext): void {
  // A file-scope table goes, and its one function declares the array instead.
  ctx.replace(a.file, a.start, a.end, a.moved ? '' : `[${a.elements.length}]`);
  if (a.moved) ctx.plan.typeArrayDecls.set(a.key, { func: a.func, text: a.moved.declaration });
  if (a.dropStatic) ctx.replace(a.file, a.dropStatic.start, a.dropStatic.end, '');
  let lines = ctx.plan.typeArrayFills.get(a.key);
  if (!lines) ctx.plan.typeArrayFills.set(a.key, (lines = a.elements.map((_, i) => typeArrayFillLine(a, i))));
  // In a helper exec calls: filled first in it, from its own state.
  if (a.func !== execOf(ctx)) {
    ctx.plan.typeArrayFillFuncs.set(a.key, a.func);
    ctx.stateIn(a.func);
  }
  a.elements.forEach((e, i) => {
    if (e.type === type) lines![i] = typeArrayFillLine(a, i, pointer);
  });
}

function execOf(ctx: TransformContext): FunctionInfo | undefined {
  return ctx.plan.execFunction ?? ctx.ext.init?.func;
}
