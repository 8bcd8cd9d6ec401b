/**
 * The indentation of statements inserted at the top of a function body (src/plan/text-util.ts
 * blockIndent): the first line of code deeper than the brace decides, so a function as written and
 * the same function after an earlier --select step (which removed or added lines) get the same
 * indentation (fuzz regression b9df36a8b2aa).
 */
import { SourceFile } from '../src/core/source';
import { blockIndent } from '../src/plan/text-util';

function indentOf(body: string, head = 'static int\nf(void)\n{'): string {
  const text = `${head}\n${body}}\n`;
  const src = SourceFile.fromText('/x/f.c', text);
  return blockIndent(src, text.indexOf('{'), text.lastIndexOf('}'));
}

test('the first line of code decides', () => {
  expect(indentOf('  int a;\n  return a;\n')).toBe('  ');
  expect(indentOf('\tint a;\n\treturn a;\n')).toBe('\t');
  expect(indentOf('    {\n      int a;\n    }\n', 'static int\nf(void)\n  {')).toBe('    ');
});

test('a flush-left line of code under #defines does not, a deeper line after it does', () => {
  expect(indentOf('#define ONE(x) ((x) + 1)\nstatic int chain = ONE(1);\n  return chain;\n')).toBe('  ');
  expect(indentOf('\n#define ONE(x) ((x) + 1)\nstatic int chain = ONE(1);\n    if (chain)\n        return 1;\n    return 0;\n')).toBe('    ');
});

test('the continuation lines of a directive are not code', () => {
  expect(indentOf('#define TWO(x) \\\n        ((x) + 2)\n  return TWO(1);\n')).toBe('  ');
  expect(indentOf('#define TWO(x) \\\r\n        ((x) + 2)\r\n  return TWO(1);\r\n')).toBe('  ');
});

test('a body written flush left stays so, and a wrapped statement is not the body', () => {
  expect(indentOf('int a = 1;\nreturn a;\n')).toBe('');
  expect(indentOf('int a = g(1,\n        2);\nreturn a;\n')).toBe('');
});

test('an empty body gets one unit more than the brace', () => {
  expect(indentOf('')).toBe('    ');
});
