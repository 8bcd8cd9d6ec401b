/**
 * Small shapes of the init body's statements that several of its parts read.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel } from '../../src/model/types';
import { nodeText } from '../../src/model/cnodes';

export const RETURN_TYPES = new Set(['return_statement']);

/**
 * `fail:` / `Py_DECREF(m);` / `return NULL;`: the label's statement has a line of its own and a statement
 * follows it in the block, so the label can simply head that one (a declaration cannot follow a label
 * before C23); else the statement becomes `(void)0;`.
 */
export function labelTakesNext(stmt: SyntaxNode, src: FileModel['source']): boolean {
  const label = stmt.parent;
  if (!label || label.type !== 'labeled_statement' || label.parent?.type !== 'compound_statement') return false;
  const text = src.text;
  if (text.slice(src.lineStart(stmt.startIndex), stmt.startIndex).trim() !== '') return false;
  if (text.slice(stmt.endIndex, src.lineEndIncludingEol(stmt.endIndex)).trim() !== '') return false;
  let next = label.nextNamedSibling;
  while (next && next.type === 'comment') next = next.nextNamedSibling;
  return !!next && /_statement$/.test(next.type) && next.type !== 'labeled_statement';
}

/** A statement whose whole purpose is the call: `f(...);` or `if (f(...) < 0) <exit>`. */
export function statementOfCall(call: SyntaxNode): SyntaxNode | undefined {
  let p = call.parent;
  if (p && p.type === 'expression_statement') return p;
  while (p && (p.type === 'binary_expression' || p.type === 'parenthesized_expression' || p.type === 'unary_expression')) p = p.parent;
  if (p && p.type === 'condition_clause') p = p.parent;
  if (p && p.type === 'if_statement' && !p.childForFieldName('alternative')) return p;
  return undefined;
}

export function declaredName(n: SyntaxNode, text: string): string | undefined {
  let x: SyntaxNode | null = n;
  while (x && x.type !== 'identifier') x = x.childForFieldName('declarator');
  return x ? nodeText(x, text) : undefined;
}
