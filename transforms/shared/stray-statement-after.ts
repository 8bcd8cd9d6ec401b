/**
 * A file-scope declaration right before a statement at file scope (a `{ ... }` block, `(x);`, not
 * a macro call such as `_Py_IDENTIFIER(x);` or `PyDoc_STRVAR(doc, "...");`, which declares):
 * no C compiles that way, and the parse reads it so only because the code before the declaration
 * is unfinished (a macro that declares a global between a function's declarator and its body,
 * a declarator without its `;`). Removing the declaration (a global moved into the state) joins
 * that code to the statement, which the next run reads as something else (`static int f(void)`
 * + `{ ... }` becomes a function definition): the run would not be idempotent, so it stays.
 */
import { lastSignificantIndex, significantIndexAfter } from '../../src/core/macro-scan';
import type { SyntaxNode } from '../../src/core/parse';
import type { GlobalVar } from '../../src/model/types';

export interface StrayStatementAfter {
  reason: string;
  steps: string;
}

/** What holds file-scope items: the file, and the branches of a `#if` at file scope. */
const FILE_SCOPE = /^(translation_unit|preproc_if|preproc_ifdef|preproc_else|preproc_elif|preproc_elifdef)$/;

export function strayStatementAfter(g: GlobalVar): StrayStatementAfter | undefined {
  if (g.scope !== 'file') return undefined;
  const parsed = g.file.parsed;
  const at = significantIndexAfter(parsed.parseText, parsed.lex, g.declEnd);
  if (at === -1) return undefined;
  let n: SyntaxNode | null = parsed.tree.rootNode.descendantForIndex(at, at + 1);
  while (n && n.parent && !FILE_SCOPE.test(n.parent.type)) n = n.parent;
  if (!n || !n.parent || !/_statement$/.test(n.type) || n.startIndex !== at || macroCall(n) || emptyStatement(n)) return undefined;
  // Code before it that is finished (`};`, a function's `}`) joins nothing: the statement stays one
  // at file scope either way. What the first run inserts there (the slots table) must not decide.
  const before = lastSignificantIndex(parsed.parseText, parsed.lex, g.declStart);
  if (before === -1 || parsed.parseText[before] === ';' || parsed.parseText[before] === '}') return undefined;
  const line = g.file.source.position(at).line;
  return {
    reason: `a statement at file scope follows its declaration (line ${line}; code before it may lack its ';', or a function's declarator its body): moving the declaration would join the code before it to that statement, which a second run would read otherwise`,
    steps: 'make the code around it C the compiler accepts (or give the macros it uses in [tool.pyext-isolate] macros), then run again',
  };
}

/** `NAME(...);` at file scope: a macro that expands to a declaration, C as written. */
function macroCall(n: SyntaxNode): boolean {
  const e = n.type === 'expression_statement' ? n.namedChildren.find((c) => c.type !== 'comment') : undefined;
  return e?.type === 'call_expression' && e.childForFieldName('function')?.type === 'identifier';
}

/** A lone `;` (what is left of `DECLARE(b);` once its declaring macro is cut from the parse): joins nothing. */
function emptyStatement(n: SyntaxNode): boolean {
  return n.type === 'expression_statement' && n.namedChildren.every((c) => c.type === 'comment');
}
