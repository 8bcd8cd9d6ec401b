/**
 * Struct tables that are not const but that nothing writes (testdata/cases/read-only-struct-tables
 * builds and runs isolated): a note, not a blocker. Any write of a field of the struct anywhere in
 * the extension, or a copy over one, makes the table mutable C data: it moves into the state (its
 * initializer kept as the template exec copies) or, when it cannot, stays a mutable-c-static finding.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

const CASE = 'read-only-struct-tables';

function tableFindings(dir: string): string[] {
  return check([dir])
    .findings.filter((f) => f.rule.startsWith('checks/') || f.rule === 'globals-to-state/mutable-c-data')
    .map((f) => `${f.rule} ${/'(\w+)'/.exec(f.message)?.[1]}`);
}

describe('read-only struct tables', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy(CASE, 'ro-tables');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const edit = (from: string, to: string): void => editFile(dir, 'input.c', from, to);

  test('lent by address only: notes', () => {
    expect(tableFindings(dir)).toEqual(['checks/read-only-c-table ascii_encoding', 'checks/read-only-c-table digit_encoding', 'checks/read-only-c-table properties']);
  });

  test('a field of the struct written through a pointer: the tables of that struct move into the state', () => {
    edit('static PyMethodDef', 'static void\nset_lower(Encoding *e, int (*f)(int))\n{\n    e->lower = f;\n}\n\nstatic PyMethodDef');
    expect(tableFindings(dir)).toEqual(['globals-to-state/mutable-c-data ascii_encoding', 'globals-to-state/mutable-c-data digit_encoding', 'checks/read-only-c-table properties']);
  });

  test('a copy over a pointer of the struct type, or memset of the table: mutable (a table without a length stays manual)', () => {
    edit('    sc.min_run = prop->min_len;', '    sc.min_run = prop->min_len;\n    if (n < 0)\n        *sc.encoding = digit_encoding;');
    edit('    return PyLong_FromSsize_t(n);', '    memset(&properties[1], 0, sizeof(Property));\n    return PyLong_FromSsize_t(n);');
    expect(tableFindings(dir)).toEqual(['globals-to-state/mutable-c-data ascii_encoding', 'globals-to-state/mutable-c-data digit_encoding', 'checks/mutable-c-static properties']);
  });
});

/**
 * A library's callback table (yajl_callbacks, hiredis' reader functions): its struct is defined in a
 * header outside the files given, so no field name is known; the table is read-only when nothing
 * writes it and no pointer of its type writes any field.
 */
describe("a library struct's table, its definition outside the files given", () => {
  const MODULE = `#include <Python.h>
#include "cblib.h"

static int on_int(void *ctx, long v) { return v >= 0; }

static cb_table plain_callbacks = { on_int };

static PyObject *
run(PyObject *self, PyObject *arg)
{
    cb_table *callbacks = &plain_callbacks;
    return PyBool_FromLong(cb_run(callbacks, NULL, PyLong_AsLong(arg)));
}

static PyMethodDef methods[] = {{"run", run, METH_O, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};
PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&def); }
`;
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'pyext-isolate-test-libtable-'));
    fs.writeFileSync(path.join(dir, 'm.c'), MODULE);
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('only lent: a note', () => {
    expect(tableFindings(dir)).toEqual(['checks/read-only-c-table plain_callbacks']);
  });

  test('a field written through a pointer of its type: mutable', () => {
    editFile(dir, 'm.c', '    return PyBool_FromLong(', '    callbacks->on_int = on_int;\n    return PyBool_FromLong(');
    expect(tableFindings(dir)).not.toContain('checks/read-only-c-table plain_callbacks');
  });

  test('a field of the table itself written: mutable', () => {
    editFile(dir, 'm.c', '    return PyBool_FromLong(', '    plain_callbacks.on_int = on_int;\n    return PyBool_FromLong(');
    expect(tableFindings(dir)).not.toContain('checks/read-only-c-table plain_callbacks');
  });
});

/**
 * A table of the extension's callbacks of a library's struct type (hiredis's redisReplyObjectFunctions,
 * from a header outside the files given): only handed to the library by address, never written by the
 * extension, so a note. A write through the member it is stored in, or a value that is no function of
 * the extension, keeps it a hazard.
 */
describe("a library's callback table", () => {
  let dir = '';
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(require('os').tmpdir(), 'pyext-isolate-test-cbtable-'));
    fs.writeFileSync(path.join(dir, 'cblib.h'), [
      '#ifndef CBLIB_H', '#define CBLIB_H', 'typedef struct {', '    void *(*make_int)(void *owner, long v);', '    void (*drop)(void *obj);', '} cb_functions;',
      'typedef struct { const cb_functions *unused; cb_functions *fn; void *owner; } cb_reader;', 'cb_reader *cb_reader_new(cb_functions *fn);', '#endif', '',
    ].join('\n'));
    fs.writeFileSync(path.join(dir, 'cbmod.c'), [
      '#include <Python.h>', '#include "cblib.h"', '',
      'static void *make_int(void *owner, long v) { (void)owner; return PyLong_FromLong(v); }',
      'static void drop(void *obj) { Py_XDECREF((PyObject *)obj); }', '',
      'cb_functions cbmod_functions = {', '    make_int,  /* make_int */', '    drop       /* drop */', '};', '',
      'static PyObject *', 'open_reader(PyObject *self, PyObject *unused)', '{',
      '    cb_reader *r = cb_reader_new(NULL);', '    if (r == NULL)', '        return PyErr_NoMemory();', '    r->fn = &cbmod_functions;', '    r->owner = self;', '    Py_RETURN_NONE;', '}', '',
      'static PyObject *', 'reader_for(PyObject *self, PyObject *unused)', '{', '    (void)cb_reader_new(&cbmod_functions);', '    Py_RETURN_NONE;', '}', '',
      'static PyMethodDef cbmod_methods[] = {', '    {"open_reader", open_reader, METH_NOARGS, NULL},', '    {"reader_for", reader_for, METH_NOARGS, NULL},', '    {NULL, NULL, 0, NULL}', '};', '',
      'static struct PyModuleDef cbmod_def = {PyModuleDef_HEAD_INIT, "cbmod", NULL, 0, cbmod_methods};', '',
      'PyMODINIT_FUNC', 'PyInit_cbmod(void)', '{', '    return PyModuleDef_Init(&cbmod_def);', '}', '',
    ].join('\n'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  // Only the module file is given: cblib.h is the library's header.
  const findings = (): string[] => tableFindings(path.join(dir, 'cbmod.c'));

  test('handed to the library by address only: a note', () => {
    expect(findings()).toEqual(['checks/read-only-c-table cbmod_functions']);
  });

  test('written through the member that holds it: a hazard', () => {
    editFile(dir, 'cbmod.c', '    r->owner = self;', '    r->owner = self;\n    r->fn->drop = NULL;');
    expect(findings()).toEqual(['checks/mutable-c-static cbmod_functions']);
  });

  test('a value that is no function of the extension: a hazard', () => {
    editFile(dir, 'cbmod.c', '    drop       /* drop */', '    free_hook  /* drop */');
    editFile(dir, 'cbmod.c', 'cb_functions cbmod_functions', 'extern void free_hook(void *);\ncb_functions cbmod_functions');
    expect(findings()).toEqual(['checks/mutable-c-static cbmod_functions']);
  });

  test('given to a function of the extension (which may write it): a hazard', () => {
    editFile(dir, 'cbmod.c', '    (void)cb_reader_new(&cbmod_functions);', '    fill(&cbmod_functions);');
    editFile(dir, 'cbmod.c', 'static PyObject *\nreader_for', 'static void fill(cb_functions *f) { f->drop = drop; }\n\nstatic PyObject *\nreader_for');
    expect(findings()).toEqual(['checks/mutable-c-static cbmod_functions']);
  });
});

describe('literal bytes lent by address (testdata/cases/literal-data-lent-by-address builds and runs isolated)', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy('literal-data-lent-by-address', 'lent-bytes');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  const edit = (from: string, to: string): void => editFile(dir, 'input.c', from, to);

  test('stored in a member nothing in the extension reads back: a note, the module isolates', () => {
    const r = check([dir]);
    expect(tableFindings(dir)).toEqual(['checks/read-only-c-table frame_magic_bytes']);
    expect(r.findings.filter((f) => f.fix === 'manual')).toEqual([]);
  });

  test('the member read back by the extension (it could write through it): a hazard', () => {
    edit('    n = writev(fd, iov, 1);', '    ((unsigned char *)iov->iov_base)[0] = 0x89;\n    n = writev(fd, iov, 1);');
    expect(tableFindings(dir)).toEqual(['checks/mutable-c-static frame_magic_bytes']);
  });

  test('written by the extension: a hazard', () => {
    edit('    frame_magic.iov_base = &frame_magic_bytes.b;', '    frame_magic_bytes.b[0] = 0x89;\n    frame_magic.iov_base = &frame_magic_bytes.b;');
    expect(tableFindings(dir)).not.toContain('checks/read-only-c-table frame_magic_bytes');
  });

  test('given to a function of the extension (which may write it): a hazard', () => {
    edit('    frame_magic.iov_base = &frame_magic_bytes.b;', '    fill(&frame_magic_bytes);\n    frame_magic.iov_base = &frame_magic_bytes.b;');
    edit('static PyObject *FrameError;', 'static PyObject *FrameError;\n\nstatic void\nfill(align8 *a)\n{\n    a->b[6] = 0;\n}');
    expect(tableFindings(dir)).toEqual(['checks/mutable-c-static frame_magic_bytes']);
  });

  test('a value that is no literal (a name, which could be an address): not this rule', () => {
    edit("{ { 0x89, 'F', 'R', 'M', 0x0d, 0x0a } }", "{ { 0x89, 'F', 'R', 'M', FRAME_CR, 0x0a } }");
    edit('typedef union', '#define FRAME_CR 0x0d\n\ntypedef union');
    expect(tableFindings(dir)).not.toContain('checks/read-only-c-table frame_magic_bytes');
  });
});
