/**
 * A header outside the files given that defines a static variable its own code writes (a classic
 * consumer header: `static void **Box_API;` filled by its `import_box()`): every file including it
 * keeps a per-process copy the tool cannot see or move, so the module must not declare isolation.
 * Statics its code never writes, const ones, and ones an `#ifndef PROVIDER` block hides from a
 * provider that defines PROVIDER above the include are no finding.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check, rewrite } from '../src/api';

const HEADER = `#ifndef BOX_API_H
#define BOX_API_H
#include <Python.h>
static const char *box_doc = "boxes";
static int box_api_version = 3;
#ifndef BOX_PROVIDER
static void **Box_API;
static int
import_box(void)
{
    Box_API = (void **)PyCapsule_Import("box._C_API", 0);
    return Box_API != NULL ? 0 : -1;
}
#endif
#endif
`;

const moduleSource = (defineProvider: boolean): string => `${defineProvider ? '#define BOX_PROVIDER\n' : ''}#include "box_api.h"

static struct PyModuleDef user_module = {
    PyModuleDef_HEAD_INIT, "user", NULL, -1, NULL
};

PyMODINIT_FUNC
PyInit_user(void)
{
${defineProvider ? '' : '    if (import_box() < 0)\n        return NULL;\n'}    return PyModule_Create(&user_module);
}
`;

describe('written statics of headers outside the files given', () => {
  let root = '';
  beforeEach(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-outside-static-'));
    fs.mkdirSync(path.join(root, 'include'));
    fs.mkdirSync(path.join(root, 'src'));
    fs.writeFileSync(path.join(root, 'include', 'box_api.h'), HEADER);
    fs.writeFileSync(path.join(root, 'src', 'pyproject.toml'), `[tool.pyext-isolate]\ninclude-dirs = ["${path.join(root, 'include')}"]\n`);
  });
  afterEach(() => fs.rmSync(root, { recursive: true, force: true }));

  test('a consumer header caching a C-API table: a manual finding at the include, and the module loads once', () => {
    fs.writeFileSync(path.join(root, 'src', 'user.c'), moduleSource(false));
    const found = check([path.join(root, 'src')]).findings.filter((f) => f.rule === 'checks/outside-header-static');
    expect(found.map((f) => `${f.line} ${f.fix}`)).toEqual(['1 manual']);
    expect(found[0].message).toMatch(/box_api\.h, included here but not among the files given, defines static variable 'Box_API' \(line 7\)/);
    // Neither the never-written version nor the const doc string is named.
    expect(found[0].message).not.toMatch(/box_api_version|box_doc/);
    const out = rewrite([path.join(root, 'src')]).changes.map((c) => c.after).join('\n');
    expect(out).toContain('Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED');
    expect(out).not.toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
  });

  test('the provider, which defines BOX_PROVIDER above the include, does not have that static', () => {
    fs.writeFileSync(path.join(root, 'src', 'user.c'), moduleSource(true));
    expect(check([path.join(root, 'src')]).findings.filter((f) => f.rule === 'checks/outside-header-static')).toEqual([]);
    expect(rewrite([path.join(root, 'src')]).changes.map((c) => c.after).join('\n')).toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
  });
});
