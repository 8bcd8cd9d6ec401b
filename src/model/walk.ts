/** Walks of one subtree (used on single function bodies, never on whole files). */
import type { SyntaxNode } from '../core/parse';

/**
 * Every node of `root`'s subtree (itself included) whose type is in `types`, in document order.
 * tree-sitter's own walk: a JS walk made a call per node, and a 1 MB initializer in a function is
 * 250 000 nodes (a minute of CPU for the init's dozen walks; the same nodes, tested on testdata).
 */
export function findAll(root: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  return root.descendantsOfType([...types]);
}

/** The statement node (child of a compound statement or a control statement) containing `node`. */
export function enclosingStatement(node: SyntaxNode): SyntaxNode {
  let n: SyntaxNode = node;
  while (n.parent && !['compound_statement', 'translation_unit'].includes(n.parent.type) && !isStatement(n)) n = n.parent;
  return n;
}

export function isStatement(n: SyntaxNode): boolean {
  return /_statement$/.test(n.type) || n.type === 'declaration';
}

/** The innermost node covering [start, end). */
export function nodeAt(root: SyntaxNode, start: number, end: number): SyntaxNode {
  return root.descendantForIndex(start, end);
}
