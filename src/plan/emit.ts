/**
 * Renders the StatePlan into edits, after every transform has run: the `<mod>_state` struct and
 * its accessors (in the file or a generated header), m_traverse/m_clear/m_free, the type
 * creation helper, the module def's new fields, the slots (declaring isolation only when no
 * blocking hazard is left: Rule 0), the once-per-process guard otherwise, and the `st` of
 * every function that uses the state.
 */
import * as path from 'path';
import type { FileModel, FunctionInfo } from '../model/types';
import type { TransformContext } from '../../transforms/types';
import type { StateNames } from './state-plan';
import { DISPATCH, EMITTER } from './state-plan';
import type { Access } from './state-access';
import { definitionsOf } from './state-access';
import { moduleAndSpecEdits } from './spec-creations';
import { BlockLayout, DECLARATION_ORDER, InsertPoint, StateHost, afterGuards, blockLayout, declarationPoint, functionLayout, linesAt, stateHosts, statementPoint } from './placement';
import { functionStyle, styled, styledLines } from './code-style';
import type { SyntaxNode } from '../core/parse';
import { atLeast } from '../core/pyversion';
import { applyEdits, selectEdits } from '../core/edits';
import { branchesAt } from '../core/lex';
import { guarded, guardedRuns, guardAt, orGuards, sameGuard } from '../core/conditions';
import type { Guard } from '../core/conditions';
import { renderCompatHeader, usesCompatName, COMPAT_HEADER } from './emit-compat';
import { macroUsers } from '../model/macro-users';
import { macroCallGuard } from './use-guards';
import { moduleSlotsTable, slotSentinel } from '../model/module-slots';
import { emitInterpCaches } from './interp-cache';
import { hoist } from './hoist';
import { headersFor, standardHeadersFor, typeNamesOf, typesReadyAt } from './field-types';
import { lengthMacrosToMove, macrosReadyAt, movedDefinesIn } from './length-macros';
import { ownStructMove } from './own-struct-move';
import { accessorPieces, moduleArgument, renderAccessors, renderInstanceAccessors } from './state-accessors';
import { addOwnFields, generatedStruct, liftOwnStruct, renderStruct } from './state-struct';
import { existingHooks, extendHooks, renderHooks } from './state-hooks';
import { addOwnParam, callGuard, converterAdapter, looseTableEdits, makeStatic, prototypeFiles, splitExported, splitModuleFunction, threadParam } from './function-splits';
import { defPosition, dropLoadGuard, editModuleDef, existingLoadGuard, insertLoadGuard, removeStatic } from './module-def-edits';
import { translationUnits } from '../model/translation-units';
import { macroStateEdits } from './macro-state';
import { enclosingFunction, inBody } from '../model/functions';
import type { InstanceState } from './instance-state';
import { leadingTypeLine, teardownPath } from './teardown';
import { guardTeardownUses } from './teardown-guards';
import { LookupOutOfScope, scopesCover } from './existing-lookups';

export { EMITTER };

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
  // Spec types whose slots now use the state are created with the module (plan/spec-creations); a
  // helper's one creation may serve several specs.
  const edited = new Set<object>();
  for (const [slots, creations] of plan.specCreations?.bySlots ?? []) {
    if (![...plan.stateUsers.keys()].some((f) => ctx.roles.of(f).some((r) => r.heapType && r.type === slots) || bySpecObject(ctx, ctx.accessOf(f), slots))) continue;
    for (const c of creations) {
      if (edited.has(c)) continue;
      edited.add(c);
      for (const e of moduleAndSpecEdits(c)) if (e.end === undefined) ctx.insert(e.file, e.at, e.text); else ctx.replace(e.file, e.at, e.end, e.text);
    }
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
  // The module's own struct in the def's file while other files need the state (the porting
  // template's `struct module_state` in a multi-file extension): it moves into the state header.
  const lifted = own && hasState && multiFile && own.file === defFile ? liftOwnStruct(ctx, own) : undefined;
  const reused = own && hasState ? reuseAccessors(ctx, lifted !== undefined) : new Set<string>();
  // The struct in a header: the state header an earlier run generated (written again whole, with the
  // fields it had and this run's, as one run writes it), or the module's own (the fields and
  // accessors go into it, in its place).
  const ownHeader = own && hasState && own.file !== defFile ? own.file : undefined;
  const regenerated = ownHeader && isGeneratedStateHeader(ownHeader, names) ? ownHeader : undefined;

  // --- 1. The state block -------------------------------------------------------------------
  // (Where the block goes first: the own struct may have to move up there.)
  // A generated state header names the fields' types; those it cannot include itself (declared in a header
  // without an include guard, or in a .c file) must be declared where the def's file includes it.
  const fieldTypes = [...plan.fields.map((f) => f.ctype), ...(regenerated || lifted !== undefined ? own!.def.fields.map((f) => f.type) : [])].flatMap((t) => typeNamesOf(t));
  const headerTypes = (multiFile || regenerated) && hasState && !(ownHeader && !regenerated) ? headersFor(fieldTypes, defFile, ext.files, (h) => stateFiles.has(h)) : undefined;
  const blockAt = blockPoint(ctx, defFile, !multiFile && hasState, headerTypes?.unreachable ?? [], lifted === undefined);
  if (own && hasState && !regenerated && lifted === undefined) addOwnFields(ctx, own);
  const structText = hasState && !own ? renderStruct(ctx) : regenerated ? renderStruct(ctx, own) : lifted !== undefined ? [lifted, ...plan.externSpecs.map((x) => `extern PyType_Spec ${x};`), ''].join('\n') : '';
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
  // A state header written again keeps an earlier run's shims include: its code still uses them
  // even when this run needs none of its own.
  const keptCompat = regenerated?.localIncludes.some((inc) => path.basename(inc) === COMPAT_HEADER) ?? false;
  const compatInclude = plan.compat.size > 0 || keptCompat ? `#include "${COMPAT_HEADER}"\n\n` : '';
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
    const ctypes = [...plan.fields.map((f) => f.ctype), ...(regenerated || lifted !== undefined ? own!.def.fields.map((f) => f.type) : [])];
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
    const p: InsertPoint = guard ? { at: guard.fillsAt, inline: false } : statementPoint(src, lay);
    ctx.insert(exec.file, p.at, linesAt(src, p, lay.indent, styledLines(exec, lines, lay.indent)), 3);
  }
  // Helpers that get `st` (or the module) as a parameter and split functions first: they add uses
  // of `st` to their callers, which the callers' declarations must see.
  const threaded = new Set<string>();
  // One module per process: the guard this run writes, or one an earlier run wrote that stays.
  const loadsOnce = blockingLeft && (converting || !!existingLoadGuard(ctx));
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
    else if (a.kind === 'split') splitExported(ctx, f, a, loadsOnce);
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
      // The _impl's parameter takes the state's name: not an earlier run's inner lookup's.
      if (plan.existingState(f)?.scopes) throw new LookupOutOfScope(f);
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

/**
 * A module with its own state struct may already have what we would emit, from its author or
 * from an earlier run of this tool: a state getter returning a pointer to the struct, the by-type
 * lookups, the type creation helper. Those are used as they are; a getter of our name that is
 * something else makes us pick another name.
 */
function reuseAccessors(ctx: TransformContext, lifted: boolean): Set<string> {
  const n = ctx.plan.names;
  const out = new Set<string>();
  // With the struct lifted into the state header, the def file's own accessors stay its own: other files use the header's.
  const defFile = ctx.ext.moduleDef!.file;
  const fn = (name: string): FunctionInfo | undefined => {
    const f = ctx.ext.functionsByName.get(name);
    return f && lifted && f.file === defFile ? undefined : f;
  };
  const returnsStruct = (f: FunctionInfo): boolean => f.params.length === 1 && /^PyObject\s*\*$/.test(f.params[0].type.trim()) && f.returnType.replace(/\b(static|inline)\b|\s|\*/g, '') === n.struct.replace(/\s/g, '') && f.returnType.includes('*');
  // The module's own getter (`get_module_state(module)`), written like ours.
  const own = ctx.plan.ownStruct!;
  const theirs = lifted ? undefined : own.file.functions.find((f) => returnsStruct(f) && /\bPyModule_GetState\s*\(/.test(f.file.source.text.slice(f.bodyStart, f.bodyEnd)) && (own.file !== ctx.ext.moduleDef!.file || f.start < ctx.ext.moduleDef!.declStart));
  const get = lifted ? ctx.ext.functionsByName.get(n.getState) : fn(n.getState);
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
function blockPoint(ctx: TransformContext, file: FileModel, withStruct: boolean, headerLeaves: readonly string[], ownStays = true): number {
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
  if (own && own.file === file && ownStays) {
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
 * After the last `#include` among the top-of-file directives — but before the first included
 * source file (`#include "counter_type.c"`): that code is part of this file and may need what
 * the new include declares.
 */
function includePoint(f: FileModel): number {
  // Inside an include guard when the file has one (after its `#define`).
  const guard = f.parsed.lex.groups.find((g) => g.includeGuard);
  const guardDefine = guard && f.parsed.lex.directives.find((d) => d.start > guard.branches[0].directive.start && d.kind === 'define');
  let at = guardDefine ? f.source.lineEndIncludingEol(guardDefine.end) : belowLeadingComment(f.source.text);
  for (const d of f.parsed.lex.directives) {
    if (d.kind !== 'include' || d.braceDepth !== 0 || branchesAt(f.parsed.lex, d.start).length !== 0) continue;
    if (/^"[^"]*\.(c|inc|c\.h)"/.test(d.rest)) break; // code, not declarations (Argument Clinic's x.c.h)
    at = f.source.lineEndIncludingEol(d.end);
  }
  return at;
}

/** Where a file without #include lines or guard starts its code: below its leading comments (a licence, what the file is). */
function belowLeadingComment(text: string): number {
  const lead = /^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*))+[ \t]*\r?\n/.exec(text);
  return lead ? lead[0].length : 0;
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
  const param = a.kind === 'param' || a.kind === 'split' || a.kind === 'module-split';
  // An earlier run's lookup in an inner block or under an #if names `st` only where it reaches every use
  // this run writes, and never a parameter this run adds.
  const existing = ctx.plan.existingState(f);
  if (existing?.scopes && (param || !scopesCover(f, existing.scopes, stateUses(ctx, f)))) throw new LookupOutOfScope(f);
  // `st` is a parameter (threadParam, splitExported, splitModuleFunction).
  if (param) return;
  if (a.kind === 'none') throw new Error(`internal: ${f.name} uses the state but cannot reach it (${a.reason})`);
  // `S *st = get_state(module);` is already there (the module's own struct, or an earlier run's lookup).
  if (existing) return;
  // Used only under `#ifdef X` inside the body: declared under the same condition.
  const guard = ctx.plan.stateGuard(f);
  if (a.kind === 'module') {
    const p = f.params[a.paramIndex];
    // Py_UNUSED(x) renames x: the wrapper goes even when only `#if` code uses the state, or that build
    // does not compile (one run, converting the init, writes the parameter plainly too).
    if (p?.unusedWrapper && !a.added) dropUnusedWrapper(ctx, f.file, p.unusedWrapper);
  }
  const { init, errorValue } = lookup(n, a, f);
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
  const typeLine = ctx.accessOf(f).kind === 'teardown' && block.id === f.node.childForFieldName('body')?.id ? leadingTypeLine(f, lay.decls) : undefined;
  const dp: InsertPoint = typeLine ? { at: src.lineEndIncludingEol(typeLine.endIndex - 1), inline: false } : declarationPoint(src, lay);
  const lines = (ls: string[]): string[] => styledLines(f, ls, lay.indent);
  const st = ctx.plan.stateVar(f);
  // `st` as the only declaration of a function body: a blank line after it where the file has one.
  // Declarations this run removes count as gone (a second run must see what the first left), and a
  // blank line already there (where removed declarations were) serves. Not in the exec function:
  // there `st` takes the place of the module's declaration in one run, and comes alone into a partial
  // run's exec in the next; without the blank both runs write the same.
  const removed = (d: SyntaxNode): boolean => ctx.edits.some((e) => e.file === f.file.path && e.text === '' && e.start <= d.startIndex && e.end >= d.endIndex);
  const declsLeft = lay.decls.filter((d) => !removed(d) && d !== typeLine);
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
  const { init, errorValue } = lookup(n, a, f);
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
function lookup(n: StateNames, a: Exclude<Access, { kind: 'param' | 'split' | 'module-split' | 'none' }>, f?: FunctionInfo): { init: string; errorValue?: string } {
  switch (a.kind) {
    case 'module':
      return { init: `${n.getState}(${moduleArgument(f, a.paramIndex, a.param)})` };
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

/** A helper that reads its state from an object of the spec type with this slot table. */
function bySpecObject(ctx: TransformContext, a: Access, slots: string): boolean {
  if (a.kind === 'by-type' || a.kind === 'own-type') return !!a.specs?.includes(slots);
  const struct = a.kind === 'by-instance' || a.kind === 'by-operands' ? a.struct : undefined;
  return !!struct && !!ctx.access.instanceStates().get(struct)?.types.includes(slots);
}
