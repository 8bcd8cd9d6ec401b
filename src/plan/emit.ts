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
import { DISPATCH, EMITTER } from './state-plan';
import type { Access } from './access-kinds';
import { definitionsOf } from './function-twins';
import { moduleAndSpecEdits } from './spec-creations';
import { InsertPoint, DECLARATION_ORDER, declarationPoint, functionLayout, linesAt, statementPoint } from './placement';
import { fileStyle, styled, styledLines } from './code-style';
import { atLeast } from '../core/pyversion';
import { guardedRuns, orGuards } from '../core/conditions';
import { renderCompatHeader, usesCompatName, COMPAT_HEADER } from './emit-compat';
import { emitInterpCaches } from './interp-cache';
import { headersFor, standardHeadersFor, typeNamesOf } from './field-types';
import { lengthMacrosToMove, movedDefinesIn } from './length-macros';
import { accessorPieces, renderAccessors, renderInstanceAccessors } from './state-accessors';
import { addOwnFields, generatedStruct, liftOwnStruct, renderStruct } from './state-struct';
import { existingHooks, extendHooks, renderHooks } from './state-hooks';
import { addOwnParam, converterAdapter, looseTableEdits, makeStatic, prototypeFiles, splitExported, splitModuleFunction, threadParam } from './function-splits';
import { defPosition, dropLoadGuard, editModuleDef, existingLoadGuard, insertLoadGuard, removeStatic } from './module-def-edits';
import { macroStateEdits } from './macro-state';
import { enclosingFunction, inBody } from '../model/functions';
import { teardownPath } from './teardown';
import { LookupOutOfScope } from './existing-lookups';
import { lookupsPassedToChecks } from './check-lookups';
import { guardTeardownUses } from './teardown-guards';
import { renameExec, settleConditionalUse, unwrapExecParam } from './exec-param';
import { callImplDirectly, declareState, lookupOutOfScope, lookupWrapper, needsImplSplit } from './state-fetch';
import { PendingInclude, placeIncludes, reachedFiles } from './include-placement';
import { addInstanceField, afterStructDefinition, blockPoint, isGeneratedStateHeader, placeInBlock, renderCreateType, renderMainState, addToExistingMainState, reuseAccessors } from './state-block';
import { closeOverCallers } from './state-callers';
import { addInterpretersSlot, indentedSlotLines, isolatedSlotLines } from './interpreters-slot';

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
  const needByType = accesses.some((a) => a.kind === 'by-type' || a.kind === 'by-operands' || a.kind === 'by-instance' || (a.kind === 'split' && !!a.objectParam) || (a.kind === 'module-or-type' && a.byType.kind === 'by-type'));
  const needByTypes = accesses.some((a) => a.kind === 'by-operands');
  const needByTypes3 = accesses.some((a) => a.kind === 'by-operands' && !!a.third);
  const needOfType = accesses.some((a) => a.kind === 'own-type' || (a.kind === 'module-or-type' && a.byType.kind === 'own-type'));
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
  const structText = hasState && !own ? renderStruct(ctx, undefined, multiFile ? undefined : fileStyle(defFile).maxWidth) : regenerated ? renderStruct(ctx, own) : lifted !== undefined ? [lifted, ...plan.externSpecs.map((x) => `extern PyType_Spec ${x};`), ''].join('\n') : '';
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
  if (!plan.mainState && hasState) addToExistingMainState(ctx);
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
    const entries = blockingLeft ? ['{Py_mod_multiple_interpreters, Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED},'] : isolatedSlotLines(ctx.ext, ctx);
    const param = plan.execParam ?? 'module';
    const slots = [
      `static int ${names.exec}(PyObject *${param});`,
      ``,
      `static PyModuleDef_Slot ${names.slots}[] = {`,
      `    {Py_mod_exec, (void *)${names.exec}},`,
      `#ifdef Py_mod_multiple_interpreters`,
      ...indentedSlotLines(entries, '    '),
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
      ...[...plan.typeArrayFills].filter(([key]) => !plan.typeArrayFillFuncs.has(key)).flatMap(([, lines]) => lines),
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
  // A file-scope table moved into its one function: declared after the function's own declarations.
  for (const { func: f, text } of plan.typeArrayDecls.values()) {
    const lay = functionLayout(f);
    if (!lay) throw new Error(`internal: ${f.name}() has no body`);
    const src = f.file.source;
    const last = lay.decls[lay.decls.length - 1];
    const p: InsertPoint = last ? { at: src.lineEndIncludingEol(last.endIndex - 1), inline: false } : declarationPoint(src, lay);
    ctx.insert(f.file, p.at, linesAt(src, p, lay.indent, styledLines(f, [text], lay.indent)), DECLARATION_ORDER);
  }
  // A helper's table of type addresses: filled where its statements begin (exec created the types before calling it).
  for (const [key, f] of plan.typeArrayFillFuncs) {
    const lay = functionLayout(f);
    if (!lay) throw new Error(`internal: ${f.name}() has no body`);
    const p = statementPoint(f.file.source, lay);
    ctx.insert(f.file, p.at, linesAt(f.file.source, p, lay.indent, styledLines(f, plan.typeArrayFills.get(key)!, lay.indent)), 3);
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
      // A helper that creates types gets the module from its one caller, the exec function (a
      // module hook written without parameters gets the one CPython passes: it has no callers).
      threadParam(ctx, f, `${a.paramType ?? 'PyObject *'}${a.param}`, (caller) => {
        const ca = ctx.accessOf(caller);
        return ca.kind === 'module' ? ca.param : plan.execParam ?? 'module';
      }, false);
    }
  }
  looseTableEdits(ctx);
  // Macros that use `st` now take it as a parameter, and their uses pass it (a function whose only
  // use is an exact-type check passes its lookup instead: it declares no `st`).
  let passed = new Map<FunctionInfo, string>();
  const varAt = (file: FileModel, at: number): string => {
    const f = inBody(enclosingFunction(file, at), at);
    return f ? passed.get(f) ?? plan.stateVar(f) : 'st';
  };
  passed = lookupsPassedToChecks(ctx, macroStateEdits(ctx.ext, ctx.edits, varAt).inserts);
  for (const i of macroStateEdits(ctx.ext, ctx.edits, varAt).inserts) ctx.insert(i.file, i.at, i.text, 0);
  const fetching = [...plan.stateUsers.keys()].filter((f) => !passed.has(f));
  const wrapped = new Set<FunctionInfo>();
  const toWrap = fetching.filter((f) => f.isStatic && (calledDirectly.has(f) || needsImplSplit(ctx, f)));
  // The _impl's parameter takes the state's name: not an earlier run's inner lookup's. (All such
  // functions at once: the plan is made again once.)
  const innerWrapped = toWrap.filter((f) => plan.existingState(f)?.scopes);
  if (innerWrapped.length > 0) throw new LookupOutOfScope(innerWrapped);
  for (const f of toWrap) {
    lookupWrapper(ctx, f);
    wrapped.add(f);
  }
  const outOfScope = fetching.filter((f) => !wrapped.has(f) && lookupOutOfScope(ctx, f));
  if (outOfScope.length > 0) throw new LookupOutOfScope(outOfScope);
  for (const f of fetching) if (!wrapped.has(f)) declareState(ctx, f);
  for (const f of fetching) if (teardownPath(ctx.access, f)) guardTeardownUses(ctx, f);
  if (exec && plan.execHeader) renameExec(ctx, exec, plan.execHeader, plan.execParam ?? 'module');
  else if (exec) unwrapExecParam(ctx, exec);
  const execParam = plan.execHeader ? plan.execParam ?? 'module' : exec?.params[0]?.name;
  if (exec && execParam) settleConditionalUse(ctx, exec, execParam);
  placeIncludes(ctx, includes);
  void eol;
  return { newFiles };
}

/** A helper that reads its state from an object of the spec type with this slot table. */
function bySpecObject(ctx: TransformContext, a: Access, slots: string): boolean {
  if (a.kind === 'by-type' || a.kind === 'own-type') return !!a.specs?.includes(slots);
  const struct = a.kind === 'by-instance' || a.kind === 'by-operands' ? a.struct : undefined;
  return !!struct && !!ctx.access.instanceStates().get(struct)?.types.includes(slots);
}
