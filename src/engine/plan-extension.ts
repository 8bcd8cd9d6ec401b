/**
 * The per-extension pipeline: decide every transform's candidates over the linked model, then
 * (when rewriting) collect their edits and StatePlan requests, render the plan, check for
 * conflicts and parse damage, and produce the new bytes of each file. Pure: no I/O.
 */
import type { Finding } from '../core/findings';
import { compareFindings, findingAt, isBlocking } from '../core/findings';
import type { ExtensionModel, FileModel, GlobalVar } from '../model/types';
import { computeRoles } from '../model/roles';
import { moduleDefSize } from '../plan/module-def-edits';
import { StatePlan } from '../plan/state-plan';
import { findModuleHelpers } from '../plan/module-helpers';
import { StateAccess } from '../plan/state-access';
import { flagsSubclassable } from '../plan/subclassable';
import { emitPlan, EMITTER, NewFile } from '../plan/emit';
import { RewriteRefusal } from '../plan/refusal';
import { LookupOutOfScope } from '../plan/existing-lookups';
import { findSpecCreations, madeWithModule, type SpecCreations } from '../plan/spec-creations';
import { findLooseTables } from '../plan/loose-method-tables';
import { missingGeneratedFiles } from '../plan/missing-generated';
import * as path from 'path';
import { instanceStates, type SpecObjectType } from '../plan/instance-state';
import { REGISTRY, expandSelection } from '../../transforms';
import type { Decision, Transform, TransformOptions } from '../../transforms/types';
import { intrinsicProblem } from '../../transforms/static-type-to-heap/intrinsic-problems';
import { spliceMessage } from '../../transforms/checks';
import { staticTypeToHeap } from '../../transforms/static-type-to-heap';
import { capsuleApiToState } from '../../transforms/capsule-api-to-state';
import { movableTable, movedTable } from '../../transforms/capsule-api-to-state/export-tables';
import { existingExec, ownStateStruct } from '../../transforms/multi-phase-init/existing-exec';
import { moduleSlotsTable } from '../model/module-slots';
import { dispatchCallers } from '../../transforms/shared/pointer-dispatch';
import { acceptBySuppressions } from './suppression-findings';
import type { ExtensionPlan, PlanOptions } from './plan-types';
import { Context } from './transform-context';
import { finish, refuseAll } from './plan-finish';

export function planExtension(ext: ExtensionModel, opts: PlanOptions): ExtensionPlan {
  const selection = expandSelection(opts.select);
  const selected = new Set(selection.ids);
  const options: TransformOptions = { minPython: opts.minPython, unsafe: !!opts.unsafe, assumeInternal: opts.assumeInternal !== false, defines: opts.defines ?? [], selected };
  const roles = computeRoles(ext);
  const plan = new StatePlan(ext);
  if (opts.ignoredLookups) plan.ignoredLookups = opts.ignoredLookups;
  const ctx = new Context(ext, options, roles, plan);
  const newAccess = (): StateAccess =>
    new StateAccess(ext, roles, {
      typeHasModule: (name) => ctx.heapTypes.has(name),
      execFunctions: new Set(ext.init && (ctx.moduleReady === true || ctx.existingState) ? [plan.execFunction ?? ext.init.func] : []),
      execParam: () => plan.execParam ?? ext.init?.createCall?.moduleVar ?? 'module',
      exportedFunctions: ctx.exportedFunctions,
      assumeInternal: options.assumeInternal,
      moduleHelpers: ctx.moduleHelpers,
      instanceStates: onceEach(() => instanceStates(ext, ctx.heapTypes, specObjectTypes(ext, plan.specCreations))),
      hasStateParam: (f) => plan.existingState(f)?.param === true,
      // A spec whose creation was not found (a macro, an unknown helper) is not taken to know its module.
      specWithoutModule: (slots) => {
        if (!plan.specCreations || madeWithModule(plan.specCreations, slots)) return undefined;
        const seen = (plan.specCreations.bySlots.get(slots) ?? []).length > 0 || plan.specCreations.withoutModule.has(slots);
        return seen ? 'is created by PyType_FromSpec() where no module is at hand' : 'is created where no call the rewrite reads makes it (no PyType_FromSpec() of it was found)';
      },
      dispatchCallers: (f) => dispatchCallers(f, ctx),
      specType: (slots) => (madeWithModule(plan.specCreations, slots) ? { subclassable: specSubclassable(plan.specCreations!, slots) } : undefined),
      specsOfStruct: (struct) => [...(plan.specCreations?.structOf ?? [])].filter(([, s]) => s === struct).map(([slots]) => ({ slots, withModule: madeWithModule(plan.specCreations, slots) })),
      looseTables: () => plan.looseTables,
    });
  const transforms = REGISTRY.filter((t) => selected.has(t.id));
  const decisions = new Map<Transform, { c: unknown; d: Decision }[]>();

  // 1. Is the module ready for state (multi-phase, with an exec)?
  ctx.access = newAccess();
  let initDecision: { findings: Finding[]; retry: () => Decision } | undefined;
  const mpi = REGISTRY[0];
  if (ext.init?.phase === 'single' && selected.has(mpi.id)) {
    ctx.transformId = mpi.id;
    const initCands = mpi.find(ctx).filter((c: object) => !('kind' in c));
    const d = initCands.length > 0 ? mpi.decide(initCands[0], ctx) : undefined;
    ctx.moduleReady = d && d.action === 'apply' ? true : d?.findings[0]?.message ?? 'the init function cannot be converted';
    ctx.initConverts = ctx.moduleReady === true;
    if (d && d.action !== 'apply') initDecision = { findings: d.findings, retry: () => mpi.decide(initCands[0], ctx) };
  } else if (ext.init?.phase === 'multi') {
    // Already multi-phase: the state goes into its existing exec function and module def.
    const found = existingExec(ext);
    if (typeof found === 'string') ctx.moduleReady = `the module is already multi-phase, but ${found}`;
    else {
      ctx.moduleReady = true;
      plan.execFunction = found.exec;
      plan.execParam = found.param;
    }
  } else if (!ext.init) {
    // An init that macros make is there but unread: say so, not that there is none.
    ctx.transformId = mpi.id;
    const unread = mpi.find(ctx).find((c: object) => 'kind' in c && c.kind === 'unread-init') as { file: FileModel; start: number } | undefined;
    ctx.moduleReady = unread
      ? `its init function could not be read (multi-phase-init/unread-init at ${path.basename(unread.file.path)}:${unread.file.source.position(unread.start).line})`
      : 'no PyInit_<name> function was found among these files';
  } else {
    ctx.moduleReady = 'multi-phase-init is not selected';
  }
  // Everything that needs the module's state to exist: its own struct, helpers and spec creations
  // with the module at hand, C-API tables, and which static types become heap types.
  const prepareState = (): void => {
    // A module that already has a state struct of its own keeps it untouched: new fields would
    // need merging into that struct, which is not automated.
    // A cast written on the value (`(Py_ssize_t)-1`, `(Py_ssize_t)sizeof(S)`) says nothing more, nor a macro for it.
    const size = ext.moduleDef ? moduleDefSize(ext.moduleDef) : undefined;
    if (ctx.moduleReady === true && size !== undefined && !/^(-\s*1|0)[lL]?$/.test(size)) {
      const own = ownStateStruct(ext, size);
      if (typeof own === 'string') {
        ctx.moduleReady = `the module already keeps a state struct of its own, but ${own}`;
        ctx.existingState = true;
      } else plan.adoptStruct(own);
    }
    // Where the module is at hand during init: in a module already multi-phase (a partial run
    // converted it) the exec function, with its parameter; else the init function and its variable.
    if (ctx.moduleReady === true && ext.init) {
      const [host, param] = ext.init.phase === 'multi' && plan.execFunction ? [plan.execFunction, plan.execParam ?? 'module'] : [ext.init.func, ext.init.createCall?.moduleVar ?? 'module'];
      // Helpers the init function calls to ready types: they work with the module in exec.
      if (selected.has(staticTypeToHeap.id)) for (const [h, mh] of findModuleHelpers(ext, roles, host, param, options.assumeInternal)) ctx.moduleHelpers.set(h, mh);
      // Spec types created by PyType_FromSpec(): with the module where it is at hand.
      plan.specCreations = findSpecCreations(ext, roles, host, param, ctx.moduleHelpers);
      // Functions of loose PyMethodDef tables: made with the module as self where it is at hand.
      plan.looseTables = findLooseTables(ext, roles, host, param, options.assumeInternal);
    }
    // C-API tables that become per module (their functions get a state through the split).
    if (selected.has(capsuleApiToState.id) && ctx.moduleReady === true) {
      ctx.transformId = capsuleApiToState.id;
      for (const c of capsuleApiToState.find(ctx)) {
        // A table an earlier run moved into the state: its functions are the C-API's as in one run.
        const moved = c.kind === 'export' ? movedTable(c.c, ctx) : undefined;
        if (moved) for (const fn of moved.functions) ctx.exportedFunctions.add(fn);
        const plan = movableTable(c, ctx);
        if (!plan) continue;
        ctx.capsuleTables.add(plan.table.name);
        for (const fn of plan.functions) ctx.exportedFunctions.add(fn);
      }
    }
    // 2. Which static types become heap types: a fixpoint, since a type's uses may sit in
    //    methods of other types that must become heap types too.
    ctx.access = newAccess();
    if (selected.has(staticTypeToHeap.id) && ctx.moduleReady === true) {
      ctx.transformId = staticTypeToHeap.id;
      for (const t of ext.types) if (!intrinsicProblem(t, ctx)) ctx.heapTypes.add(t.name);
      for (let round = 0; round < 20; round++) {
        ctx.access = newAccess();
        let changed = false;
        for (const name of [...ctx.heapTypes]) {
          const t = ext.typesByName.get(name)!;
          const d = staticTypeToHeap.decide({ t, subStructs: [], folded: [] }, ctx);
          if (d.action !== 'apply') {
            ctx.heapTypes.delete(name);
            ctx.heapTypeRefusals.set(name, { why: d.findings[0]?.message.replace(/^.*? is shared by every interpreter: /, '') ?? 'refused', steps: d.findings[0]?.suggestion });
            changed = true;
          }
        }
        if (!changed) break;
      }
    }
  };
  prepareState();
  // An init refused only because a PyState_FindModule() caller sits in a static type's slot is
  // refused by its own premise: that type stays static because the module has no state yet. Try
  // the other premise (the module converts, its types become heap types) and keep it when the
  // init converts under it; else everything prepared for it is dropped.
  if (typeof ctx.moduleReady === 'string' && initDecision && /stays a static type/.test(initDecision.findings.map((f) => f.message).join('\n')) && selected.has(staticTypeToHeap.id)) {
    const refused = ctx.moduleReady;
    const before = { struct: plan.names.struct, existingState: ctx.existingState };
    ctx.moduleReady = true;
    prepareState();
    ctx.access = newAccess();
    ctx.transformId = mpi.id;
    if (initDecision.retry().action === 'apply') ctx.initConverts = true;
    else {
      ctx.moduleReady = refused;
      ctx.heapTypes.clear();
      ctx.heapTypeRefusals.clear();
      ctx.moduleHelpers.clear();
      ctx.capsuleTables.clear();
      ctx.exportedFunctions.clear();
      plan.specCreations = undefined;
      plan.looseTables = undefined;
      if (plan.ownStruct) plan.dropAdoptedStruct(before.struct);
      ctx.existingState = before.existingState;
    }
  }
  ctx.access = newAccess();
  // 3. Decisions of every transform, in registry order.
  const counts: ExtensionPlan['counts'] = {};
  for (const t of transforms) {
    ctx.transformId = t.id;
    const list: { c: unknown; d: Decision }[] = [];
    for (const c of t.find(ctx)) {
      const d = t.decide(c, ctx);
      list.push({ c, d });
      ctx.findings.push(...d.findings);
    }
    decisions.set(t, list);
    counts[t.id] = { apply: list.filter((x) => x.d.action === 'apply').length, manual: list.filter((x) => x.d.action === 'manual').length };
  }
  // Rule 0 is decided on every hazard of the extension, selected or not: a transform left out of
  // this run still looks, and what it would have fixed is still there after the run.
  const notSelected = new Map<string, number>();
  const leftOutHazards: Finding[] = [];
  for (const t of REGISTRY) {
    if (selected.has(t.id)) continue;
    ctx.transformId = t.id;
    const hazards = t.find(ctx).flatMap((c) => t.decide(c, ctx).findings.filter((f) => f.severity === 'error'));
    // Accepted hazards (suppression comments) do not block, whether or not their transform runs.
    acceptBySuppressions(ext.files, hazards);
    const n = hazards.filter((f) => f.accepted?.kind !== 'comment').length;
    if (n > 0) notSelected.set(t.id, n);
    leftOutHazards.push(...hazards);
  }
  const leftOut = [...notSelected].map(([id, n]) => `${n} of ${id}`).join(', ');
  // Hazards a human accepted with a suppression comment are marked (they stay listed).
  acceptBySuppressions(ext.files, ctx.findings);
  // Multi-phase init over state that stays global gets the load-once guard (Rule 0): say so.
  const unselectedAuto = (f: Finding): boolean => f.fix === 'auto' && f.severity === 'error' && !selected.has(f.rule.split('/')[0]) && f.accepted?.kind !== 'comment';
  const blocking = notSelected.size > 0 || ctx.findings.some((f) => f.rule !== 'multi-phase-init/no-interpreters-slot' && (isBlocking(f) || unselectedAuto(f)));
  // Isolation is declared in an existing slot table only when nothing else is left.
  if (blocking) {
    for (const f of ctx.findings) {
      if (f.rule !== 'multi-phase-init/no-interpreters-slot' || f.fix !== 'auto') continue;
      f.fix = 'manual';
      f.message += notSelected.size > 0 ? `; it is declared once the other hazards are resolved (${leftOut} not selected in this run)` : '; it is declared once the other hazards are resolved';
    }
  }
  if (ctx.initConverts && blocking && ext.init) {
    const fn = ext.init.func;
    ctx.findings.push(findingAt(fn.file.source, fn.start, fn.bodyStart, 'multi-phase-init/load-once', 'warning', 'none',
      `${notSelected.size > 0 ? `hazards remain (${leftOut} not selected in this run)` : 'hazards that need a human remain'}, so the converted module declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED and loads once per process: a second import (re-import after del sys.modules, a legacy subinterpreter) raises ImportError`,
      notSelected.size > 0 ? 'run again with every transform: the remaining hazards are converted, the guard goes and isolation is declared' : 'resolve the manual findings and run again: the guard goes and isolation is declared'));
  }
  // An already multi-phase module that declares own-GIL support while hazards remain: the claim
  // is what lets 3.12+ load it in isolated subinterpreters, so it should be true.
  if (blocking && ext.init && ext.init.phase === 'multi') {
    const table = moduleSlotsTable(ext);
    const text = table ? table.file.source.text.slice(table.start, table.end) : '';
    const claim = /\bPy_MOD_PER_INTERPRETER_GIL_SUPPORTED\b/.exec(text);
    if (table && claim) {
      const at = table.start + claim.index;
      const n = ctx.findings.filter((f) => isBlocking(f)).length;
      ctx.findings.push(findingAt(table.file.source, at, at + claim[0].length, 'multi-phase-init/claims-isolation', 'warning', 'manual',
        `module slots '${table.name}' declare Py_MOD_PER_INTERPRETER_GIL_SUPPORTED, but ${n} hazard(s) listed here need a human: in subinterpreters with their own GIL that shared state is raced on`,
        'resolve those findings, or declare Py_MOD_PER_INTERPRETER_GIL_NOT_SUPPORTED (or Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED) until then'));
    }
  }
  // Generated files that are included but gone: the compat header comes back, a state header is a finding.
  const missing = opts.exists ? missingGeneratedFiles(ext, plan.names, plan.compat, opts.minPython, opts.exists) : undefined;
  if (missing) ctx.findings.push(...missing.findings);
  acceptBySuppressions(ext.files, ctx.findings);
  const findings = ctx.findings.slice().sort(compareFindings);
  const result: ExtensionPlan = { ext, findings, changes: [], newFiles: [], refused: [], counts };
  if (opts.mode === 'check') return result;
  // A token split by backslash-newline is misread by the model: nothing of the extension is rewritten.
  const spliced = ext.files.find((f) => f.parsed.lex.splices.length > 0);
  if (spliced) return refuseAll(result, ctx, spliced, `${spliceMessage(spliced, spliced.parsed.lex.splices[0])} (line ${spliced.source.position(spliced.parsed.lex.splices[0]).line}); the extension is left untouched`);
  // A block comment that never ends hides the rest of the file from the compiler, and text this tool
  // inserts there (with comments of its own) would end it: nothing of the extension is rewritten.
  for (const f of ext.files) {
    const at = unterminatedComment(f);
    if (at !== undefined) return refuseAll(result, ctx, f, `the block comment at line ${f.source.position(at).line} never ends, so the compiler rejects the file; the extension is left untouched`, at, 2);
  }

  // A conditional group left open (or closed twice, or given a second #else): the compiler rejects
  // the file, and the parse reads functions inside the group as something else, so where text
  // goes in is no sure thing: nothing of the extension is rewritten.
  for (const f of ext.files) {
    const bad = unbalancedConditional(f);
    if (bad) return refuseAll(result, ctx, f, `${bad.why} (line ${f.source.position(bad.at).line}), so the compiler rejects the file; the extension is left untouched`, bad.at, 1);
  }

  // 4. Edits. First, which globals go (a declaration shared with one that stays keeps its statement).
  for (const [, list] of decisions) {
    for (const { c, d } of list) {
      if (d.action !== 'apply') continue;
      const cand = c as { g?: GlobalVar; plan?: { table: GlobalVar }; moves?: GlobalVar };
      if (cand.g) ctx.movingGlobals.add(cand.g);
      if (cand.moves) ctx.movingGlobals.add(cand.moves);
      if (cand.plan?.table) ctx.movingGlobals.add(cand.plan.table);
    }
  }
  for (const t of transforms) {
    ctx.transformId = t.id;
    for (const { c, d } of decisions.get(t)!) if (d.action === 'apply') t.edit(c, ctx);
  }
  ctx.transformId = EMITTER;
  const blockingLeft = blocking;
  // A partial run puts a new state block where one run puts it: the next run finds it above every
  // function that needs it (else it refuses: 'X() comes before the module's own state struct').
  if (opts.select && !opts.placementOnly) {
    const one = oneRunBlock(ext, opts);
    if (one?.blockAt) plan.laterState.set(one.blockAt.file, one.blockAt.at);
    plan.oneRunFields = one?.fieldOrder;
  }
  let emitted: NewFile[] = [];
  let damageBlocks = false;
  try {
    // Parse damage among what blocks: the load-once guard says so, and stays while the damage does.
    damageBlocks = [...ctx.findings, ...leftOutHazards].some((f) => f.rule === 'checks/parse-degraded' && f.severity !== 'info' && f.accepted?.kind !== 'comment');
    emitted = emitPlan(ctx, blockingLeft, damageBlocks).newFiles;
    if (opts.placementOnly) return { ...result, blockAt: plan.blockAt, fieldOrder: plan.structOrder ?? plan.fields.map((f) => f.name) };
  } catch (err) {
    // Earlier runs' lookups in an inner block or under an #if that this run's uses are not all
    // in: planned again with a lookup of this run's own for those functions.
    if (err instanceof LookupOutOfScope) return planExtension(ext, { ...opts, ignoredLookups: new Set([...(opts.ignoredLookups ?? []), ...err.funcs]) });
    if (err instanceof RewriteRefusal) return refuseAll(result, ctx, err.file ?? ext.files[0], `${err.message}; the extension is left untouched`, err.at ?? 0);
    result.refused = ext.files.map((f) => ({ path: f.path, reason: `internal: ${(err as Error).message}` }));
    return result;
  }
  const again = (missing?.newFiles ?? []).filter((n) => !emitted.some((e) => e.path === n.path));
  return finish(result, ctx, [...emitted, ...again], damageBlocks);
}

/** The first directive that breaks the nesting of `#if` ... `#endif` in the file, and how. */
function unbalancedConditional(f: FileModel): { at: number; why: string } | undefined {
  const open: { at: number; sawElse: boolean }[] = [];
  for (const d of f.parsed.lex.directives) {
    if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') open.push({ at: d.start, sawElse: false });
    else if (d.kind === 'elif' || d.kind === 'else' || d.kind === 'endif') {
      const top = open[open.length - 1];
      if (!top) return { at: d.start, why: `#${d.kind} without its #if` };
      if (d.kind === 'endif') open.pop();
      else if (top.sawElse) return { at: d.start, why: `#${d.kind} after the #else of its group` };
      else if (d.kind === 'else') top.sawElse = true;
    }
  }
  return open.length > 0 ? { at: open[open.length - 1].at, why: 'a conditional group that no #endif closes' } : undefined;
}

/** The start of a block comment that runs to the end of the file, never closed. */
function unterminatedComment(f: FileModel): number | undefined {
  const starts = f.parsed.lex.commentStarts;
  const last = starts[starts.length - 1];
  if (last === undefined) return undefined;
  const text = f.source.text;
  return text.startsWith('/*', last) && text.indexOf('*/', last + 2) === -1 ? last : undefined;
}

/** Where one run with every transform puts the state block of this extension (in the def's file), if it writes one, and its fields' order. */
function oneRunBlock(ext: ExtensionModel, opts: PlanOptions): Pick<ExtensionPlan, 'blockAt' | 'fieldOrder'> | undefined {
  try {
    return planExtension(ext, { ...opts, select: undefined, placementOnly: true });
  } catch {
    return undefined;
  }
}

/** Spec types made with the module whose spec names their objects' struct (plan/instance-state). */
function specObjectTypes(ext: ExtensionModel, specs: SpecCreations | undefined): SpecObjectType[] {
  const out: SpecObjectType[] = [];
  for (const [slots, struct] of specs?.structOf ?? []) {
    if (!madeWithModule(specs, slots)) continue;
    const table = ext.tables.find((t) => t.kind === 'type-slots' && t.name === slots);
    if (!table) continue;
    const slot = (name: string): string | undefined => table.entries.find((e) => e.pyName === name)?.func;
    out.push({ slots, struct, ...(slot('Py_tp_alloc') ? { alloc: slot('Py_tp_alloc') } : {}), ...(slot('Py_tp_dealloc') ? { dealloc: slot('Py_tp_dealloc') } : {}) });
  }
  return out;
}

/** Python code can subclass the spec's type (its flags say Py_TPFLAGS_BASETYPE, or cannot be read). */
function specSubclassable(specs: SpecCreations, slots: string): boolean {
  const flags = specs.flagsOf.get(slots);
  return flags === undefined || flagsSubclassable(flags);
}

/** A function computed on first call, then remembered. */
function onceEach<T>(f: () => T): () => T {
  let done = false;
  let value: T;
  return () => {
    if (!done) {
      value = f();
      done = true;
    }
    return value;
  };
}
