/**
 * Nothing is skipped without a word: every C-like file under the paths is read or reported with
 * the reason (C++ sources), `.inc.src` templates are read, every file named in the `modules`
 * table is read or reported, configured modules take in the headers their files include, and a
 * refusal for a rewrite that would parse worse names the file and its first new damage.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { generateModule } from '../test-support/fuzz/generate';
import { Rng } from '../test-support/fuzz/rng';
import { groupFiles, FileSummary } from '../src/runner/summary';

function tree(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-skips-'));
  for (const [rel, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    fs.writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

const INIT = `#include <Python.h>
#include "helpers.h"
static struct PyModuleDef ext_module = { PyModuleDef_HEAD_INIT, "ext", NULL, -1, NULL };
PyMODINIT_FUNC
PyInit_ext(void)
{
    return PyModule_Create(&ext_module);
}
`;

const CACHE = `static PyObject *
floor_of(PyObject *module, PyObject *x)
{
    static PyObject *math_floor = NULL;
    if (math_floor == NULL) {
        math_floor = PyImport_ImportModuleAttrString("math", "floor");
    }
    return PyObject_CallOneArg(math_floor, x);
}
`;

describe('files are read or reported', () => {
  test('C++ files under the paths and unread files of the modules table are reported; .inc.src is read', () => {
    const dir = tree({
      'src/ext.c': INIT + '#include "funcs.inc.src"\n',
      'src/funcs.inc.src': CACHE,
      'src/helpers.h': `static inline PyObject *helper_cache(void) { static PyObject *cached = NULL; return cached; }\n`,
      'src/sort.cpp': 'int sorter() { return 0; }\n',
      'src/sort.hpp': 'int sorter();\n',
      'other.c': 'int other_thing(void) { return 1; }\n',
      'pyproject.toml': `[tool.pyext-isolate]\nmodules = { ext = ["src/ext.c", "src/funcs.inc.src", "src/sort.cpp", "src/gone.c", "other.c"] }\n`,
    });
    try {
      const r = check([path.join(dir, 'src')]);
      const problem = (name: string): string => r.problems.filter((p) => path.basename(p.path) === name).map((p) => `${p.level ?? 'warning'}: ${p.message}`).join('\n');
      expect(problem('sort.cpp')).toMatch(/^info: C\+\+ source: not read/);
      expect(problem('sort.hpp')).toMatch(/^info: C\+\+ source: not read/);
      expect(problem('gone.c')).toBe('warning: listed in [tool.pyext-isolate] modules.ext but not read: it does not exist');
      expect(problem('other.c')).toBe('warning: listed in [tool.pyext-isolate] modules.ext but not read: it is not under the paths given, or an exclude pattern matches it');
      expect(r.files.map((f) => path.basename(f)).sort()).toEqual(['ext.c', 'funcs.inc.src', 'helpers.h']);
      // The configured module takes in the header its file includes.
      expect(r.extensions.find((e) => e.name === 'ext')!.files.map((f) => path.basename(f)).sort()).toEqual(['ext.c', 'funcs.inc.src', 'helpers.h']);
      const caches = r.findings.filter((f) => f.rule.startsWith('function-statics-to-state/')).map((f) => `${path.basename(f.file)}:${f.line}`);
      expect(caches.sort()).toEqual(['funcs.inc.src:4', 'helpers.h:1']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a refusal because the rewrite would parse worse names the file and its first new damage', () => {
    const g = generateModule(new Rng('skips-refusal', 1), 'refuseme');
    const text = g.files[0].content.replace(/\)\s*\{\r?\n/, (m) => m + '{'.repeat(2000) + '\n');
    const dir = tree(Object.fromEntries([[g.files[0].rel, text], ...g.files.slice(1).map((f) => [f.rel, f.content])]));
    try {
      const r = rewrite([dir]);
      const reason = r.refused.find((x) => x.path.endsWith(g.files[0].rel))?.reason ?? '';
      expect(reason).toMatch(new RegExp(`^the rewritten file \\S*${g.files[0].rel.replace(/[.]/g, '\\.')} would parse worse than the original \\(\\d+ vs \\d+ damaged bytes; first new damage at line \\d+ of the rewritten text: '.+'\\)`));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a configured module whose files hold no init function of it is reported, not dropped', () => {
    const dir = tree({
      'src/a.c': 'int a_thing(void) { return 1; }\n',
      'pyproject.toml': `[tool.pyext-isolate]\nmodules = { lost = ["src/a.c"] }\n`,
    });
    try {
      const r = check([path.join(dir, 'src')]);
      expect(r.problems.map((p) => p.message)).toContain('[tool.pyext-isolate] modules.lost: no PyInit_lost was found in its files, so they are checked but never converted');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the batch runner never splits the files of a configured module', () => {
    const summary = (p: string): FileSummary => ({ path: p, hash: p, bytes: 1, defines: [], uses: [], includes: [], hasInit: false });
    const files = ['/t/a.c', '/t/b.h.src', '/t/c.c'].map(summary);
    expect(groupFiles(files).length).toBe(3);
    expect(groupFiles(files, { m: ['/t/a.c', '/t/b.h.src'] }).map((g) => g.length).sort()).toEqual([1, 2]);
  });
});
