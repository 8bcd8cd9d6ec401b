/**
 * Which .c files verify compiles as units of their own: a file another source #includes is part of
 * that unit, unless the includer takes only part of it (a macro it #defines first that the included
 * file tests with #ifndef: lz4hc.c's `#define LZ4_COMMONDEFS_ONLY` + `#include "lz4.c"`).
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { collectSources } from '../src/verify';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-verify-sources-'));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const names = (dir: string, paths: string[]): string[] => collectSources(paths.map((p) => path.join(dir, p))).sources.map((s) => path.basename(s));

describe('collectSources: #included .c files', () => {
  test('a file included whole is left out', () => {
    const dir = tree({
      'mod.c': '#include <Python.h>\n#include "automaton.c"\n',
      'automaton.c': 'static int step(int x) { return x + 1; }\n',
    });
    expect(names(dir, ['mod.c', 'automaton.c'])).toEqual(['mod.c']);
    expect(names(dir, ['.'])).toEqual(['mod.c']);
  });

  test('a file included for its common part only is compiled too', () => {
    const dir = tree({
      'mod.c': '#include <Python.h>\nint helper_twice(int);\n',
      'helper.c': 'static int clamp(int x) { return x < 0 ? 0 : x; }\n#ifndef HELPER_COMMON_ONLY\nint helper_twice(int x) { return clamp(2 * x); }\n#endif\n',
      'extra.c': '#define HELPER_COMMON_ONLY\n#include "helper.c"\nint extra_thrice(int x) { return clamp(3 * x); }\n',
    });
    expect(names(dir, ['mod.c', 'helper.c', 'extra.c'])).toEqual(['extra.c', 'helper.c', 'mod.c']);
  });

  test('a macro the included file only defaults, or its guard, does not make it partial', () => {
    const dir = tree({
      'mod.c': '#define USE_FAST 1\n#define WHOLE_C\n#include "whole.c"\n',
      'whole.c': '#ifndef WHOLE_C\n#define WHOLE_C\n#endif\n#ifndef USE_FAST\n#define USE_FAST 0\n#endif\nstatic int fast = USE_FAST;\n',
    });
    expect(names(dir, ['mod.c', 'whole.c'])).toEqual(['mod.c']);
  });
});
