/**
 * A whole source tree given at once (pycrypto's src/): a file joins another module's extension
 * only through names it really takes from that module's files. A parameter, a local (nested block,
 * for initializer), a member, a prototype's parameter or the file's own static that shares the
 * name of another file's global is no link; a call of a helper file's function still is.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { analyzeTree, check, rewrite } from '../src/api';

// The cipher module's init fills a global of its helper file.
const CIPHER = `#include <Python.h>

extern PyObject *key;

int helper_blocks(void);

static PyObject *
cipher_blocks(PyObject *self, PyObject *noargs)
{
    return PyLong_FromLong(helper_blocks());
}

static PyMethodDef cipher_methods[] = {
    {"blocks", cipher_blocks, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef cipher_def = {PyModuleDef_HEAD_INIT, "cipher", NULL, -1, cipher_methods};

PyMODINIT_FUNC
PyInit_cipher(void)
{
    PyObject *m = PyModule_Create(&cipher_def);
    if (m == NULL)
        return NULL;
    key = PyErr_NewException("cipher.Error", NULL, NULL);
    if (key == NULL) {
        Py_DECREF(m);
        return NULL;
    }
    return m;
}
`;

// No init of its own (as pycrypto's CAST.c, whose init name is pasted): it joins the modules that use it.
const HELPER = `#include <Python.h>

PyObject *key = NULL;
long rounds = 16;
long helper_count = 0;
long helper_scale = 1;

int
block_size(int n)
{
    return n * 16;
}

int
helper_blocks(void)
{
    helper_count++;
    return block_size(2) + rounds + helper_scale;
}
`;

// Its own module; every key, rounds and block_size here is its own.
const FASTMATH = `#include <Python.h>

struct pair {
    long key;
    long rounds;
};

static long block_size;

#define helper_scale 3
#define TWICE(rounds) ((rounds) * 2)

long scaled(long key, long (*step)(long rounds));

static long
sum_pair(struct pair *p, long key)
{
    return p->key + p -> rounds + key;
}

static PyObject *
fastmath_total(PyObject *self, PyObject *noargs)
{
    struct pair pr = {1, 2};
    long total = sum_pair(&pr, 3) + pr.key + block_size + TWICE(helper_scale);
    if (total > 0) {
        long rounds = 2, helper_count = 1;
        total += rounds + helper_count;
    }
    for (long key = 0; key < 3; key++)
        total += key;
    return PyLong_FromLong(total);
}

static PyMethodDef fastmath_methods[] = {
    {"total", fastmath_total, METH_NOARGS, NULL},
    {NULL, NULL, 0, NULL}
};

static struct PyModuleDef fastmath_def = {PyModuleDef_HEAD_INIT, "fastmath", NULL, -1, fastmath_methods};

PyMODINIT_FUNC
PyInit_fastmath(void)
{
    return PyModule_Create(&fastmath_def);
}
`;

describe("linking a whole tree: a local named like another file's global", () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-local-names-'));
    fs.writeFileSync(path.join(dir, 'cipher.c'), CIPHER);
    fs.writeFileSync(path.join(dir, 'helper.c'), HELPER);
    fs.writeFileSync(path.join(dir, 'fastmath.c'), FASTMATH);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const groups = (): [string | undefined, string[]][] =>
    check([dir]).extensions.map((e): [string | undefined, string[]] => [e.name, e.files.map((f) => path.basename(f)).sort()]).sort((a, b) => String(a[0]).localeCompare(String(b[0])));

  test('the module with the locals stays alone; the helper still joins the module it serves', () => {
    expect(groups()).toEqual([
      ['cipher', ['cipher.c', 'helper.c']],
      ['fastmath', ['fastmath.c']],
    ]);
  });

  test("each module has its own findings: the cipher's globals are never the other module's", () => {
    const findings = check([dir]).findings;
    const named = (file: string): string[] => findings.filter((f) => path.basename(f.file) === file && /'(key|rounds)'/.test(f.message)).map((f) => f.rule);
    expect(named('helper.c').length).toBeGreaterThan(0);
    expect(named('fastmath.c')).toEqual([]);
    // Nor does the other module's locals make the helper's globals look used outside its extension.
    expect(findings.filter((f) => /not linked into this extension/.test(f.message)).map((f) => f.message)).toEqual([]);
    const fastInit = findings.find((f) => path.basename(f.file) === 'fastmath.c' && f.rule === 'multi-phase-init/single-phase-init')!;
    expect(fastInit.fix).not.toBe('manual');
  });

  // Outside the blocks and the loop that declare locals of those names: real uses.
  test.each(['helper_count', 'rounds', '(key != NULL)'])('a real use of %s links the helper into both modules', (use) => {
    const f = path.join(dir, 'fastmath.c');
    fs.writeFileSync(f, fs.readFileSync(f, 'latin1').replace('    return PyLong_FromLong(total);', `    return PyLong_FromLong(total + ${use});`));
    expect(groups()).toEqual([
      ['cipher', ['cipher.c', 'helper.c']],
      ['fastmath', ['fastmath.c', 'helper.c']],
    ]);
  });

  test("a file's own static of that name is what its uses name, inside one extension too", () => {
    const f = path.join(dir, 'cipher.c');
    fs.writeFileSync(f, fs.readFileSync(f, 'latin1').replace('int helper_blocks(void);\n', 'int helper_blocks(void);\n\nstatic long rounds = 3;\n').replace('PyLong_FromLong(helper_blocks())', 'PyLong_FromLong(helper_blocks() + rounds++)'));
    const cipher = analyzeTree([dir]).extensions.find((e) => e.name === 'cipher')!;
    const uses = (file: string): string[] => cipher.globals.filter((g) => g.name === 'rounds' && path.basename(g.file.path) === file).flatMap((g) => g.uses.map((u) => `${path.basename(u.file.path)} ${u.kind}`));
    expect(uses('helper.c')).toEqual(['helper.c read']);
    expect(uses('cipher.c')).toEqual(['cipher.c write']);
  });

  test("a local of the module's file named like the helper's function is no call and no use of its address", () => {
    const h = path.join(dir, 'helper.c');
    const c = path.join(dir, 'cipher.c');
    fs.writeFileSync(h, fs.readFileSync(h, 'latin1').replace('int\nhelper_blocks(void)\n{\n    helper_count++;\n    return block_size(2)', 'int\ncount_call(void)\n{\n    return (int)++helper_count;\n}\n\nint\nhelper_blocks(void)\n{\n    return count_call() + block_size(2)'));
    fs.writeFileSync(c, fs.readFileSync(c, 'latin1').replace('    return PyLong_FromLong(helper_blocks());', '    long count_call = 1;\n    return PyLong_FromLong(helper_blocks() + count_call);'));
    const r = rewrite([dir]);
    expect(r.findings.filter((f) => f.fix === 'manual').map((f) => f.message)).toEqual([]);
    // Only its own file calls it: it takes the state and becomes static (an unseen caller fails to link, loudly).
    const helper = r.changes.find((x) => path.basename(x.path) === 'helper.c')!.after;
    expect(helper).toContain('static int\ncount_call(cipher_state *st)\n{\n    return (int)++st->helper_count;');
    expect(r.changes.find((x) => path.basename(x.path) === 'cipher.c')!.after).toContain('    long count_call = 1;\n    return PyLong_FromLong(helper_blocks(st) + count_call);');
  });
});
