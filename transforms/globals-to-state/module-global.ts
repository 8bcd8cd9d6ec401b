/**
 * The module object that a single-phase init keeps in a file-scope global
 * (`static PyObject *module;` ... `module = PyModule_Create(&def);`), read by functions that have the
 * module, or its state, at hand. After the conversion there is one module per interpreter, so the
 * global goes: module functions read their own module parameter, the exec function its parameter,
 * and any other function the module kept in the state (`st->module`, a borrowed pointer set first in
 * exec: the state lives inside the module object, so it never outlives it).
 */
import type { FunctionInfo, GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { rewriteUses } from '../shared/state-uses';
import { useProblem } from '../shared/use-problems';
import { keptModuleField } from '../shared/kept-module';
import { statementRemoval } from '../../src/plan/text-util';
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel } from '../../src/model/types';

/**
 * Why the global cannot go, or undefined: the init converts and keeps its module in this global,
 * which nothing else writes; every other use is a read in a function that reaches the module.
 */
export function moduleGlobalProblem(g: GlobalVar, ctx: TransformContext): string | undefined {
  const setter = moduleSetter(g, ctx);
  if (!setter) return 'the init function does not keep the module it creates there';
  if (g.scope !== 'file' || g.arrayLen !== undefined || g.pointerDepth !== 1) return 'it is not a plain file-scope pointer';
  if (g.addressEscapes.length > 0) return `its address is taken (&${g.name})`;
  const stores = g.uses.filter((u) => u.kind === 'write' || u.kind === 'address');
  if (stores.some((u) => u.func !== setter)) return `it is also set outside ${setter.name}()`;
  if (g.uses.some((u) => u.inMacro || u.pasted)) return 'a macro uses it';
  const p = useProblem(g.uses, g.name, ctx, moduleFunctionsOf(g, ctx));
  return p?.reason;
}

/**
 * The function that stores the module in `g`: the init that converts now (`g = PyModule_Create(&def);`),
 * or the exec function an earlier run wrote (`g = module;`, where a run of multi-phase-init alone kept it).
 */
function moduleSetter(g: GlobalVar, ctx: TransformContext): FunctionInfo | undefined {
  const init = ctx.ext.init;
  if (ctx.initConverts && init && init.createCall?.moduleVar === g.name) return init.func;
  return keptByExec(g, ctx) ? ctx.plan.execFunction : undefined;
}

/** `g = module;` in an existing exec function is the only fill: a module kept by an earlier run. */
export function keptByExec(g: GlobalVar, ctx: TransformContext): boolean {
  const exec = ctx.plan.execFunction;
  return !!exec && ctx.ext.init?.phase === 'multi' && g.fills.length > 0 && g.fills.every((f) => f.func === exec && f.value.trim() === (ctx.plan.execParam ?? 'module'));
}

/** Functions that read the global and have the module itself as a parameter: they read that instead. */
function moduleFunctionsOf(g: GlobalVar, ctx: TransformContext): Set<FunctionInfo> {
  const out = new Set<FunctionInfo>();
  const setter = moduleSetter(g, ctx);
  for (const u of g.uses) if (u.func && u.func !== setter && ctx.accessOf(u.func).kind === 'module') out.add(u.func);
  return out;
}

/**
 * Each read becomes the module at hand; the init's own uses are the exec's parameter (its store is
 * gone with PyModule_Create, see multi-phase-init's editInit). The declaration goes with the caller's
 * `removeDeclaration`.
 */
export function editModuleGlobal(g: GlobalVar, ctx: TransformContext): void {
  const setter = moduleSetter(g, ctx)!;
  const param = ctx.plan.execParam ?? 'module';
  const edited = (file: string, start: number, end: number): boolean => ctx.edits.some((e) => e.file === file && e.start <= start && e.end >= end && e.end > e.start);
  const elsewhere: GlobalVar['uses'] = [];
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (u.func === setter) {
      // An earlier run's `g = module;` goes; what the init's conversion already rewrote (the
      // PyModule_Create store, `return module;`) stays its.
      const store = u.kind === 'write' ? enclosingStatement(u.file, u.start) : undefined;
      const gone = store && setter !== ctx.ext.init?.func ? statementRemoval(u.file.source, store.startIndex, store.endIndex) : undefined;
      if (gone) ctx.replace(u.file, gone.start, gone.end, '');
      else if (!edited(u.file.path, u.start, u.end)) ctx.replace(u.file, u.start, u.end, param);
      continue;
    }
    const a = u.func ? ctx.accessOf(u.func) : undefined;
    if (a?.kind === 'module') ctx.replace(u.file, u.start, u.end, a.param);
    else elsewhere.push(u);
  }
  if (elsewhere.length === 0) return;
  rewriteUses(elsewhere, g.name, keptModuleField(ctx, `${g.storage === 'static' ? 'static ' : ''}${g.ctype.trim()}${g.ctype.trim().endsWith('*') ? '' : ' '}${g.name}`), ctx);
}


/** The expression statement around `at` (`g = module;`). */
function enclosingStatement(file: FileModel, at: number): SyntaxNode | undefined {
  let n: SyntaxNode | null = file.parsed.tree.rootNode.descendantForIndex(at, at);
  while (n && n.type !== 'expression_statement') n = n.parent;
  return n ?? undefined;
}
