/**
 * An init written with macros of a project header that several small extensions share, the
 * module name glued from a -D of the build (rjsmin's and rcssmin's shape): the tool cannot read
 * the init, and says so at the macros' uses instead of "no isolation hazards".
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';

const HEADER = `#ifndef SHARED_EXT_H
#define SHARED_EXT_H
#define GLUE_(a, b) a ## b
#define GLUE(a, b) GLUE_(a, b)
#define EXT_INIT_FUNC PyMODINIT_FUNC GLUE(PyInit_, EXT_MODULE)(void)
#define EXT_CREATE(def) (PyModule_Create(def))
#endif
`;

const MODULE = `#include <Python.h>
#include "shared_ext.h"

static struct PyModuleDef squash_def = {PyModuleDef_HEAD_INIT, "squash", NULL, -1, NULL};

EXT_INIT_FUNC {
    PyObject *m;
    if (!(m = EXT_CREATE(&squash_def)))
        return NULL;
    return m;
}
`;

test("an init made by a shared header's macros is reported where it is used, not passed as clean", () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-unread-init-'));
  try {
    fs.writeFileSync(path.join(dir, 'shared_ext.h'), HEADER);
    fs.writeFileSync(path.join(dir, 'squash.c'), MODULE);
    const found = check([dir]).findings.filter((f) => f.rule === 'multi-phase-init/unread-init');
    expect(found.map((f) => `${path.basename(f.file)}:${f.line} ${f.severity} ${f.fix}`)).toEqual(['squash.c:6 error manual', 'squash.c:8 error manual']);
    expect(found[0].message).toMatch(/PyInit_ function is made by macro EXT_INIT_FUNC of shared_ext\.h/);
    expect(found[1].message).toMatch(/PyModule_Create in macro EXT_CREATE of shared_ext\.h/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
