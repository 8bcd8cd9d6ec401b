/**
 * Where generated code goes inside a block: generated declarations join the block's leading
 * declarations, generated statements follow them (C89 and -Wdeclaration-after-statement clean),
 * after the comment lines that belong to the first statement are left with it.
 */
import type { SyntaxNode } from '../core/parse';
import type { SourceFile } from '../core/source';
import type { FunctionInfo } from '../model/types';
import { blockIndent } from './text-util';

export interface BlockLayout {
  block: SyntaxNode;
  /** Offsets of the block's `{` and `}`. */
  open: number;
  close: number;
  /** The leading declarations (and what belongs with them: comments, declaration macros, `#if`s of declarations). */
  decls: SyntaxNode[];
  /** The first statement after them. */
  first?: SyntaxNode;
  /** The indentation of the block's statements. */
  indent: string;
}

/** The layout of a compound statement (a function body or a nested block). */
export function blockLayout(src: SourceFile, block: SyntaxNode): BlockLayout {
  const children = block.namedChildren;
  // The leading region ends at the last declaration that only declarations and declaration-like
  // macro calls (`_Py_IDENTIFIER(x);`, `NPY_BEGIN_THREADS_DEF;`) precede.
  let end = 0;
  for (let i = 0; i < children.length; i++) {
    const c = children[i];
    if (isDeclarationLike(c, src)) {
      if (c.type !== 'comment') end = i + 1;
      continue;
    }
    if (isDeclarationMacro(c, src)) continue;
    break;
  }
  const decls = children.slice(0, end).filter((c) => c.type !== 'comment');
  const first = children.slice(end).find((c) => c.type !== 'comment');
  return { block, open: block.startIndex, close: block.endIndex - 1, decls, first, indent: blockIndent(src, block.startIndex, block.endIndex - 1) };
}

export function functionLayout(f: FunctionInfo): BlockLayout | undefined {
  const body = f.node.childForFieldName('body');
  return body ? blockLayout(f.file.source, body) : undefined;
}

function isDeclarationLike(n: SyntaxNode, src: SourceFile): boolean {
  if (n.type === 'declaration' || n.type === 'comment') return true;
  // `#if` groups around declarations only.
  if (/^preproc_(if|ifdef|else|elif)/.test(n.type)) {
    const inner = n.namedChildren.filter((c) => !['identifier', 'preproc_defined', 'binary_expression', 'unary_expression', 'number_literal', 'parenthesized_expression', 'call_expression', 'preproc_arg'].includes(c.type) && c !== n.childForFieldName('condition'));
    return inner.length > 0 && inner.every((c) => isDeclarationLike(c, src));
  }
  return false;
}

/** `_Py_IDENTIFIER(x);`, `NPY_BEGIN_THREADS_DEF;`: macros that expand to a declaration. */
function isDeclarationMacro(n: SyntaxNode, src: SourceFile): boolean {
  if (n.type !== 'expression_statement') return false;
  const t = src.text.slice(n.startIndex, n.endIndex).trim();
  return /^(_Py_IDENTIFIER|_Py_static_string|Py_IDENTIFIER)\s*\(/.test(t) || /^[A-Z][A-Z0-9_]*_DEF\s*;$/.test(t);
}

/**
 * The insertion order for generated declarations: before any statement inserted at the same
 * offset (a block with no declarations has one point for both).
 */
export const DECLARATION_ORDER = -1;

export interface InsertPoint {
  at: number;
  /** The point is inside a line (a body written on the brace's line): text goes in as-is, no line of its own. */
  inline: boolean;
}

/** Where a new declaration goes: first in the block, so that the block's own declarations may use it. */
export function declarationPoint(src: SourceFile, l: BlockLayout): InsertPoint {
  const next = l.block.namedChildren[0];
  const afterBrace = src.lineEndIncludingEol(l.open);
  if (!next) return afterBrace <= l.close ? { at: afterBrace, inline: false } : { at: l.open + 1, inline: true };
  if (src.lineStart(next.startIndex) <= l.open) return { at: l.open + 1, inline: true };
  return { at: afterBrace, inline: false };
}

/**
 * Where new statements go: before the first statement (and the comment lines directly above it),
 * or before the closing brace when the block has none.
 */
export function statementPoint(src: SourceFile, l: BlockLayout): InsertPoint {
  const target = l.first ? l.first.startIndex : l.close;
  const ls = src.lineStart(target);
  if (ls <= l.open || src.text.slice(ls, target).trim() !== '') {
    // `{ return x; }` or `int x; return x;` on one line.
    return { at: target, inline: true };
  }
  const floor = l.decls.length > 0 ? src.lineEndIncludingEol(l.decls[l.decls.length - 1].endIndex - 1) : src.lineEndIncludingEol(l.open);
  let at = ls;
  // Comment lines directly above the statement stay with it.
  for (;;) {
    if (at <= floor) break;
    const prev = src.lineStart(at - 1);
    const line = src.text.slice(prev, at).trim();
    if (line === '' || !(line.startsWith('/*') || line.startsWith('//') || line.startsWith('*'))) break;
    if (line.startsWith('*') && !line.startsWith('*/') && !commentContinues(src, prev)) break;
    at = prev;
  }
  return { at: Math.max(at, floor), inline: false };
}

function commentContinues(src: SourceFile, lineStart: number): boolean {
  const open = src.text.lastIndexOf('/*', lineStart);
  const close = src.text.lastIndexOf('*/', lineStart);
  return open > close;
}

/**
 * The text to insert for `lines` (already indented relative to the block: '' for the block's own
 * level) at a point: whole lines in the file's line ending, or in-line with a separating space.
 */
export function linesAt(src: SourceFile, p: InsertPoint, indent: string, lines: string[]): string {
  const e = src.eol;
  if (p.inline) {
    // Before the first statement on the brace's line: a line of our own after the brace.
    return `${e}${lines.map((l) => (l === '' || l.startsWith('#') ? l : indent + l)).join(e)}${e}${indent}`;
  }
  // Preprocessor lines (a field's `#if`) start in column 0.
  return lines.map((l) => (l === '' || l.startsWith('#') ? l : indent + l) + e).join('');
}

/**
 * Where a function fetches its state so that only the paths that use it pay for it:
 * - every use inside a branch that ends the function (`if (bad) { PyErr_SetObject(st->E, ...);
 *   return NULL; }`): each such branch fetches it (a path takes at most one);
 * - otherwise the innermost block holding every use, moved out of loops (fetched once per call)
 *   and switch bodies; a block a `goto` can jump into is never chosen.
 * `wrap` is a single-statement branch that becomes a block for the fetch.
 */
export type StateHost = { kind: 'block'; block: SyntaxNode } | { kind: 'wrap'; statement: SyntaxNode; ifNode: SyntaxNode };

export function stateHosts(f: FunctionInfo, uses: number[], exitBranches = true): StateHost[] {
  const body = f.node.childForFieldName('body');
  if (!body) return [];
  const top: StateHost[] = [{ kind: 'block', block: body }];
  if (uses.length === 0) return top;
  const src = f.file.source;
  if (hasType(body, LABELS)) return top; // a goto could jump past a fetch
  const exits = uses.map((u) => (exitBranches ? outermostExitBranch(body, u, src) : undefined));
  if (exits.every((e) => e !== undefined)) {
    const distinct = [...new Map(exits.map((e) => [e!.id, e!])).values()];
    return distinct.map((b) => (b.type === 'compound_statement' ? { kind: 'block', block: b } : { kind: 'wrap', statement: b, ifNode: b.parent! }));
  }
  let host = lowestCommonBlock(body, uses);
  // Not inside a loop (fetched on every iteration) or a switch body (a case label jumps past it).
  for (let n: SyntaxNode | null = host; n && n.id !== body.id; n = n.parent) {
    if (LOOPS.has(n.type) || n.type === 'switch_statement') host = enclosingBlock(n, body);
  }
  return [{ kind: 'block', block: host }];
}

/**
 * In a host block: the first statement that uses the state, when only early-exit guards
 * (`if (!PyFloat_Check(b)) Py_RETURN_NOTIMPLEMENTED;`) come before it; the fetch can wait for it.
 */
export function afterGuards(src: SourceFile, l: BlockLayout, uses: number[]): SyntaxNode | undefined {
  const children = l.block.namedChildren.filter((c) => c.type !== 'comment');
  const start = l.decls.length;
  let guards = 0;
  for (let i = start; i < children.length; i++) {
    const c = children[i];
    if (uses.some((u) => u >= c.startIndex && u < c.endIndex)) {
      if (guards === 0) return undefined;
      // Between the guards and the statement: nothing hidden in a macro (Py_BEGIN_ALLOW_THREADS).
      const gap = src.text.slice(children[i - 1].endIndex, c.startIndex);
      if (/[A-Za-z_]/.test(gap.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, ''))) return undefined;
      return c;
    }
    if (!isGuard(c, src)) return undefined;
    guards++;
  }
  return undefined;
}

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);
const LABELS = new Set(['labeled_statement', 'goto_statement']);
const JUMPS = new Set(['break_statement', 'continue_statement', 'goto_statement', 'labeled_statement', 'case_statement']);

function hasType(root: SyntaxNode, types: ReadonlySet<string>): boolean {
  // An explicit stack: nesting thousands deep must not exhaust the call stack.
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const n = stack.pop()!;
    if (types.has(n.type)) return true;
    for (const ch of n.namedChildren) stack.push(ch);
  }
  return false;
}

/** `return ...;` or a `Py_RETURN_...` macro. */
function isReturn(n: SyntaxNode, src: SourceFile): boolean {
  if (n.type === 'return_statement') return true;
  return n.type === 'expression_statement' && /^Py_RETURN_\w+/.test(src.text.slice(n.startIndex, n.endIndex));
}

/** A statement (or block) that always leaves the function, with no other jump in it. */
function endsFunction(n: SyntaxNode, src: SourceFile): boolean {
  if (hasType(n, JUMPS)) return false;
  if (n.type === 'compound_statement') {
    const inner = n.namedChildren.filter((c) => c.type !== 'comment');
    return inner.length > 0 && isReturn(inner[inner.length - 1], src);
  }
  return isReturn(n, src);
}

/** `if (cond) <exit>` with no else. */
function isGuard(n: SyntaxNode, src: SourceFile): boolean {
  if (n.type !== 'if_statement' || n.childForFieldName('alternative')) return false;
  const c = n.childForFieldName('consequence');
  return !!c && endsFunction(c, src);
}

/** The outermost branch of an `if` (without else) around `at` that ends the function. */
function outermostExitBranch(body: SyntaxNode, at: number, src: SourceFile): SyntaxNode | undefined {
  let found: SyntaxNode | undefined;
  for (let n: SyntaxNode | null = body.descendantForIndex(at, at); n && n.id !== body.id; n = n.parent) {
    const p: SyntaxNode | null = n.parent;
    if (p && p.type === 'if_statement' && p.childForFieldName('consequence')?.id === n.id && !p.childForFieldName('alternative') && endsFunction(n, src)) found = n;
  }
  return found;
}

function lowestCommonBlock(body: SyntaxNode, uses: number[]): SyntaxNode {
  const chain = (at: number): SyntaxNode[] => {
    const out: SyntaxNode[] = [];
    for (let n: SyntaxNode | null = body.descendantForIndex(at, at); n; n = n.parent) {
      if (n.type === 'compound_statement') out.unshift(n);
      if (n.id === body.id) break;
    }
    return out;
  };
  let common = chain(uses[0]);
  for (const u of uses.slice(1)) {
    const c = chain(u);
    let i = 0;
    while (i < common.length && i < c.length && common[i].id === c[i].id) i++;
    common = common.slice(0, i);
  }
  return common.length > 0 ? common[common.length - 1] : body;
}

/** The nearest block around `n` (a statement inside it). */
function enclosingBlock(n: SyntaxNode, body: SyntaxNode): SyntaxNode {
  for (let p: SyntaxNode | null = n.parent; p; p = p.parent) {
    if (p.type === 'compound_statement') return p;
    if (p.id === body.id) break;
  }
  return body;
}
