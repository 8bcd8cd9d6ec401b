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
          // Function-level statics count too: they shadow a file-scope global of that name.
          const name = declaratorName(d, text);
          if (name) names.add(name);
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

/** Children of a block that declare in the block's own scope (a case label or an `#if` branch opens none). */
const SAME_SCOPE = new Set(['case_statement', 'labeled_statement', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef']);

/**
 * Whether `name` at offset `at` in `f` is one of f's parameters, or a local declared earlier in a
 * block around `at` (nested blocks and a `for` initializer included). Stricter than
 * namesDeclaredIn, which holds every name declared anywhere in the function.
 */
export function declaredInScopeAt(f: FunctionInfo, name: string, at: number): boolean {
  if (!namesDeclaredIn(f).has(name)) return false;
  if (f.params.some((p) => p.name === name)) return true;
  const text = f.file.source.text;
  for (let x: SyntaxNode | null = f.node.descendantForIndex(at, at + name.length); x && x.startIndex >= f.node.startIndex; x = x.parent) {
    if (x.type === 'compound_statement' && declaresBefore(x, name, at, text)) return true;
    if (x.type === 'for_statement' && x.namedChildren.some((c) => c.type === 'declaration' && c.startIndex < at && declares(c, name, text))) return true;
    if (x.id === f.node.id) break;
  }
  return false;
}

function declaresBefore(block: SyntaxNode, name: string, at: number, text: string): boolean {
  for (const c of block.namedChildren) {
    if (c.startIndex >= at) break;
    if (c.type === 'declaration' && declares(c, name, text)) return true;
    if (SAME_SCOPE.has(c.type) && declaresBefore(c, name, at, text)) return true;
  }
  return false;
}

function declares(declaration: SyntaxNode, name: string, text: string): boolean {
  return declaration.childrenForFieldName('declarator').some((d) => declaratorName(d, text) === name);
}

/** The identifier a declarator declares (`*x`, `x[4]`, `x = 1`, `(*x)(void)`). */
function declaratorName(d: SyntaxNode, text: string): string | undefined {
  let x: SyntaxNode | null = d;
  while (x && x.type !== 'identifier') x = x.childForFieldName('declarator') ?? (x.type === 'parenthesized_declarator' ? x.namedChildren[0] : null);
  return x ? nodeText(x, text) : undefined;
}
