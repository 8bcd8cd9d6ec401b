/**
 * systemd's macro style (python-systemd): attribute macros reached through a function-like
 * macro are blanked like other attribute macros, and damage that lies only in the arguments of a
 * file-scope use of a function-defining macro blocks nothing unless an argument names a global.
 */
import * as fs from 'fs';
import { check } from '../src/api';
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import { defaultMacroTable } from '../src/core/macros';
import type { ProjectMacros } from '../src/core/project-macros';
import { caseInputCopy, editFile } from './helpers/modules';

function damageFinding(dir: string) {
  return check([dir]).findings.find((f) => f.rule === 'checks/parse-degraded' && f.file.endsWith('strlist.h'));
}

describe('a function-defining macro used at file scope with a type argument', () => {
  let dir: string;
  beforeEach(() => {
    dir = caseInputCopy('cleanup-function-macro-in-header');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('its arguments name nothing shared: an info', () => {
    expect(damageFinding(dir)?.severity).toBe('info');
  });

  test('an argument names a global of the extension: an error', () => {
    editFile(dir, 'strlist.h', 'DEFINE_CLEANUP_FUNC(char**, strlist_free);', 'DEFINE_CLEANUP_FUNC(char**, strlist_free);\nDEFINE_CLEANUP_FUNC(PyObject**, SplitError);');
    expect(damageFinding(dir)?.severity).toBe('error');
  });

  test("the macro's body names a global: that global stays, with the macro's file-scope use as the reason", () => {
    editFile(dir, 'macro.h', '                        func(*p);                               \\', '                        func(*p), (void)SplitError;              \\');
    const g = check([dir]).findings.find((f) => f.rule === 'globals-to-state/exception');
    expect(g?.fix).toBe('manual');
    expect(g?.message).toMatch(/macro DEFINE_CLEANUP_FUNC\(\) uses 'SplitError' and is itself used outside any function/);
  });

  test('the macro defines no function: an error', () => {
    editFile(dir, 'macro.h', 'static inline void func##p(type *p) {', 'static inline void (func##p)[sizeof(type)]; void x(void) {');
    expect(damageFinding(dir)?.severity).toBe('error');
  });
});

describe('attribute macros through a function-like macro', () => {
  const body = [
    'static int f(int n) {',
    '        if (n) {',
    '                _cleanup_free_ char *a = NULL;',
    '                return a != NULL;',
    '        } else {',
    '                _cleanup_(freep) int *b = NULL;',
    '                return b == NULL;',
    '        }',
    '}',
    '',
  ].join('\n');
  const defines = '#define _cleanup_(f) __attribute__((cleanup(f)))\n#define _cleanup_free_ _cleanup_(freep)\n';

  test("defined in the file: every use is blanked, the body parses", () => {
    const p = parseSource(new SourceFile('/virtual/mod.c', Buffer.from(defines + body, 'latin1')));
    expect(p.damage).toEqual([]);
  });

  test('defined in a project header: the same in the files that include it', () => {
    const project: ProjectMacros = new Map([
      ['_cleanup_', { name: '_cleanup_', params: ['f'], body: '__attribute__((cleanup(f)))', file: '/virtual/macro.h', start: 0, end: 50 }],
      ['_cleanup_free_', { name: '_cleanup_free_', body: '_cleanup_(freep)', file: '/virtual/macro.h', start: 51, end: 90 }],
    ]);
    const p = parseSource(new SourceFile('/virtual/mod.c', Buffer.from('#include "macro.h"\n' + body, 'latin1')), defaultMacroTable(), project);
    expect(p.damage).toEqual([]);
  });

  test('a function-like macro with code in its body is no attribute macro', () => {
    const text = '#define TWICE(x) ((x) * 2)\nstatic int g(int n) { return TWICE(n); }\n';
    const p = parseSource(new SourceFile('/virtual/mod.c', Buffer.from(text, 'latin1')));
    expect(p.holes.some((h) => h.name === 'TWICE')).toBe(false);
  });
});
