/**
 * Issue 13.5: a non-static helper or global that only the extension's own files use gets the state
 * like a static one (testdata/cases/multi-file-helpers builds and runs that); this checks the
 * assumption's limits: the config switch turns it off, and anything exported keeps it manual.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { inputsOfCase } from './helpers/modules';

function findingsOf(dir: string): { rule: string; fix: string; message: string }[] {
  return check([dir]).findings.map((f) => ({ rule: f.rule, fix: f.fix, message: f.message }));
}

describe('assume-internal', () => {
  const dir = inputsOfCase('multi-file-helpers', 'internal');

  test('by default the extension-internal helper and global move', () => {
    const fs1 = findingsOf(dir());
    expect(fs1.find((f) => f.message.includes("'unit_table'"))?.fix).toBe('auto');
    expect(fs1.find((f) => f.message.includes("'UnitError'"))?.fix).toBe('auto');
  });

  test('assume-internal = false in pyproject.toml turns it off', () => {
    fs.writeFileSync(path.join(dir(), 'pyproject.toml'), '[tool.pyext-isolate]\nassume-internal = false\n');
    const fs2 = findingsOf(dir());
    const cache = fs2.find((f) => f.message.includes("'unit_table'"));
    expect(cache?.fix).toBe('manual');
    expect(cache?.message).toMatch(/assume-internal is off/);
    expect(fs2.find((f) => f.message.includes("'UnitError'"))?.fix).toBe('manual');
  });

  test('a helper declared with an export macro is not assumed internal', () => {
    const h = path.join(dir(), 'units.h');
    fs.writeFileSync(h, fs.readFileSync(h, 'latin1').replace('PyObject *unit_lookup(', 'UNITS_API PyObject *unit_lookup(').replace('#include <Python.h>', '#include <Python.h>\n#define UNITS_API __attribute__((visibility("default")))'));
    const cache = findingsOf(dir()).find((f) => f.message.includes("'unit_table'"));
    expect(cache?.fix).toBe('manual');
    expect(cache?.message).toMatch(/declared for export \(UNITS_API in units\.h\)/);
  });
});

describe('assume-internal for data only its own file names', () => {
  const dir = inputsOfCase('unity-build-internal-data', 'unity');

  test('by default a non-static type pointer and C counters that no other file names move', () => {
    const found = findingsOf(dir());
    expect(found.find((f) => f.message.includes("'ReaderType'"))?.fix).toBe('auto');
    expect(found.find((f) => f.message.includes("'blob_allocs'"))?.fix).toBe('auto');
  });

  test('assume-internal = false keeps them', () => {
    fs.writeFileSync(path.join(dir(), 'pyproject.toml'), '[tool.pyext-isolate]\nassume-internal = false\n');
    const found = findingsOf(dir());
    for (const name of ['ReaderType', 'blob_allocs']) {
      const f = found.find((x) => x.message.includes(`'${name}'`));
      expect(f?.fix).toBe('manual');
      expect(f?.message).toMatch(/assume-internal is off/);
    }
  });

  test('a non-static function that only its own file calls, declared in a header, still gets no state parameter', () => {
    // blob_alloc() is called from reader.c; called only in counters.c, a caller the tool cannot see might pass no state
    // (blobkit.h declares it for whoever includes it: it cannot simply become static).
    const reader = path.join(dir(), 'reader.c');
    fs.writeFileSync(reader, fs.readFileSync(reader, 'latin1').replace('blob_alloc((size_t)len)', 'PyMem_Malloc((size_t)len ? (size_t)len : 1)'));
    const counters = path.join(dir(), 'counters.c');
    fs.writeFileSync(counters, fs.readFileSync(counters, 'latin1').replace('PyObject *\nblobkit_stats(PyObject *module, PyObject *unused)\n{\n', 'PyObject *\nblobkit_stats(PyObject *module, PyObject *unused)\n{\n    PyMem_Free(blob_alloc(1));\n'));
    const f = findingsOf(dir()).find((x) => x.message.includes("'blob_allocs'"));
    expect(f?.fix).toBe('manual');
    expect(f?.message).toMatch(/blob_alloc\(\).*no other file of the extension uses it/);
  });

  test('declared in no header, it becomes static as it takes the state: a caller outside would fail to link', () => {
    const reader = path.join(dir(), 'reader.c');
    fs.writeFileSync(reader, fs.readFileSync(reader, 'latin1').replace('blob_alloc((size_t)len)', 'PyMem_Malloc((size_t)len ? (size_t)len : 1)'));
    const header = path.join(dir(), 'blobkit.h');
    fs.writeFileSync(header, fs.readFileSync(header, 'latin1').replace('void *blob_alloc(size_t size);\n', ''));
    const counters = path.join(dir(), 'counters.c');
    fs.writeFileSync(counters, fs.readFileSync(counters, 'latin1').replace('PyObject *\nblobkit_stats(PyObject *module, PyObject *unused)\n{\n', 'PyObject *\nblobkit_stats(PyObject *module, PyObject *unused)\n{\n    PyMem_Free(blob_alloc(1));\n'));
    expect(findingsOf(dir()).find((x) => x.message.includes("'blob_allocs'"))?.fix).toBe('auto');
    const out = rewrite([dir()]).changes.find((c) => c.path.endsWith('counters.c'))!.after;
    expect(out).toMatch(/static void \*\nblob_alloc\(blobkit_state \*st, size_t size\)/);
    // With assume-internal off it stays as it was.
    fs.writeFileSync(path.join(dir(), 'pyproject.toml'), '[tool.pyext-isolate]\nassume-internal = false\n');
    expect(findingsOf(dir()).find((x) => x.message.includes("'blob_allocs'"))?.fix).toBe('manual');
  });
});

describe('a header under include/', () => {
  const dir = inputsOfCase('private-header-in-include-dir', 'incdir');

  test('that only the extension includes is its own: what it declares moves', () => {
    const found = findingsOf(dir());
    expect(found.find((f) => f.message.includes("'PlaneError'"))?.fix).toBe('auto');
    expect(found.find((f) => f.message.includes("'plane.Point'"))?.fix).toBe('auto');
  });

  test('that spells out the C-API the extension exports through a capsule is public', () => {
    const h = path.join(dir(), 'include', 'plane.h');
    fs.writeFileSync(h, fs.readFileSync(h, 'latin1').replace('#endif', '#define PLANE_CAPSULE_NAME "plane._C_API"\n\n#endif'));
    const m = path.join(dir(), 'input.c');
    const capsule = '    static void *plane_capi[] = {(void *)point_from_xy};\n    if (PyModule_AddObject(m, "_C_API", PyCapsule_New((void *)plane_capi, "plane._C_API", NULL)) < 0) {\n        Py_DECREF(m);\n        return NULL;\n    }\n    return m;\n}';
    fs.writeFileSync(m, fs.readFileSync(m, 'latin1').replace(/    return m;\n\}/, capsule));
    const err = findingsOf(dir()).find((f) => f.message.includes("'PlaneError'"));
    expect(err?.fix).toBe('manual');
    expect(err?.message).toMatch(/declared in the public header plane\.h/);
  });
});
