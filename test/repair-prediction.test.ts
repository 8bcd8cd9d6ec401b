/**
 * Repairs the lexical pre-scan predicts go into the first parse: a file whose only damage is an
 * `#if` group that splits a construct is parsed once, with the view a parse-then-repair would give.
 */
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';

function parse(text: string): ReturnType<typeof parseSource> {
  return parseSource(new SourceFile('/virtual/mod.c', Buffer.from(text, 'latin1')));
}

/** A definition whose declarator is split by platform, its body after the `#endif`. */
const SPLIT_DECLARATOR = [
  '#include <Python.h>',
  '#ifdef MS_WINDOWS',
  'static int count_items(PyObject *self, long n)',
  '#else',
  'static int count_items(PyObject *self, int n)',
  '#endif',
  '{',
  '    return (int)n;',
  '}',
  '',
].join('\n');

describe('repairs predicted by the pre-scan', () => {
  test('a declarator split by #if/#else is repaired in the first parse', () => {
    const p = parse(SPLIT_DECLARATOR);
    expect(p.parses).toBe(1);
    expect(p.damageBytes).toBe(0);
    // The #else branch is blanked, the first one kept.
    expect(p.parseText).toContain('static int count_items(PyObject *self, long n)');
    expect(p.parseText).not.toContain('int n)');
    expect(p.blankedGroups).toHaveLength(1);
  });

  test('an if statement whose brace opens in both branches is repaired in the first parse', () => {
    const p = parse(['int f(int a, int b)', '{', '#if USE_A', '    if (a) {', '#else', '    if (b) {', '#endif', '        return 1;', '    }', '    return 0;', '}', ''].join('\n'));
    expect(p.parses).toBe(1);
    expect(p.damageBytes).toBe(0);
    expect(p.parseText).not.toContain('if (b)');
  });

  test('a label ending a branch is repaired in the first parse', () => {
    const p = parse(['int f(int a)', '{', '    if (a) goto done;', '    a++;', '#ifdef FAST', 'done:', '#endif', '    return a;', '}', ''].join('\n'));
    expect(p.parses).toBe(1);
    expect(p.damageBytes).toBe(0);
    expect(p.parseText).toContain('done:');
  });

  test('a group of whole statements is left alone', () => {
    const text = ['int f(int a)', '{', '#ifdef FAST', '    a += 2;', '#else', '    a += 1;', '#endif', '    return a;', '}', ''].join('\n');
    const p = parse(text);
    expect(p.parses).toBe(1);
    expect(p.blankedGroups).toHaveLength(0);
    expect(p.parseText).toBe(text);
  });

  test('damage the pre-scan cannot see still gets a repair pass', () => {
    // A syntax error in the #else branch: only a parse shows it, and blanking that branch repairs it.
    const p = parse(['int f(int a)', '{', '#ifdef FAST', '    a += 2;', '#else', '    a += ;', '#endif', '    return a;', '}', ''].join('\n'));
    expect(p.parses).toBe(2);
    expect(p.damageBytes).toBe(0);
    expect(p.blankedGroups).toHaveLength(1);
  });

  test('an include guard is not re-parsed against missing semicolons', () => {
    const p = parse(['#ifndef MOD_H', '#define MOD_H', 'DECLARE_THING(a, b)', 'DECLARE_THING(c, d)', 'int x;', '#endif', ''].join('\n'));
    expect(p.damage.length).toBeGreaterThan(0);
    expect(p.damage.every((d) => d.missing !== undefined)).toBe(true);
    expect(p.parses).toBe(1);
  });
});
