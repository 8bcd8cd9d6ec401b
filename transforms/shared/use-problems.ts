/**
 * Whether every use of a global can reach the state: why one cannot (a set-aside #if branch, a
 * public header's macro, a function without the module, an unguardable use on a teardown path).
 */
import type { FileModel, FunctionInfo, Use } from '../../src/model/types';
import type { SyntaxNode } from '../../src/core/parse';
import type { TransformContext } from '../types';
import { isInert } from '../../src/core/lex';
import { guardSpot, teardownPath } from '../../src/plan/teardown';
import { converterStep } from '../../src/plan/converter-routes';
import { staticMethodStep } from '../../src/plan/state-access';
import { macroUsers } from './state-uses';

export interface UseProblem {
  file: FileModel;
  at: number;
  reason: string;
  suggestion: string;
}

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

/**
 * Why some use of `name` cannot be rewritten to go through the state, or undefined if all can.
 * `needsNoState`: functions whose uses (through macros too) are rewritten without the state.
 */
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
