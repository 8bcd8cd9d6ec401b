/**
 * Renders the StatePlan into edits, after every transform has run: the `<mod>_state` struct and
 * its accessors (in the file or a generated header), m_traverse/m_clear/m_free, the type
 * creation helper, the module def's new fields, the slots (declaring isolation only when no
 * blocking hazard is left: Rule 0), the once-per-process guard otherwise, and the `st` of
 * every function that uses the state.
 */
import * as path from 'path';
import type { FileModel, FunctionInfo, ModuleDefInfo } from '../model/types';
import type { TransformContext } from '../../transforms/types';
import type { FieldRequest, StateNames } from './state-plan';
import { DISPATCH } from './state-plan';
import type { Access } from './state-access';
import { definitionsOf } from './state-access';
import { moduleAndSpecEdits } from './spec-creations';
import { MODULEDEF_FIELDS } from '../model/initializers';
import { isZeroExpr, stripCasts } from '../model/cnodes';
import { statementRemoval } from './text-util';
import { BlockLayout, DECLARATION_ORDER, InsertPoint, StateHost, afterGuards, blockLayout, declarationPoint, functionLayout, linesAt, stateHosts, statementPoint } from './placement';
import { functionStyle, styled, styledLines } from './code-style';
import type { SyntaxNode } from '../core/parse';
import { isHeaderPath } from '../core/parse';
import { atLeast } from '../core/pyversion';
import { applyEdits, selectEdits } from '../core/edits';
import { branchesAt } from '../core/lex';
import { guarded, guardedRuns, guardAt, orGuards, sameGuard } from '../core/conditions';
import type { Guard } from '../core/conditions';
import { renderCompatHeader, usesCompatName, COMPAT_HEADER } from './emit-compat';
import { macroUsers } from '../model/macro-users';
import { macroCallGuard, useGuard } from './use-guards';
import { moduleSlotsTable, slotSentinel } from '../../transforms/multi-phase-init';
import { emitInterpCaches } from './interp-cache';
import { hoist } from './hoist';
import { headersFor, standardHeadersFor, typeNamesOf, typesReadyAt } from './field-types';
import { lengthMacrosToMove, macrosReadyAt, movedDefinesIn } from './length-macros';
import { ownStructMove } from './own-struct-move';
import { translationUnits } from '../model/translation-units';
import { macroStateEdits } from './macro-state';
import { enclosingFunction, inBody } from '../model/functions';
import type { InstanceState } from './instance-state';
import { teardownPath } from './teardown';
import { guardTeardownUses } from './teardown-guards';

export const EMITTER = 'state-plan';

export interface NewFile {
  path: string;
  content: string;
  /** The extension it belongs to (see FileChange.unit). */
  unit?: string;
}

export interface EmitResult {
  newFiles: NewFile[];
}

/**
 * `blockingLeft`: hazards are left, so a converted module loads once per process; `damaged`: among
 * them, parse damage (recorded in the guard's note: see dropLoadGuard).
 */
export function emitPlan(ctx: TransformContext, blockingLeft: boolean, damaged = false): EmitResult {
  const plan = ctx.plan;
  const ext = ctx.ext;
  const names = plan.names;
  const def = ext.moduleDef;
  const newFiles: NewFile[] = [];
  if (plan.interpCaches.length > 0) emitInterpCaches(ctx, plan.interpCaches, names.mod, ext.files);
  if (!def) return { newFiles };
  const defFile = def.file;
  const converting = !!plan.execFunction && ext.init?.phase === 'single';
  closeOverCallers(ctx);
  // Spec types whose slots now use the state are created with the module (plan/spec-creations).
  for (const [slots, creations] of plan.specCreations?.bySlots ?? []) {
    if (![...plan.stateUsers.keys()].some((f) => ctx.roles.of(f).some((r) => r.heapType && r.type === slots) || bySpecObject(ctx, ctx.accessOf(f), slots))) continue;
    for (const c of creations) for (const e of moduleAndSpecEdits(c)) if (e.end === undefined) ctx.insert(e.file, e.at, e.text); else ctx.replace(e.file, e.at, e.end, e.text);
  }
  const hasState = plan.fields.length > 0;
  const accesses = [...plan.stateUsers.keys()].map((f) => ctx.accessOf(f));
  const needByType = accesses.some((a) => a.kind === 'by-type' || a.kind === 'by-operands' || a.kind === 'by-instance' || (a.kind === 'split' && !!a.objectParam));
  const needByTypes = accesses.some((a) => a.kind === 'by-operands');
  const needByTypes3 = accesses.some((a) => a.kind === 'by-operands' && !!a.third);
  const needOfType = accesses.some((a) => a.kind === 'own-type');
  const needInTeardown = accesses.some((a) => a.kind === 'teardown');
  // Object structs that keep the state, and those whose objects are told apart among operands.
  const kept = new Set<string>();
  const operands = new Set<string>();
  for (const a of accesses) {
    if (a.kind === 'by-instance') kept.add(a.struct);
    if (a.kind === 'by-operands' && a.struct) {
      kept.add(a.struct);
      operands.add(a.struct);
    }
  }
  if (needByType && !atLeast(ctx.options.minPython, '3.11')) plan.compat.add('GetModuleByDef');
  if (plan.interpretersSlotTable && !blockingLeft) addInterpretersSlot(ctx, plan.interpretersSlotTable);
  if (!converting && !blockingLeft) dropLoadGuard(ctx);
  if (!converting && !hasState) return { newFiles };

  const stateFiles = new Set<FileModel>([defFile]);
  for (const f of plan.stateUsers.keys()) {
    stateFiles.add(f.file);
    // A non-static helper's prototypes in other files (its header) take the state type too.
    if (ctx.accessOf(f).kind === 'param') for (const x of prototypeFiles(ctx, f)) if (x.prototypes.has(f.name)) stateFiles.add(x);
  }
  const multiFile = stateFiles.size > 1;
  const eol = defFile.source.eol;
  const own = plan.ownStruct;
  if (own && hasState && multiFile && own.file === defFile) throw new Error(`the module's own state struct ${own.type} is defined in ${path.basename(own.file.path)}, and other files would need it: moving fields into it from several files is not automated`);
  const reused = own && hasState ? reuseAccessors(ctx) : new Set<string>();
  // The struct in a header: the state header an earlier run generated (written again whole, with the
  // fields it had and this run's, as one run writes it), or the module's own (the fields and
  // accessors go into it, in its place).
  const ownHeader = own && hasState && own.file !== defFile ? own.file : undefined;
  const regenerated = ownHeader && isGeneratedStateHeader(ownHeader, names) ? ownHeader : undefined;

  // --- 1. The state block -------------------------------------------------------------------
  // (Where the block goes first: the own struct may have to move up there.)
  // A generated state header names the fields' types; those it cannot include itself (declared in a header
  // without an include guard, or in a .c file) must be declared where the def's file includes it.
  const fieldTypes = [...plan.fields.map((f) => f.ctype), ...(regenerated ? own!.def.fields.map((f) => f.type) : [])].flatMap((t) => typeNamesOf(t));
  const headerTypes = (multiFile || regenerated) && hasState && !(ownHeader && !regenerated) ? headersFor(fieldTypes, defFile, ext.files, (h) => stateFiles.has(h)) : undefined;
  const blockAt = blockPoint(ctx, defFile, !multiFile && hasState, headerTypes?.unreachable ?? []);
  if (own && hasState && !regenerated) addOwnFields(ctx, own);
  const structText = hasState && !own ? renderStruct(ctx) : regenerated ? renderStruct(ctx, own) : '';
  const inHeader = (name: string): boolean => !!regenerated?.functionsByName.has(name);
  const need = regenerated
    ? { byType: needByType || inHeader(names.byType), byTypes: needByTypes || inHeader(names.byTypes), ofType: needOfType || inHeader(names.ofType), inTeardown: needInTeardown || inHeader(names.inTeardown) }
    : { byType: needByType && !reused.has(names.byType), byTypes: needByTypes && !reused.has(names.byTypes), ofType: needOfType && !reused.has(names.ofType), inTeardown: needInTeardown && !reused.has(names.inTeardown) };
  // Accessors the earlier run wrote stay, with the shim they use.
  if (regenerated && (need.byType || need.byTypes) && !atLeast(ctx.options.minPython, '3.11')) plan.compat.add('GetModuleByDef');
  const byTypes3 = regenerated ? needByTypes3 || inHeader(names.byTypes3) : needByTypes3 && !reused.has(names.byTypes3);
  const accessors = hasState ? renderAccessors(ctx, { ...need, byTypes3 }, multiFile || ownHeader ? 'header' : 'file', def, regenerated ? true : !reused.has(names.getState)) : '';
  if (!multiFile && hasState && !own) plan.blockAt = { file: defFile, at: blockAt };
  // Accessors of objects that keep the state: in the block when their struct comes before it, else right after the struct.
  const inBlock: string[] = [];
  const inBlockNames: string[][] = [];
  for (const name of kept) {
    const is = ctx.access.instanceStates().get(name)!;
    const text = renderInstanceAccessors(ctx, is, operands.has(name));
    if (!is.existing) addInstanceField(ctx, is);
    if (text === '') continue;
    if (!multiFile && is.file === defFile && is.structEnd <= blockAt) {
      inBlock.push(text);
      inBlockNames.push([`${names.mod}_get_state_of_${name}`, `${names.mod}_get_state_of_${name}_operands`]);
    }
    else ctx.insert(is.file, afterStructDefinition(is), styled(is.file, `\n${text.trimEnd()}\n`), 0);
  }
  const existing = existingHooks(ctx, def);
  const hooks = hasState ? renderHooks(ctx, existing) : '';
  if (hasState) extendHooks(ctx, existing);
  // A type readied by a helper of another file is created there too: the creator then goes into the
  // state header, `static inline` so that a file that does not call it compiles without a warning.
  const creatorInHeader = multiFile && hasState && ([...plan.typeCreationFiles].some((f) => f !== defFile) || inHeader(names.createType));
  const creator = (plan.typeCreation && !reused.has(names.createType)) || inHeader(names.createType) ? renderCreateType(ctx, creatorInHeader) : '';
  const legacy = plan.mainState ? renderMainState(ctx) : '';
  const compatInclude = plan.compat.size > 0 ? `#include "${COMPAT_HEADER}"\n\n` : '';
  // #include lines go in last: above the first code that needs them (see placeIncludes).
  const includes: PendingInclude[] = [];
  const compatNeed = (t: string): boolean => usesCompatName(t);
  const stateNeed = (t: string): boolean => t.includes(names.struct) || /\b(?:st|mod_st|module_st|st\d+)->/.test(t) || t.includes(names.getState);
  if (plan.compat.size > 0 && !((multiFile || ownHeader) && hasState)) includes.push({ file: defFile, text: `#include "${COMPAT_HEADER}"`, needs: compatNeed });
  // Other files whose new code uses a shim (a heap type's flags in the file that defines it)
  // include the header themselves.
  if (plan.compat.size > 0) {
    const covered = (multiFile || ownHeader) && hasState ? new Set(stateFiles) : new Set([defFile]);
    // The module's own state header includes the shims: every file that reaches it has them.
    if (ownHeader && !regenerated) {
      const reach = reachedFiles(ext.files);
      for (const f of ext.files) if (reach(f).has(ownHeader)) covered.add(f);
    }
    const compatPath = path.join(path.dirname(defFile.path), COMPAT_HEADER);
    for (const f of ext.files) {
      if (covered.has(f) || !ctx.edits.some((e) => e.file === f.path && e.by !== EMITTER && usesCompatName(e.text))) continue;
      const rel = path.relative(path.dirname(f.path), compatPath).split(path.sep).join('/');
      includes.push({ file: f, text: `#include "${rel}"`, needs: compatNeed });
    }
  }
  if (ownHeader && !regenerated) {
    // The module's own header: the accessors after its struct; files that use the state and do not
    // reach the header include it.
    const src = ownHeader.source;
    const after = src.lineEndIncludingEol(src.text.indexOf(';', own!.def.end));
    const specs = plan.externSpecs.map((x) => `extern PyType_Spec ${x};\n`).join('');
    const extra = [specs, accessors, creatorInHeader ? creator : ''].filter((x) => x !== '').join('\n');
    if (extra) ctx.insert(ownHeader, after, styled(ownHeader, `\n/* Module state access (pyext-isolate). */\n${extra.trimEnd()}\n`), 0);
    const reach = reachedFiles(ext.files);
    for (const f of stateFiles) {
      if (f === ownHeader || reach(f).has(ownHeader)) continue;
      const rel = path.relative(path.dirname(f.path), ownHeader.path).split(path.sep).join('/');
      includes.push({ file: f, text: `#include "${rel}"`, needs: (t) => stateNeed(t) || compatNeed(t) });
    }
    if (def.storage === 'static' && (need.byType || need.byTypes || need.inTeardown)) removeStatic(ctx, def);
    if (plan.compat.size > 0) {
      const rel = path.relative(path.dirname(ownHeader.path), path.join(path.dirname(defFile.path), COMPAT_HEADER)).split(path.sep).join('/');
      includes.push({ file: ownHeader, text: `#include "${rel}"`, needs: compatNeed });
    }
    const block = [hooks, creatorInHeader ? '' : creator, legacy].filter((s) => s !== '').join('\n');
    if (block) ctx.insert(defFile, blockAt, styled(defFile, block + '\n'), 0);
  } else if ((multiFile || regenerated) && hasState) {
    const headerPath = regenerated ? regenerated.path : path.join(path.dirname(defFile.path), names.header);
    const guard = `${names.mod.toUpperCase()}_STATE_H`;
    // Headers of the extension that declare the fields' types come along (a type declared in a
    // .c file cannot: the invariants refuse that extension).
    const ctypes = [...plan.fields.map((f) => f.ctype), ...(regenerated ? own!.def.fields.map((f) => f.type) : [])];
    const typeHeaders = headerTypes!.headers.filter((h) => h !== regenerated).map(
      (h) => `#include "${path.relative(path.dirname(headerPath), h.path).split(path.sep).join('/')}"`,
    );
    // Array lengths a .c file #defines move above the struct (every includer needs them); an
    // earlier run's moved lengths stay when the header is written again.
    const moved = lengthMacrosToMove(ext, plan.fields.flatMap((f) => (f.arrayLen !== undefined ? [f.arrayLen, f.innerDims ?? ''] : [])));
    for (const s of moved?.spans ?? []) ctx.replace(s.file, s.start, s.end, '');
    const movedText = [regenerated ? movedDefinesIn(regenerated) : '', moved?.text ?? ''].filter((t) => t !== '').join('\n\n');
    const content = [
        `/* Module state of ${names.mod}: everything that used to be a C global (generated by pyext-isolate). */`,
        `#ifndef ${guard}`,
        `#define ${guard}`,
        ``,
        `#include <Python.h>`,
        ...standardHeadersFor(ctypes).map((h) => `#include <${h}>`),
        compatInclude.trimEnd(),
        ...(typeHeaders.length > 0 ? [...typeHeaders, ''] : []),
        ``,
        ...(movedText !== '' ? [movedText, ''] : []),
        structText,
        accessors,
        ...(creatorInHeader ? [creator] : []),
        `#endif /* ${guard} */`,
        ``,
      ].filter((l, i, a) => !(l === '' && a[i - 1] === '')).join('\n');
    if (regenerated) ctx.replace(regenerated, 0, regenerated.source.text.length, regenerated.source.adapt(content));
    else newFiles.push({ path: headerPath, content });
    for (const f of stateFiles) {
      // An earlier run's include stays the only one.
      if (regenerated && f.localIncludes.some((inc) => path.basename(inc) === names.header)) continue;
      const rel = path.relative(path.dirname(f.path), headerPath).split(path.sep).join('/');
      includes.push({ file: f, text: `#include "${rel}"`, needs: (t) => stateNeed(t) || compatNeed(t), belowTypes: fieldTypes, belowMacros: moved?.uses });
    }
    if (def.storage === 'static') removeStatic(ctx, def);
    const block = [hooks, creatorInHeader ? '' : creator, legacy].filter((s) => s !== '').join('\n');
    if (block) ctx.insert(defFile, blockAt, styled(defFile, block + '\n'), 0);
  } else if (own && hasState && generatedStruct(own) && placeInBlock(ctx, defFile, [
    ...accessorPieces(ctx, { ...need, byTypes3 }, 'file', def, !reused.has(names.getState))
      .filter((p) => p.name !== undefined || !new RegExp(`\\bstruct\\s+PyModuleDef\\s+${def.name}\\s*;`).test(defFile.source.text))
      .map((p) => ({ names: p.name ? [p.name] : [], text: p.lines.join('\n'), declaration: p.name === undefined })),
    ...inBlock.map((text, i) => ({ names: inBlockNames[i], text })),
    { names: Object.values(existing).map((f) => f.name), text: hooks },
    { names: [names.createType], text: creator },
    { names: [], text: legacy },
  ])) {
    // (An earlier run's block: each new piece went where one run writes it.)
  } else {
    const block = [structText, accessors, ...inBlock, hooks, creator, legacy].filter((s) => s !== '').join('\n');
    const lineBefore = defFile.source.text.slice(defFile.source.lineStart(Math.max(0, blockAt - 1)), blockAt).trim();
    const gap = blockAt > 0 && lineBefore !== '' ? '\n' : '';
    const note = !own ? '/* Module state: what used to be C globals (pyext-isolate). */\n' : accessors ? '/* Module state access (pyext-isolate). */\n' : '';
    if (block) ctx.insert(defFile, blockAt, styled(defFile, `${gap}${note}${block}\n`), 0);
  }
  if (plan.compat.size > 0) {
    newFiles.push({ path: path.join(path.dirname(defFile.path), COMPAT_HEADER), content: renderCompatHeader(plan.compat, ctx.options.minPython) });
  }

  // --- 2. Slots, exec prototype and the module def -----------------------------------------------
  if (converting) {
    const value = blockingLeft ? 'Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED' : 'Py_MOD_PER_INTERPRETER_GIL_SUPPORTED';
    const param = plan.execParam ?? 'module';
    const slots = [
      `static int ${names.exec}(PyObject *${param});`,
      ``,
      `static PyModuleDef_Slot ${names.slots}[] = {`,
      `    {Py_mod_exec, (void *)${names.exec}},`,
      `#ifdef Py_mod_multiple_interpreters`,
      `    {Py_mod_multiple_interpreters, ${value}},`,
      `#endif`,
      `    {0, NULL},`,
      `};`,
      ``,
      ``,
    ].join('\n');
    ctx.insert(defFile, defPosition(def), styled(defFile, slots), 5);
    editModuleDef(ctx, def, hasState, true, ctx.existingState);
    if (blockingLeft) insertLoadGuard(ctx, damaged);
  } else if (hasState) {
    editModuleDef(ctx, def, hasState, false);
  }

  // --- 3. Eager fills in exec, then `st` in every function that uses it --------------------------
  const exec = plan.execFunction;
  const eager = plan.fields.filter((f) => f.init || f.cInit || f.cCopy);
  if (exec && (eager.length > 0 || plan.eagerTypeCreations.length > 0)) {
    plan.needState(exec, EMITTER, plan.eagerTypeCreations.length > 0 ? undefined : orGuards(eager.map((f) => f.guard)));
    const src = exec.file.source;
    const lay = functionLayout(exec);
    if (!lay) throw new Error(`internal: the exec function ${exec.name}() has no body`);
    // C data first: the old statics started with these values before anything ran.
    const st = plan.stateVar(exec);
    const lines = [
      // Types nothing readied: created before anything else (a fill may make one of their objects).
      ...plan.eagerTypeCreations,
      ...guardedRuns(eager.filter((f) => f.cInit || f.cCopy), (f) => f.guard, (f) => [
        f.cCopy === undefined ? `${st}->${f.name} = ${f.cInit};` : f.arrayLen !== undefined ? `memcpy(${st}->${f.name}, ${f.cCopy}, sizeof(${st}->${f.name}));` : `${st}->${f.name} = ${f.cCopy};`,
      ]),
      ...guardedRuns(eager.filter((f) => f.init), (f) => f.guard, (f) => [`${st}->${f.name} = ${f.init};`, `if (${st}->${f.name} == NULL) {`, `    return -1;`, `}`]),
    ];
    // After a load-once guard an earlier run wrote (and that stays), where one run puts them too.
    const guard = blockingLeft ? existingLoadGuard(ctx) : undefined;
    const p: InsertPoint = guard ? { at: guard.check.end, inline: false } : statementPoint(src, lay);
    ctx.insert(exec.file, p.at, linesAt(src, p, lay.indent, styledLines(exec, lines, lay.indent)), 3);
  }
  // Helpers that get `st` (or the module) as a parameter and split functions first: they add uses
  // of `st` to their callers, which the callers' declarations must see.
  const threaded = new Set<string>();
  // Slots and methods whose direct C callers pass their own state to `f_impl` (callImplDirectly).
  const calledDirectly = new Set<FunctionInfo>();
  for (const f of [...plan.stateUsers.keys()]) {
    const a = ctx.accessOf(f);
    // An earlier run gave it the parameter, and its callers pass theirs already.
    // Stored in a dispatch pointer and using nothing of the state: the parameter only matches the pointer's type.
    const unused = [...plan.stateUsers.get(f)!].every((by) => by === DISPATCH);
    if (a.kind === 'param' && !a.existing) {
      const decl = `${names.struct} *${unused ? `Py_UNUSED(${plan.stateVar(f)})` : plan.stateVar(f)}`;
      // A function defined once per #if branch: its calls and prototypes take the state once, every definition the parameter.
      const key = `${f.file.path}\0${f.name}`;
      if (threaded.has(key)) {
        addOwnParam(ctx, f, decl);
        continue;
      }
      threaded.add(key);
      for (const g of definitionsOf(f)) if (g !== f && !plan.stateUsers.has(g)) addOwnParam(ctx, g, `${names.struct} *Py_UNUSED(${plan.stateVar(g)})`);
      threadParam(ctx, f, decl, (caller) => plan.stateVar(caller), true);
      if (a.makeStatic) makeStatic(ctx, f);
      if (a.parsedBy) converterAdapter(ctx, f, a.parsedBy);
    }
    else if (a.kind === 'split') splitExported(ctx, f, a);
    else if (a.kind === 'module-split') splitModuleFunction(ctx, f, a);
    else if (callImplDirectly(ctx, f)) calledDirectly.add(f);
    else if (a.kind === 'module' && a.added) {
      // A helper that creates types gets the module from its one caller, the exec function.
      threadParam(ctx, f, `PyObject *${a.param}`, (caller) => {
        const ca = ctx.accessOf(caller);
        return ca.kind === 'module' ? ca.param : plan.execParam ?? 'module';
      }, false);
    }
  }
  looseTableEdits(ctx);
  // Macros that use `st` now take it as a parameter, and their uses pass it.
  const varAt = (file: FileModel, at: number): string => {
    const f = inBody(enclosingFunction(file, at), at);
    return f ? plan.stateVar(f) : 'st';
  };
  for (const i of macroStateEdits(ctx.ext, ctx.edits, varAt).inserts) ctx.insert(i.file, i.at, i.text, 0);
  const wrapped = new Set<FunctionInfo>();
  for (const f of [...plan.stateUsers.keys()]) {
    if (f.isStatic && (calledDirectly.has(f) || needsImplSplit(ctx, f))) {
      lookupWrapper(ctx, f);
      wrapped.add(f);
    }
  }
  for (const f of [...plan.stateUsers.keys()]) if (!wrapped.has(f)) declareState(ctx, f);
  for (const f of [...plan.stateUsers.keys()]) if (teardownPath(ctx.access, f)) guardTeardownUses(ctx, f);
  if (exec && plan.execHeader) renameExec(ctx, exec, plan.execHeader, plan.execParam ?? 'module');
  else if (exec) unwrapExecParam(ctx, exec);
  placeIncludes(ctx, includes);
  void eol;
  return { newFiles };
}

interface PendingInclude {
  file: FileModel;
  text: string;
  /** Whether an edit's text needs what the header declares. */
  needs: (text: string) => boolean;
  /** Types the header names and leaves to its includer: the line goes below their declarations in the file. */
  belowTypes?: readonly string[];
  /** Macros the header's own #if lines and #defines use: the line goes below their definitions in the file. */
  belowMacros?: readonly string[];
}

/**
 * After the file's other #include lines, unless code that needs the header comes earlier (a
 * file whose last #include is at its end): then above the top-level item that holds that code.
 */
function placeIncludes(ctx: TransformContext, includes: PendingInclude[]): void {
  for (const inc of includes) {
    const f = inc.file;
    // An earlier run's #include of the same header stays the only one; it moves up when this run's
    // code above it needs the header (a later run adds a shim user to a state block above it).
    const target = /"([^"]+)"/.exec(inc.text)?.[1];
    const earlier = target ? f.parsed.lex.directives.find((d) => d.kind === 'include' && d.braceDepth === 0 && path.basename(/"([^"]+)"/.exec(d.rest)?.[1] ?? '') === path.basename(target)) : undefined;
    if (target && !earlier && f.localIncludes.some((x) => path.basename(x) === path.basename(target))) continue;
    let at = earlier ? earlier.start : includePoint(f);
    let firstNeed = Infinity;
    for (const e of ctx.edits) {
      if (e.file !== f.path || !inc.needs(e.text)) continue;
      firstNeed = Math.min(firstNeed, e.start);
      if (e.start < at) at = Math.min(at, hoist(f, topLevelStart(f, e.start)));
    }
    // A header that declares a field's type itself (`typedef unsigned char gf;` below its own
    // #include lines, then prototypes that now take the state) includes the state header below
    // that declaration, where the header's own code starts to need it.
    const ready = Math.max(inc.belowTypes ? typesReadyAt(f, inc.belowTypes, ctx.ext.files) : 0, inc.belowMacros ? macrosReadyAt(f, inc.belowMacros, ctx.ext.files) : 0);
    if (!earlier && ready > at && (firstNeed === Infinity || ready <= f.source.lineStart(firstNeed)) && branchesAt(f.parsed.lex, ready).length === 0) {
      ctx.insert(f, ready, f.source.adapt(spacedLine(f, ready, inc.text)), -1);
      continue;
    }
    if (earlier) {
      if (at === earlier.start) continue;
      ctx.replace(f, f.source.lineStart(earlier.start), f.source.lineEndIncludingEol(earlier.end), '');
    }
    ctx.insert(f, at, f.source.adapt(`${inc.text}\n`), -1);
  }
}

/** A directive line to insert at a line start among declarations: a blank line on each side where the code has none. */
function spacedLine(f: FileModel, at: number, line: string): string {
  const text = f.source.text;
  const prev = text.slice(f.source.lineStart(Math.max(0, at - 1)), at).trim();
  const next = text.slice(at, f.source.lineEndIncludingEol(at)).trim();
  const apart = (l: string): boolean => l !== '' && !l.startsWith('#');
  return `${apart(prev) ? '\n' : ''}${line}\n${apart(next) ? '\n' : ''}`;
}

/** The start of the file-scope item (function, declaration, #if group) that holds `offset`. */
function topLevelStart(f: FileModel, offset: number): number {
  const items = f.parsed.tree.rootNode.children;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].startIndex <= offset) lo = mid + 1;
    else hi = mid;
  }
  const item = items[lo - 1];
  return item && offset < item.endIndex ? item.startIndex : offset;
}

/**
 * `PyInit_x(void)` -> `x_exec(PyObject *m)`; the parameter is marked `Py_UNUSED` when nothing in
 * the converted body uses the module (-Wunused-parameter would flag it).
 */
function renameExec(ctx: TransformContext, exec: FunctionInfo, header: { start: number; end: number; prefix: string }, param: string): void {
  const used = usedInEditedBody(ctx, exec, param);
  ctx.replace(exec.file, header.start, header.end, `${header.prefix}${ctx.plan.names.exec}(PyObject *${used ? param : `Py_UNUSED(${param})`})`);
}

/**
 * An exec function of an earlier run, `x_exec(PyObject *Py_UNUSED(m))`: once new code in its body
 * uses the module, `Py_UNUSED()` goes (it renames the parameter).
 */
function unwrapExecParam(ctx: TransformContext, exec: FunctionInfo): void {
  const p = exec.params[0];
  const w = p?.unusedWrapper;
  if (!w || !p.name) return;
  if (ctx.edits.some((e) => e.file === exec.file.path && e.start === w.start && e.end === w.end)) return; // declareState did
  if (usedInEditedBody(ctx, exec, p.name)) dropUnusedWrapper(ctx, exec.file, w);
}

/** `Py_UNUSED(x)` -> `x` (the macro renames the parameter, so a use needs it gone). */
function dropUnusedWrapper(ctx: TransformContext, file: FileModel, w: { start: number; end: number; closeAt: number }): void {
  ctx.replace(file, w.start, w.end, '');
  ctx.replace(file, w.closeAt, w.closeAt + 1, '');
}

/** Whether f's body, with every edit requested so far, names `name` (comments and literals aside). */
function usedInEditedBody(ctx: TransformContext, f: FunctionInfo, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(stripComments(editedText(ctx, f.file, f.bodyStart, f.bodyEnd + 1)));
}

/** The text of [start, end) of a file with every edit requested so far inside it applied. */
function editedText(ctx: TransformContext, file: FileModel, start: number, end: number): string {
  const inside = ctx.edits
    .filter((e) => e.file === file.path && e.start >= start && e.end <= end && !(e.start === end && e.end === end))
    .map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  const sorted = selectEdits(inside, []).accepted;
  return applyEdits(file.source.text.slice(start, end), sorted);
}

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}

/** Declares isolation in an existing slots table, before its `{0, NULL}` sentinel. */
function addInterpretersSlot(ctx: TransformContext, table: import('../model/types').PyTable): void {
  const src = table.file.source;
  const sentinel = slotSentinel(table);
  if (sentinel === undefined) return;
  const indent = src.indentAt(sentinel);
  const e = src.eol;
  const line = `{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},`;
  if (src.text.slice(src.lineStart(sentinel), sentinel).trim() === '') {
    ctx.insert(table.file, src.lineStart(sentinel), `#ifdef Py_mod_multiple_interpreters${e}${indent}${line}${e}#endif${e}`, 0);
    return;
  }
  // `static PyModuleDef_Slot slots[] = {{0, NULL}};`: the #if needs lines of its own, so the
  // table opens onto one entry per line, its closing brace on its own line.
  const unit = src.indentUnit;
  const text = src.text;
  const spaceBefore = (p: number): number => {
    let q = p;
    while (q > 0 && (text[q - 1] === ' ' || text[q - 1] === '\t')) q--;
    return q;
  };
  for (const entry of table.entries) {
    if (text.slice(src.lineStart(entry.start), entry.start).trim() !== '') ctx.replace(table.file, spaceBefore(entry.start), entry.start, `${e}${unit}`, 0);
  }
  ctx.replace(table.file, spaceBefore(sentinel), sentinel, `${e}#ifdef Py_mod_multiple_interpreters${e}${unit}${line}${e}#endif${e}${unit}`, 0);
  const close = /^(\s*\{\s*(?:0|NULL)\s*,\s*(?:0|NULL)\s*\}\s*,?)([ \t]*)\}/.exec(src.text.slice(sentinel));
  if (close) ctx.insert(table.file, sentinel + close[1].length, `${e}`, 0);
}

/** A helper that gets `st` as a parameter makes every caller a state user too (transitively). */
function closeOverCallers(ctx: TransformContext): void {
  const work = [...ctx.plan.stateUsers.keys()];
  const seen = new Set(work);
  while (work.length > 0) {
    const f = work.pop()!;
    const kind = ctx.accessOf(f).kind;
    if (kind === 'split') {
      for (const c of ctx.access.callSites(f).calls) {
        const ca = ctx.accessOf(c.caller).kind;
        if (ca !== 'none' && ca !== 'split' && !seen.has(c.caller)) {
          ctx.plan.needState(c.caller, EMITTER);
          seen.add(c.caller);
          work.push(c.caller);
        }
      }
      continue;
    }
    if (kind === 'module-split') {
      const { calls, macroCalls } = ctx.access.callsWithoutModule(f, true);
      const callers = [...calls.map((c) => ({ caller: c.caller, guard: callGuard(c.file, c.at, c.caller) })), ...macroCalls.flatMap((m) => macroUsers(ctx.ext, m.macro).funcs.map((caller) => ({ caller, guard: macroCallGuard(m.file, m.at, caller) })))];
      for (const { caller, guard } of callers) {
        ctx.plan.needState(caller, EMITTER, guard);
        if (!seen.has(caller)) {
          seen.add(caller);
          work.push(caller);
        }
      }
      continue;
    }
    if (kind !== 'param') continue;
    const sites = ctx.access.callSites(f);
    const a = ctx.accessOf(f);
    const parsing = a.kind === 'param' && a.parsedBy ? a.parsedBy.sites.map((p) => ({ caller: p.caller, guard: callGuard(p.file, p.nameAt, p.caller) })) : [];
    const callers = [...sites.calls.map((c) => ({ caller: c.caller, guard: callGuard(c.file, c.at, c.caller) })), ...sites.macroCalls.flatMap((m) => macroUsers(ctx.ext, m.macro).funcs.map((caller) => ({ caller, guard: macroCallGuard(m.file, m.at, caller) }))), ...parsing];
    for (const { caller, guard } of callers) {
      ctx.plan.needState(caller, EMITTER, guard);
      if (!seen.has(caller)) {
        seen.add(caller);
        work.push(caller);
      }
    }
  }
}

function renderStruct(ctx: TransformContext, prior?: NonNullable<TransformContext['plan']['ownStruct']>): string {
  const p = ctx.plan;
  // A field of an anonymous struct type spans lines: its members go one level deeper, the note after its last line.
  const lastLine = (d: string): string => d.slice(d.lastIndexOf('\n') + 1);
  const old = prior ? priorFieldLines(prior) : undefined;
  const width = Math.max(...p.fields.map((f) => lastLine(fieldDecl(f)).length), ...(old ?? []).map((r) => r.measure ?? 0)) + 1;
  const lines = guardedRuns(p.fields, (f) => f.guard, (f) => {
    const d = fieldDecl(f)
      .split(/\r?\n/)
      .map((l, i) => (i === 0 ? l : `    ${l.trim() === '}' || /^\s*\}/.test(l) ? l.trim() : '    ' + l.trim()}`))
      .join('\n');
    const doc = f.doc ? f.doc.split(/\r?\n/).map((l) => `    ${l.trim().startsWith('*') ? ' ' + l.trim() : l.trim()}`) : [];
    return [...doc, `    ${d}${' '.repeat(Math.max(1, width - lastLine(d).length))}/* was: ${f.was.replace(/\*\//g, '* /')} */`];
  });
  const priorSpecs = prior ? [...prior.file.source.text.matchAll(/^extern PyType_Spec ([A-Za-z_]\w*);/gm)].map((m) => m[1]) : [];
  const specs = [...new Set([...priorSpecs, ...p.externSpecs])].map((s) => `extern PyType_Spec ${s};`);
  // An earlier run's struct: its lines as they were (notes aligned again with the new ones), then the new fields.
  const oldLines = (old ?? []).map((r) => (r.measure === undefined ? r.line : `${r.line}${' '.repeat(Math.max(1, width - r.measure))}${r.note}`));
  const tagged = p.structTag || (prior !== undefined && new RegExp(`typedef struct ${p.names.struct} \\{`).test(prior.file.source.text));
  const body = prior && old && p.fields.every((f) => !f.guard) ? inFieldOrder(old, oldLines, p.fields, lines) : undefined;
  return [tagged ? `typedef struct ${p.names.struct} {` : 'typedef struct {', ...(body ?? [...oldLines, ...lines]), `} ${p.names.struct};`, '', ...(specs.length > 0 ? [...specs, ''] : [])].join('\n');
}

/**
 * An earlier run's field lines with the new fields' (`lines`, one field's doc and declaration after
 * another) each before the first old field of a later group (fieldGroup), or undefined when the old
 * lines hold an #if or a field of several lines.
 */
function inFieldOrder(old: { line: string; measure?: number; note?: string }[], oldLines: string[], fields: FieldRequest[], lines: string[]): string[] | undefined {
  if (old.some((r) => r.measure === undefined && !/^\s*(\/\*|\*)/.test(r.line))) return undefined;
  // Where each old field's lines start (its doc comment above it included), with its group.
  const starts: { index: number; group: number }[] = [];
  let doc: number | undefined;
  old.forEach((r, i) => {
    if (r.measure === undefined) doc ??= i;
    else {
      starts.push({ index: doc ?? i, group: fieldGroup(/\/\* was: (.*) \*\//.exec(r.note ?? '')?.[1] ?? '') });
      doc = undefined;
    }
  });
  // The new lines, cut per field (a field's doc lines, then its declaration with the note).
  const per: string[][] = [];
  let cur: string[] = [];
  for (const l of lines) {
    cur.push(l);
    if (/\/\* was: .*\*\/$/.test(l)) {
      per.push(cur);
      cur = [];
    }
  }
  if (per.length !== fields.length || cur.length > 0) return undefined;
  const before = new Map<number, string[]>();
  const atEnd: string[] = [];
  fields.forEach((f, i) => {
    const later = starts.find((x) => x.group > fieldGroup(f.was));
    if (later) before.set(later.index, [...(before.get(later.index) ?? []), ...per[i]]);
    else atEnd.push(...per[i]);
  });
  return [...oldLines.flatMap((l, i) => [...(before.get(i) ?? []), l]), ...atEnd];
}

/**
 * The body lines of the state struct an earlier run generated: a field line as its declaration (to the
 * `;`), the width renderStruct measured it with, and its note; other lines (#if, doc comments) as they are.
 */
function priorFieldLines(own: NonNullable<TransformContext['plan']['ownStruct']>): { line: string; measure?: number; note?: string }[] {
  const t = own.file.source.text;
  const bodyStart = t.indexOf('\n', t.indexOf('{', own.def.start)) + 1;
  const close = own.file.source.lineStart(own.def.end - 1);
  return t.slice(bodyStart, close).split(/\r?\n/).slice(0, -1).map((line) => {
    const m = /^(.*?;)[ \t]+(\/\* was: .*\*\/)[ \t]*$/.exec(line);
    if (!m) return { line: line.trimEnd() };
    // The last line of a multi-line field ("    } name;") is measured with its indentation, a one-line field without the row's.
    return { line: m[1], measure: /^\s*\}/.test(m[1]) ? m[1].length : m[1].length - 4, note: m[2] };
  });
}

/** An earlier run's `<mod>_state.h`: written whole again when a later run adds fields. */
function isGeneratedStateHeader(f: FileModel, names: StateNames): boolean {
  return path.basename(f.path) === names.header && f.source.text.startsWith(`/* Module state of ${names.mod}: everything that used to be a C global (generated by pyext-isolate). */`);
}

/** The files each file reaches through its `#include "..."` lines (itself included). */
function reachedFiles(files: readonly FileModel[]): (f: FileModel) => Set<FileModel> {
  const units = translationUnits(files);
  return (f) => {
    const out = new Set<FileModel>([f]);
    const walk = (x: FileModel): void => {
      for (const u of units) {
        if (u.root !== x) continue;
        for (const y of u.files) out.add(y);
      }
    };
    walk(f);
    // A header is no unit root when something includes it: what it reaches is what its includer's unit reaches after it.
    for (const u of units) {
      const i = u.files.indexOf(f);
      if (i > 0) {
        const sub = translationUnits(u.files.filter((y) => y !== u.root)).find((v) => v.root === f);
        for (const y of sub?.files ?? []) out.add(y);
      }
    }
    return out;
  };
}

function fieldDecl(f: { name: string; ctype: string; arrayLen?: string; innerDims?: string }): string {
  const star = f.ctype.endsWith('*') ? '' : ' ';
  return `${f.ctype}${star}${f.name}${f.arrayLen !== undefined ? `[${f.arrayLen}]${f.innerDims ?? ''}` : ''};`;
}

/**
 * A module with its own state struct may already have what we would emit, from its author or
 * from an earlier run of this tool: a state getter returning a pointer to the struct, the by-type
 * lookups, the type creation helper. Those are used as they are; a getter of our name that is
 * something else makes us pick another name.
 */
function reuseAccessors(ctx: TransformContext): Set<string> {
  const n = ctx.plan.names;
  const out = new Set<string>();
  const fn = (name: string): FunctionInfo | undefined => ctx.ext.functionsByName.get(name);
  const returnsStruct = (f: FunctionInfo): boolean => f.params.length === 1 && /^PyObject\s*\*$/.test(f.params[0].type.trim()) && f.returnType.replace(/\b(static|inline)\b|\s|\*/g, '') === n.struct.replace(/\s/g, '') && f.returnType.includes('*');
  // The module's own getter (`get_module_state(module)`), written like ours.
  const own = ctx.plan.ownStruct!;
  const theirs = own.file.functions.find((f) => returnsStruct(f) && /\bPyModule_GetState\s*\(/.test(f.file.source.text.slice(f.bodyStart, f.bodyEnd)) && (own.file !== ctx.ext.moduleDef!.file || f.start < ctx.ext.moduleDef!.declStart));
  const get = fn(n.getState);
  if (theirs) {
    n.getState = theirs.name;
    out.add(n.getState);
  } else if (get && returnsStruct(get)) out.add(n.getState);
  else if (get) {
    for (let i = 2; ; i++) {
      if (!fn(`${n.getState}_${i}`)) {
        n.getState = `${n.getState}_${i}`;
        break;
      }
    }
  }
  for (const name of [n.byType, n.byTypes, n.byTypes3, n.ofType, n.inTeardown, n.createType]) if (fn(name)) out.add(name);
  return out;
}

/**
 * The order one run writes state fields in: by the transform that asks for them (registry order: globals,
 * function statics, static types, C-API tables), read from the field's note. A later run puts its new
 * fields (and their visits) after the earlier run's of the same or an earlier group, so that runs in steps
 * write the struct one run writes (fields under #if keep to their own runs: not reordered).
 */
function fieldGroup(was: string): number {
  if (/\(the exported C-API table\)$/.test(was)) return 4;
  if (/^(?:static )?PyTypeObject \w+$/.test(was)) return 3;
  if (/ in \w+\(\)$/.test(was)) return 2;
  return 1;
}

/** The fields of a struct an earlier run generated, by name: their group and where their lines (and doc above) start. */
function priorFields(own: NonNullable<TransformContext['plan']['ownStruct']>): Map<string, { group: number; start: number }> | undefined {
  const src = own.file.source;
  const t = src.text;
  const bodyStart = t.indexOf('\n', t.indexOf('{', own.def.start)) + 1;
  const close = src.lineStart(own.def.end - 1);
  const body = t.slice(bodyStart, close);
  if (/^[ \t]*#/m.test(body)) return undefined;
  const out = new Map<string, { group: number; start: number }>();
  let docStart: number | undefined;
  for (const m of body.matchAll(/^([^\n]*)(\n|$)/gm)) {
    const line = m[1];
    const at = bodyStart + m.index!;
    if (line.trim() === '') continue;
    const f = /(\w+)(?:\[[^\]]*\])*;[ \t]+\/\* was: (.*) \*\/[ \t]*\r?$/.exec(line);
    if (f) {
      out.set(f[1], { group: fieldGroup(f[2]), start: docStart ?? at });
      docStart = undefined;
    } else if (/^\s*(\/\*|\*)/.test(line)) docStart ??= at;
    else return undefined; // a field of several lines: left in place
  }
  return out;
}

/**
 * The state block an earlier run wrote (its struct in this file): each new piece (an accessor, the hooks,
 * the type creator) goes where one run writes it, after the last piece before it in one run's order that
 * the block has (the getter at least), so that runs in steps write one run's block. The module def's
 * declaration goes above the getter. False (nothing inserted) when the getter is not in the file.
 */
function placeInBlock(ctx: TransformContext, file: FileModel, pieces: { names: string[]; text: string; declaration?: boolean }[]): boolean {
  const src = file.source;
  const defined = (name: string): FunctionInfo | undefined => file.functions.find((f) => f.name === name && !f.macroTemplate);
  const getter = defined(ctx.plan.names.getState);
  if (!getter) return false;
  // After a function and the blank line below it.
  const after = (f: FunctionInfo): number => {
    const end = src.lineEndIncludingEol(f.end - 1);
    return src.text.slice(end, src.lineEndIncludingEol(end)).trim() === '' && end < src.text.length ? src.lineEndIncludingEol(end) : end;
  };
  let at = after(getter);
  for (const p of pieces) {
    const text = p.text.replace(/\n+$/, '');
    if (p.declaration) {
      ctx.insert(file, src.lineStart(getter.declStart), styled(file, `${text}\n\n`), 0);
      continue;
    }
    for (const name of p.names) {
      const f = defined(name);
      if (f) at = Math.max(at, after(f));
    }
    if (text !== '') ctx.insert(file, at, styled(file, `${text}\n\n`), 0);
  }
  return true;
}

/** New fields at the end of the module's own state struct, in its layout. */
function addOwnFields(ctx: TransformContext, own: NonNullable<TransformContext['plan']['ownStruct']>): void {
  const src = own.file.source;
  const close = own.def.end - 1;
  const firstField = src.text.indexOf('\n', src.text.indexOf('{', own.def.start)) + 1;
  const indent = firstField > 0 && firstField < close ? src.indentAt(firstField) || src.indentUnit : src.indentUnit;
  // The struct an earlier run generated: its notes aligned with the new fields', as one run aligns them.
  const aligned = generatedStruct(own);
  const lastLine = (d: string): string => d.slice(d.lastIndexOf('\n') + 1);
  const width = aligned ? Math.max(...ctx.plan.fields.map((f) => lastLine(fieldDecl(f)).length), ...aligned.map((r) => r.measure)) + 1 : 0;
  const gap = (d: string): string => (aligned ? ' '.repeat(Math.max(1, width - lastLine(d).length)) : ' ');
  const lines = guardedRuns(ctx.plan.fields, (f) => f.guard, (f) => {
    const d = fieldDecl(f);
    const doc = f.doc ? f.doc.split(/\r?\n/).map((l) => `${indent}${l.trim().startsWith('*') ? ' ' + l.trim() : l.trim()}`) : [];
    return [...doc, `${indent}${d}${gap(d)}/* was: ${f.was.replace(/\*\//g, '* /')} */`];
  });
  for (const r of aligned ?? []) {
    const pad = ' '.repeat(Math.max(1, width - r.measure));
    if (src.text.slice(r.padStart, r.padEnd) !== pad) ctx.replace(own.file, r.padStart, r.padEnd, pad);
  }
  const at = src.lineStart(close);
  const closeOnOwnLine = src.text.slice(at, close).trim() === '';
  const where = closeOnOwnLine ? at : close;
  const added = (closeOnOwnLine ? '' : src.eol) + lines.join(src.eol) + src.eol;
  const move = ctx.plan.ownStructMoved;
  const prior = aligned && !move && ctx.plan.fields.every((f) => !f.guard) ? priorFields(own) : undefined;
  if (prior && closeOnOwnLine) {
    // Each new field before the earlier run's first of a later group (see fieldGroup).
    for (const f of ctx.plan.fields) {
      const later = [...prior.values()].filter((x) => x.group > fieldGroup(f.was)).sort((a, b) => a.start - b.start)[0];
      const d = fieldDecl(f);
      const doc = f.doc ? f.doc.split(/\r?\n/).map((l) => `${indent}${l.trim().startsWith('*') ? ' ' + l.trim() : l.trim()}`) : [];
      ctx.insert(own.file, later?.start ?? where, [...doc, `${indent}${d}${gap(d)}/* was: ${f.was.replace(/\*\//g, '* /')} */`].join(src.eol) + src.eol, 0);
    }
    return;
  }
  if (!move) {
    ctx.insert(own.file, where, added, 0);
    return;
  }
  // Moved up whole, with its new fields, above the functions that need it.
  const text = src.text;
  ctx.replace(own.file, move.start, move.end, '');
  ctx.insert(own.file, move.to, `${text.slice(move.start, where)}${added}${text.slice(where, move.end)}${src.eol}`, 0);
}

/**
 * The field lines of a state struct this tool generated in a .c file (the note above it says so): where the
 * padding before each `/* was: ... *\/` note is, and the width renderStruct measured the field with.
 */
function generatedStruct(own: NonNullable<TransformContext['plan']['ownStruct']>): { padStart: number; padEnd: number; measure: number }[] | undefined {
  const src = own.file.source;
  const start = src.lineStart(own.def.start);
  const above = src.text.slice(src.lineStart(Math.max(0, start - 1)), start).trim();
  if (above !== '/* Module state: what used to be C globals (pyext-isolate). */') return undefined;
  const out: { padStart: number; padEnd: number; measure: number }[] = [];
  const re = /^([ \t]*)(\S[^\n]*?;)([ \t]+)\/\* was: [^\n]*\*\/[ \t]*\r?$/gm;
  const body = src.text.slice(start, own.def.end);
  for (const m of body.matchAll(re)) {
    const padStart = start + m.index! + m[1].length + m[2].length;
    // The last line of a multi-line field ("} name;") is measured with the indentation renderStruct gave it.
    out.push({ padStart, padEnd: padStart + m[3].length, measure: m[2].length + (m[2].startsWith('}') ? 4 : 0) });
  }
  return out;
}

function renderAccessors(ctx: TransformContext, need: AccessorNeed, where: 'file' | 'header', def: ModuleDefInfo, getter = true): string {
  return accessorPieces(ctx, need, where, def, getter).map((p) => p.lines.join('\n')).join('\n');
}

type AccessorNeed = { byType: boolean; byTypes: boolean; byTypes3?: boolean; ofType: boolean; inTeardown: boolean };

/** The accessors one run writes, in its order, each with the function it defines (none: the def's declaration). */
function accessorPieces(ctx: TransformContext, need: AccessorNeed, where: 'file' | 'header', def: ModuleDefInfo, getter = true): { name?: string; lines: string[] }[] {
  const { byType, byTypes, byTypes3, ofType, inTeardown } = need;
  const n = ctx.plan.names;
  const out: { name?: string; lines: string[] }[] = [];
  const add = (name: string | undefined, ...lines: string[]): void => void out.push({ name, lines });
  if (byType || inTeardown) add(undefined, where === 'header' || def.storage !== 'static' ? `extern struct PyModuleDef ${def.name};` : `static struct PyModuleDef ${def.name};`, '');
  if (getter) add(n.getState,
    `static inline ${n.struct} *`,
    `${n.getState}(PyObject *module)`,
    `{`,
    `    void *state = PyModule_GetState(module);`,
    `    assert(state != NULL);`,
    `    return (${n.struct} *)state;`,
    `}`,
    ``,
  );
  // The found module's local: not the def's own name (a def called `module` would be hidden by it).
  const local = def.name === 'module' ? 'owner' : 'module';
  if (byType) {
    add(n.byType,
      `/* The state of the module that defined \`type\` or one of its bases; NULL with an exception if none did. */`,
      `static inline ${n.struct} *`,
      `${n.byType}(PyTypeObject *type)`,
      `{`,
      `    PyObject *${local} = PyType_GetModuleByDef(type, &${def.name});`,
      `    return ${local} == NULL ? NULL : ${n.getState}(${local});`,
      `}`,
      ``,
    );
  }
  if (byTypes) {
    add(n.byTypes,
      `/* For binary number slots: the state of whichever operand is of this module's types (either may be;`,
      ` * a static type such as int never is, so it is not searched). */`,
      `static inline ${n.struct} *`,
      `${n.byTypes}(PyTypeObject *left, PyTypeObject *right)`,
      `{`,
      `    PyObject *${local} = NULL;`,
      `    if (PyType_HasFeature(left, Py_TPFLAGS_HEAPTYPE)) {`,
      `        ${local} = PyType_GetModuleByDef(left, &${def.name});`,
      `        if (${local} == NULL) {`,
      `            PyErr_Clear();`,
      `        }`,
      `    }`,
      `    if (${local} == NULL) {`,
      `        ${local} = PyType_GetModuleByDef(right, &${def.name});`,
      `        if (${local} == NULL) {`,
      `            return NULL;`,
      `        }`,
      `    }`,
      `    return ${n.getState}(${local});`,
      `}`,
      ``,
    );
  }
  if (byTypes3) {
    add(n.byTypes3,
      `/* For nb_power: pow(a, b, m) calls m's slot when only the modulus is of this module's types. */`,
      `static inline ${n.struct} *`,
      `${n.byTypes3}(PyTypeObject *left, PyTypeObject *right, PyTypeObject *modulus)`,
      `{`,
      `    ${n.struct} *st = ${n.byTypes}(left, right);`,
      `    if (st == NULL && modulus != Py_TYPE(Py_None)) {`,
      `        PyErr_Clear();`,
      `        st = ${n.byTypes}(modulus, modulus);`,
      `    }`,
      `    return st;`,
      `}`,
      ``,
    );
  }
  if (inTeardown) {
    // ht_module and tp_base, not PyType_GetModuleByDef: type_clear empties tp_mro as well (plan/teardown.ts).
    add(n.inTeardown,
      `/* In a teardown slot: the state of the module that defined \`type\` or one of its bases, or NULL once`,
      ` * that module is gone (the GC clears a type's module before the objects that die with it). */`,
      `static inline ${n.struct} *`,
      `${n.inTeardown}(PyTypeObject *type)`,
      `{`,
      `    PyTypeObject *base;`,
      `    for (base = type; base != NULL; base = base->tp_base) {`,
      `        PyObject *${local} = PyType_HasFeature(base, Py_TPFLAGS_HEAPTYPE) ? ((PyHeapTypeObject *)base)->ht_module : NULL;`,
      `        if (${local} != NULL && PyModule_GetDef(${local}) == &${def.name}) {`,
      `            return ${n.getState}(${local});`,
      `        }`,
      `    }`,
      `    return NULL;`,
      `}`,
      ``,
    );
  }
  if (ofType) {
    add(n.ofType,
      `/* The state of the module that made \`type\`, one of its types that cannot be subclassed. */`,
      `static inline ${n.struct} *`,
      `${n.ofType}(PyTypeObject *type)`,
      `{`,
      `    void *state = PyType_GetModuleState(type);`,
      `    assert(state != NULL);`,
      `    return (${n.struct} *)state;`,
      `}`,
      ``,
    );
  }
  return out;
}

/**
 * The state of an object that keeps it (instance-state.ts): looked up through its type's MRO the
 * first time, then read from the object; and, for binary operators, which operand is one.
 */
function renderInstanceAccessors(ctx: TransformContext, is: InstanceState, withOperands: boolean): string {
  const n = ctx.plan.names;
  const S = is.struct;
  // What an earlier run wrote for the struct stays as it is.
  const has = (name: string): boolean => !!is.existing && ctx.ext.functionsByName.has(name);
  const out = has(`${n.mod}_get_state_of_${S}`) ? [] : [
    `/* The state of \`self\`, a ${S} of this module's types or of a subclass: kept in the object once looked up. */`,
    `static inline ${n.struct} *`,
    `${n.mod}_get_state_of_${S}(${S} *self)`,
    `{`,
    `    if (self->${is.field} == NULL) {`,
    `        self->${is.field} = ${n.byType}(Py_TYPE(self));`,
    `    }`,
    `    return (${n.struct} *)self->${is.field};`,
    `}`,
    ``,
  ];
  if (withOperands && is.dealloc && !has(`${n.mod}_get_state_of_${S}_operands`)) {
    const d = ctx.ext.functionsByName.get(is.dealloc)!;
    const params = d.file.source.text.slice(d.paramsStart + 1, d.paramsEnd).replace(/\s*\n\s*/g, ' ').trim();
    out.push(
      `${d.isStatic ? 'static ' : ''}${d.returnType}${d.returnType.endsWith('*') ? '' : ' '}${d.name}(${params});`,
      ``,
      `/* For binary number slots: the state kept in whichever operand is a ${S} (its type's dealloc tells),`,
      ` * else that of the operand whose type is a subclass defined in Python. */`,
      `static inline ${n.struct} *`,
      `${n.mod}_get_state_of_${S}_operands(PyObject *left, PyObject *right)`,
      `{`,
      `    if (Py_TYPE(left)->tp_dealloc == (destructor)${d.name}) {`,
      `        return ${n.mod}_get_state_of_${S}((${S} *)left);`,
      `    }`,
      `    if (Py_TYPE(right)->tp_dealloc == (destructor)${d.name}) {`,
      `        return ${n.mod}_get_state_of_${S}((${S} *)right);`,
      `    }`,
      `    return ${n.byTypes}(Py_TYPE(left), Py_TYPE(right));`,
      `}`,
      ``,
    );
  }
  return out.join('\n');
}

/** `void *module_state;` right after the struct's PyObject_HEAD. */
function addInstanceField(ctx: TransformContext, is: InstanceState): void {
  const src = is.file.source;
  ctx.insert(is.file, is.fieldAt, `${is.fieldIndent}void *${is.field}; /* the module state, once looked up (pyext-isolate) */${src.eol}`, 0);
}

/** The start of the line after a struct's definition (`typedef struct {...} Name;`). */
function afterStructDefinition(is: InstanceState): number {
  const text = is.file.source.text;
  const semi = text.indexOf(';', is.structEnd);
  return is.file.source.lineEndIncludingEol(semi === -1 ? is.structEnd : semi);
}

type Hooks = Partial<Record<'m_traverse' | 'm_clear' | 'm_free', FunctionInfo>>;

/** m_traverse / m_clear / m_free functions the module def already names. */
function existingHooks(ctx: TransformContext, def: ModuleDefInfo): Hooks {
  const out: Hooks = {};
  for (const h of ['m_traverse', 'm_clear', 'm_free'] as const) {
    const v = def.fields.get(h)?.value;
    if (!v || isZeroExpr(v)) continue;
    const f = ctx.ext.functionsByName.get(stripCasts(v).replace(/^&\s*/, ''));
    if (!f) throw new Error(`the module def's ${h} (${v}) is not a function of these files`);
    out[h] = f;
  }
  return out;
}

function visitLines(fields: { name: string; arrayLen?: string; guard?: Guard }[], macro: string, indent = '    '): string[] {
  return guardedRuns(fields, (f) => f.guard, (f) =>
    f.arrayLen !== undefined
      ? [`${indent}for (Py_ssize_t i = 0; i < (Py_ssize_t)(${f.arrayLen}); i++) {`, `${indent}    ${macro}(st->${f.name}[i]);`, `${indent}}`]
      : [`${indent}${macro}(st->${f.name});`],
  );
}

/**
 * `st` and the visits of `fields`: fields all under one `#if` go with `st` under it; otherwise `st`
 * is declared under the union of their conditions (no build declares it unused).
 */
function stateVisits(decl: string, fields: { name: string; arrayLen?: string; guard?: Guard }[], macro: string): string[] {
  const all = orGuards(fields.map((f) => f.guard));
  if (all && fields.every((f) => sameGuard(f.guard, all))) return guarded(all, [decl, ...visitLines(fields.map((f) => ({ ...f, guard: undefined })), macro)]);
  return [...guarded(all, [decl]), ...visitLines(fields, macro)];
}

/** Our m_traverse / m_clear / m_free, for the hooks the def does not have yet. */
function renderHooks(ctx: TransformContext, existing: Hooks): string {
  const n = ctx.plan.names;
  const owned = ctx.plan.fields.filter((f) => f.owns === 'strong');
  if (owned.length === 0) return '';
  const out: string[] = [];
  const decl = `    ${n.struct} *st = ${n.getState}(module);`;
  if (!existing.m_traverse) out.push(`static int`, `${n.traverse}(PyObject *module, visitproc visit, void *arg)`, `{`, ...stateVisits(decl, owned, 'Py_VISIT'), `    return 0;`, `}`, ``);
  if (!existing.m_clear) out.push(`static int`, `${n.clear}(PyObject *module)`, `{`, ...stateVisits(decl, owned, 'Py_CLEAR'), `    return 0;`, `}`, ``);
  if (!existing.m_free) {
    const clear = existing.m_clear?.name ?? n.clear;
    if (existing.m_clear) out.push(`static int ${clear}(PyObject *);`, ``);
    out.push(`static void`, `${n.free}(void *module)`, `{`, `    (void)${clear}((PyObject *)module);`, `}`, ``);
  }
  return out.join('\n');
}

/**
 * Hooks the module already had get the new fields visited and cleared where their statements start (fields their
 * own code already handles are left out: visiting a reference twice would corrupt the GC counts).
 */
function extendHooks(ctx: TransformContext, existing: Hooks): void {
  const owned = ctx.plan.fields.filter((f) => f.owns === 'strong');
  for (const [hook, f] of Object.entries(existing) as ['m_traverse' | 'm_clear' | 'm_free', FunctionInfo][]) {
    const src = f.file.source;
    const body = src.text.slice(f.bodyStart, f.bodyEnd);
    const todo = owned.filter((x) => !new RegExp(`\\b${x.name}\\b`).test(body));
    if (todo.length === 0) continue;
    // An m_free that calls the module's m_clear (ours does: `(void)x_clear((PyObject *)module);`) clears what it clears.
    if (hook === 'm_free' && existing.m_clear && new RegExp(`\\b${existing.m_clear.name}\\s*\\(`).test(body)) continue;
    const p0 = f.params[0]?.name;
    if (!p0) throw new Error(`the module def's ${hook} ${f.name}() has no named first parameter`);
    // The hook gets `st` like any function that uses the state (under the fields' condition when
    // all of them have one); the new lines go where its statements start (after its declarations).
    const all = orGuards(todo.map((x) => x.guard));
    const visits = all && todo.every((x) => sameGuard(x.guard, all)) ? todo.map((x) => ({ ...x, guard: undefined })) : todo;
    ctx.plan.needState(f, EMITTER, all);
    const lay = functionLayout(f);
    if (!lay) throw new Error(`the module def's ${hook} ${f.name}() has no body`);
    // Hooks an earlier run generated visit in field order: the new fields go last, before their
    // `return 0;`, or before the first field of a later group, as one run writes them. (The body may
    // end before its closing brace.)
    const ours = hook !== 'm_free' && f.name === (hook === 'm_traverse' ? ctx.plan.names.traverse : ctx.plan.names.clear) && /^\{\s*\w+ \*st = \w+\(module\);\n(?:\s*Py_(?:VISIT|CLEAR)\(st->[^\n]*\n|\s*for \([^\n]*\n|\s*#[^\n]*\n|\s*\}\n)*(\s*)return 0;\s*\}?$/.exec(body.replace(/\r\n/g, '\n'));
    const ret = ours ? body.lastIndexOf('return 0;') : -1;
    const p = ours && ret !== -1 ? { at: src.lineStart(f.bodyStart + ret), inline: false } : statementPoint(src, lay);
    const macro = hook === 'm_traverse' ? 'Py_VISIT' : 'Py_CLEAR';
    // In field order (fieldGroup): each new visit before the first of a field of a later group.
    const prior = ours && ret !== -1 && !all && ctx.plan.ownStruct ? priorFields(ctx.plan.ownStruct) : undefined;
    if (prior) {
      const visitAt = new Map<string, number>();
      for (const m of body.matchAll(new RegExp(`^[ \\t]*${macro}\\(st->(\\w+)\\);`, 'gm'))) visitAt.set(m[1], f.bodyStart + m.index!);
      for (const v of visits) {
        const later = [...prior].filter(([name, x]) => x.group > fieldGroup(v.was) && visitAt.has(name)).map(([name]) => visitAt.get(name)!).sort((a, b) => a - b)[0];
        const q = later === undefined ? p : { at: later, inline: false };
        ctx.insert(f.file, q.at, linesAt(src, q, lay.indent, styledLines(f, visitLines([v], macro, ''), lay.indent)), 0);
      }
      continue;
    }
    const lines = guarded(all, visitLines(visits, macro, ''));
    ctx.insert(f.file, p.at, linesAt(src, p, lay.indent, styledLines(f, lines, lay.indent)), 0);
  }
}

/**
 * The interim the CPython and NumPy developers agreed on: C-API functions that get no module use
 * the state of the main interpreter's first module (kept alive until exit); anywhere else they
 * raise RuntimeError. Only the main interpreter reads or writes the pointer.
 */
function renderMainState(ctx: TransformContext): string {
  const n = ctx.plan.names;
  const out = [
    `/* The legacy C-API's module: the main interpreter's first one (set in exec, never freed). */`,
    `static ${n.struct} *${n.mainState} = NULL;`,
    ``,
    `static ${n.struct} *`,
    `${n.legacyState}(void)`,
    `{`,
    `    if (${n.mainState} == NULL || PyInterpreterState_Get() != PyInterpreterState_Main()) {`,
    `        PyErr_SetString(PyExc_RuntimeError, "${n.mod} C-API: this function works in the main interpreter only");`,
    `        return NULL;`,
    `    }`,
    `    return ${n.mainState};`,
    `}`,
    ``,
  ];
  // Prototypes of the split functions' state-taking halves, for callers above them.
  for (const f of ctx.plan.stateUsers.keys()) {
    const a = ctx.accessOf(f);
    if (a.kind !== 'split') continue;
    const params = f.file.source.text.slice(f.paramsStart + 1, f.paramsEnd).trim();
    out.push(`static ${f.returnType}${f.returnType.endsWith('*') ? '' : ' '}${f.name}_impl(${n.struct} *${ctx.plan.stateVar(f)}${params === '' || params === 'void' ? '' : ', ' + params.replace(/\s+/g, ' ')});`);
  }
  if (out[out.length - 1] !== '') out.push('');
  return out.join('\n');
}

function renderCreateType(ctx: TransformContext, inHeader = false): string {
  const n = ctx.plan.names;
  const old = !atLeast(ctx.options.minPython, '3.10');
  return [
    `/* Creates a heap type from its spec for this module, with \`base\` (or NULL) as its base:`,
    ` * 0 on success, -1 with an exception set, as PyType_Ready did. */`,
    inHeader ? `static inline int` : `static int`,
    `${n.createType}(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type${old ? ', int disallow_new' : ''})`,
    `{`,
    `    PyObject *bases = NULL;`,
    `    if (base != NULL) {`,
    `        bases = PyTuple_Pack(1, (PyObject *)base);`,
    `        if (bases == NULL) {`,
    `            return -1;`,
    `        }`,
    `    }`,
    `    *type = (PyTypeObject *)PyType_FromModuleAndSpec(module, spec, bases);`,
    `    Py_XDECREF(bases);`,
    `    if (*type == NULL) {`,
    `        if (!PyErr_Occurred()) {`,
    `            PyErr_NoMemory(); /* CPython (3.12, 3.13) loses the error when it cannot copy the type's name */`,
    `        }`,
    `        return -1;`,
    `    }`,
    ...(old
      ? [
          `#if PY_VERSION_HEX < 0x030A0000`,
          `    if (disallow_new) {`,
          `        (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+ */`,
          `    }`,
          `#else`,
          `    (void)disallow_new;`,
          `#endif`,
        ]
      : []),
    `    return 0;`,
    `}`,
    ``,
  ].join('\n');
}

/** Where the state block goes in the def's file: before the first thing that needs it. */
function blockPoint(ctx: TransformContext, file: FileModel, withStruct: boolean, headerLeaves: readonly string[]): number {
  const def = ctx.ext.moduleDef!;
  let latest = def.declStart;
  for (const f of ctx.plan.stateUsers.keys()) {
    if (f.file !== file) continue;
    latest = Math.min(latest, f.declStart);
    // A helper that gets `st` has its prototype rewritten too: the struct must come before it.
    const proto = file.prototypes.get(f.name);
    const kind = ctx.accessOf(f).kind;
    if (proto && (kind === 'param' || kind === 'module-split')) latest = Math.min(latest, proto.start);
  }
  let at = latest;
  for (const e of ctx.edits) if (e.file === file.path && e.text === '' && e.by !== EMITTER) at = Math.min(at, firstCodeAtOrAfter(file, e.start));
  // An already multi-phase module: above its slots table and the exec function's prototype, where
  // the block would be had the same run converted the init.
  const exec = ctx.plan.execFunction;
  const table = moduleSlotsTable(ctx.ext);
  if (exec && ctx.ext.init?.phase === 'multi') {
    if (table && table.file === file) at = Math.min(at, table.start);
    const proto = file.prototypes.get(exec.name);
    if (proto) at = Math.min(at, proto.start);
  }
  // Types converted in this file: their specs need nothing from the block, but keep the block above them.
  for (const t of ctx.ext.types) if (t.file === file && ctx.heapTypes.has(t.name)) at = Math.min(at, t.declStart);
  // A partial run: no lower than one run puts it.
  const later = ctx.plan.laterState.get(file);
  if (withStruct && !ctx.plan.ownStruct && later !== undefined && later < at) return later;
  // Fields' types declared further down (a typedef, a header included below, C data's own types): the struct goes
  // below them when that is still above everything that needs the state (else the invariants refuse).
  // The same for the state header's #include above the block: the types it leaves to its includer first.
  if ((withStruct && !ctx.plan.ownStruct) || headerLeaves.length > 0) {
    const ready = typesReadyAt(file, withStruct ? ctx.plan.fields.flatMap((f) => typeNamesOf(f.ctype)) : headerLeaves, ctx.ext.files);
    if (ready > at && ready <= latest) return hoist(file, afterBlankLines(file, ready, latest));
  }
  // The accessors of the module's own struct come after it (the struct ends at `} name;`).
  const own = ctx.plan.ownStruct;
  if (own && own.file === file) {
    const semi = file.source.text.indexOf(';', own.def.end);
    const after = file.source.lineEndIncludingEol(semi);
    if (at < after) {
      const first = [...ctx.plan.stateUsers.keys()].find((f) => f.file === file && f.declStart < after);
      if (first) {
        const move = ownStructMove(file, own.def, hoist(file, at), ctx.plan.fields.flatMap((f) => typeNamesOf(f.ctype)), ctx.ext.files);
        if (!move) throw new Error(`${first.name}() comes before the module's own state struct ${own.type} and would need it`);
        ctx.plan.ownStructMoved = move;
        return move.to;
      }
      return after;
    }
  }
  return hoist(file, at);
}

/** `at` (a line start) moved past the blank lines that follow it, not beyond `limit`. */
function afterBlankLines(file: FileModel, at: number, limit: number): number {
  const text = file.source.text;
  let pos = at;
  for (;;) {
    const m = /^[ \t]*\r?\n/.exec(text.slice(pos, pos + 256));
    if (!m || pos + m[0].length > limit) return pos;
    pos += m[0].length;
  }
}

function firstCodeAtOrAfter(file: FileModel, offset: number): number {
  return file.source.lineStart(offset);
}

/**
 * Where the slots (and a def that a macro declared) go: above the def's declaration, out of `#if` groups, except
 * for a def written from a macro call: that goes above its init function and stays in the groups that hold the
 * call, as the names it uses (a docstring macro, the method table) may be defined only there.
 */
function defPosition(def: ModuleDefInfo): number {
  return hoist(def.file, def.declStart, def.fromMacro ? [def.fromMacro.callStart] : []);
}

/**
 * After the last `#include` among the top-of-file directives — but before the first included
 * source file (`#include "counter_type.c"`): that code is part of this file and may need what
 * the new include declares.
 */
function includePoint(f: FileModel): number {
  // Inside an include guard when the file has one (after its `#define`).
  const guard = f.parsed.lex.groups.find((g) => g.includeGuard);
  const guardDefine = guard && f.parsed.lex.directives.find((d) => d.start > guard.branches[0].directive.start && d.kind === 'define');
  let at = guardDefine ? f.source.lineEndIncludingEol(guardDefine.end) : 0;
  for (const d of f.parsed.lex.directives) {
    if (d.kind !== 'include' || d.braceDepth !== 0 || branchesAt(f.parsed.lex, d.start).length !== 0) continue;
    if (/^"[^"]*\.(c|inc|c\.h)"/.test(d.rest)) break; // code, not declarations (Argument Clinic's x.c.h)
    at = f.source.lineEndIncludingEol(d.end);
  }
  return at;
}

/**
 * A value replaced in a def whose elements carry aligned comments (`-1,     // m_size`, or a block
 * comment) keeps its comment in the column it had, one space after the value at least.
 */
function replaceKeepingComment(ctx: TransformContext, file: FileModel, start: number, end: number, value: string): void {
  const text = file.source.text;
  const after = /^(,?)( +)(?=\/\*|\/\/)/.exec(text.slice(end, end + 200));
  // Only an element on a line of its own: elsewhere the comment is no column to keep.
  const alone = text.slice(file.source.lineStart(start), start).trim() === '';
  if (!after || !alone || value.includes('\n')) {
    ctx.replace(file, start, end, value);
    return;
  }
  const column = end + after[0].length - file.source.lineStart(start);
  const lead = start - file.source.lineStart(start);
  const pad = Math.max(1, column - lead - value.length - after[1].length);
  ctx.replace(file, start, end + after[0].length, `${value}${after[1]}${' '.repeat(pad)}`);
}

function removeStatic(ctx: TransformContext, def: ModuleDefInfo): void {
  if (def.fromMacro || def.inFunction) {
    ctx.plan.externDef = true; // written without `static` when it is rendered
    return;
  }
  const text = def.file.source.text;
  const m = /\bstatic\s+/.exec(text.slice(def.declStart, def.initStart));
  if (m) ctx.replace(def.file, def.declStart + m.index, def.declStart + m.index + m[0].length, '');
}

function editModuleDef(ctx: TransformContext, def: ModuleDefInfo, hasState: boolean, converting: boolean, keepOwnState = false): void {
  const n = ctx.plan.names;
  const owned = ctx.plan.fields.some((f) => f.owns === 'strong');
  const want: Record<string, string> = keepOwnState || ctx.plan.ownStruct ? {} : { m_size: hasState ? `sizeof(${n.struct})` : '0' };
  if (hasState && keepOwnState) throw new Error('state fields requested for a module that keeps its own state struct');
  if (converting) want.m_slots = n.slots;
  if (hasState && owned) {
    // Hooks the def already names stay (they are extended); the others are ours.
    const has = (h: string): boolean => !!def.fields.get(h) && !isZeroExpr(def.fields.get(h)!.value);
    if (!has('m_traverse')) want.m_traverse = n.traverse;
    if (!has('m_clear')) want.m_clear = n.clear;
    if (!has('m_free')) want.m_free = n.free;
  }
  const file = def.file;
  const src = file.source;
  const text = src.text;
  if (def.fromMacro?.atFileScope) {
    // `MODULE_DEF("name", doc, methods);` at file scope: the def written out takes its place.
    const { callStart, callEnd } = def.fromMacro;
    const lineStart = src.lineStart(callStart);
    const lineEnd = src.lineEndIncludingEol(callEnd);
    const whole = text.slice(lineStart, callStart).trim() === '' && text.slice(callEnd, lineEnd).trim() === '';
    const rendered = renderDefFromMacro(ctx, def, want).replace(/\n\n$/, whole ? '\n' : '');
    ctx.replace(file, whole ? lineStart : callStart, whole ? lineEnd : callEnd, src.adapt(rendered));
    return;
  }
  if (def.fromMacro || def.inFunction) {
    ctx.insert(file, defPosition(def), src.adapt(renderDefFromMacro(ctx, def, want)), 6);
    // The function-level static goes: the def at file scope replaces it under the same name.
    if (def.inFunction) {
      const r = statementRemoval(src, def.inFunction.start, def.inFunction.end);
      ctx.replace(file, r.start, r.end, '');
    }
    return;
  }
  const designated = def.style !== 'positional';
  // Replace values that are there.
  for (const [field, value] of Object.entries(want)) {
    const f = def.fields.get(field);
    if (f) {
      if (f.value.trim() !== value) {
        replaceKeepingComment(ctx, file, f.valueStart, f.valueEnd, value);
        if (field === 'm_slots') renameReloadComment(ctx, file, f.valueEnd);
      }
      delete want[field];
    }
  }
  const missing = Object.keys(want);
  if (missing.length === 0) return;
  // The last element of the initializer, and the indentation of the elements.
  const elems = [...def.fields.values()].sort((a, b) => a.elemEnd - b.elemEnd);
  const last = elems[elems.length - 1];
  const indent = last ? src.indentAt(last.elemStart) || src.indentUnit : src.indentUnit;
  const inline = last ? src.lineStart(last.elemStart) === src.lineStart(def.initStart) : true;
  const sep = inline ? ' ' : src.eol + indent;
  let insertAt = last ? last.elemEnd : def.initStart + 1;
  const afterLast = text.slice(insertAt, def.initEnd - 1);
  const hasTrailingComma = /^\s*(\/\*[\s\S]*?\*\/\s*)*,/.test(afterLast);
  if (hasTrailingComma) insertAt = insertAt + afterLast.indexOf(',') + 1;
  // `methods,        /* m_methods */`: the comment stays with its element.
  if (!inline && hasTrailingComma) {
    const comment = /^[ \t]*(?:\/\*[^\n]*?\*\/|\/\/[^\r\n]*)/.exec(text.slice(insertAt, def.initEnd));
    if (comment) insertAt += comment[0].length;
  }
  let add: string;
  if (designated) {
    add = missing.map((m) => `.${m} = ${want[m]}`).join(`,${sep}`);
  } else {
    // Positional: fill every field from the next index up to the last one needed.
    const lastIndex = last ? MODULEDEF_FIELDS.indexOf(last.field) : 0;
    const upTo = Math.max(...missing.map((m) => MODULEDEF_FIELDS.indexOf(m)));
    const vals: string[] = [];
    for (let i = lastIndex + 1; i <= upTo; i++) vals.push(want[MODULEDEF_FIELDS[i]] ?? 'NULL');
    add = vals.join(`,${sep}`);
  }
  ctx.insert(file, insertAt, hasTrailingComma ? `${sep}${add},` : `,${sep}${add}`, 5);
  void isZeroExpr;
}

/**
 * A positional `NULL,` commented `m_reload` that now holds the slots: the comment on its line names the
 * field by the name the slots replaced in 3.5; it says `m_slots` now.
 */
function renameReloadComment(ctx: TransformContext, file: FileModel, valueEnd: number): void {
  const text = file.source.text;
  const m = /^\s*,?[ \t]*\/\*[ \t]*(m_reload)\b[^\n]*?\*\//.exec(text.slice(valueEnd, file.source.lineEndIncludingEol(valueEnd)));
  if (!m) return;
  const at = valueEnd + m.index + m[0].indexOf('m_reload');
  ctx.replace(file, at, at + 'm_reload'.length, 'm_slots');
}

const LOAD_GUARD_NOTE = '/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per process. */';
const DAMAGE_GUARD_NOTE = '/* pyext-isolate: parts of the code could not be parsed (see `pyext-isolate check`), so the module loads once per process. */';

/**
 * A module this tool converted while hazards were left (a partial run, or findings a human has
 * since resolved): once nothing is left, its load-once guard goes and its slot declares
 * isolation, so that runs in steps end where one run would.
 */
function dropLoadGuard(ctx: TransformContext): void {
  const guard = existingLoadGuard(ctx);
  const table = moduleSlotsTable(ctx.ext);
  if (!guard || !table) return;
  // Written for code the parser could not read: while any is left (its share may have fallen below
  // the reporting threshold only because the rewrite made the file longer) the guard stays, so a
  // re-run converges. A guard written for other hazards goes once those are gone, damage or not, as
  // one run decides on the same damage.
  if (guard.damaged && ctx.ext.files.some((f) => f.parsed.damage.some((d) => d.end > d.start))) return;
  const text = table.file.source.text;
  const value = /\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b/.exec(text.slice(table.start, table.end));
  if (!value || table.file !== guard.file) return;
  ctx.replace(guard.file, guard.note.start, guard.note.end, '');
  ctx.replace(guard.file, guard.check.start, guard.check.end, '');
  for (const x of guard.sets) ctx.replace(guard.file, x.start, x.end, '');
  // The entry as one run writes it: the partial run's longer value may have been wrapped onto a line of its own.
  const src = table.file.source;
  const entry = /\{\s*Py_mod_multiple_interpreters\s*,\s*Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\s*\},?/.exec(text.slice(table.start, table.end));
  const entryAt = entry ? table.start + entry.index : -1;
  if (entry && text.slice(src.lineStart(entryAt), entryAt).trim() === '' && entry[0].endsWith(',')) {
    ctx.replace(table.file, src.lineStart(entryAt), entryAt + entry[0].length, styled(table.file, '    {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},'));
  } else ctx.replace(table.file, table.start + value.index, table.start + value.index + value[0].length, 'Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
}

/** The load-once guard an earlier run of this tool wrote around the exec function (see insertLoadGuard). */
function existingLoadGuard(ctx: TransformContext): { file: FileModel; damaged: boolean; note: { start: number; end: number }; check: { start: number; end: number }; sets: { start: number; end: number }[] } | undefined {
  const exec = ctx.plan.execFunction;
  if (!exec || ctx.ext.init?.phase !== 'multi') return undefined;
  const src = exec.file.source;
  const text = src.text;
  const flag = ctx.plan.names.loadedFlag;
  const e = src.eol;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Both were written in the file's style (styled): the note wrapped at its width, the block's braces
  // where it puts them, a long call split after its comma; any run of blanks between tokens matches.
  const spaced = (x: string): string => esc(x).replace(/ /g, '\\s+');
  const noteText = (x: string): string => spaced(x).replace(/\\s\+/g, '(?:\\s+\\*)?\\s+');
  // Right above the exec function, or above what was inserted there with it (a def rendered from a macro).
  const notes = [...text.slice(0, exec.declStart).matchAll(new RegExp(`(?:${noteText(LOAD_GUARD_NOTE)}|(${noteText(DAMAGE_GUARD_NOTE)}))\\r?\\nstatic int ${flag} = 0;${e}${e}`, 'g'))];
  const last = notes[notes.length - 1];
  if (!last) return undefined;
  const noteAt = last.index!;
  const note = last[0];
  const body = text.slice(exec.bodyStart, exec.bodyEnd);
  const call = `PyErr_SetString\\(\\s*PyExc_ImportError,\\s*"${esc(ctx.plan.names.mod)} cannot be loaded more than once per process"\\s*\\);`;
  const guard = new RegExp(`(?<=\\n)[ \\t]*if \\(${flag}\\)\\s*\\{\\s*${call}\\s*return -1;\\r?\\n[ \\t]*\\}(\\r?\\n| )`).exec(body);
  if (!guard) return undefined;
  // `flag = 1;` before each successful return (insertLoadGuard), on a line of its own; eager fills a later run adds
  // go after the check and so before these, where one run puts them.
  const sets: { start: number; end: number }[] = [];
  const set = new RegExp(`(?<=\\n)[ \\t]*${flag} = 1;\\r?\\n`, 'g');
  for (let m = set.exec(body); m !== null; m = set.exec(body)) {
    if (m.index >= guard.index && m.index < guard.index + guard[0].length) continue;
    sets.push({ start: exec.bodyStart + m.index, end: exec.bodyStart + m.index + m[0].length });
  }
  return { file: exec.file, damaged: last[1] !== undefined, note: { start: noteAt, end: noteAt + note.length }, check: { start: exec.bodyStart + guard.index, end: exec.bodyStart + guard.index + guard[0].length }, sets };
}

/**
 * A module def that a macro declared inside the init function (`MOD_DEF(m, name, doc, methods)`),
 * written out at file scope with the values the call gave it and the new fields.
 */
function renderDefFromMacro(ctx: TransformContext, def: ModuleDefInfo, want: Record<string, string>): string {
  const value = (field: string): string => want[field] ?? def.fields.get(field)?.value ?? (field === 'm_size' ? '-1' : 'NULL');
  // Every field written once there are fields past m_methods: a positional initializer that stops
  // short warns under -Wextra (-Wmissing-field-initializers), and this def is the tool's own text.
  const given = Math.max(...MODULEDEF_FIELDS.map((f, i) => (want[f] !== undefined || def.fields.has(f) ? i : 0)));
  const last = given > 4 ? MODULEDEF_FIELDS.length - 1 : given;
  const first = ['PyModuleDef_HEAD_INIT', ...MODULEDEF_FIELDS.slice(1, 5).map(value)];
  const rest = MODULEDEF_FIELDS.slice(5, last + 1).map(value);
  const storage = def.storage === 'static' && !ctx.plan.externDef ? 'static ' : '';
  // The fields after m_methods one per line, as editModuleDef adds them to a written def (so a later run that
  // adds hooks to this def writes what one run writes).
  return [`${storage}struct PyModuleDef ${def.name} = {`, `    ${first.join(', ')}${rest.length > 0 ? ',' : ''}`, ...rest.map((v, i) => `    ${v}${i < rest.length - 1 ? ',' : ''}`), `};`, ``, ``].join('\n');
}

/**
 * Multi-phase init over state that is still global is worse than single-phase (each import runs
 * exec again over the same statics): the isolation HOWTO's opt-out, load once per process. The
 * flag is set where exec succeeds, so that an import that failed (out of memory) can be retried.
 */
function insertLoadGuard(ctx: TransformContext, damaged: boolean): void {
  const exec = ctx.plan.execFunction!;
  const n = ctx.plan.names;
  const src = exec.file.source;
  const e = src.eol;
  const flag = `${damaged ? DAMAGE_GUARD_NOTE : LOAD_GUARD_NOTE}\nstatic int ${n.loadedFlag} = 0;\n\n`;
  // Above the head as rewritten: a Python-version #if around `PyMODINIT_FUNC PyInit_x(void)` / `#else`
  // / `initx(void)` is replaced whole from its #if line (multi-phase-init).
  let at = exec.declStart;
  for (const e of ctx.edits) if (e.file === exec.file.path && e.start < at && at < e.end) at = e.start;
  ctx.insert(exec.file, at, styled(exec.file, flag), 0);
  const successes = successReturns(ctx, exec);
  const lines = [`if (${n.loadedFlag}) {`, `    PyErr_SetString(PyExc_ImportError, "${n.mod} cannot be loaded more than once per process");`, `    return -1;`, `}`, ...(successes ? [] : [`${n.loadedFlag} = 1;`])];
  const lay = functionLayout(exec);
  if (!lay) throw new Error(`internal: the exec function ${exec.name}() has no body`);
  const p = statementPoint(src, lay);
  ctx.insert(exec.file, p.at, linesAt(src, p, lay.indent, styledLines(exec, lines, lay.indent)), 2);
  // The flag is set where the module is returned: a failed first import may be retried.
  for (const r of successes ?? []) ctx.insert(exec.file, r, `${n.loadedFlag} = 1;${e}${src.indentAt(r)}`, 2);
}

/**
 * Where the converted init returns its module (`return m;`, `return PyModule_Create(&def);`): each
 * a statement of its own in a block, at the start of its line. Undefined when a success return is
 * anywhere else (a macro, an unbraced if): the flag is then set right after the check, as before.
 */
function successReturns(ctx: TransformContext, exec: FunctionInfo): number[] | undefined {
  const create = ctx.ext.init?.createCall;
  const mv = create?.moduleVar;
  const src = exec.file.source;
  const text = src.text;
  const body = exec.node.childForFieldName('body');
  if (!body || !create) return undefined;
  const out: number[] = [];
  const walk = (node: import('../core/parse').SyntaxNode): boolean => {
    for (const c of node.namedChildren) {
      if (c.type === 'return_statement') {
        const value = c.namedChildren.find((x) => x.type !== 'comment');
        const v = value ? stripCasts(text.slice(value.startIndex, value.endIndex)).replace(/^\((.*)\)$/s, '$1').trim() : '';
        const success = (mv !== undefined && v === mv) || (c.startIndex <= create.start && create.end <= c.endIndex);
        if (!success) continue;
        if (c.parent?.type !== 'compound_statement' || text.slice(src.lineStart(c.startIndex), c.startIndex).trim() !== '') return false;
        out.push(c.startIndex);
      } else if (!walk(c)) return false;
    }
    return true;
  };
  if (!walk(body) || out.length === 0) return undefined;
  // A success return that a macro expands to is not seen: then the flag could stay unset.
  if (macroReturns(ctx, exec)) return undefined;
  return out;
}

/** The function uses a macro of the extension that may return something other than an error (NULL). */
function macroReturns(ctx: TransformContext, f: FunctionInfo): boolean {
  for (const file of ctx.ext.files) {
    for (const m of file.macros.values()) {
      const returns = m.body.match(/\breturn\b[^;]*/g) ?? [];
      if (returns.every((r) => /^return\s+(NULL|0|-\s*1|\(\s*PyObject\s*\*\s*\)\s*NULL)$/.test(r.trim()))) continue;
      if (macroUsers(ctx.ext, m.name).funcs.includes(f)) return true;
    }
  }
  return false;
}

/**
 * `<mod>_state *st = ...;` joins the leading declarations of the block that fetches it (the
 * function body, or only the branches that use it: placement.stateHosts); a lookup that can fail
 * is checked after them, or right before the first statement that needs it when only early exits
 * come first. A leading declaration whose initializer uses the checked `st` is split
 * (`T *x;` ... `x = init;`).
 */
function declareState(ctx: TransformContext, f: FunctionInfo): void {
  const a: Access = ctx.accessOf(f);
  const n = ctx.plan.names;
  // `st` is a parameter (threadParam, splitExported, splitModuleFunction).
  if (a.kind === 'param' || a.kind === 'split' || a.kind === 'module-split') return;
  if (a.kind === 'none') throw new Error(`internal: ${f.name} uses the state but cannot reach it (${a.reason})`);
  // `S *st = get_state(module);` is already there (the module's own struct, or an earlier run's lookup).
  if (ctx.plan.existingState(f)) return;
  // Used only under `#ifdef X` inside the body: declared under the same condition.
  const guard = ctx.plan.stateGuard(f);
  if (a.kind === 'module') {
    const p = f.params[a.paramIndex];
    // Py_UNUSED(x) renames x: the wrapper goes even when only `#if` code uses the state, or that build
    // does not compile (one run, converting the init, writes the parameter plainly too).
    if (p?.unusedWrapper && !a.added) dropUnusedWrapper(ctx, f.file, p.unusedWrapper);
  }
  const { init, errorValue } = lookup(n, a);
  const uses = stateUses(ctx, f);
  // A teardown slot whose macro uses became checks of its own type (own-checks.ts) uses no state.
  if (a.kind === 'teardown' && uses.length === 0) return;
  for (const h of hostsOf(ctx, f, a, uses)) {
    if (h.kind === 'wrap') wrapWithState(ctx, f, h, init, errorValue);
    else {
      // A block inside the condition needs no #if of its own.
      const inside = guard && sameGuard(guardAt(f.file.parsed.lex, h.block.startIndex, f.file.source.text, f.bodyStart), guard);
      const hostUses = uses.filter((u) => u >= h.block.startIndex && u < h.block.endIndex);
      if (guard && !inside) fetchUnderGuard(ctx, f, h.block, guard, init, errorValue);
      else fetchInBlock(ctx, f, h.block, hostUses, init, errorValue);
    }
  }
}

/** `st` of a block that uses it only under `#if X`: declared, and checked, under the same condition. */
function fetchUnderGuard(ctx: TransformContext, f: FunctionInfo, block: SyntaxNode, guard: Guard, init: string, errorValue: string | undefined): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const lay = blockLayout(src, block);
  const dp = declarationPoint(src, lay);
  const lines = (ls: string[]): string[] => styledLines(f, ls, lay.indent);
  const st = ctx.plan.stateVar(f);
  ctx.insert(f.file, dp.at, linesAt(src, dp, lay.indent, guarded(guard, lines([`${n.struct} *${st} = ${init};`]))), DECLARATION_ORDER);
  if (errorValue === undefined) return;
  const sp = statementPoint(src, lay);
  ctx.insert(f.file, sp.at, linesAt(src, sp, lay.indent, guarded(guard, lines([`if (${st} == NULL) {`, `    return ${errorValue};`, `}`]))), 1);
}

/**
 * The blocks that fetch the state. Single statements are wrapped in a block only for the lookups
 * that cost a search; a nested block whose declaration needs the checked state but cannot be
 * split leaves the fetch to the function body.
 */
function hostsOf(ctx: TransformContext, f: FunctionInfo, a: Access, uses: number[]): StateHost[] {
  const body = f.node.childForFieldName('body')!;
  // Before anything frees the object or drops its type: at the top of the body (plan/teardown.ts).
  if (a.kind === 'teardown') return [{ kind: 'block', block: body }];
  let hosts = stateHosts(f, uses);
  const costly = a.kind === 'by-type' || (a.kind === 'by-operands' && !a.struct);
  if (!costly && hosts.some((h) => h.kind === 'wrap')) hosts = stateHosts(f, uses, false);
  const fallible = a.kind !== 'param' && a.kind !== 'split' && a.kind !== 'module-split' && a.kind !== 'none' && lookup(ctx.plan.names, a).errorValue !== undefined;
  if (fallible && hosts.some((h) => h.kind === 'block' && h.block.id !== body.id && unsplittableUser(ctx, f, h.block, uses))) return [{ kind: 'block', block: body }];
  return hosts;
}

/** A leading declaration of `block` whose initializer uses `st` and that cannot be split. */
function unsplittableUser(ctx: TransformContext, f: FunctionInfo, block: SyntaxNode, uses: number[]): boolean {
  const lay = blockLayout(f.file.source, block);
  const user = lay.decls.findIndex((d) => uses.some((u) => u >= d.startIndex && u < d.endIndex));
  return user !== -1 && !splittable(ctx, f, lay, user);
}

function fetchInBlock(ctx: TransformContext, f: FunctionInfo, block: SyntaxNode, uses: number[], init: string, errorValue: string | undefined): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const lay = blockLayout(src, block);
  const dp = declarationPoint(src, lay);
  const lines = (ls: string[]): string[] => styledLines(f, ls, lay.indent);
  const st = ctx.plan.stateVar(f);
  // `st` as the only declaration of a function body: a blank line after it where the file has one.
  // Declarations this run removes count as gone (a second run must see what the first left), and a
  // blank line already there (where removed declarations were) serves. Not in the exec function:
  // there `st` takes the place of the module's declaration in one run, and comes alone into a partial
  // run's exec in the next; without the blank both runs write the same.
  const removed = (d: SyntaxNode): boolean => ctx.edits.some((e) => e.file === f.file.path && e.text === '' && e.start <= d.startIndex && e.end >= d.endIndex);
  const declsLeft = lay.decls.filter((d) => !removed(d));
  const afterDecls = declsLeft.length === 0 && lay.decls.length > 0 ? src.lineEndIncludingEol(lay.decls[lay.decls.length - 1].endIndex - 1) : dp.at;
  const blankFollows = !dp.inline && /^[ \t]*\r?\n/.test(src.text.slice(afterDecls));
  const gap = declsLeft.length === 0 && !dp.inline && !blankFollows && !!lay.first && block.id === f.node.childForFieldName('body')?.id && f !== ctx.plan.execFunction && functionStyle(f).blankAfterDeclarations ? [''] : [];
  if (errorValue === undefined) {
    ctx.insert(f.file, dp.at, linesAt(src, dp, lay.indent, [...lines([`${n.struct} *${st} = ${init};`]), ...gap]), DECLARATION_ORDER);
    return;
  }
  const check = lines([`if (${st} == NULL) {`, `    return ${errorValue};`, `}`]);
  const user = lay.decls.findIndex((d) => uses.some((u) => u >= d.startIndex && u < d.endIndex));
  if (user === -1) {
    // Early exits that do not need the state come first: the lookup waits for them.
    const first = afterGuards(src, lay, uses);
    if (first) {
      ctx.insert(f.file, dp.at, linesAt(src, dp, lay.indent, [`${n.struct} *${st};`, ...gap]), DECLARATION_ORDER);
      const ls = src.lineStart(first.startIndex);
      const at: InsertPoint = src.text.slice(ls, first.startIndex).trim() === '' ? { at: ls, inline: false } : { at: first.startIndex, inline: true };
      ctx.insert(f.file, at.at, linesAt(src, at, lay.indent, [...lines([`${st} = ${init};`]), ...check]), 1);
      return;
    }
    ctx.insert(f.file, dp.at, linesAt(src, dp, lay.indent, [...lines([`${n.struct} *${st} = ${init};`]), ...gap]), DECLARATION_ORDER);
    const sp = statementPoint(src, lay);
    ctx.insert(f.file, sp.at, linesAt(src, sp, lay.indent, check), 1);
    return;
  }
  ctx.insert(f.file, dp.at, linesAt(src, dp, lay.indent, lines([`${n.struct} *${st} = ${init};`])), DECLARATION_ORDER);
  if (splitDeclaration(ctx, f, lay, user, check)) return;
  // A function other files may call (so no `_impl` split): C99, the check right after `st`.
  ctx.insert(f.file, dp.at, linesAt(src, dp, lay.indent, check), 0);
}

/** `if (c) return f(st->x);` -> `if (c) { <mod>_state *st = ...; [check] return f(st->x); }`, in the file's brace style. */
function wrapWithState(ctx: TransformContext, f: FunctionInfo, h: Extract<StateHost, { kind: 'wrap' }>, init: string, errorValue: string | undefined): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const e = src.eol;
  const style = functionStyle(f);
  const u = src.indentUnit;
  const indent = src.indentAt(h.ifNode.startIndex);
  const braceIndent = style.blockBrace === 'gnu' ? indent + u : indent;
  const inner = braceIndent + u;
  const st = ctx.plan.stateVar(f);
  const lines = styledLines(f, [`${n.struct} *${st} = ${init};`, ...(errorValue === undefined ? [] : [`if (${st} == NULL) {`, `    return ${errorValue};`, `}`])], inner);
  const cond = h.ifNode.childForFieldName('condition')!;
  const stmt = h.statement;
  const stmtLine = src.lineStart(stmt.startIndex);
  const ownLine = stmtLine > cond.endIndex && src.text.slice(stmtLine, stmt.startIndex).trim() === '';
  const open = style.blockBrace === 'same' ? ' {' : `${e}${braceIndent}{`;
  const decls = lines.map((l) => inner + l).join(e);
  if (ownLine) {
    ctx.insert(f.file, cond.endIndex, open, 0);
    ctx.insert(f.file, stmtLine, decls + e, 0);
  } else {
    ctx.replace(f.file, cond.endIndex, stmt.startIndex, `${open}${e}${decls}${e}${inner}`);
  }
  // The closing brace on a line of its own after the statement (and a comment that ends its line).
  const lineEnd = src.lineEndIncludingEol(stmt.endIndex - 1);
  const rest = src.text.slice(stmt.endIndex, lineEnd);
  if (/^[ \t]*(\/\*.*\*\/|\/\/.*)?[ \t]*\r?\n$/.test(rest)) ctx.insert(f.file, lineEnd, `${braceIndent}}${e}`, 9);
  else ctx.insert(f.file, stmt.endIndex, `${e}${braceIndent}}`, 9);
}

/**
 * Whether the lookup and its check can stay in f: not when a leading declaration that cannot be
 * split (several declarators, a const, an array) needs the checked state. Then f's body moves to
 * `f_impl(st, ...)` and f looks the state up and calls it.
 */
function needsImplSplit(ctx: TransformContext, f: FunctionInfo): boolean {
  const a = ctx.accessOf(f);
  if (a.kind === 'param' || a.kind === 'split' || a.kind === 'module-split' || a.kind === 'none' || lookup(ctx.plan.names, a).errorValue === undefined) return false;
  const body = f.node.childForFieldName('body');
  if (!body) return false;
  const uses = stateUses(ctx, f);
  return hostsOf(ctx, f, a, uses).some((h) => h.kind === 'block' && h.block.id === body.id && unsplittableUser(ctx, f, body, uses));
}

/**
 * A slot or method that searches its state (from its operands or its type) and that C code of
 * its file also calls directly, below it, from functions that have a state (shapes' Canvas.bounds
 * calls rect_or on every pair): those calls become `f_impl(st, ...)` with the caller's state, so
 * a loop pays one lookup instead of one per call (issue 15), and f stays, for its table, as the
 * wrapper that looks the state up (lookupWrapper). The caller's state is the one the original's
 * globals stood for, as for any helper that takes the state from its caller. Not from a teardown
 * path (its state may be gone) or through macros.
 */
function callImplDirectly(ctx: TransformContext, f: FunctionInfo): boolean {
  const a = ctx.accessOf(f);
  // An object's kept state is one load once filled: only searches are worth the split.
  if (!f.isStatic || f.macroTemplate || (a.kind !== 'by-operands' && a.kind !== 'by-type')) return false;
  const calls = ctx.access.callSites(f).calls.filter((c) => {
    if (c.alias || c.file !== f.file || c.at < f.end || c.caller === f || c.caller.macroTemplate) return false;
    const ca = ctx.accessOf(c.caller);
    // A helper that would get `st` as a new parameter only for this call keeps calling f: its
    // callers are threaded before this (bitarray's extend_fread calling bitarray_frombytes).
    if (ca.kind === 'param' && !ctx.plan.stateUsers.has(c.caller)) return false;
    return ca.kind !== 'none' && ca.kind !== 'split' && ca.kind !== 'module-split' && ca.kind !== 'teardown' && !teardownPath(ctx.access, c.caller);
  });
  for (const c of calls) {
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + f.name.length);
    let j = open + 1;
    while (j < t.length && /\s/.test(t[j])) j++;
    const cst = ctx.plan.stateVar(c.caller);
    ctx.replace(c.file, c.at, c.at + f.name.length, `${f.name}_impl`);
    ctx.insert(c.file, open + 1, t[j] === ')' ? cst : `${cst}, `, 0);
    ctx.plan.needState(c.caller, EMITTER, callGuard(c.file, c.at, c.caller));
  }
  return calls.length > 0;
}

/** `static T f(args) {body}` -> `static T f_impl(st, args) {body}` + `static T f(args)` that looks `st` up. */
function lookupWrapper(ctx: TransformContext, f: FunctionInfo): void {
  const a = ctx.accessOf(f);
  if (a.kind === 'param' || a.kind === 'split' || a.kind === 'module-split' || a.kind === 'none') return;
  const n = ctx.plan.names;
  const { init, errorValue } = lookup(n, a);
  const st = ctx.plan.stateVar(f);
  const src = f.file.source;
  const text = src.text;
  const nameAt = text.indexOf(f.name, f.declStart);
  ctx.replace(f.file, nameAt, nameAt + f.name.length, `${f.name}_impl`);
  const inner = text.slice(f.paramsStart + 1, f.paramsEnd).trim();
  if (inner === '' || inner === 'void') ctx.replace(f.file, f.paramsStart + 1, f.paramsEnd, `${n.struct} *${st}`);
  else ctx.insert(f.file, f.paramsStart + 1, `${n.struct} *${st}, `, 0);
  // The wrapper's parameters are the function's, named plainly (`Py_UNUSED(x)` is passed on as x).
  const params = text.slice(f.paramsStart + 1, f.paramsEnd).replace(/\bPy_UNUSED\s*\(\s*([A-Za-z_]\w*)\s*\)/g, '$1').replace(/\s*\n\s*/g, ' ').trim();
  const args = f.params.map((p) => p.name).filter((p) => p !== '');
  const wrapper = [
    ``,
    ``,
    `static ${f.returnType}${f.returnType.endsWith('*') ? '' : ' '}`.replace(/^static static /, 'static '),
    `${f.name}(${params})`,
    `{`,
    `    ${n.struct} *${st} = ${init};`,
    `    if (${st} == NULL) {`,
    `        return ${errorValue};`,
    `    }`,
    `    return ${f.name}_impl(${st}${args.length > 0 ? ', ' + args.join(', ') : ''});`,
    `}`,
  ].join('\n');
  ctx.insert(f.file, f.end, styled(f.file, wrapper), 10);
}

/** The expression that gives `st` for a local access, and the error value when it can fail. */
function lookup(n: StateNames, a: Exclude<Access, { kind: 'param' | 'split' | 'module-split' | 'none' }>): { init: string; errorValue?: string } {
  switch (a.kind) {
    case 'module':
      return { init: `${n.getState}(${a.param})` };
    case 'own-type':
      return { init: `${n.ofType}(${a.typeExpr})` };
    case 'teardown':
      return { init: `${n.inTeardown}(${a.typeExpr})` };
    case 'by-type':
      return { init: `${n.byType}(${a.typeExpr})`, errorValue: a.errorValue };
    case 'by-instance':
      return { init: `${n.mod}_get_state_of_${a.struct}(${a.cast ? `(${a.struct} *)` : ''}${a.param})`, errorValue: a.errorValue };
    case 'by-operands':
      if (a.third) return { init: `${n.byTypes3}(Py_TYPE(${a.left}), Py_TYPE(${a.right}), Py_TYPE(${a.third}))`, errorValue: a.errorValue };
      return a.struct
        ? { init: `${n.mod}_get_state_of_${a.struct}_operands(${a.left}, ${a.right})`, errorValue: a.errorValue }
        : { init: `${n.byTypes}(Py_TYPE(${a.left}), Py_TYPE(${a.right}))`, errorValue: a.errorValue };
  }
}

/** Offsets in f's body where an edit (of any transform, or ours) writes its state variable. */
function stateUses(ctx: TransformContext, f: FunctionInfo): number[] {
  const st = new RegExp(`\\b${ctx.plan.stateVar(f)}\\b`);
  return ctx.edits.filter((e) => e.file === f.file.path && e.start > f.bodyStart && e.end < f.bodyEnd && st.test(e.text)).map((e) => e.start);
}

/**
 * `T *x = <uses st>;` -> `T *x;` + check + `x = <uses st>;`, in place (the initializer keeps its
 * edits). Declarations after it move above it; only ones without an initializer or edits can.
 */
function splitDeclaration(ctx: TransformContext, f: FunctionInfo, lay: BlockLayout, k: number, check: string[]): boolean {
  const parts = splittable(ctx, f, lay, k);
  if (!parts) return false;
  const { declarator, value, name, later } = parts;
  const src = f.file.source;
  const text = src.text;
  const e = src.eol;
  const dLine = src.lineStart(lay.decls[k].startIndex);
  for (const l of later) {
    const ls = src.lineStart(l.startIndex);
    const le = src.lineEndIncludingEol(l.endIndex - 1);
    ctx.replace(f.file, ls, le, '');
    ctx.insert(f.file, dLine, text.slice(ls, le), 0);
  }
  const indent = lay.indent;
  ctx.replace(f.file, declarator.endIndex, value.startIndex, `;${e}${check.map((l) => indent + l).join(e)}${e}${indent}${name} = `);
  return true;
}

/** The parts of a leading declaration that splitDeclaration can split, or undefined. */
function splittable(ctx: TransformContext, f: FunctionInfo, lay: BlockLayout, k: number): { declarator: SyntaxNode; value: SyntaxNode; name: string; later: SyntaxNode[] } | undefined {
  const src = f.file.source;
  const text = src.text;
  const d = lay.decls[k];
  if (d.type !== 'declaration') return undefined;
  const declarators = d.namedChildren.filter((c) => c.type.endsWith('declarator') || c.type === 'identifier');
  if (declarators.length !== 1 || declarators[0].type !== 'init_declarator') return undefined;
  const declarator = declarators[0].childForFieldName('declarator');
  const value = declarators[0].childForFieldName('value');
  if (!declarator || !value || value.type === 'initializer_list') return undefined;
  const specifiers = text.slice(d.startIndex, declarator.startIndex);
  if (/\b(static|register)\b/.test(specifiers)) return undefined;
  // Only a plain variable or pointer that can be assigned later: not `const int n`, `T *const p`, arrays.
  let node: SyntaxNode | null = declarator;
  while (node && node.type === 'pointer_declarator') {
    if (node.children.some((c) => c.type === 'type_qualifier' && /const/.test(text.slice(c.startIndex, c.endIndex)))) return undefined;
    node = node.childForFieldName('declarator');
  }
  if (!node || node.type !== 'identifier') return undefined;
  if (declarator.type === 'identifier' && /\bconst\b/.test(specifiers)) return undefined;
  const name = text.slice(node.startIndex, node.endIndex);
  const later = lay.decls.slice(k + 1);
  const touched = (s: number, e: number): boolean => ctx.edits.some((x) => x.file === f.file.path && x.start < e && x.end > s);
  for (const l of later) {
    if (l.type !== 'declaration' || l.namedChildren.some((c) => c.type === 'init_declarator') || touched(l.startIndex, l.endIndex)) return undefined;
    if (src.lineStart(l.startIndex) === src.lineStart(d.endIndex) || text.slice(src.lineStart(l.startIndex), l.startIndex).trim() !== '') return undefined;
  }
  return { declarator, value, name, later };
}

/** `F(args)` -> `F_impl(st, args)` plus a legacy `F(args)` for the C-API table (see renderMainState). */
function splitExported(ctx: TransformContext, f: FunctionInfo, a: Extract<Access, { kind: 'split' }>): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const text = src.text;
  const st = ctx.plan.stateVar(f);
  const nameAt = text.indexOf(f.name, f.declStart);
  ctx.replace(f.file, nameAt, nameAt + f.name.length, `${f.name}_impl`);
  const inner = text.slice(f.paramsStart + 1, f.paramsEnd).trim();
  if (inner === '' || inner === 'void') ctx.replace(f.file, f.paramsStart + 1, f.paramsEnd, `${n.struct} *${st}`);
  else ctx.insert(f.file, f.paramsStart + 1, `${n.struct} *${st}, `, 0);
  const args = f.params.map((p) => p.name).filter((p) => p !== '');
  const ret = f.returnType;
  const lookup = a.objectParam
    ? [`    ${n.struct} *${st} = ${n.byType}(Py_TYPE(${a.objectParam}));`, `    if (${st} == NULL) {`, `        PyErr_Clear();`, `        ${st} = ${n.legacyState}();`, `    }`]
    : [`    ${n.struct} *${st} = ${n.legacyState}();`];
  const wrapper = [
    ``,
    ``,
    `/* For the C-API table: ${a.objectParam ? `the module of ${a.objectParam}'s type, else ` : ''}the main interpreter's module (pyext-isolate). */`,
    `static ${ret}`,
    `${f.name}(${inner === '' ? 'void' : inner.replace(/\s*\n\s*/g, ' ')})`,
    `{`,
    ...lookup,
    `    if (${st} == NULL) {`,
    `        return ${a.errorValue};`,
    `    }`,
    `    return ${f.name}_impl(${st}${args.length > 0 ? ', ' + args.join(', ') : ''});`,
    `}`,
  ].join('\n');
  ctx.insert(f.file, f.end, styled(f.file, wrapper), 10);
  // Callers that have a state use it directly.
  for (const c of ctx.access.callSites(f).calls) {
    const ca = ctx.accessOf(c.caller);
    // Through an alias macro the call still names the legacy wrapper, which serves it.
    if (ca.kind === 'none' || ca.kind === 'split' || c.caller === f || c.alias) continue;
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + f.name.length);
    let j = open + 1;
    while (j < t.length && /\s/.test(t[j])) j++;
    ctx.replace(c.file, c.at, c.at + f.name.length, `${f.name}_impl`);
    const cst = ctx.plan.stateVar(c.caller);
    ctx.insert(c.file, open + 1, t[j] === ')' ? cst : `${cst}, `, 0);
    ctx.plan.needState(c.caller, EMITTER, callGuard(c.file, c.at, c.caller));
  }
}

/**
 * A PyArg "O&" converter that now takes the state (plan/state-access.ts ConverterRoute): below it,
 * the struct the parser passes as its address and the adapter the parser calls; each parsing call
 * names the adapter and wraps the address with its function's state.
 */
function converterAdapter(ctx: TransformContext, f: FunctionInfo, route: import('./state-access').ConverterRoute): void {
  const n = ctx.plan.names;
  const obj = f.params[0].name;
  const arg = obj === 'arg' ? 'address' : 'arg';
  const local = obj === 'a' ? 'conv' : 'a';
  const star = route.outType.endsWith('*') ? '' : ' ';
  const adapter = [
    ``,
    ``,
    `/* The argument parser calls ${f.name}() through this, with the state (pyext-isolate). */`,
    `typedef struct {`,
    `    ${n.struct} *st;`,
    `    ${route.outType}${star}out;`,
    `} ${f.name}_arg;`,
    ``,
    `static int`,
    `${f.name}_with_state(PyObject *${obj}, void *${arg})`,
    `{`,
    `    ${f.name}_arg *${local} = (${f.name}_arg *)${arg};`,
    `    return ${f.name}(${local}->st, ${obj}, ${local}->out);`,
    `}`,
  ].join('\n');
  ctx.insert(f.file, f.end, styled(f.file, adapter), 10);
  for (const s of route.sites) {
    ctx.replace(s.file, s.nameAt, s.nameAt + f.name.length, `${f.name}_with_state`);
    ctx.insert(s.file, s.addrStart, `&(${f.name}_arg){${ctx.plan.stateVar(s.caller)}, `, 0);
    ctx.insert(s.file, s.addrEnd, '}', 0);
  }
}

/** A helper that reads its state from an object of the spec type with this slot table. */
function bySpecObject(ctx: TransformContext, a: Access, slots: string): boolean {
  if (a.kind === 'by-type' || a.kind === 'own-type') return !!a.specs?.includes(slots);
  const struct = a.kind === 'by-instance' || a.kind === 'by-operands' ? a.struct : undefined;
  return !!struct && !!ctx.access.instanceStates().get(struct)?.types.includes(slots);
}

/** The `#if` condition of a call inside its caller (a call under `#ifdef _WIN32`), if any. */
function callGuard(file: FileModel, at: number, caller: FunctionInfo): Guard | undefined {
  return useGuard(file, at, caller);
}

/**
 * A module function that C code also calls without its module: `F(module, args)` becomes
 * `F_impl(st, module, args)`, those callers call it with their own state, and `F` stays for the
 * method table as a wrapper that takes the state from its module.
 */
function splitModuleFunction(ctx: TransformContext, f: FunctionInfo, a: Extract<Access, { kind: 'module-split' }>): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const text = src.text;
  const e = src.eol;
  const st = ctx.plan.stateVar(f);
  const nameAt = text.indexOf(f.name, f.declStart);
  const head = text.slice(f.declStart, nameAt);
  const inner = text.slice(f.paramsStart + 1, f.paramsEnd);
  ctx.replace(f.file, nameAt, nameAt + f.name.length, `${f.name}_impl`);
  ctx.insert(f.file, f.paramsStart + 1, `${n.struct} *${st}, `, 0);
  if (!f.isStatic) ctx.insert(f.file, f.declStart, 'static ', 0);
  // The wrapper's parameters read as the original's, without a Py_UNUSED() around the module.
  const p0 = f.params[a.paramIndex];
  let params = inner;
  if (p0?.unusedWrapper) {
    const w = p0.unusedWrapper;
    params = inner.slice(0, w.start - f.paramsStart - 1) + inner.slice(w.end - f.paramsStart - 1, w.closeAt - f.paramsStart - 1) + inner.slice(w.closeAt + 1 - f.paramsStart - 1);
  }
  const oneLine = params.replace(/\s*\r?\n\s*/g, ' ').trim();
  const args = f.params.map((p) => p.name);
  const indent = src.indentUnit;
  const wrapper = [
    ``,
    ``,
    `/* For the method table; C code without the module calls ${f.name}_impl() (pyext-isolate). */`,
    `${head.replace(/^\s+/, '')}${f.name}(${oneLine})`,
    `{`,
    `${indent}return ${f.name}_impl(${n.getState}(${a.param})${args.map((x) => ', ' + x).join('')});`,
    `}`,
  ].join(e);
  ctx.insert(f.file, f.end, wrapper, 10);
  // The C callers that pass no module (and the function's own recursive calls) pass their state.
  const { calls, macroCalls } = ctx.access.callsWithoutModule(f, true);
  let firstBefore: FunctionInfo | undefined;
  for (const c of [...calls, ...macroCalls]) {
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + f.name.length);
    ctx.replace(c.file, c.at, c.at + f.name.length, `${f.name}_impl`);
    // The caller's state (through a macro: the macro's `st`, which its users pass).
    ctx.insert(c.file, open + 1, `${'caller' in c ? ctx.plan.stateVar(c.caller) : 'st'}, `, 0);
    const users = 'caller' in c ? [c.caller] : macroUsers(ctx.ext, c.macro).funcs;
    for (const u of users) {
      ctx.plan.needState(u, EMITTER, 'caller' in c ? callGuard(c.file, c.at, c.caller) : macroCallGuard(c.file, c.at, u));
      if (u.file === f.file && u.start < f.start && (!firstBefore || u.declStart < firstBefore.declStart)) firstBefore = u;
    }
  }
  if (!firstBefore) return;
  // Called above its definition: the _impl needs a prototype there.
  const h = head.replace(/\s+/g, ' ').trim();
  const proto = `${f.isStatic ? '' : 'static '}${h}${h.endsWith('*') ? '' : ' '}${f.name}_impl(${n.struct} *${st}, ${inner.replace(/\s*\r?\n\s*/g, ' ').trim()});`;
  const existing = f.file.prototypes.get(f.name);
  if (existing) ctx.insert(f.file, src.lineEndIncludingEol(existing.end), `${proto}${e}`, 5);
  else ctx.insert(f.file, hoist(f.file, firstBefore.declStart), `${proto}${e}${e}`, 5);
}

/**
 * A new first parameter `decl` of `f` (definition and prototype), and `arg(caller)` as the first
 * argument of every call; `passesState`: that argument is the caller's state, which it then needs.
 */
/**
 * The files whose prototypes of `f` take its new parameter: its own, and for a non-static helper the
 * others (a header); for a static one the headers that declare it static too (`static PyObject
 * *automaton_create(void);` in Automaton.h, for a unity build), when no other file defines the name.
 */
function prototypeFiles(ctx: TransformContext, f: FunctionInfo): FileModel[] {
  if (!f.isStatic) return ctx.ext.files;
  const unique = ctx.ext.files.every((x) => x === f.file || !x.functions.some((g) => g.name === f.name));
  return [f.file, ...(unique ? ctx.ext.files.filter((x) => x !== f.file && isHeaderPath(x.path) && x.prototypes.get(f.name)?.isStatic) : [])];
}

/**
 * `static` in front of a non-static function only its own file calls, as it takes the state
 * (state-access: makeStatic), and in front of its prototypes in that file.
 */
function makeStatic(ctx: TransformContext, f: FunctionInfo): void {
  ctx.insert(f.file, f.declStart, 'static ', 0);
  const proto = f.file.prototypes.get(f.name);
  if (proto && !proto.isStatic && proto.start < f.declStart) ctx.insert(f.file, proto.start, 'static ', 0);
}

/** The new first parameter in f's own parameter list only. */
/**
 * Loose PyMethodDef tables (plan/loose-method-tables) whose functions use the state: their
 * creations pass the module as self, and the helpers on the way from exec get it as a parameter.
 */
function looseTableEdits(ctx: TransformContext): void {
  const loose = ctx.plan.looseTables;
  if (!loose || !loose.functions.some((f) => ctx.plan.stateUsers.has(f))) return;
  const moduleOf = (f: FunctionInfo): string => {
    const a = ctx.accessOf(f);
    return a.kind === 'module' ? a.param : ctx.plan.execParam ?? 'module';
  };
  for (const [f, c] of loose.carriers) {
    // (A carrier that uses the state itself was given the parameter with the state users.)
    if (!c.added || ctx.plan.stateUsers.has(f)) continue;
    threadParam(ctx, f, `PyObject *${c.param}`, moduleOf, false);
  }
  for (const c of loose.creations) if (c.isNull) ctx.replace(c.file, c.selfStart, c.selfEnd, moduleOf(c.func));
}

function addOwnParam(ctx: TransformContext, f: FunctionInfo, decl: string): void {
  const inner = f.file.source.text.slice(f.paramsStart + 1, f.paramsEnd).trim();
  if (inner === '' || inner === 'void') ctx.replace(f.file, f.paramsStart + 1, f.paramsEnd, decl);
  else ctx.insert(f.file, f.paramsStart + 1, `${decl}, `, 0);
}

function threadParam(ctx: TransformContext, f: FunctionInfo, decl: string, arg: (caller: FunctionInfo) => string, passesState: boolean): void {
  addOwnParam(ctx, f, decl);
  for (const file of prototypeFiles(ctx, f)) {
    const proto = file.prototypes.get(f.name);
    if (!proto) continue;
    const ptext = file.source.text;
    const p = ptext.slice(proto.start, proto.end);
    const open = p.indexOf('(', p.indexOf(f.name));
    if (open === -1) continue;
    let depth = 0;
    let close = -1;
    for (let i = open; i < p.length; i++) {
      if (p[i] === '(') depth++;
      else if (p[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close === -1) continue;
    const inner = ptext.slice(proto.start + open + 1, proto.start + close).trim();
    if (inner === '' || inner === 'void') ctx.replace(file, proto.start + open + 1, proto.start + close, decl);
    else ctx.insert(file, proto.start + open + 1, `${decl}, `, 0);
  }
  const sites = ctx.access.callSites(f);
  for (const c of [...sites.calls, ...sites.macroCalls]) {
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + ('alias' in c && c.alias ? c.alias : f.name).length);
    let j = open + 1;
    while (j < t.length && /\s/.test(t[j])) j++;
    // Through a macro: the macro's own `st` (macro-state gives it the parameter), or its module.
    const value = 'caller' in c ? arg(c.caller) : passesState ? 'st' : ctx.plan.execParam ?? 'module';
    ctx.insert(c.file, open + 1, t[j] === ')' ? value : `${value}, `, 0);
    if (!passesState) continue;
    if ('caller' in c) ctx.plan.needState(c.caller, EMITTER, callGuard(c.file, c.at, c.caller));
    else for (const u of macroUsers(ctx.ext, c.macro).funcs) ctx.plan.needState(u, EMITTER, macroCallGuard(c.file, c.at, u));
  }
}
