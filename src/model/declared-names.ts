/**
 * The names a function declares (parameters and locals), which shadow globals of the same name.
 */
import type { SyntaxNode } from '../core/parse';
import type { FunctionInfo } from './types';
import { nodeText } from './cnodes';

/** Statement-level nodes that can hold declarations; expressions are never entered. */
const HOLDS_DECLARATIONS = new Set([
  'compound_statement', 'if_statement', 'else_clause', 'for_statement', 'while_statement', 'do_statement', 'switch_statement',
  'case_statement', 'labeled_statement', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef',
]);

/** Names declared in a function (parameters and locals), computed once per function. */
const declaredNames = new WeakMap<FunctionInfo, Set<string>>();

export function namesDeclaredIn(f: FunctionInfo): Set<string> {
  let names = declaredNames.get(f);
  if (names) return names;
  names = new Set(f.params.map((p) => p.name));
  const text = f.file.source.text;
  const body = f.node.childForFieldName('body');
  if (body) {
    // The cursor's own properties avoid building a node object per visited node.
    const cursor = body.walk();
    let depth = 0;
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'declaration') {
        for (const d of cursor.currentNode.childrenForFieldName('declarator')) {
          let x: SyntaxNode | null = d;
          while (x && x.type !== 'identifier') x = x.childForFieldName('declarator') ?? (x.type === 'parenthesized_declarator' ? x.namedChildren[0] : null);
          // Function-level statics count too: they shadow a file-scope global of that name.
          if (x) names.add(nodeText(x, text));
        }
      }
      if ((depth === 0 || HOLDS_DECLARATIONS.has(type)) && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      let done = false;
      while (!cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) {
          done = true;
          break;
        }
        depth--;
        if (depth === 0) {
          done = true;
          break;
        }
      }
      if (done) break;
    }
  }
  declaredNames.set(f, names);
  return names;
}
