/**
 * Mutable C data (counters, flags, function pointers chosen at init, lazily resolved symbols, C
 * free lists) as fields of the module state: per module instead of per process. Shared by
 * globals-to-state (file scope), function-statics-to-state (function level) and checks, which
 * reports what cannot move with the reason. This file decides and writes the move; what C data is and
 * what stops it are in c-data-problems.ts, c-data-layout.ts, read-only-data.ts and unreached-users.ts.
 */
import type { ExtensionModel, FileModel, GlobalVar } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { leadingComment } from '../../src/plan/text-util';
import { useLocation, rewriteUses } from './state-uses';
import { removeGlobalDeclaration, removeExternDeclarations } from './global-declarations';
import { outputName } from './output-name';
import { dispatches, dispatchActive, editDispatch } from './pointer-dispatch';
import { cDataProblem, cDataFieldGuard } from './c-data-problems';
import { zeroInit, arrayDims, templateName } from './c-data-layout';
import { readOnlyInPractice, lentLiteralData } from './read-only-data';
import { unreachedUsers } from './unreached-users';

/** The field's C type and how it starts: `int` with `= 1` assigned in exec, arrays keep their lengths. */
export function cDataField(g: GlobalVar, ext: ExtensionModel): { ctype: string; arrayLen?: string; innerDims?: string; cInit?: string; cCopy?: string } {
  let ctype = (g.arrayLen !== undefined ? g.ctype.replace(/\s*\[[^\]]*\]$/, '') : g.ctype).replace(/^\s*(static|extern)\s+/, '').trim();
  // `static const char *name;`: the pointer is written, what it points to stays const.
  if (g.pointerDepth > 0 && !/\bconst\b/.test(ctype) && /\bconst\b/.test(g.file.source.text.slice(g.declStart, g.declaratorStart))) ctype = `const ${ctype}`;
  const aggregate = g.init !== undefined && !zeroInit(g.init.text) && /^\s*\{/.test(g.init.text);
  const cInit = g.init && !zeroInit(g.init.text) && !aggregate ? g.init.text.trim() : undefined;
  const dims = arrayDims(g);
  const innerDims = dims && dims.length > 1 ? dims.slice(1).map((d) => `[${d}]`).join('') : undefined;
  return { ctype, arrayLen: dims?.[0] ?? g.arrayLen, innerDims, cInit, cCopy: aggregate ? templateName(g, ext) : undefined };
}

export function describeUse(g: GlobalVar, at: number | undefined, file: FileModel | undefined): string {
  return at !== undefined && at !== g.declStart ? ` (at ${useLocation(file ?? g.file, at, g.file)})` : '';
}

/** The decision of globals-to-state / function-statics-to-state for C data: move it, or leave the report to checks. */
export function decideCData(g: GlobalVar, ctx: TransformContext, id: string, what: 'global' | 'static'): Decision {
  if (readOnlyInPractice(g, ctx.ext) || lentLiteralData(g, ctx.ext) || unreachedUsers(g, ctx) || cDataProblem(g, ctx)) return { action: 'skip', findings: [] };
  const where = g.scope === 'function' ? ` in ${g.func!.name}()` : '';
  const field = cDataField(g, ctx.ext);
  const findings = [
    ctx.finding(g.file, g.declStart, g.declEnd, 'mutable-c-data', 'error', 'auto',
      `mutable C ${what} '${g.name}'${where} is shared by every interpreter (a data race with a per-interpreter GIL)`,
      `${id} moves it into ${ctx.plan.names.struct} as a C field (per module)${field.cInit ? `, starting as ${field.cInit} in exec` : field.cCopy ? `, starting as a copy of its initial value (kept in static const ${field.cCopy}) in exec` : ''}, and rewrites its ${g.uses.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}`),
  ];
  // A pointer to memory the code allocates (a C free list, a cache): kept for the process before,
  // now one per module, and nothing releases it when the module goes.
  const alloc = g.pointerDepth > 0 ? g.uses.find((u) => u.func && ALLOCATES.test(u.func.file.source.text.slice(u.func.bodyStart, u.func.bodyEnd))) : undefined;
  if (alloc) {
    findings.push(ctx.finding(g.file, g.declStart, g.declEnd, 'c-data-lifetime', 'warning', 'none',
      `'${g.name}' points to memory allocated in ${alloc.func!.name}(): as a state field it is one per module, and nothing frees what it holds when the module goes`,
      "free it in the module's m_free if it owns memory"));
  }
  return { action: 'apply', findings };
}

const ALLOCATES = /\b(malloc|calloc|realloc|strdup|PyMem_(Raw)?(Malloc|Calloc|Realloc)|PyObject_(Malloc|Calloc|Realloc))\s*\(/;

/**
 * `static <mod>_state *<mod>_main_state = NULL;`: the legacy C-API's module, which capsule-api-to-state
 * writes per process on purpose. A later run leaves it where one run leaves it.
 */
export function isOwnMainState(g: GlobalVar, ctx: TransformContext): boolean {
  const n = ctx.plan.names;
  return g.scope === 'file' && g.name === n.mainState && g.ctype.replace(/\s+/g, '') === `${n.struct}*`;
}

export function editCData(g: GlobalVar, ctx: TransformContext, id: string): void {
  const { ctype, arrayLen, innerDims, cInit, cCopy } = cDataField(g, ctx.ext);
  const prefix = g.scope === 'function' ? outputName(ctx, g.func!) : g.file.path.replace(/^.*[\\/]/, '').replace(/\W.*$/, '');
  // The comment of a declaration that stays as the template documents the values: it stays too.
  const doc = g.scope === 'file' && g.siblings <= 1 && !cCopy ? leadingComment(g.file.source, g.declStart) : undefined;
  const field = ctx.plan.request({
    doc: doc?.text,
    name: ctx.plan.freeFieldName(g.name, prefix),
    ctype,
    arrayLen,
    innerDims,
    owns: 'none',
    cInit,
    cCopy,
    guard: cDataFieldGuard(g, ctx.ext),
    was: `${g.storage === 'static' ? 'static ' : ''}${ctype.replace(/\{[^]*\}/, '{...}').replace(/\s+/g, ' ')}${ctype.endsWith('*') ? '' : ' '}${g.name}${arrayLen !== undefined ? `[${arrayLen}]${innerDims ?? ''}` : ''}${g.scope === 'function' ? ` in ${outputName(ctx, g.func!)}()` : ''}`,
    from: id,
  });
  rewriteUses(g.uses, g.name, field, ctx);
  const dispatch = dispatches(ctx.ext).get(g);
  if (dispatch && dispatchActive(dispatch, ctx)) editDispatch(dispatch, ctx);
  if (cCopy) keepAsTemplate(g, cCopy, ctx);
  else removeGlobalDeclaration(g, ctx);
}

/**
 * `static ISzAlloc allocator = { Alloc, Free };` -> `static const ISzAlloc allocator_initial = { Alloc,
 * Free };`: the initial value stays where it was written, read-only, for exec to copy into the
 * state; the `extern` declarations of the old name go.
 */
function keepAsTemplate(g: GlobalVar, name: string, ctx: TransformContext): void {
  const text = g.file.source.text;
  const head = text.slice(g.declStart, g.declaratorStart);
  const storage = /\bstatic\s+/.exec(head);
  if (storage) ctx.insert(g.file, g.declStart + storage.index + storage[0].length, 'const ');
  else ctx.insert(g.file, g.declStart, 'static const ');
  const at = g.declaratorStart + /^\s*/.exec(text.slice(g.declaratorStart))![0].length;
  if (text.slice(at, at + g.name.length) !== g.name) throw new Error(`internal: the declarator of ${g.name} does not start with its name`);
  ctx.replace(g.file, at, at + g.name.length, name);
  removeExternDeclarations(g, ctx);
}
