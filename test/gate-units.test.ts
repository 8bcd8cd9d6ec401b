/**
 * Which translation units the compile gate compiles (runner/gate-units.ts): a unit is skipped only
 * when nothing it may read changed. Every way a unit can read a changed or new file must keep it;
 * a skipped unit that should have been compiled is a broken build handed to the user.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { includeRefs, unitsToCompile, IncludeSearch } from '../src/runner/gate-units';

let root: string;
beforeEach(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-gate-units-'));
});
afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

/** Writes files (relative to root) and returns their absolute paths in order. */
function write(files: Record<string, string>): string[] {
  return Object.entries(files).map(([rel, text]) => {
    const f = path.join(root, rel);
    fs.mkdirSync(path.dirname(f), { recursive: true });
    fs.writeFileSync(f, text);
    return f;
  });
}

const read = (f: string): string | undefined => (fs.existsSync(f) ? fs.readFileSync(f, 'latin1') : undefined);
const abs = (rel: string): string => path.join(root, rel);

/** The search of an extension in `ext/` with an include dir and a fake system dir (holding only stdio.h). */
function search(extra: Partial<IncludeSearch> = {}): IncludeSearch {
  write({ 'sys/stdio.h': '/* system */\n' });
  return { dirs: [abs('ext'), abs('include')], forced: [], systemDirs: [abs('sys')], ...extra };
}

/** The units to compile for an extension ext/{mod.c,util.c,...} whose rewrite changes `after`. */
function todo(files: Record<string, string>, after: Record<string, string>, s: IncludeSearch = search()): string[] {
  write(files);
  const units = Object.keys(files).filter((f) => f.startsWith('ext/') && f.endsWith('.c')).map(abs).sort();
  const changes = new Map(Object.entries(after).map(([rel, text]) => [abs(rel), text]));
  return unitsToCompile(units, changes, s, read).map((f) => path.relative(root, f));
}

const MOD = '#include <Python.h>\n#include "mod.h"\nint mod;\n';
const MOD_AFTER = '#include <Python.h>\n#include "mod.h"\n#include "pyext_isolate_compat.h"\nint mod_state;\n';

describe('units the gate compiles', () => {
  test('a changed unit is compiled; an unchanged one that includes nothing changed is not', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '#define X 1\n', 'ext/util.c': '#include <stdio.h>\n#include "util.h"\n', 'ext/util.h': '#define U 1\n' }, { 'ext/mod.c': MOD_AFTER, 'ext/pyext_isolate_compat.h': '/* compat */\n' })).toEqual(['ext/mod.c']);
  });

  test('nothing that differs: nothing to compile', () => {
    expect(todo({ 'ext/mod.c': MOD }, { 'ext/mod.c': MOD })).toEqual([]);
  });

  test('an unchanged unit that includes a changed header is compiled', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '#define X 1\n', 'ext/util.c': '#include "mod.h"\n' }, { 'ext/mod.h': '#define Y 1\n' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('... through a second header', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '#define X 1\n', 'ext/util.c': '#include "util.h"\n', 'ext/util.h': '#include "mod.h"\n' }, { 'ext/mod.h': '#define Y 1\n' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('... through a header outside the extension, in an include dir', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '#define X 1\n', 'ext/util.c': '#include <proj/api.h>\n', 'include/proj/api.h': '#include "mod.h"\n' }, { 'ext/mod.h': '#define Y 1\n' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('... through a -include file', () => {
    const files = { 'ext/mod.c': MOD, 'ext/mod.h': '#define X 1\n', 'ext/util.c': 'int u;\n', 'include/config.h': '#include "mod.h"\n' };
    expect(todo(files, { 'ext/mod.h': '#define Y 1\n' }, search({ forced: [abs('include/config.h')] }))).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('an unchanged unit that asks __has_include for a file the rewrite creates is compiled', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '', 'ext/util.c': '#if __has_include( "pyext_isolate_compat.h" )\n#endif\n' }, { 'ext/mod.c': MOD_AFTER, 'ext/pyext_isolate_compat.h': '' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('a header named like a changed one, anywhere, keeps the unit (names are matched by their last part)', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '', 'ext/util.c': '#include "../other/mod.h"\n' }, { 'ext/mod.h': '#define Y 1\n' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test.each([
    ['a computed #include', '#define HDR(x) #x\n#include HDR(mod.h)\n'],
    ['a directive split by a backslash-newline', '#inc\\\nlude "mod.h"\n'],
    ['a comment between # and include', '# /* the state */ include "mod.h"\n'],
    ['the %: digraph', '%:include "mod.h"\n'],
    ['trigraphs', '??=include "mod.h"\n'],
    ['#include_next', '#include_next <mod.h>\n'],
  ])('an unchanged unit with %s that may read the changed header is compiled', (_what, util) => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '', 'ext/util.c': util }, { 'ext/mod.h': '#define Y 1\n' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('without the list of system dirs every unit is compiled', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/mod.h': '', 'ext/util.c': 'int u;\n' }, { 'ext/mod.c': MOD_AFTER }, search({ systemDirs: [] }))).toEqual(['ext/mod.c', 'ext/util.c']);
  });

  test('a changed file that could pass for a system header (a system header is not followed) turns skipping off', () => {
    expect(todo({ 'ext/mod.c': MOD, 'ext/stdio.h': '', 'ext/util.c': 'int u;\n' }, { 'ext/stdio.h': '#define Y 1\n' })).toEqual(['ext/mod.c', 'ext/util.c']);
  });
});

describe('includeRefs', () => {
  test('the names of #include, #include_next, #import, #embed and __has_include, in order of kind', () => {
    expect(includeRefs('#include "a.h"\n  #  include <b/c.h>\n#include_next <d.h>\n#import "e.h"\n#embed "f.bin"\n#if __has_include(<g.h>) && __has_include_next("h.h")\n#endif\n')).toEqual(['a.h', 'b/c.h', 'd.h', 'e.h', 'f.bin', 'g.h', 'h.h']);
  });

  test('a name that is not spelled out is "computed"', () => {
    expect(includeRefs('#include MOD_HEADER\n')).toBe('computed');
    expect(includeRefs('#if __has_include(MOD_HEADER)\n#endif\n')).toBe('computed');
    expect(includeRefs('#include "unterminated\n"')).toBe('computed');
  });

  test('words that only start like a directive are not one', () => {
    expect(includeRefs('/* #includes and #imports */\n#define included 1\n')).toEqual([]);
  });
});
