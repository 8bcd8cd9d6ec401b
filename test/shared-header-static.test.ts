/**
 * A header that two modules include and that defines a `static` variable (python-isal's
 * isal_shared.h: `static PyObject *IsalError;`, filled by each module's init): each module compiles
 * its own copy, so each module's state gets its own field, with only that module's uses, and the
 * header's text is rewritten the same for both, or not at all (testdata/cases/header-static-in-two-modules
 * builds and runs both modules).
 */
import * as fs from 'fs';
import * as path from 'path';
import { check, rewrite } from '../src/api';
import { applyChanges } from '../src/runner/apply';
import { caseInputCopy, editFile } from './helpers/modules';

const HELPER = `
static void
rle_fail(const char *what)
{
    PyErr_Format(RleError, "bad input: %s", what);
}
`;

describe('a static variable of a header two modules include', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy('header-static-in-two-modules', 'shared-header-static');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('each module moves its own copy, and the header is rewritten once, alike for both', () => {
    const r = rewrite([dir]);
    expect(r.extensions.filter((e) => e.name).map((e) => [e.name, e.files.map((f) => path.basename(f)).sort()])).toEqual([
      ['rlepack', ['input.c', 'rle_shared.h']],
      ['rlestream', ['rle_shared.h', 'stream.c']],
    ]);
    expect(r.refused).toEqual([]);
    expect(r.findings.filter((f) => f.fix === 'manual')).toEqual([]);
    const header = r.changes.filter((c) => path.basename(c.path) === 'rle_shared.h');
    expect(header.length).toBe(2);
    expect(header[1].after).toBe(header[0].after);
    expect(header[0].after).not.toMatch(/static PyObject \*RleError;/);
    for (const [file, struct] of [['input.c', 'rlepack_state'], ['stream.c', 'rlestream_state']]) {
      const after = r.changes.find((c) => path.basename(c.path) === file)!.after;
      expect(after).toContain(`PyObject *RleError; /* was: static PyObject *RleError */\n} ${struct};`);
      expect(after).not.toMatch(/[^>]\bRleError\s*=/);
    }
    // Applied: the second extension finds the header already written as it wants it.
    const outcomes = applyChanges(r);
    expect(outcomes.filter((o) => !o.ok)).toEqual([]);
    expect(rewrite([dir]).changes).toEqual([]);
  });

  test('the findings of each module name only its own uses', () => {
    const found = check([dir]).findings.filter((f) => f.rule.startsWith('globals-to-state'));
    expect(found.map((f) => [path.basename(f.file), f.line, f.fix])).toEqual([['rle_shared.h', 9, 'auto']]);
  });

  test('a function the header defines that uses the static keeps both modules manual, each with its reason', () => {
    editFile(dir, 'rle_shared.h', '\n#endif /* RLE_SHARED_H */', `${HELPER}\n#endif /* RLE_SHARED_H */`);
    editFile(dir, 'input.c', '    if (!rle_run_ok(n)) {\n', '    if (n == 0) {\n        rle_fail("zero");\n        return NULL;\n    }\n    if (!rle_run_ok(n)) {\n');
    editFile(dir, 'stream.c', '    if (view.len % 2 != 0) {\n        PyErr_SetString(RleError, "odd length: pairs expected");\n', '    if (view.len % 2 != 0) {\n        rle_fail("odd length");\n');
    const manual = check([dir]).findings.filter((f) => f.fix === 'manual');
    expect(manual.map((f) => [path.basename(f.file), f.rule])).toEqual([
      ['rle_shared.h', 'globals-to-state/object-global'],
      ['rle_shared.h', 'globals-to-state/object-global'],
    ]);
    expect(manual[0].message).toContain("rle_fail() uses 'RleError' but cannot reach the module state: it is defined in rle_shared.h, which the files of rlepack and rlestream include");
    expect(manual[0].message).toContain("(this is rlepack's copy)");
    expect(manual[1].message).toContain("(this is rlestream's copy)");
    expect(manual[0].suggestion).toContain('give rle_fail() what it reads of the header');
    expect(manual.map((f) => f.message).join('\n')).not.toMatch(/PyInit_|not static/);
    // Neither module touches the header.
    const r = rewrite([dir]);
    expect(r.changes.filter((c) => path.basename(c.path) === 'rle_shared.h')).toEqual([]);
    expect(r.refused).toEqual([]);
  });

  test('a module that keeps its copy keeps the header, and the other module is refused rather than break it', () => {
    // rlestream clears its copy from a process exit hook, which has no module: it stays global there.
    editFile(dir, 'stream.c', '\nstatic PyMethodDef rlestream_methods[]', '\nstatic void\nrlestream_atexit(void)\n{\n    Py_CLEAR(RleError);\n}\n\nstatic PyMethodDef rlestream_methods[]');
    editFile(dir, 'stream.c', '    Py_INCREF(RleError);\n', '    Py_AtExit(rlestream_atexit);\n    Py_INCREF(RleError);\n');
    const r = rewrite([dir]);
    expect(r.changes.filter((c) => path.basename(c.path) === 'rle_shared.h')).toEqual([]);
    expect(r.changes.some((c) => path.basename(c.path) === 'input.c')).toBe(false);
    const why = r.refused.find((x) => path.basename(x.path) === 'rle_shared.h')?.reason ?? '';
    expect(why).toContain('rle_shared.h is compiled into rlestream too, whose rewrite leaves it as it is');
    // rlestream itself converts what it can and leaves the header alone.
    expect(r.changes.map((c) => path.basename(c.path))).toEqual(['stream.c']);
  });
});
