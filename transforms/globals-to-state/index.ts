/**
 * globals-to-state: file-scope Python-object globals (exceptions, interned strings, imported
 * modules and attributes, cached types, `_Py_IDENTIFIER`s) become fields of the module state;
 * every use reads `st-><field>` (rewrite spec §3).
 */
import { staticTypeTable, typeTableAdvice } from '../shared/type-tables';
import { isHeaderPath } from '../../src/core/parse';
import type { GlobalVar, FileModel } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { rewriteUses, useProblem, useLocation, pastedBy, stateVarAt } from '../shared/state-uses';
import { fieldOwnership, addObjectSteals, OWNERSHIP_MANUAL } from '../shared/ownership';
import { statementRemoval, leadingComment, spanOf } from '../../src/plan/text-util';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { rewriteIdentifierUses, identifierUseProblem } from './py-identifier';
import { decideCData, editCData, isOwnMainState } from '../shared/c-data';
import { isCData, repeatedDeclaration, selfSetGuard } from '../shared/c-data-problems';
import { stateArrayLength } from '../shared/c-data-layout';
import { exportedBy, namedByOtherFiles } from '../../src/plan/export-marks';
import { outsideHeaderProblem } from '../../src/model/outside-headers';
import { outputName } from '../shared/output-name';
import { insertLinesBefore } from '../../src/plan/statement-insert';
import { structSequenceFill, guardsStructSequence, outsideItsFunction, type StructSequenceFill } from './struct-sequence';
import { styledLines } from '../../src/plan/code-style';
import { editModuleGlobal, keptByExec, moduleGlobalProblem } from './module-global';
import { removeDeclaringMacro, removeGlobalDeclaration } from '../shared/global-declarations';

export const ID = 'globals-to-state';

const HANDLED: ReadonlySet<string> = new Set(['exception', 'interned-string', 'imported-module', 'imported-attribute', 'cached-type', 'constant-object', 'object', 'py-identifier', 'module-object']);

const KIND_TEXT: Record<string, string> = {
  exception: 'exception object',
  'interned-string': 'interned string',
  'imported-module': 'imported module',
  'imported-attribute': 'imported attribute',
  'cached-type': 'type object pointer',
  'constant-object': 'constant object',
  object: 'Python object',
  'py-identifier': '_Py_IDENTIFIER string',
  'module-object': 'module object',
};

export function ruleFor(g: GlobalVar): string {
  if (g.category === 'exception') return 'exception';
  if (g.category === 'cached-type') return 'type-pointer';
  if (g.category === 'py-identifier') return 'py-identifier';
  if (g.category === 'module-object') return 'module-in-global';
  return 'object-global';
}

interface Candidate {
  g: GlobalVar;
  field?: string;
  owns?: 'strong' | 'none';
  /** A struct sequence type filled by PyStructSequence_InitType: it becomes a NewType in the state. */
  seq?: StructSequenceFill | { problem: string };
  /** Its once-per-process guard flag, which goes with it. */
  moves?: GlobalVar;
}

export const globalsToState: Transform<Candidate> = {
  id: ID,
  title: 'Move Python-object globals into module state',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    const out: Candidate[] = [];
    for (const g of ctx.ext.globals) {
      const seq = structSequenceFill(g, ctx.ext);
      if (seq) out.push({ g, seq, moves: 'g' in seq ? seq.guard?.flag : undefined });
      else if (((g.scope === 'file' || g.category === 'py-identifier') && (g.isPythonObject || g.objectGuess) && HANDLED.has(g.category)) || (g.scope === 'file' && isCData(g) && !isOwnMainState(g, ctx))) out.push({ g });
    }
    return out;
  },
  decide,
  edit,
};

function decide(c: Candidate, ctx: TransformContext): Decision {
  if (c.seq) return decideStructSequence(c, c.seq, ctx);
  // The once-guard of a struct sequence type goes with the type when it becomes per module, and
  // stays with it when it stays per process (a per-module flag would fill the one static type again).
  if (isCData(c.g) && guardsStructSequence(c.g, ctx.ext)) return { action: 'skip', findings: [] };
  const d = decideAlone(c, ctx);
  if (d.action !== 'apply') return d;
  // A macro that pastes its name (`str_##S`) is rewritten once for every name it forms: all move, or none.
  const partner = pastePartnerProblem(c.g, ctx);
  if (!partner) return d;
  const { g } = c;
  return {
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, ruleFor(g), 'error', 'manual', `${KIND_TEXT[g.category] ?? 'object'} '${g.name}' is a C global shared by every interpreter: ${partner.why}`, partner.steps)],
  };
}

/** Why a global that a paste macro forms cannot move with the others it forms, or undefined. */
function pastePartnerProblem(g: GlobalVar, ctx: TransformContext): { why: string; steps: string } | undefined {
  const chains = new Set(g.uses.filter((u) => u.pasted).map((u) => u.pasted!));
  for (const chain of chains) {
    for (const name of new Set(chain.forms.map((f) => f.name))) {
      if (name === g.name) continue;
      const p = g.file.globals.find((x) => x.name === name && x.scope === 'file');
      if (!p) return { why: `macro ${chain.macro}() pastes its name, and also '${name}', which is no global of this file`, steps: `expand ${chain.macro}() by hand for '${g.name}', then run again` };
      const cand = globalsToState.find(ctx).find((x) => x.g === p);
      const dp = cand ? decideAlone(cand, ctx) : undefined;
      if (!dp || dp.action !== 'apply') {
        const why = dp?.findings[0]?.message.replace(/^.*? is a C global shared by every interpreter: /, '') ?? 'it is not a Python object';
        return { why: `macro ${chain.macro}() pastes its name and also '${name}', which stays global (${why})`, steps: `resolve the finding of '${name}', or expand ${chain.macro}() by hand for '${g.name}', then run again` };
      }
    }
  }
  return undefined;
}

/** Macros of the extension that paste names and whose every expansion was read. */
function readPasteMacros(ctx: TransformContext): Set<string> {
  const out = new Set<string>();
  for (const f of ctx.ext.files) {
    const chains = f.pasteChains;
    const declaring = new Set(f.parsed.holes.filter((h) => h.declares).map((h) => h.name));
    for (const m of f.macros.values()) {
      if (!m.body.includes('##') || m.file) continue;
      const own = chains.filter((c) => c.macro === m.name);
      if (own.length > 0 && own.every((c) => !c.unread)) out.add(m.name);
      else if (own.length === 0 && declaring.has(m.name) && declaringUsesRead(f, m.name)) out.add(m.name);
    }
  }
  return out;
}

/** Every use of a declaring macro is a file-scope declaration the model read. */
function declaringUsesRead(f: FileModel, name: string): boolean {
  const holes = new Set(f.parsed.holes.filter((h) => h.declares && h.name === name).map((h) => h.start));
  const m = f.macros.get(name)!;
  return usesOf(f, name).every((at) => holes.has(at) || (at >= m.start && at < m.end) || /^#\s*undef\s+$/.test(f.source.text.slice(f.source.lineStart(at), at).trimStart()));
}

function decideAlone(c: Candidate, ctx: TransformContext): Decision {
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
  const outsider = g.scope === 'file' && g.storage !== 'static' ? namedByOtherFiles(ctx.ext, g.name) : undefined;
  if (outsider) return manual(`it is not static and ${outsider}: that use could not be rewritten`, 'give the tool every file of the module together (or list them in [tool.pyext-isolate] modules), then run again');
  if (g.scope === 'file' && g.storage === 'none' && !hiddenByMacro(g)) {
    const exported = ctx.options.assumeInternal ? exportedBy(ctx.ext, g.name, g.file, g.declStart, g.declaratorStart, 'data') : 'assume-internal is off';
    if (exported) return manual(`it is not static and ${exported}, so code outside these files may use it by name`, 'make it static (or mark it with an internal-visibility macro such as NPY_NO_EXPORT and list the macro in export-macros), then run again');
  }
  const table = staticTypeTable(g, ctx);
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

/** The pasted spelling in the macro body (`str_##S`), for messages. */
function pastedText(g: GlobalVar): string {
  const chain = g.uses.find((u) => u.pasted)!.pasted!;
  return g.file.source.text.slice(chain.start, chain.end).replace(/\s+/g, ' ');
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

/** A static struct sequence type: per module from PyStructSequence_NewType, or why not. */
function decideStructSequence(c: Candidate, seq: StructSequenceFill | { problem: string }, ctx: TransformContext): Decision {
  const { g } = c;
  const what = `struct sequence type '${g.name}'`;
  const manual = (why: string, steps: string, at = g.declStart): Decision => ({
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, 'type-pointer', 'error', 'manual', `${what} is a static type shared by every interpreter: ${why}${at !== g.declStart ? ` (at ${useLocation(g.file, at, g.file)})` : ''}`, steps)],
  });
  if (!('g' in seq)) return manual(seq.problem, `create it with PyStructSequence_NewType() in the module's init, keep the pointer in the module state and use it where &${g.name} is used, then run again`);
  const outside = outsideHeaderProblem(ctx.ext, g.name);
  if (outside) return manual(outside.reason, outside.steps);
  const twin = repeatedDeclaration(g, ctx.ext);
  if (twin) return manual(twin.reason, twin.steps);
  if (g.storage !== 'static') {
    const outsider = namedByOtherFiles(ctx.ext, g.name);
    if (outsider) return manual(`it is not static and ${outsider}: that use could not be rewritten`, 'give the tool every file of the module together (or list them in [tool.pyext-isolate] modules), then run again');
  }
  const pasted = pastedBy(g.name, ctx, readPasteMacros(ctx));
  if (pasted) return manual(`macro ${pasted}() builds identifiers by token pasting and may use it where no rewrite can see`, 'expand the macro by hand for this name, then run again');
  const rest = g.uses.filter((u) => u !== seq.use && u !== seq.nameGuard?.use);
  const early = rest.find((u) => u.func === seq.func && u.kind !== 'decl' && u.start < seq.start);
  if (early) return manual('it is used in the init function before it is filled', 'fill it first, then run again', early.start);
  const misread = rest.find(outsideItsFunction);
  if (misread) {
    const line = misread.file.source.position(misread.func!.start).line;
    return manual(`the parse reads its use as part of ${misread.func!.name}() (line ${line}), whose braces close before it: a brace was lost (an unknown macro in that function?), so the state would be looked up in the wrong function`,
      `add the macro that breaks the parse of ${misread.func!.name}() to [tool.pyext-isolate] macros (\`check --stats\` shows the damage), then run again`, misread.start);
  }
  const p = useProblem(rest, g.name, ctx);
  if (p) return manual(p.reason, p.suggestion, p.at);
  if (ctx.moduleReady !== true) return manual(`the module cannot get a state yet: ${ctx.moduleReady}`, 'resolve the multi-phase-init finding first');
  // Filled where the module's exec is (or will be): its errors return -1.
  const inExec = seq.func === ctx.plan.execFunction || (ctx.initConverts && seq.func === ctx.ext.init?.func);
  if (!inExec) return manual(`it is filled in ${seq.func.name}(), not in the module's init or exec function`, `fill it in the module's init function, then run again`, seq.use.start);
  const guard = seq.guard ? `; the once-per-process flag '${seq.guard.flag.name}' goes (each module fills its own)` : seq.nameGuard ? `; the once-per-process test of ${g.name}.tp_name goes (each module fills its own)` : '';
  return {
    action: 'apply',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, 'type-pointer', 'error', 'auto', `${what} is a static type filled by PyStructSequence_InitType, shared by every interpreter and module instance`,
      `${ID} creates it with PyStructSequence_NewType(${seq.desc}) into ${ctx.plan.names.struct} (a heap type) and rewrites its ${rest.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}${guard}`)],
  };
}

function editStructSequence(c: Candidate, seq: StructSequenceFill, ctx: TransformContext): void {
  const { g } = c;
  const field = ctx.plan.request({
    name: ctx.plan.freeFieldName(g.name, g.file.path.replace(/^.*[\\/]/, '').replace(/\W.*$/, '')),
    ctype: 'PyTypeObject *',
    owns: 'strong',
    guard: g.guard,
    was: `${g.storage === 'static' ? 'static ' : ''}PyTypeObject ${g.name}`,
    from: ID,
  });
  c.field = field;
  rewriteUses(g.uses.filter((u) => u !== seq.use && u !== seq.nameGuard?.use), g.name, field, ctx, true);
  if (seq.nameGuard) ctx.replace(seq.file, seq.nameGuard.start, seq.nameGuard.end, '');
  const st = ctx.stateIn(seq.func) ?? ctx.plan.stateVar(seq.func);
  const src = seq.file.source;
  const create = `${st}->${field} = PyStructSequence_NewType(${seq.desc})`;
  // CPython 3.12 and 3.13 can fail in NewType without setting an exception (a type name that cannot
  // be copied): MemoryError then, as the init's other failures raise.
  const lost = ['/* CPython (3.12, 3.13) loses the error when it cannot copy the type\'s name */', 'PyErr_NoMemory();'];
  if (seq.form === 'condition') {
    // `if (InitType2(&X, &d) < 0) { ...the init's error path... }`: the creation goes before it.
    const indent = src.indentAt(seq.ifStatement!.startIndex);
    const lines = styledLines(seq.func, [`${create};`, `if (${st}->${field} == NULL && !PyErr_Occurred()) {`, ...lost.map((l) => `    ${l}`), '}'], indent);
    insertLinesBefore(ctx, seq.file, seq.func, seq.ifStatement!, lines, 0);
    ctx.replace(seq.file, seq.start, seq.end, `${st}->${field} == NULL`);
  } else {
    const start = seq.guard ? seq.guard.start : seq.start;
    const end = seq.guard ? seq.guard.end : seq.end;
    const indent = src.indentAt(start);
    const lines = styledLines(seq.func, [`${create};`, `if (${st}->${field} == NULL) {`, '    if (!PyErr_Occurred()) {', ...lost.map((l) => `        ${l}`), '    }', '    return -1;', '}'], indent);
    ctx.replace(seq.file, start, end, lines.map((l, i) => (i === 0 ? l : l === '' ? l : indent + l)).join(src.eol ?? '\n'));
  }
  removeGlobalDeclaration(g, ctx);
  if (seq.guard) removeGlobalDeclaration(seq.guard.flag, ctx);
}

function edit(c: Candidate, ctx: TransformContext): void {
  const { g } = c;
  if (c.seq && 'g' in c.seq) return editStructSequence(c, c.seq, ctx);
  if (isCData(g)) return editCData(g, ctx, ID);
  if (g.category === 'module-object' || keptByExec(g, ctx)) {
    editModuleGlobal(g, ctx);
    removeGlobalDeclaration(g, ctx);
    return;
  }
  const prefix = g.scope === 'function' ? outputName(ctx, g.func!) : g.file.path.replace(/^.*[\\/]/, '').replace(/\W.*$/, '');
  if (g.category === 'py-identifier') {
    const field = ctx.plan.request({ name: ctx.plan.freeFieldName(g.name.replace(/^PyId_/, 'str_'), prefix), ctype: 'PyObject *', owns: 'strong', was: `_Py_IDENTIFIER(${g.name.replace(/^PyId_/, '')})`, from: ID, guard: g.guard, init: `PyUnicode_InternFromString(${g.init?.text ?? JSON.stringify(g.name)})` });
    rewriteIdentifierUses(g, field, ctx);
    ctx.replace(g.file, ...spanOf(statementRemoval(g.file.source, g.declStart, g.declEnd)), '');
    return;
  }
  const ctype = g.arrayLen !== undefined ? g.ctype.replace(/\s*\[[^\]]*\]$/, '') : g.ctype;
  const doc = g.siblings <= 1 ? leadingComment(g.file.source, g.declStart) : undefined;
  const field = ctx.plan.request({
    doc: doc?.text,
    // A pasted name (`st->str_##S`) is spelled by the macro: the field keeps it exactly.
    name: g.uses.some((u) => u.pasted) ? g.name : ctx.plan.freeFieldName(g.name, prefix),
    ctype: ctype.trim(),
    arrayLen: g.arrayLen,
    owns: c.owns ?? 'strong',
    guard: g.guard,
    was: `${g.storage === 'static' ? 'static ' : ''}${ctype}${ctype.endsWith('*') ? '' : ' '}${g.name}${g.arrayLen !== undefined ? `[${g.arrayLen}]` : ''}`,
    from: ID,
  });
  c.field = field;
  rewriteUses(g.uses, g.name, field, ctx);
  for (const s of addObjectSteals(g)) {
    // In front of the statement; a brace-less loop or if body (`for (...) PyModule_AddObject(...);`) gets braces.
    const line = `Py_${s.nullable ? 'X' : ''}INCREF(${stateVarAt(ctx, s.file, s.at)}->${field}${s.subscript});`;
    insertLinesBefore(ctx, s.file, s.func, s.stmt, [line], 0);
  }
  removeGlobalDeclaration(g, ctx);
  if (g.declaredBy) removeDeclaringMacro(g, ctx);
}

