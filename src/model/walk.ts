/** Cursor-based walks of one subtree (used on single function bodies, never on whole files). */
import type { SyntaxNode } from '../core/parse';

/** Every node of `root`'s subtree whose type is in `types`, in document order. */
export function findAll(root: SyntaxNode, types: ReadonlySet<string>): SyntaxNode[] {
  const out: SyntaxNode[] = [];
  const cursor = root.walk();
  for (;;) {
    const n = cursor.currentNode;
    if (types.has(n.type)) out.push(n);
    if (cursor.gotoFirstChild()) continue;
    for (;;) {
      if (cursor.currentNode.id === root.id) return out;
      if (cursor.gotoNextSibling()) break;
      if (!cursor.gotoParent()) return out;
    }
  }
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
