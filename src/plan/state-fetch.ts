/**
 * The `st` of each function that uses the state: declared in the blocks that need it (under their
 * #if when only guarded code does), checked where the lookup can fail, or a lookup wrapper around
 * `f_impl(st, ...)` when the check cannot stay in the function.
 */
import type { FunctionInfo } from '../model/types';
import type { TransformContext } from '../../transforms/types';
import type { StateNames } from './state-plan';
import { EMITTER } from './state-plan';
import type { Access } from './access-kinds';
import { BlockLayout, DECLARATION_ORDER, InsertPoint, StateHost, afterGuards, blockLayout, declarationPoint, linesAt, stateHosts, statementPoint } from './placement';
import { functionStyle, styled, styledLines } from './code-style';
import type { SyntaxNode } from '../core/parse';
import { guarded, guardAt, sameGuard } from '../core/conditions';
import type { Guard } from '../core/conditions';
import { moduleArgument } from './state-accessors';
import { callGuard } from './function-splits';
import { leadingTypeLine, teardownPath } from './teardown';
import { LookupOutOfScope, scopesCover } from './existing-lookups';
import { dropUnusedWrapper } from './exec-param';
import { statementRemoval } from './text-util';

/** `st` is a parameter (threadParam, splitExported, splitModuleFunction). */
function isParamAccess(a: Access): a is Extract<Access, { kind: 'param' | 'split' | 'module-split' }> {
  return a.kind === 'param' || a.kind === 'split' || a.kind === 'module-split';
}

/**
 * An earlier run's lookup in an inner block or under an #if names `st` only where it reaches every use
 * this run writes, and never a parameter this run adds: whether f's does not.
 */
export function lookupOutOfScope(ctx: TransformContext, f: FunctionInfo): boolean {
  const scopes = ctx.plan.existingState(f)?.scopes;
  return scopes !== undefined && (isParamAccess(ctx.accessOf(f)) || !scopesCover(f, scopes, stateUses(ctx, f)));
}

/**
 * `<mod>_state *st = ...;` joins the leading declarations of the block that fetches it (the
 * function body, or only the branches that use it: placement.stateHosts); a lookup that can fail
 * is checked after them, or right before the first statement that needs it when only early exits
 * come first. A leading declaration whose initializer uses the checked `st` is split
 * (`T *x;` ... `x = init;`).
 */
export function declareState(ctx: TransformContext, f: FunctionInfo): void {
  const a: Access = ctx.accessOf(f);
  const n = ctx.plan.names;
  const param = isParamAccess(a);
  const existing = ctx.plan.existingState(f);
  // (emitPlan asks lookupOutOfScope of every function first, and plans again without them all.)
  if (lookupOutOfScope(ctx, f)) throw new LookupOutOfScope([f]);
  if (param) return;
  if (a.kind === 'none') throw new Error(`internal: ${f.name} uses the state but cannot reach it (${a.reason})`);
  // `S *st = get_state(module);` is already there (the module's own struct, or an earlier run's lookup).
  if (existing) return;
  // Used only under `#ifdef X` inside the body: declared under the same condition.
  const guard = ctx.plan.stateGuard(f);
  if (a.kind === 'module' || a.kind === 'module-or-type') {
    const p = f.params[a.paramIndex];
    // Py_UNUSED(x) renames x: the wrapper goes even when only `#if` code uses the state, or that build
    // does not compile (one run, converting the init, writes the parameter plainly too).
    if (p?.unusedWrapper && !(a.kind === 'module' && a.added)) dropUnusedWrapper(ctx, f.file, p.unusedWrapper);
  }
  const { init, errorValue } = lookup(n, a, f);
  const uses = stateUses(ctx, f);
  // A teardown slot whose macro uses became checks of its own type (own-checks.ts) uses no state.
  if (a.kind === 'teardown' && uses.length === 0) return;
  const hosts = hostsOf(ctx, f, a, uses);
  dropMergedLookups(ctx, f, hosts, errorValue);
  for (const h of hosts) {
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

/**
 * An earlier run's inner lookups that this run's replaces (StatePlan.mergedLookups): they go when
 * this one is declared, unconditionally and unchecked, at the top of the body, which reaches all
 * their uses; a `#if` left holding nothing goes with its lookup. Elsewhere they stay (each block
 * keeps its own).
 */
function dropMergedLookups(ctx: TransformContext, f: FunctionInfo, hosts: StateHost[], errorValue: string | undefined): void {
  const merged = ctx.plan.mergedLookups(f);
  const body = f.node.childForFieldName('body');
  if (!merged || !body || errorValue !== undefined || ctx.plan.stateGuard(f)) return;
  if (hosts.length !== 1 || hosts[0].kind !== 'block' || hosts[0].block.id !== body.id) return;
  const src = f.file.source;
  for (const s of merged.scopes) {
    const span = statementRemoval(src, s.declStart, s.from);
    // `#ifdef X` / the lookup / `#endif`: the directives go too.
    const before = src.lineStart(Math.max(0, span.start - 1));
    const after = src.lineEndIncludingEol(span.end);
    if (span.start > 0 && /^[ \t]*#[ \t]*if/.test(src.text.slice(before, span.start)) && /^[ \t]*#[ \t]*endif\b[^\n]*\n$/.test(src.text.slice(span.end, after))) {
      ctx.replace(f.file, before, after, '');
    } else ctx.replace(f.file, span.start, span.end, '');
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
  const costly = a.kind === 'by-type' || (a.kind === 'by-operands' && !a.struct) || (a.kind === 'module-or-type' && a.byType.kind === 'by-type');
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
export function needsImplSplit(ctx: TransformContext, f: FunctionInfo): boolean {
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
export function callImplDirectly(ctx: TransformContext, f: FunctionInfo): boolean {
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
export function lookupWrapper(ctx: TransformContext, f: FunctionInfo): void {
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
export function lookup(n: StateNames, a: Exclude<Access, { kind: 'param' | 'split' | 'module-split' | 'none' }>, f?: FunctionInfo): { init: string; errorValue?: string } {
  switch (a.kind) {
    case 'module':
      return { init: `${n.getState}(${moduleArgument(f, a.paramIndex, a.param)})` };
    case 'own-type':
      return { init: `${n.ofType}(${a.typeExpr})` };
    case 'teardown':
      return { init: `${n.inTeardown}(${a.typeExpr})` };
    case 'by-type':
      return { init: `${n.byType}(${a.typeExpr})`, errorValue: a.errorValue };
    case 'module-or-type': {
      const byType = lookup(n, a.byType, f);
      return { init: `PyModule_Check(${a.param}) ? ${n.getState}(${a.param}) : ${byType.init}`, errorValue: byType.errorValue };
    }
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
export function stateUses(ctx: TransformContext, f: FunctionInfo): number[] {
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
