/**
 * A NumPy consumer (testdata/numpy-consumer: methods on PyArray_*, import_array() in the init
 * function) converted and built against the NumPy 2.x of whichever interpreter has one: the exec
 * function uses import_array1(-1) (a hidden `return NULL` in an int function is what
 * -Werror=int-conversion refuses), the module imports and passes its smoke test, its import fails
 * with NumPy's ImportError when NumPy cannot be imported, and it never declares own-GIL support
 * while NumPy's process-wide API table stands. Skipped, with a message, where no NumPy is found.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite, applyRewrite, RewriteResult } from '../src/api';
import { buildExtension } from '../src/verify/build';
import { discoverInterpreters } from '../src/verify';
import type { Interpreter } from '../src/verify';
import { ROOT, tempCopy } from './helpers/modules';
import { discoverVersions } from './helpers/verify-helper';

const CONSUMER = path.join(ROOT, 'testdata', 'numpy-consumer');

/** Every interpreter the tests use, then every pyenv version (NumPy is often in only one of them). */
async function candidates(): Promise<Interpreter[]> {
  const { found } = await discoverVersions(['3.9', '3.10', '3.11', '3.12', '3.13']);
  const root = process.env.PYENV_ROOT || path.join(os.homedir(), '.pyenv');
  const versions = path.join(root, 'versions');
  const extra = fs.existsSync(versions)
    ? fs.readdirSync(versions).map((v) => path.join(versions, v, 'bin', 'python3')).filter((p) => fs.existsSync(p) && !found.some((i) => i.executable.startsWith(path.dirname(p) + path.sep)))
    : [];
  const more = extra.length > 0 ? (await discoverInterpreters(extra)).found : [];
  return [...found, ...more].filter((i) => i.major === 3 && i.minor >= 9);
}

async function findNumpy(): Promise<{ interpreter: Interpreter; include: string; version: string } | undefined> {
  for (const interpreter of await candidates()) {
    try {
      const out = execFileSync(interpreter.executable, ['-c', 'import numpy; print(numpy.__version__); print(numpy.get_include())'], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'], timeout: 60000 });
      const [version, include] = out.trim().split('\n');
      if (include && fs.existsSync(path.join(include, 'numpy', 'arrayobject.h'))) return { interpreter, include, version };
    } catch {
      /* no NumPy for this one */
    }
  }
  return undefined;
}

describe('a NumPy consumer', () => {
  let work: string;
  let result: RewriteResult;
  beforeAll(() => {
    work = tempCopy(CONSUMER, 'npconsumer');
    result = rewrite([work]);
    applyRewrite(result);
  });
  afterAll(() => fs.rmSync(work, { recursive: true, force: true }));

  test('the rewrite: import_array1(-1) in exec, the process-wide API table reported, no own-GIL claim', () => {
    const r = result;
    const out = r.changes.find((c) => c.path.endsWith('npconsumer.c'))!.after;
    expect(out).toMatch(/\n    import_array1\(-1\);\n/);
    expect(out).not.toMatch(/^\s*import_array\(\);/m);
    expect(out).not.toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
    expect(out).toContain('Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED');
    const table = r.findings.filter((f) => f.rule === 'checks/dependency-api-table');
    expect(table).toHaveLength(1);
    expect(table[0].message).toMatch(/PyArray_API/);
    expect(table[0].fix).toBe('manual');
    expect(rewrite([work]).changes).toEqual([]);
  });

  test('built against NumPy with -Werror=int-conversion: it imports, passes its smoke test, and fails to import when NumPy does', async () => {
    const numpy = await findNumpy();
    if (!numpy) {
      console.warn('skipped: no NumPy found for any interpreter from 3.9 on (PATH or pyenv; numpy.get_include()): the NumPy consumer was not built');
      return;
    }
    console.log(`NumPy ${numpy.version} of ${numpy.interpreter.executable} (${numpy.include})`);
    const build = await buildExtension({
      module: 'npconsumer',
      sources: [path.join(work, 'npconsumer.c')],
      includeDirs: [numpy.include],
      interpreter: numpy.interpreter,
      werror: true,
      extraCflags: ['-Werror=int-conversion'],
    });
    try {
      if (!build.ok) throw new Error(`build against NumPy ${numpy.version} failed:\n${build.command.join(' ')}\n${build.output}`);
      const run = (script: string): { status: number | null; out: string } => {
        const r = spawnSync(numpy.interpreter.executable, [path.join(work, script)], { encoding: 'utf8', env: { ...process.env, PYTHONPATH: build.outDir }, timeout: 60000 });
        return { status: r.status, out: `${r.stdout}${r.stderr}` };
      };
      const smoke = run('smoke.py');
      expect(smoke.out).toContain('smoke ok');
      expect(smoke.status).toBe(0);
      const blocked = run('numpy_blocked.py');
      expect(blocked.out).toMatch(/import failed: .*failed to import/);
      expect(blocked.out).not.toMatch(/SystemError/);
      expect(blocked.status).toBe(0);
    } finally {
      fs.rmSync(build.outDir, { recursive: true, force: true });
    }
  });

  test('every NumPy import form in an init function becomes one that returns -1 from exec', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-npforms-'));
    try {
      fs.writeFileSync(path.join(dir, 'npforms.c'), `#include <Python.h>
#include <numpy/arrayobject.h>
#include <numpy/ufuncobject.h>

static struct PyModuleDef npforms_module = {
    PyModuleDef_HEAD_INIT, "npforms", NULL, -1, NULL,
};

PyMODINIT_FUNC
PyInit_npforms(void)
{
    PyObject *m;

    import_array();
    import_umath();
    import_ufunc();
    import_array1(NULL);
    import_array2("npforms needs numpy", NULL);
    import_umath1(NULL);
    if (PyArray_ImportNumPyAPI() < 0) {
        return NULL;
    }
    m = PyModule_Create(&npforms_module);
    return m;
}
`);
      const r = rewrite([dir]);
      const out = r.changes[0].after;
      // The module parameter is unused here, so it is written Py_UNUSED(m).
      expect(out).toContain('npforms_exec(PyObject *Py_UNUSED(m))\n{');
      const body = out.slice(out.indexOf('npforms_exec(PyObject *Py_UNUSED(m))\n{'));
      expect(body).toContain(`    import_array1(-1);
    import_umath1(-1);
    import_umath1(-1);
    import_array1(-1);
    import_array2("npforms needs numpy", -1);
    import_umath1(-1);
    if (PyArray_ImportNumPyAPI() < 0) {
        return -1;
    }`);
      expect(r.findings.filter((f) => f.rule === 'checks/dependency-api-table')).toHaveLength(7);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
