/**
 * The preprocessor condition under which a place of a file is compiled, as C text that can be
 * written somewhere else (a field of the state struct, its GC hooks, a line of exec) so that the
 * new code is compiled exactly where the old code was. Python-version groups the parse resolved
 * for the supported range, and include guards, are no conditions; everything else (platforms,
 * features, HAVE_X) is kept as written.
 */
import type { CondBranch, CondGroup, LexInfo } from './lex';
import { branchesAt, isInert } from './lex';

export interface Guard {
  /** The condition as one `#if` expression. */
  expr: string;
  /** The line that opens it, as the file would write it (`#ifdef _WIN32`, `#if defined(A) && B`). */
  open: string;
  /** Macro names the condition reads (`defined` itself excluded). */
  names: string[];
  /** The one branch the condition is, when it is one branch of one group (see orGuards). */
  branch?: { group: CondGroup; k: number };
}

/** The condition of one directive (`#ifdef X` -> `defined(X)`), comments dropped. */
function directiveCondition(b: CondBranch, text?: string): string {
  const d = b.directive;
  const rest = d.rest.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/.*$/, '').replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
  if (d.kind === 'ifdef') return `defined(${rest})`;
  if (d.kind === 'ifndef') return `!defined(${rest})`;
  if (d.kind === 'elif' && text !== undefined) {
    // `#elifdef X` / `#elifndef X` (C23) are read as `#elif` by the lexer.
    const kw = /^\s*#\s*(elifn?def)\b/.exec(text.slice(d.start, d.end));
    if (kw) return kw[1] === 'elifdef' ? `defined(${rest})` : `!defined(${rest})`;
  }
  return rest;
}

/** A term that needs no parentheses inside `&&` / `!` (a name, a call, `defined(X)`, `!defined(X)`). */
function atomic(expr: string): boolean {
  return /^!?\s*(?:defined\s*\(\s*\w+\s*\)|defined\s+\w+|\w+(?:\s*\([^()]*\))?)$/.test(expr.trim());
}

function paren(expr: string): string {
  return atomic(expr) ? expr : `(${expr})`;
}

function negate(expr: string): string {
  const m = /^!\s*(defined\s*\(\s*\w+\s*\))$/.exec(expr.trim());
  if (m) return m[1];
  return `!${paren(expr)}`;
}

/** The condition under which branch `k` of group `g` is compiled (earlier branches false, its own true). */
export function branchCondition(g: CondGroup, k: number, text?: string): string {
  const parts: string[] = [];
  for (let i = 0; i < k; i++) parts.push(negate(directiveCondition(g.branches[i], text)));
  if (g.branches[k].directive.kind !== 'else') parts.push(directiveCondition(g.branches[k], text));
  return parts.length === 1 ? parts[0] : parts.map(paren).join(' && ');
}

function namesOf(expr: string): string[] {
  const out = new Set<string>();
  for (const m of expr.matchAll(/[A-Za-z_]\w*/g)) if (m[0] !== 'defined') out.add(m[0]);
  return [...out];
}

function makeGuard(expr: string, open?: string): Guard {
  return { expr, open: open ?? `#if ${expr}`, names: namesOf(expr) };
}

/**
 * The condition under which `offset` is compiled, leaving out the groups that also contain
 * `outside` (for a place inside a function: only the conditions inside the function). Undefined
 * when the place is compiled whenever `outside` is (or always).
 */
export function guardAt(lx: LexInfo, offset: number, text?: string, outside?: number): Guard | undefined {
  const branches = branchesAt(lx, offset);
  const skip = outside === undefined ? new Set<CondBranch>() : new Set(branchesAt(lx, outside));
  const terms: { group: CondGroup; k: number }[] = [];
  const owner = branchOwners(lx);
  for (const b of branches) {
    if (skip.has(b)) continue;
    const at = owner.get(b);
    if (at) terms.push(at);
  }
  if (terms.length === 0) return undefined;
  if (terms.length === 1) return { ...oneBranchGuard(terms[0].group, terms[0].k, text), branch: terms[0] };
  return makeGuard(terms.map((t) => paren(branchCondition(t.group, t.k, text))).join(' && '));
}

/** The condition of branch `k` of `g`; a plain `#ifdef X` / `#ifndef X` / `#if E` written the way the file wrote it. */
function oneBranchGuard(g: CondGroup, k: number, text?: string): Guard {
  const expr = branchCondition(g, k, text);
  if (k !== 0) return makeGuard(expr);
  const d = g.branches[0].directive;
  const name = /^\w+$/.test(d.rest.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/, '').trim()) ? d.rest.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/, '').trim() : undefined;
  if (d.kind === 'ifdef' && name) return makeGuard(expr, `#ifdef ${name}`);
  if (d.kind === 'ifndef' && name) return makeGuard(expr, `#ifndef ${name}`);
  return makeGuard(expr);
}

const owners = new WeakMap<LexInfo, Map<CondBranch, { group: CondGroup; k: number }>>();

/** Each branch's group and index, once per file (a search per branch was quadratic in nested #ifs). */
function branchOwners(lx: LexInfo): Map<CondBranch, { group: CondGroup; k: number }> {
  let m = owners.get(lx);
  if (!m) {
    m = new Map();
    for (const group of lx.groups) group.branches.forEach((b, k) => m!.set(b, { group, k }));
    owners.set(lx, m);
  }
  return m;
}

/** Whether a place under `inner` is only compiled when `outer` holds (`outer` itself, or `outer && ...`). */
export function impliedBy(outer: Guard, inner: Guard | undefined): boolean {
  if (!inner) return false;
  if (inner.expr === outer.expr) return true;
  return inner.expr.startsWith(`${paren(outer.expr)} && `) || inner.expr.includes(` && ${paren(outer.expr)}`);
}

/**
 * Whether a place under `inner` is only compiled when `outer` holds, `outer` possibly a union
 * (`A || B`, as orGuards writes it or a file's `#if`): `inner` implies one of its terms.
 */
export function impliesGuard(inner: Guard | undefined, outer: Guard): boolean {
  if (!inner) return false;
  if (impliedBy(outer, inner)) return true;
  const terms = topLevelTerms(outer.expr, '||');
  return terms.length > 1 && terms.some((t) => impliedBy(makeGuard(unparen(t)), inner));
}

/** `a || (b || c) || d` -> `a`, `(b || c)`, `d`: split at `op` outside parentheses. */
function topLevelTerms(expr: string, op: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < expr.length; i++) {
    const c = expr[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (depth === 0 && expr.startsWith(op, i)) {
      out.push(expr.slice(from, i).trim());
      from = i + op.length;
      i += op.length - 1;
    }
  }
  out.push(expr.slice(from).trim());
  return out;
}

/** `(x)` -> `x` when the parentheses hold the whole expression. */
function unparen(expr: string): string {
  if (!expr.startsWith('(') || !expr.endsWith(')')) return expr;
  let depth = 0;
  for (let i = 0; i < expr.length - 1; i++) {
    if (expr[i] === '(') depth++;
    else if (expr[i] === ')') depth--;
    if (depth === 0) return expr;
  }
  return expr.slice(1, -1).trim();
}

/** Both conditions. */
export function andGuards(a: Guard | undefined, b: Guard | undefined): Guard | undefined {
  if (!a) return b;
  if (!b || a.expr === b.expr) return a;
  return makeGuard(`${paren(a.expr)} && ${paren(b.expr)}`);
}

/**
 * Either condition; undefined (always) when one of them is, or when they are every branch of one
 * group that has an `#else` (a place used in `#ifdef X` and in its `#else`).
 */
export function orGuards(guards: (Guard | undefined)[]): Guard | undefined {
  if (guards.length === 0 || guards.some((g) => g === undefined)) return undefined;
  const group = guards[0]!.branch?.group;
  if (group && group.branches[group.branches.length - 1].directive.kind === 'else' && guards.every((g) => g!.branch?.group === group)) {
    const covered = new Set(guards.map((g) => g!.branch!.k));
    if (covered.size === group.branches.length) return undefined;
  }
  const seen = new Map<string, Guard>();
  for (const g of guards as Guard[]) seen.set(g.expr, g);
  const all = [...seen.values()];
  if (all.length === 1) return all[0];
  return makeGuard(all.map((g) => paren(g.expr)).join(' || '));
}

export function sameGuard(a: Guard | undefined, b: Guard | undefined): boolean {
  return (a?.expr ?? '') === (b?.expr ?? '');
}

/** `lines` between the guard's opening line and `#endif` (as they are when there is no guard). */
export function guarded(guard: Guard | undefined, lines: string[]): string[] {
  return guard ? [guard.open, ...lines, '#endif'] : lines;
}

/**
 * Lines of items, each under its own guard, consecutive items with the same guard under one
 * `#if` (items keep their order).
 */
export function guardedRuns<T>(items: T[], guardOf: (x: T) => Guard | undefined, render: (x: T) => string[]): string[] {
  const out: string[] = [];
  let i = 0;
  while (i < items.length) {
    const g = guardOf(items[i]);
    const run: string[] = [];
    let j = i;
    while (j < items.length && sameGuard(guardOf(items[j]), g)) run.push(...render(items[j++]));
    out.push(...guarded(g, run));
    i = j;
  }
  return out;
}

/**
 * A macro that the condition of `offset` reads and that the `#if` block holding `offset` defines or
 * undefines itself (`#ifndef X` / `#define X ...` / `#endif`): after that block the same condition
 * reads differently, so code written for the place elsewhere in the file cannot carry it.
 */
export function guardMacroSetInBlock(lx: LexInfo, offset: number, guard: Guard): string | undefined {
  for (const g of lx.groups) {
    if (offset < g.start || offset >= g.end || g.includeGuard || g.resolvedBranch !== undefined) continue;
    for (const d of lx.directives) {
      if (d.start < g.start || d.start >= g.end || (d.kind !== 'define' && d.kind !== 'undef')) continue;
      const name = /^\s*(\w+)/.exec(d.rest)?.[1];
      if (name && guard.names.includes(name)) return name;
    }
  }
  return undefined;
}

/** `#ifndef NDEBUG`: what an `assert(...)` argument is compiled under. */
export const ASSERTS_ON: Guard = makeGuard('!defined(NDEBUG)', '#ifndef NDEBUG');

/**
 * Is `offset` inside the argument of an `assert(...)` that starts at or after `from` (a function's
 * body)? Then it is compiled only without NDEBUG. A lexical scan of the parentheses between them.
 */
export function inAssert(lx: LexInfo, text: string, from: number, offset: number): boolean {
  const last = text.lastIndexOf('assert', offset);
  if (last < from) return false;
  const open: boolean[] = [];
  const word = /[A-Za-z_]\w*/y;
  for (let i = from; i < offset; i++) {
    if (isInert(lx, i)) continue;
    const c = text.charCodeAt(i);
    if (c === 40 /* ( */) {
      let j = i - 1;
      while (j >= from && (text[j] === ' ' || text[j] === '\t')) j--;
      let k = j;
      while (k >= from && /\w/.test(text[k])) k--;
      open.push(text.slice(k + 1, j + 1) === 'assert');
    } else if (c === 41 /* ) */) {
      open.pop();
    } else if ((c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95) {
      word.lastIndex = i;
      const m = word.exec(text);
      if (m) i += m[0].length - 1;
    }
  }
  return open.includes(true);
}
