/**
 * State lookups an earlier run declared somewhere other than the top of a function body: only on
 * the path that needed them (the leading declaration of an inner block) or under the `#if` of the
 * code that used them. A later run that writes `st` only where such a lookup is in scope reuses it,
 * as one run would have declared one lookup for both runs' uses (runs in steps converge).
 */
import type { FunctionInfo } from '../model/types';
import type { SyntaxNode } from '../core/parse';
import type { Guard } from '../core/conditions';
import { guardAt, impliesGuard } from '../core/conditions';
import { isInert } from '../core/lex';

/** Where one declared lookup can be used: after its declaration, to the end of its block, under its condition. */
export interface LookupScope {
  /** The declaration `S *name = <lookup>;` itself. */
  declStart: number;
  from: number;
  to: number;
  guard?: Guard;
}

/** A call of one of the module's state getters (`get_<mod>_state(`, `<mod>_get_state_of_type(`, ...), as a regex source. */
export function stateLookupCall(mod: string): string {
  return `(?:get_${mod}_state|${mod}_get_state\\w*)\\s*\\(`;
}

/**
 * The lookups `S *name = <lookup of this module's state>;` of f's body that are not its leading
 * declaration, with the name of the first one (all scopes are of that name).
 */
export function scopedLookups(f: FunctionInfo, struct: string, mod: string): { name: string; scopes: LookupScope[] } | undefined {
  const body = f.node.childForFieldName('body');
  if (!body) return undefined;
  const src = f.file.source.text;
  const lex = f.file.parsed.lex;
  const type = struct.replace(/ /g, '\\s+');
  const decl = new RegExp(`(?:struct\\s+)?\\b${type}\\s*\\*\\s*([A-Za-z_]\\w*)\\s*=\\s*${stateLookupCall(mod)}[^;{}]*\\);`, 'g');
  let name: string | undefined;
  const scopes: LookupScope[] = [];
  for (const m of src.slice(f.bodyStart, f.bodyEnd).matchAll(decl)) {
    const at = f.bodyStart + m.index!;
    if (isInert(lex, at) || (name !== undefined && m[1] !== name)) continue;
    const block = enclosingBlock(body, at);
    if (!block) continue;
    name = m[1];
    scopes.push({ declStart: at, from: at + m[0].length, to: block.endIndex - 1, guard: guardAt(lex, at, src, f.bodyStart) });
  }
  return name === undefined ? undefined : { name, scopes };
}

/**
 * The earlier runs' inner lookups of an `ignoredLookups` function that this run's lookup at the top of
 * the body replaces (as one run would have declared only that one): lookups from the module, which
 * cannot fail (no NULL check follows), and the only declarations of their name in the body.
 */
export function mergeableLookups(f: FunctionInfo, struct: string, mod: string): { name: string; scopes: LookupScope[] } | undefined {
  const scoped = scopedLookups(f, struct, mod);
  if (!scoped) return undefined;
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  const n = scoped.name;
  const text = f.file.source.text;
  // The module's getter (PyModule_GetState) cannot fail: no check to move with it.
  if (!scoped.scopes.every((s) => new RegExp(`=\\s*get_${mod}_state\\s*\\(`).test(text.slice(s.declStart, s.from)))) return undefined;
  if (new RegExp(`\\b${n}\\s*(?:==|!=)\\s*NULL\\b|!\\s*${n}\\b`).test(body)) return undefined;
  const declared = body.match(new RegExp(`[\\w*]\\s*\\b${n}\\s*(?:=|;|\\[)`, 'g')) ?? [];
  const assigned = body.match(new RegExp(`\\b${n}\\s*=(?!=)`, 'g')) ?? [];
  return declared.length === scoped.scopes.length && assigned.length === scoped.scopes.length ? scoped : undefined;
}

/** The block (`{ ... }`) whose own declaration starts at `at`, if the declaration is one of a block. */
function enclosingBlock(body: SyntaxNode, at: number): SyntaxNode | undefined {
  let n: SyntaxNode | null = body.descendantForIndex(at);
  while (n && n.type !== 'declaration' && n.id !== body.id) n = n.parent;
  if (!n || n.type !== 'declaration' || n.startIndex !== at) return undefined;
  // Under an `#if` of the block, tree-sitter nests it in the directive's node.
  let p = n.parent;
  while (p && /^preproc_(if|ifdef|else|elif|elifdef)$/.test(p.type)) p = p.parent;
  return p?.type === 'compound_statement' ? p : undefined;
}

/** Whether every use (an offset of f) is in one of the scopes, under a condition that implies the scope's. */
export function scopesCover(f: FunctionInfo, scopes: LookupScope[], uses: number[]): boolean {
  const lex = f.file.parsed.lex;
  const src = f.file.source.text;
  return uses.every((u) =>
    scopes.some((s) => u >= s.from && u < s.to && (!s.guard || impliesGuard(guardAt(lex, u, src, f.bodyStart), s.guard))),
  );
}

/**
 * A later run writes `st` where earlier runs' lookups are out of scope (every such function, found in
 * one pass): the plan is made again without them.
 */
export class LookupOutOfScope extends Error {
  constructor(readonly funcs: readonly FunctionInfo[]) {
    super(`internal: the state lookups of ${funcs.map((f) => f.name).join(', ')} do not reach this run's uses`);
  }
}
