/**
 * Statements inserted in front of an existing one (src/plan/statement-insert.ts): a brace-less
 * body of an if, else, for, while or do gets braces in the given brace style, so the new line
 * never takes the body's place; a statement in a block gets the line alone.
 */
import { parseSource, type SyntaxNode } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import { applyEdits } from '../src/core/edits';
import type { CodeStyle } from '../src/plan/code-style';
import { insertBeforeStatement } from '../src/plan/statement-insert';

const STYLE: CodeStyle = { indentUnit: '    ', eol: '\n', blockBrace: 'same', bracesForSingle: false, functionBrace: 'next', returnTypeOwnLine: true, structBrace: 'same', maxWidth: 79, blankAfterDeclarations: true, wrapAlign: true };

/** `body` in a function, with `track(o);` inserted before the first statement whose text starts with `anchor`. */
function insert(body: string, anchor: string, style: Partial<CodeStyle> = {}): string {
  const text = `static int f(int ok, int o)\n{\n${body}}\n`;
  const parsed = parseSource(SourceFile.fromText('/x/f.c', text));
  const stmt = parsed.tree.rootNode.descendantsOfType(['return_statement', 'expression_statement']).find((n: SyntaxNode) => text.startsWith(anchor, n.startIndex))!;
  const edits = insertBeforeStatement(parsed.source, { ...STYLE, ...style }, stmt, ['track(o);'], 5).map((e) => ({ ...e, by: 'test' }));
  const out = applyEdits(text, edits);
  return out.slice(out.indexOf('{\n') + 2, out.lastIndexOf('}'));
}

test('in a block: the line alone, at the statement\'s indentation', () => {
  expect(insert('    if (ok) {\n        return o;\n    }\n    return 0;\n', 'return o')).toBe('    if (ok) {\n        track(o);\n        return o;\n    }\n    return 0;\n');
});

test('the body of an if without else, on its own line and on the if\'s line', () => {
  expect(insert('    if (ok)\n        return o;\n    return 0;\n', 'return o')).toBe('    if (ok) {\n        track(o);\n        return o;\n    }\n    return 0;\n');
  expect(insert('    if (ok) return o;\n    return 0;\n', 'return o')).toBe('    if (ok) {\n        track(o);\n        return o;\n    }\n    return 0;\n');
});

test('if/else: the else keeps its if; an else body gets its own braces', () => {
  expect(insert('    if (ok) return o; else o = 0;\n    return 0;\n', 'return o')).toBe('    if (ok) {\n        track(o);\n        return o;\n    } else o = 0;\n    return 0;\n');
  expect(insert('    if (ok)\n        o = 1;\n    else\n        return o; /* why */\n    return 0;\n', 'return o')).toBe('    if (ok)\n        o = 1;\n    else {\n        track(o);\n        return o; /* why */\n    }\n    return 0;\n');
});

test('loop bodies: for, while and do', () => {
  expect(insert('    for (; ok; ok--)\n        o += ok;\n    return o;\n', 'o += ok')).toBe('    for (; ok; ok--) {\n        track(o);\n        o += ok;\n    }\n    return o;\n');
  expect(insert('    while (ok--)\n        o += ok;\n    return o;\n', 'o += ok')).toBe('    while (ok--) {\n        track(o);\n        o += ok;\n    }\n    return o;\n');
  expect(insert('    do o += ok; while (--ok);\n    return o;\n', 'o += ok')).toBe('    do {\n        track(o);\n        o += ok;\n    } while (--ok);\n    return o;\n');
});

test('the file\'s brace style: next line, and GNU', () => {
  expect(insert('    if (ok)\n        return o;\n    return 0;\n', 'return o', { blockBrace: 'next' })).toBe('    if (ok)\n    {\n        track(o);\n        return o;\n    }\n    return 0;\n');
  expect(insert('  if (ok)\n    return o;\n  return 0;\n', 'return o', { blockBrace: 'gnu', indentUnit: '  ' })).toBe('  if (ok)\n    {\n      track(o);\n      return o;\n    }\n  return 0;\n');
});

test('a comment between the condition and the body stays after the brace', () => {
  expect(insert('    if (ok) // all is well\n        return o;\n    return 0;\n', 'return o')).toBe('    if (ok) { // all is well\n        track(o);\n        return o;\n    }\n    return 0;\n');
});
