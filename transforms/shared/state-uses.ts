/**
 * Shared by the transforms that move something into the module state: can every use reach
 * the state, and the edits that make each use read `st-><field>` instead.
 */
import type { FileModel, FunctionInfo, GlobalVar, MacroDef, PasteChain, Use } from '../../src/model/types';
import type { SyntaxNode } from '../../src/core/parse';
import type { TransformContext } from '../types';
import { macroUsers as extMacroUsers } from '../../src/model/macro-users';
import { expansionWords } from '../../src/model/pasted-names';
import { isInert } from '../../src/core/lex';
import { enclosingFunction, inBody } from '../../src/model/functions';
import { guardSpot, teardownPath } from '../../src/plan/teardown';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { macroUseGuard, useGuard } from '../../src/plan/use-guards';
import { converterStep } from '../../src/plan/converter-routes';
import { staticMethodStep } from '../../src/plan/state-access';

export interface UseProblem {
  file: FileModel;
  at: number;
  reason: string;
  suggestion: string;
}

export function macroUsers(file: FileModel, macro: MacroDef, ctx: TransformContext): { funcs: FunctionInfo[]; outside: number } {
  void file;
  return extMacroUsers(ctx.ext, macro.name);
}

/**
 * Why some use of `name` cannot be rewritten to go through the state, or undefined if all can.
 * `needsNoState`: functions whose uses (through macros too) are rewritten without the state.
 */
/**
 * A use of `name` in a branch that the parse blanked to repair itself (`else if` links split across
 * `#if`/`#elif`: crc32c's ARM probe): compiled somewhere, but never read, so never rewritten.
 * (Branches blanked because no supported Python version compiles them are not in blankedGroups.)
 */
function setAsideUse(files: readonly FileModel[], name: string): { file: FileModel; at: number } | undefined {
  const word = new RegExp(`\\b${name}\\b`, 'g');
  for (const f of files) {
    for (const h of setAsideBranches(f)) {
      word.lastIndex = h.start;
      for (let m = word.exec(f.source.text); m && m.index < h.end; m = word.exec(f.source.text)) {
        if (!isInert(f.parsed.lex, m.index)) return { file: f, at: m.index };
      }
    }
  }
  return undefined;
}

const setAside = new WeakMap<FileModel, { start: number; end: number }[]>();

/** The branch bodies the parse of `f` blanked to repair itself (computed once per file). */
function setAsideBranches(f: FileModel): { start: number; end: number }[] {
  let out = setAside.get(f);
  if (!out) {
    const groups = f.parsed.blankedGroups;
    out = groups.length === 0 ? [] : f.parsed.holes.filter((h) => h.kind === 'branch' && groups.some((g) => h.start >= g.start && h.end <= g.end));
    setAside.set(f, out);
  }
  return out;
}

export function useProblem(uses: Use[], name: string, ctx: TransformContext, needsNoState?: Set<FunctionInfo>): UseProblem | undefined {
  const hidden = setAsideUse(ctx.ext.files, name);
  if (hidden) {
    const line = hidden.file.source.position(hidden.at).line;
    return { file: hidden.file, at: hidden.at, reason: `'${name}' is also used in an #if branch the parser had to set aside (line ${line}; compiled on other platforms or configurations), where no use can be rewritten`, suggestion: 'make each branch of that #if hold whole statements (an else-if chain split across #elif is the usual cause), or convert it by hand' };
  }
  for (const u of uses) {
    if (u.kind === 'decl') continue;
    if (u.inMacro) {
      const macro = [...u.file.macros.values()].find((m) => u.start >= m.start && u.start < m.end);
      if (!macro) return { file: u.file, at: u.start, reason: `'${name}' is used in a preprocessor line`, suggestion: 'rewrite that use by hand' };
      // A static the header defines itself is one per module that includes it: every includer's
      // expansions reach their own module's copy (engine/shared-files.ts keeps the header's text one).
      const ownStatic = ctx.ext.sharedHeaders?.has(u.file) && ctx.ext.globals.some((g) => g.name === name && g.file === u.file && g.scope === 'file' && g.storage === 'static');
      if (ctx.ext.publicHeaders?.has(u.file) && !ownStatic && !inConfiguredSection(u.file, u.start, ctx)) {
        return { file: u.file, at: u.start, reason: `macro ${macro.name}() in the public header ${u.file.path.replace(/^.*[\\/]/, '')} uses '${name}', and consumers compile that header too`, suggestion: `give ${macro.name}() a provider-only definition (inside the provider's #ifdef section) that takes the state, and export '${name}' to consumers through the C-API table` };
      }
      const users = macroUsers(u.file, macro, ctx);
      if (users.outside > 0) return { file: u.file, at: u.start, reason: `macro ${macro.name}() uses '${name}' and is itself used outside any function`, suggestion: 'make the macro take the state as an argument' };
      // The macro gets the state as a parameter named `st`: a variable `st` of its users that it reads would be hidden.
      if (/\bst\b/.test(macro.body) && !(macro.params ?? []).includes('st')) {
        return { file: u.file, at: u.start, reason: `macro ${macro.name}() uses '${name}' and reads a variable 'st' of the functions that expand it, which the state parameter it would get hides`, suggestion: `rename that variable (or pass it to ${macro.name}() as an argument), then run again` };
      }
      for (const f of users.funcs) {
        if (needsNoState?.has(f)) continue;
        const p = functionProblem(f, name, ctx, `through macro ${macro.name}()`);
        if (p) return p;
        const path = teardownPath(ctx.access, f);
        if (path) return teardownProblem(f, u.start, name, path, `macro ${macro.name}() uses it, and a use inside a macro is not guarded`);
      }
      continue;
    }
    if (!u.func) return { file: u.file, at: u.start, reason: `'${name}' is used outside any function (in a static initializer)`, suggestion: 'fill that place at module exec time instead' };
    if (needsNoState?.has(u.func)) continue;
    const p = functionProblem(u.func, name, ctx, '');
    if (p) return { ...p, at: u.start };
    const path = teardownPath(ctx.access, u.func);
    if (path) {
      const inCondition = (cond: SyntaxNode): boolean => uses.some((v) => v.kind !== 'decl' && v.file === u.file && v.start >= cond.startIndex && v.start < cond.endIndex);
      const spot = guardSpot(u.file, u.start, inCondition);
      if (spot.kind === 'none') return teardownProblem(u.func, u.start, name, path, spot.reason);
    }
  }
  return undefined;
}

/** A use of the state on a teardown path that cannot be skipped when the module is gone (plan/teardown.ts). */
function teardownProblem(f: FunctionInfo, at: number, name: string, path: string[], why: string): UseProblem {
  return {
    file: f.file,
    at,
    reason: `${f.name}() uses '${name}' on a teardown path (call chain: ${path.join(' <- ')}), where the module may already be gone (the GC clears a type's module before the objects that die with it), and that use cannot be skipped then: ${why}`,
    suggestion: `put the use in a statement of its own or in an if condition (the tool then skips it when the module is gone), or make ${path[path.length - 1]}() not need it; then run again`,
  };
}

function functionProblem(f: FunctionInfo, name: string, ctx: TransformContext, via: string): UseProblem | undefined {
  const a = ctx.accessOf(f);
  if (a.kind === 'none') {
    const chain = a.chain.length > 1 ? ` (call chain: ${a.chain.join(' <- ')})` : '';
    const conv = a.converter;
    const origin = ctx.ext.functionsByName.get(a.chain[a.chain.length - 1]);
    const staticRole = origin ? ctx.roles.of(origin).find((r) => r.kind === 'static-method') : undefined;
    return {
      file: f.file,
      at: f.start,
      reason: `${f.name}() uses '${name}'${via ? ' ' + via : ''} but cannot reach the module state: ${a.reason}${chain}`,
      suggestion: conv
        ? `${converterStep(conv)}; then run again${parserReaches(conv.caller, ctx) ? '' : ` (${conv.caller}() must reach the state too)`}`
        : staticRole && origin
        ? staticMethodStep(origin.name, staticRole.type)
        : a.step
        ? a.step
        :
        'options: (1) pass the module, or an object of one of its types, down to it: exact, but changes its signature and every caller; (2) for a public C-API function, add a variant that takes the state and bind the old one to the main interpreter\'s module: old consumers keep working in the main interpreter only (rewrite spec section 6); (3) stash the state in the callback\'s user data when a C library calls it; (4) a thread-local set on entry from Python: no signature change, but wrong when callbacks run on foreign threads; (5) keep the value per process behind a lock: simple, but shared by all interpreters',
    };
  }
  return undefined;
}

/** The function that parses with a converter can reach the state itself. */
function parserReaches(caller: string, ctx: TransformContext): boolean {
  const f = ctx.ext.functionsByName.get(caller);
  return !!f && ctx.accessOf(f).kind !== 'none';
}

/**
 * Rewrites every use of a global to `st-><field>` (macro bodies included) and registers the state
 * needs. `st` is the function's state variable (StatePlan.stateVar; in a macro body, the macro's
 * parameter); `holder`: another variable that holds the field (a per-interpreter cache).
 */
export function rewriteUses(uses: Use[], name: string, field: string, ctx: TransformContext, memberArrow = false, holder?: string): void {
  const done = new Set<string>();
  for (const u of uses) {
    if (u.kind === 'decl') continue;
    if (u.pasted) {
      // `str_##S` in the macro's body reads `st->str_##S` (once for every name it forms).
      let rewritten = rewrittenChains.get(ctx);
      if (!rewritten) rewrittenChains.set(ctx, (rewritten = new Set()));
      if (!rewritten.has(u.pasted)) ctx.insert(u.file, u.pasted.start, 'st->');
      rewritten.add(u.pasted);
      needStateFor(u, ctx);
      continue;
    }
    const key = `${u.file.path}:${u.start}`;
    if (done.has(key)) continue;
    done.add(key);
    let end = u.end;
    const via = holder ?? (u.func && !u.inMacro ? ctx.plan.stateVar(u.func) : 'st');
    let text = `${via}->${field}`;
    if (memberArrow && u.kind === 'member') {
      // `Type.tp_x` -> `st->Type->tp_x`
      const dot = u.file.source.text.indexOf('.', u.end);
      end = dot + 1;
      text = `${via}->${field}->`;
    } else if (memberArrow && u.kind === 'address') {
      // `&Type` -> `st->Type`; `Py_DECREF(&Type)` on an error path of exec -> `Py_CLEAR(st->Type)` (see below).
      const src = u.file.source.text;
      const amp = src.lastIndexOf('&', u.start);
      const before = /\bPy_X?DECREF\s*\(\s*$/.exec(src.slice(Math.max(0, amp - 24), amp));
      if (before && /^\s*\)/.test(src.slice(u.end, u.end + 8)) && u.func === ctx.plan.execFunction && !balancesFailedAdd(u, name, true) && onErrorPath(u)) {
        ctx.replace(u.file, amp - before[0].length, u.end, `Py_CLEAR(${text}`);
      } else ctx.replace(u.file, amp, u.end, text);
      needStateFor(u, ctx, holder);
      continue;
    } else if (memberArrow && u.kind === 'read') {
      // The type by value (a macro argument the body uses as `t.tp_alloc(&t, 0)`, `sizeof(Type)`):
      // the object the field points to, an lvalue like the static was.
      text = `(*${via}->${field})`;
    }
    // `Py_DECREF(G);` / `Py_XDECREF(G);` on a state field would leave it dangling for m_clear:
    // Py_CLEAR drops the same reference and NULLs the field. Except where it drops the extra
    // reference a failed PyModule_AddObject did not take: the field keeps its own.
    if (!memberArrow) {
      const src = u.file.source.text;
      const before = /\bPy_X?DECREF\s*\(\s*$/.exec(src.slice(Math.max(0, u.start - 24), u.start));
      if (before && /^\s*\)/.test(src.slice(u.end, u.end + 8)) && !balancesFailedAdd(u, name, false)) {
        ctx.replace(u.file, u.start - before[0].length, u.end, `Py_CLEAR(${text}`);
        needStateFor(u, ctx, holder);
        continue;
      }
    }
    ctx.replace(u.file, u.start, end, text);
    needStateFor(u, ctx, holder);
  }
}

/**
 * `Py_INCREF(G); if (PyModule_AddObject(m, "G", G) < 0) { Py_DECREF(G); ... }`: the first drop of G
 * in the failure branch gives back the extra reference that PyModule_AddObject did not steal (for a
 * global without the Py_INCREF, globals-to-state inserts one). The state keeps its own reference,
 * and m_free drops it: this drop stays a Py_DECREF.
 */
function balancesFailedAdd(u: Use, name: string, needIncref: boolean): boolean {
  const text = u.file.source.text;
  let stmt: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  while (stmt && stmt.type !== 'expression_statement') stmt = stmt.parent;
  const ifs = stmt?.parent?.type === 'compound_statement' ? stmt.parent.parent : stmt?.parent;
  if (!stmt || !ifs || ifs.type !== 'if_statement') return false;
  const cons = ifs.childForFieldName('consequence');
  const cond = ifs.childForFieldName('condition');
  if (!cons || !cond || stmt.startIndex < cons.startIndex || stmt.endIndex > cons.endIndex) return false;
  const ref = `(?:\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&?\\s*${name}`;
  if (!new RegExp(`\\bPyModule_AddObject\\s*\\([^;]*,\\s*${ref}\\s*\\)`).test(text.slice(cond.startIndex, cond.endIndex))) return false;
  if (new RegExp(`\\bPy_(?:X?DECREF|CLEAR)\\s*\\(\\s*${ref}\\s*\\)`).test(text.slice(cons.startIndex, stmt.startIndex))) return false;
  const lead = text.slice(Math.max(0, ifs.startIndex - 300), ifs.startIndex);
  if (new RegExp(`\\bPy_X?INCREF\\s*\\(\\s*${ref}\\s*\\)\\s*;\\s*$`).test(lead)) return true;
  // `if (G == NULL || PyModule_AddObject(m, "G", G) < 0) { Py_XDECREF(G); ... } Py_INCREF(G);`: no
  // extra reference before the add (none is inserted either: the code takes its own after it), so
  // this drop is the field's only reference: it must not stay in the state.
  if (new RegExp(`^\\s*Py_X?INCREF\\s*\\(\\s*${ref}\\s*\\)\\s*;`).test(text.slice(ifs.endIndex, ifs.endIndex + 300).replace(/\/\*[^]*?\*\//g, (c) => ' '.repeat(c.length)))) return false;
  return !needIncref;
}

/** The statement is in a block that leaves the function (an error exit: `{ Py_DECREF(&T); return NULL; }`). */
function onErrorPath(u: Use): boolean {
  let stmt: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  while (stmt && stmt.type !== 'expression_statement') stmt = stmt.parent;
  const block = stmt?.parent;
  if (!stmt || !block || block.type !== 'compound_statement' || block.parent?.type === 'function_definition') return false;
  const rest = u.file.source.text.slice(stmt.endIndex, block.endIndex);
  // A statement macro that returns (`INITERROR;`) is blank in the parse view: the text says it.
  return /\b(return|goto)\b/.test(rest) || /\b[A-Z_][A-Z0-9_]{2,}\s*;\s*\}$/.test(rest);
}

const rewrittenChains = new WeakMap<TransformContext, Set<PasteChain>>();

function needStateFor(u: Use, ctx: TransformContext, holder?: string): void {
  if (holder !== undefined) return; // another holder (a per-interpreter cache) declares itself
  if (u.func) {
    // A use under `#ifdef X` inside the function: `st` is needed only where X is defined.
    ctx.stateIn(u.func, useGuard(u.file, u.start, u.func));
    return;
  }
  if (u.inMacro) {
    const macro = macroAt(u.file, u.start);
    if (macro) for (const f of macroUsers(u.file, macro, ctx).funcs) if (!expansionsReplaced(f, macro.name, ctx)) ctx.stateIn(f, macroUseGuard(macro, u.file, f));
  }
}

/**
 * Every expansion of `macro` in f's body is inside text an edit already replaced (a type check of a
 * teardown slot's own object that now names Py_TYPE(self)): f no longer expands it.
 */
function expansionsReplaced(f: FunctionInfo, macro: string, ctx: TransformContext): boolean {
  const at = usesOf(f.file, macro).filter((x) => x > f.bodyStart && x < f.bodyEnd);
  return at.length > 0 && at.every((x) => ctx.edits.some((e) => e.file === f.file.path && e.start <= x && e.end > x && !e.text.includes(macro)));
}

/** The state variable where `at` is: its function's (StatePlan.stateVar), else `st` (a macro's parameter). */
export function stateVarAt(ctx: TransformContext, file: FileModel, at: number): string {
  const f = inBody(enclosingFunction(file, at), at);
  return f ? ctx.plan.stateVar(f) : 'st';
}

/** Removes a variable's declaration (the whole statement, or its declarator in a list). */
export function removeDeclaration(
  g: Pick<GlobalVar, 'file' | 'declStart' | 'declEnd' | 'declaratorStart' | 'declaratorEnd' | 'siblings'>,
  ctx: TransformContext,
  removeStatement: (file: FileModel, s: number, e: number) => void,
  others?: { declaratorStart: number; declaratorEnd: number; kept: boolean }[],
): void {
  if (g.siblings <= 1) {
    removeStatement(g.file, g.declStart, g.declEnd);
    return;
  }
  const text = g.file.source.text;
  // A declarator starts at its first `*` (`*a`): the name's offset moved back over them.
  const starOf = (at: number): number => {
    let s = at;
    while (s > g.declStart && text[s - 1] === '*') s--;
    return s;
  };
  // The declaration's other declarators, in order, with whether they stay: with several of them
  // going, each takes the comma on the side of a declarator that stays, so no two removals overlap
  // (`static PyObject *kept, *a, *b;`: `, *a` and `, *b`; `*a, *b, *kept`: `*a, ` and `*b, `).
  if (others && others.length > 0) {
    const all = [...others.filter((o) => o.declaratorStart !== g.declaratorStart), { declaratorStart: g.declaratorStart, declaratorEnd: g.declaratorEnd, kept: false }].sort((a, b) => a.declaratorStart - b.declaratorStart);
    const i = all.findIndex((o) => o.declaratorStart === g.declaratorStart);
    if (all.slice(i + 1).some((o) => o.kept)) {
      ctx.replace(g.file, starOf(g.declaratorStart), starOf(all[i + 1].declaratorStart), '');
      return;
    }
    if (i > 0) {
      ctx.replace(g.file, all[i - 1].declaratorEnd, g.declaratorEnd, '');
      return;
    }
  }
  // `static PyObject *a, *b;`: drop `*b` with the comma before it, or `*a,` with the comma after.
  let s = starOf(g.declaratorStart);
  let e = g.declaratorEnd;
  const after = text.slice(e, g.declEnd);
  const m = /^\s*,\s*/.exec(after);
  if (m) e += m[0].length;
  else {
    const before = text.slice(g.declStart, s);
    const c = before.lastIndexOf(',');
    if (c !== -1) s = g.declStart + c;
  }
  ctx.replace(g.file, s, e, '');
}

/** `line 12` in the same file, `other.c:12` elsewhere. */
export function useLocation(file: FileModel, at: number, home: FileModel): string {
  const line = file.source.position(at).line;
  return file === home ? `line ${line}` : `${file.path.replace(/^.*[\\/]/, '')}:${line}`;
}

/** Inside a header section only the provider compiles (`#ifdef PROVIDER_MODULE`). */
function inConfiguredSection(file: FileModel, at: number, ctx: TransformContext): boolean {
  for (const g of file.parsed.lex.groups) {
    const first = g.branches[0];
    if (at >= first.bodyStart && at < first.bodyEnd && first.directive.kind === 'ifdef') {
      // The consumer side would be configured out for this extension; the #ifdef side is ours.
      const out = ctx.ext.configuredOut?.get(file) ?? [];
      if (g.branches.slice(1).some((b) => out.some((s) => s.start === b.bodyStart))) return true;
    }
  }
  return false;
}

/**
 * A macro that forms identifiers by token pasting (`str ## S`) and could form `name`; `except`:
 * macros whose every expansion was read (see model/pasted-names), and that do not form it. A
 * function-like macro whose every use could be expanded forms only what those expansions write.
 */
export function pastedBy(name: string, ctx: TransformContext, except: ReadonlySet<string> = new Set()): string | undefined {
  for (const f of ctx.ext.files) {
    for (const m of f.macros.values()) {
      if (!m.body.includes('##') || except.has(m.name)) continue;
      const { prefixes, suffixes } = pasteFragments(m);
      if (!prefixes.some((p) => name.startsWith(p)) && !suffixes.some((x) => name.endsWith(x))) continue;
      const written = m.file ? undefined : expansionWords(ctx.ext.files, m, f);
      if (written && !written.has(name)) continue;
      return m.name;
    }
  }
  return undefined;
}

interface PasteFragments {
  prefixes: string[];
  suffixes: string[];
}
const fragmentCache = new WeakMap<object, PasteFragments>();

/**
 * The fixed words on either side of each `##` of a macro body (parameters excluded, at least two
 * characters). Computed once per macro with a linear scan: a regex here re-scanned long words
 * from every start position (quadratic on a macro holding a 40 kB string).
 */
function pasteFragments(m: { body: string; params?: string[] }): PasteFragments {
  const cached = fragmentCache.get(m);
  if (cached) return cached;
  const body = m.body;
  const params = new Set(m.params ?? []);
  const prefixes = new Set<string>();
  const suffixes = new Set<string>();
  const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
  for (let at = body.indexOf('##'); at !== -1; at = body.indexOf('##', at + 2)) {
    let end = at;
    while (end > 0 && isSpace(body.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWord(body.charCodeAt(start - 1))) start--;
    while (start < end && body.charCodeAt(start) >= 48 && body.charCodeAt(start) <= 57) start++; // an identifier starts with a letter
    const before = body.slice(start, end);
    if (before.length >= 2 && !params.has(before)) prefixes.add(before);
    let from = at + 2;
    while (from < body.length && isSpace(body.charCodeAt(from))) from++;
    let to = from;
    if (to < body.length && !(body.charCodeAt(to) >= 48 && body.charCodeAt(to) <= 57)) {
      while (to < body.length && isWord(body.charCodeAt(to))) to++;
    }
    const after = body.slice(from, to);
    if (after.length >= 2 && !params.has(after)) suffixes.add(after);
  }
  const result = { prefixes: [...prefixes], suffixes: [...suffixes] };
  fragmentCache.set(m, result);
  return result;
}
