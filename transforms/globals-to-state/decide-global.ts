/**
 * Whether one global moves into the state, on its own (its paste partners aside, which the transform's
 * decide weighs): a Python object with a known owner, C data, the module kept in a global, or a
 * `_Py_IDENTIFIER`; else a finding says why not. Decided once per global and run.
 */
import { localTableOf, staticTypeTable, typeTableAdvice } from '../shared/type-tables';
import { isHeaderPath } from '../../src/core/parse';
import type { GlobalVar, FileModel } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { useLocation } from '../shared/state-uses';
import { useProblem } from '../shared/use-problems';
import { pastedBy } from '../shared/pasted-by';
import { fieldOwnership, OWNERSHIP_MANUAL } from '../shared/ownership';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { identifierUseProblem } from './py-identifier';
import { decideCData } from '../shared/c-data';
import { isCData, repeatedDeclaration, selfSetGuard } from '../shared/c-data-problems';
import { fileLocalGuardMacro, fileLocalGuardProblem } from '../shared/local-guard';
import { stateArrayLength } from '../shared/c-data-layout';
import { exportedBy, namedByOtherFiles } from '../../src/plan/export-marks';
import { outsideHeaderProblem } from '../../src/model/outside-headers';
import { moduleGlobalProblem } from './module-global';
import { strayStatementAfter } from '../shared/stray-statement-after';
import { functionOfTheSameName } from '../shared/name-clash';
import { ID } from './id';
import { KIND_TEXT, ruleFor, type Candidate } from './global-candidate';
import { readPasteMacros, pastedText } from './paste-macros';

export function decideAlone(c: Candidate, ctx: TransformContext): Decision {
  let memo = decidedAlone.get(ctx);
  if (!memo) decidedAlone.set(ctx, (memo = new Map()));
  let d = memo.get(c.g);
  if (!d) {
    d = decideOne(c, ctx);
    memo.set(c.g, d);
  }
  if (d.action === 'apply') c.owns = ownsOf.get(d);
  return d;
}

const decidedAlone = new WeakMap<TransformContext, Map<GlobalVar, Decision>>();
const ownsOf = new WeakMap<Decision, Candidate['owns']>();

/**
 * The functions besides the init and exec that read a module kept in a global (hiredis-py's
 * `HIREDIS_STATE` in reader.c's Reader_new), with where and through which macro: what a person
 * must change before the module can go.
 */
function moduleReaders(g: GlobalVar, ctx: TransformContext): { text: string; n: number } | undefined {
  const init = new Set([ctx.ext.init?.func, ctx.ext.init?.entry, ctx.plan.execFunction]);
  // function -> how it reads it (directly, or through a macro) -> where
  const out = new Map<string, Map<string, string[]>>();
  const add = (func: string, how: string, where: string): void => {
    if (!out.has(func)) out.set(func, new Map());
    const hows = out.get(func)!;
    if (!hows.has(how)) hows.set(how, []);
    if (!hows.get(how)!.includes(where)) hows.get(how)!.push(where);
  };
  for (const u of g.uses) {
    if (u.kind === 'decl' || u.kind === 'write') continue;
    if (u.func && !init.has(u.func)) add(u.func.name, '', useLocation(u.file, u.start, g.file));
    if (!u.inMacro) continue;
    const m = macroAt(u.file, u.start);
    if (!m) continue;
    for (const f of ctx.ext.files) {
      for (const at of usesOf(f, m.name)) {
        const fn = f.functions.find((x) => at > x.bodyStart && at < x.bodyEnd);
        if (fn && !init.has(fn)) add(fn.name, ` through macro ${m.name}`, useLocation(f, at, g.file));
      }
    }
  }
  if (out.size === 0) return undefined;
  const items = [...out].map(([f, hows]) => `${f}() (${[...hows].map(([how, w]) => `${w.join(', ')}${how}`).join('; ')})`);
  return { text: items.length > 1 ? `${items.slice(0, -1).join(', ')} and ${items[items.length - 1]}` : items[0], n: items.length };
}

/**
 * A C free list of the module's own objects (`static PointObject *free_points[16]` that Point's
 * tp_dealloc fills and tp_new takes from): pointers to the object struct of one of the module's types,
 * written in that type's tp_dealloc. The name of the type, the dealloc and the other functions that use it.
 */
function objectFreeList(g: GlobalVar, ctx: TransformContext): { type: string; dealloc: string; reusers: string[] } | undefined {
  if (g.pointerDepth !== 1 || g.scope !== 'file') return undefined;
  const struct = g.baseType.replace(/^(?:const\s+|struct\s+)+/, '').trim();
  for (const t of ctx.ext.types) {
    const size = /^\s*sizeof\s*\(\s*(?:struct\s+)?(\w+)\s*\)\s*$/.exec(t.fields.get('tp_basicsize')?.value ?? '');
    if (size?.[1] !== struct) continue;
    const dealloc = g.uses.find((u) => u.func && ctx.roles.of(u.func).some((r) => r.slot === 'tp_dealloc' && r.type === t.name));
    if (!dealloc) continue;
    const reusers = [...new Set(g.uses.filter((u) => u.func && u.func !== dealloc.func).map((u) => u.func!.name))];
    return { type: t.tpName ?? t.name, dealloc: dealloc.func!.name, reusers };
  }
  return undefined;
}

function decideOne(c: Candidate, ctx: TransformContext): Decision {
  const { g } = c;
  // A header outside the files given names it: its uses there stay, so it stays.
  const outside = g.scope === 'file' ? outsideHeaderProblem(ctx.ext, g.name) : undefined;
  if (outside) {
    const what = isCData(g) ? `mutable C global '${g.name}'` : `${KIND_TEXT[g.category] ?? 'object'} '${g.name}'`;
    return { action: 'manual', findings: [ctx.finding(g.file, g.declStart, g.declEnd, isCData(g) ? 'mutable-c-data' : ruleFor(g), 'error', 'manual', `${what} is a C global shared by every interpreter: ${outside.reason}`, outside.steps)] };
  }
  const unfinished = strayStatementAfter(g) ?? functionOfTheSameName(g);
  if (unfinished) {
    const what = isCData(g) ? `mutable C global '${g.name}'` : `${KIND_TEXT[g.category] ?? 'object'} '${g.name}'`;
    return { action: 'manual', findings: [ctx.finding(g.file, g.declStart, g.declEnd, isCData(g) ? 'mutable-c-data' : ruleFor(g), 'error', 'manual', `${what} is a C global shared by every interpreter: ${unfinished.reason}`, unfinished.steps)] };
  }
  if (isCData(g)) return decideCData(g, ctx, ID, 'global');
  const rule = ruleFor(g);
  const what = `${KIND_TEXT[g.category] ?? 'object'} '${g.name}'`;
  const where = g.scope === 'function' ? ` in ${g.func?.name}()` : '';
  // Reported at the declaration (the hazard); the use that blocks it is named in the message.
  const manual = (why: string, steps: string, at = g.declStart, file: FileModel = g.file): Decision => {
    const use = at !== g.declStart ? ` (at ${useLocation(file, at, g.file)})` : '';
    if (g.category === 'py-identifier') return keptIdentifier(`${why}${use}`, steps);
    return { action: 'manual', findings: [ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'manual', `${what}${where} is a C global shared by every interpreter: ${why}${use}`, steps)] };
  };
  // An identifier's string is per interpreter since 3.10: one the rewrite cannot reach stays, and isolation does not wait for it.
  const keptIdentifier = (why: string, steps: string): Decision => ({
    action: 'skip',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, rule, 'warning', 'none', `${what}${where} stays as it is: ${why}. No isolation hazard (its string is per interpreter since Python 3.10), only private C-API`, steps)],
  });
  const freeList = objectFreeList(g, ctx);
  if (freeList) return manual(`it is a free list of the module's own ${freeList.type} objects: ${freeList.dealloc}() keeps freed objects in it${freeList.reusers.length > 0 ? `, which ${freeList.reusers.map((f) => `${f}()`).join(', ')} use${freeList.reusers.length > 1 ? '' : 's'} too` : ''}. Per module, the objects it holds would need freeing when the module goes (and by the dealloc when the module is already gone), and each reuse would have to take a reference to the heap type again: not a mechanical move`,
    `drop the free list (allocate with tp_alloc and free with tp_free in ${freeList.dealloc}(); compare the cost with \`verify --bench\`), or keep it per module by hand: free what it holds in m_clear, and in ${freeList.dealloc}() free the object when the module is gone; then run again`);
  if (g.objectGuess) return manual(`its type ${g.baseType} is declared outside these files, so whether it is a Python object is not known`, `if ${g.baseType} is a Python object type, add its header to the files checked (or move it by hand)`);
  // `kv_module = module;` in the exec function (a converted init keeps the global it read the module through).
  const keptModule = ctx.plan.execFunction !== undefined && g.fills.some((f) => f.func === ctx.plan.execFunction && f.value.trim() === (ctx.plan.execParam ?? 'module'));
  if ((g.category === 'module-object' || keptModule) && moduleGlobalProblem(g, ctx) === undefined) {
    if (ctx.moduleReady !== true) return manual(`the module cannot get a state yet: ${ctx.moduleReady}`, 'resolve the multi-phase-init finding first');
    return { action: 'apply', findings: [ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'auto', `${what} is a C global shared by every interpreter: the init keeps its module there`, `${ID} removes it: module functions read their module parameter, the exec function its own, other functions the module kept in ${ctx.plan.names.struct} (borrowed, set in exec)`)] };
  }
  if (g.category === 'module-object' || keptModule) {
    const readers = moduleReaders(g, ctx);
    return manual(`the module object itself is kept in a global${readers ? `, which ${readers.text} read${readers.n > 1 ? '' : 's'}` : ''}`, `use the module at hand${readers ? ` there` : ''}: the module parameter of module functions, PyType_GetModuleByDef() in methods and slots (of Py_TYPE(self), or of the type in tp_new)${readers ? ', then run again' : ''}`);
  }
  if (g.inTemplate) return manual('it is declared inside a .c.src template block', 'move it out of the template, then run again');
  const twin = repeatedDeclaration(g, ctx.ext);
  if (twin) return manual(twin.reason, twin.steps);
  const setHere = selfSetGuard(g);
  if (setHere) return manual(setHere.reason, setHere.steps);
  const local = fileLocalGuardMacro(g, ctx.ext);
  if (local) {
    const p = fileLocalGuardProblem(g, local);
    return manual(p.reason, p.steps);
  }
  const outsider = g.scope === 'file' && g.storage !== 'static' ? namedByOtherFiles(ctx.ext, g.name) : undefined;
  if (outsider) return manual(`it is not static and ${outsider}: that use could not be rewritten`, 'give the tool every file of the module together (or list them in [tool.pyext-isolate] modules), then run again');
  if (g.scope === 'file' && g.storage === 'none' && !hiddenByMacro(g)) {
    const exported = ctx.options.assumeInternal ? exportedBy(ctx.ext, g.name, g.file, g.declStart, g.declaratorStart, 'data') : 'assume-internal is off';
    if (exported) return manual(`it is not static and ${exported}, so code outside these files may use it by name`, 'make it static (or mark it with an internal-visibility macro such as NPY_NO_EXPORT and list the macro in export-macros), then run again');
  }
  const table = staticTypeTable(g, ctx);
  // Made a local array of the one function that loops over it, filled from the state by static-type-to-heap.
  if (table && localTableOf(g, ctx)) return { action: 'skip', findings: [] };
  if (table) {
    const advice = typeTableAdvice(g, table, ctx);
    return manual(advice.reason, advice.steps);
  }
  if (g.arrayLen !== undefined && g.category !== 'py-identifier' && !stateArrayLength(g.arrayLen, ctx.ext)) return manual('it is an array without a simple length', 'move it by hand');
  if (g.category !== 'py-identifier' && g.addressEscapes.length > 0 && !g.addressEscapes.every((u) => /PyUnicode_InternInPlace\s*\(\s*&\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 40), u.start)))) {
    const u = g.addressEscapes[0];
    return manual(`its address escapes (&${g.name} in ${u.func?.name ?? 'a static initializer'})`, 'pass the value instead of its address, or keep it per process behind a lock', u.start, u.file);
  }
  if (g.category === 'py-identifier' && isHeaderPath(g.file.path)) return manual('it is declared in a header, so every file that includes it has its own copy', 'nothing needed for isolation; to leave private C-API, declare it in the one .c file that uses it and run again');
  if (g.category === 'py-identifier') {
    const p = identifierUseProblem(g);
    if (p) return manual(p.reason, p.suggestion, p.at);
  }
  const pasted = pastedBy(g.name, ctx, readPasteMacros(ctx));
  if (pasted) return manual(`macro ${pasted}() builds identifiers by token pasting and may use it where no rewrite can see`, 'expand the macro by hand for this name, then run again');
  const elsewhere = ctx.ext.files.find((f) => f !== g.file && f.pasteChains.some((ch) => !ch.member && ch.forms.some((x) => x.name === g.name)));
  if (elsewhere) return manual(`a macro of ${elsewhere.path.replace(/^.*[\\/]/, '')} pastes its name together`, 'expand that macro by hand for this name, then run again');
  const pastedUse = g.uses.find((u) => u.pasted);
  if (pastedUse && ctx.ext.globals.some((x) => x !== g && x.name === g.name) || pastedUse && ctx.ext.types.some((t) => t.name === g.name)) {
    return manual(`macro ${pastedUse!.pasted!.macro}() pastes its name, so its state field must keep that name, and another global or type of the extension has it too`, 'rename one of them, then run again');
  }
  const owns = fieldOwnership(g);
  if (owns === OWNERSHIP_MANUAL) return manual('it is filled both with new and with borrowed references', 'make every fill own its reference (Py_INCREF the borrowed ones), then run again');
  const readFirst = readBeforeSet(g, ctx);
  if (readFirst !== undefined) return manual('it is read in the init function before it is set', 'set it before use, or move it by hand', readFirst);
  const p = useProblem(g.uses, g.name, ctx);
  if (p) return manual(p.reason, p.suggestion, p.at, p.file);
  if (typeof owns === 'object') {
    const f = owns.unknown;
    return manual(`it is set from '${f.value.trim()}', and whether that hands it a reference of its own cannot be told`, 'make the fill own its reference (Py_NewRef / Py_INCREF) or say so with a call the tool knows, then run again', f.start);
  }
  if (ctx.moduleReady !== true) return manual(`the module cannot get a state yet: ${ctx.moduleReady}`, 'resolve the multi-phase-init finding first');
  c.owns = owns;
  const throughMacros = [...new Set(g.uses.filter((u) => u.pasted).map((u) => u.pasted!.macro))];
  const findings = [
    g.category === 'py-identifier'
      ? ctx.finding(g.file, g.declStart, g.declEnd, rule, 'warning', 'auto', `${what}${where} is private C-API (hidden by Py_LIMITED_API; on 3.9 its string is shared by every interpreter)`, `${ID} makes it an interned string in ${ctx.plan.names.struct} and its calls the public ones taking a str object`)
      : ctx.finding(g.file, g.declStart, g.declEnd, rule, 'error', 'auto', `${what}${where} is a C global shared by every interpreter and module instance`, `${ID} moves it into ${ctx.plan.names.struct} and rewrites its ${g.uses.length} use(s) to st->${g.name}${throughMacros.length > 0 ? ` (${throughMacros.map((m) => `${m}()`).join(', ')} paste${throughMacros.length === 1 ? 's' : ''} st->${pastedText(g)})` : ''}${g.declaredBy ? `; its ${g.declaredBy}() declaration goes` : ''}`),
  ];
  const exec = ctx.plan.execFunction ?? ctx.ext.init!.func;
  const filledOutsideInit = g.fills.filter((f) => f.func && f.func !== exec && !isLazyFill(g, f.func));
  if (filledOutsideInit.length > 0) {
    findings.push(ctx.finding(g.file, filledOutsideInit[0].start, filledOutsideInit[0].end, 'per-module-registry', 'warning', 'auto', `'${g.name}' is set in ${filledOutsideInit[0].func!.name}() after init: it becomes per module instead of per process`, 'check that no caller relies on one value shared by all modules'));
  }
  const d: Decision = { action: 'apply', findings };
  ownsOf.set(d, owns);
  return d;
}

/** `NPY_NO_EXPORT PyObject *x;` and similar: visible to the extension's own files only. */
function hiddenByMacro(g: GlobalVar): boolean {
  const lineStart = g.file.source.lineStart(g.declStart);
  return g.file.parsed.holes.some((h) => (h.kind === 'decl-prefix' || h.kind === 'guessed-export') && h.start >= lineStart && h.end <= g.declaratorStart && /NO_EXPORT|HIDDEN|LOCAL|INTERNAL|PRIVATE/.test(h.name));
}

/** A lazy fill: the function also reads it before the fill (`if (x == NULL) x = ...`). */
function isLazyFill(g: GlobalVar, f: NonNullable<GlobalVar['func']>): boolean {
  return g.uses.some((u) => u.func === f && u.kind === 'read');
}

/** Offset of a read in the init function that comes before the first fill there. */
function readBeforeSet(g: GlobalVar, ctx: TransformContext): number | undefined {
  const init = ctx.plan.execFunction ?? ctx.ext.init?.func;
  if (!init || g.category === 'py-identifier') return undefined;
  const inInit = g.uses.filter((u) => u.func === init);
  const firstFill = inInit.find((u) => u.kind === 'write');
  if (!firstFill) return undefined;
  const early = inInit.find((u) => u.kind !== 'write' && u.start < firstFill.start);
  // `if (x == NULL) x = ...` style checks read first on purpose; only a use as a value counts.
  if (early && !/^\s*(==|!=)\s*NULL|^\s*\)/.test(g.file.source.text.slice(early.end, early.end + 10)) && !/!\s*$/.test(g.file.source.text.slice(early.start - 2, early.start))) return early.start;
  return undefined;
}
