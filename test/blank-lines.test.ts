/**
 * Lines a rewrite removes never leave two blank lines in a row where the file had one
 * (core/edits.ts doubledBlankRemovals; the cases' snapshots show it on whole modules).
 */
import { applyEdits, doubledBlankRemovals, Edit } from '../src/core/edits';

const FILE = ['#include <Python.h>', '', 'static PyObject *a;', 'static PyObject *b;', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n');

function lineSpan(text: string, line: string): { start: number; end: number } {
  const start = text.indexOf(`${line}\n`);
  if (start < 0) throw new Error(`no line ${line}`);
  return { start, end: start + line.length + 1 };
}

function removeLines(lines: string[], extra: Edit[] = []): string {
  const edits: Edit[] = [...lines.map((l) => ({ ...lineSpan(FILE, l), text: '', by: 'test' })), ...extra];
  return applyEdits(FILE, [...edits, ...doubledBlankRemovals(FILE, edits, 'emitter')]);
}

describe('blank lines around removed lines', () => {
  test('a run of removed lines between two blank lines takes the lower blank line with it', () => {
    expect(removeLines(['static PyObject *a;', 'static PyObject *b;'])).toBe(['#include <Python.h>', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n'));
  });

  test('a removed line with code next to it leaves the blank lines alone', () => {
    expect(removeLines(['static PyObject *a;'])).toBe(['#include <Python.h>', '', 'static PyObject *b;', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n'));
  });

  test('a blank line another edit touches, or inserts at, stays', () => {
    const below = lineSpan(FILE, 'static PyObject *b;').end;
    const out = removeLines(['static PyObject *a;', 'static PyObject *b;'], [{ start: below, end: below, text: '/* inserted */\n', by: 'other' }]);
    expect(out).toBe(['#include <Python.h>', '', '/* inserted */', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n'));
  });

  test('text inserted after the blank line (at the start of the next line) does not keep it: one run gives what two steps give', () => {
    const next = lineSpan(FILE, 'static int c;').start;
    const block = 'static int exec(void);\n\n';
    // Fuzz regression (seed 20261206, case 5955): one run removes the globals and inserts the block
    // below their blank line; the steps run inserted the block first and removed the globals next.
    const oneRun = removeLines(['static PyObject *a;', 'static PyObject *b;'], [{ start: next, end: next, text: block, by: 'other' }]);
    const stepOne = applyEdits(FILE, [{ start: next, end: next, text: block, by: 'other' }]);
    const removals: Edit[] = ['static PyObject *a;', 'static PyObject *b;'].map((l) => ({ ...lineSpan(stepOne, l), text: '', by: 'test' }));
    const steps = applyEdits(stepOne, [...removals, ...doubledBlankRemovals(stepOne, removals, 'emitter')]);
    expect(oneRun).toBe(steps);
    expect(oneRun).toBe(['#include <Python.h>', '', 'static int exec(void);', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n'));
  });

  test('text inserted where the lines were counts as what stands above the blank line below', () => {
    const at = lineSpan(FILE, 'static PyObject *a;').start;
    // A block that ends with a blank line of its own: the one below goes.
    expect(removeLines(['static PyObject *a;', 'static PyObject *b;'], [{ start: at, end: at, text: 'typedef int state;\n\n', by: 'other' }])).toBe(
      ['#include <Python.h>', '', 'typedef int state;', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n'),
    );
    // One that does not: the blank line below stays, so the block is still set off from the next line.
    expect(removeLines(['static PyObject *a;', 'static PyObject *b;'], [{ start: at, end: at, text: 'typedef int state;\n', by: 'other' }])).toBe(
      ['#include <Python.h>', '', 'typedef int state;', '', 'static int c;', '', 'int f(void) { return c; }', ''].join('\n'),
    );
  });

  test('without a blank line above, nothing more is removed', () => {
    expect(removeLines(['#include <Python.h>'])).toBe(FILE.replace('#include <Python.h>\n', ''));
  });
});
