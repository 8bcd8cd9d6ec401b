/**
 * The returns of a dealloc: the one that ends its body (its normal end) and early ones, which are
 * safe to leave without a type DECREF only when no free came before them.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { FunctionInfo } from '../../src/model/types';

/**
 * The `return;` that is the last statement of a function body, or of a plain block that is itself
 * the last statement (`{ ...; { ...; return; } }`): every path that reaches it reaches the end of
 * the function anyway, so it is no early exit.
 */
export function trailingReturn(block: SyntaxNode): SyntaxNode | undefined {
  const last = block.namedChildren.filter((c) => c.type !== 'comment').pop();
  if (!last) return undefined;
  if (last.type === 'compound_statement') return trailingReturn(last);
  return last.type === 'return_statement' && last.namedChildren.every((c) => c.type === 'comment') ? last : undefined;
}

/** A call that frees the object or hands it to a dealloc that does. */
const FREES = /\b(tp_free|tp_dealloc|PyObject_GC_Del|PyObject_Del|PyObject_DEL|PyObject_Free|PyObject_FREE)\s*\(/;

/**
 * Why the early returns of a dealloc are not all exits that keep the object, or undefined when they
 * are. A `return;` met before anything freed the object leaves it alive (the constructor failed and it
 * is leaked, as pysqlite3's cache does): the reference to its type that the object holds stays with it,
 * and the `Py_DECREF` at the end serves the paths that free. Textual order is execution order here
 * when no loop holds the return and no `goto` jumps back; a resurrecting finalizer would run on an
 * object that untracking took from the GC.
 */
export function returnWithoutFree(d: FunctionInfo, returns: SyntaxNode[]): string | undefined {
  const text = d.file.source.text;
  const body = text.slice(d.bodyStart, d.bodyEnd);
  if (/\bPyObject_CallFinalizerFromDealloc\s*\(/.test(body)) return 'resurrection';
  if (/\bgoto\b/.test(body)) return 'with a goto in the body';
  const free = FREES.exec(body);
  if (!free) return 'it frees the object nowhere in sight';
  const freeAt = d.bodyStart + free.index;
  const after = returns.find((r) => r.endIndex > freeAt);
  if (after) return `line ${d.file.source.position(after.startIndex).line}, after freeing the object`;
  const looped = returns.find((r) => inLoop(r, d));
  if (looped) return `line ${d.file.source.position(looped.startIndex).line}, inside a loop`;
  return undefined;
}

const LOOPS = new Set(['for_statement', 'while_statement', 'do_statement']);

function inLoop(node: SyntaxNode, d: FunctionInfo): boolean {
  for (let n = node.parent; n && n.startIndex >= d.bodyStart; n = n.parent) if (LOOPS.has(n.type)) return true;
  return false;
}
