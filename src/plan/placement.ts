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
    return `${e}${lines.map((l) => indent + l).join(e)}${e}${indent}`;
  }
  return lines.map((l) => (l === '' ? '' : indent + l) + e).join('');
}
