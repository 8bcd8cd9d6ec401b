/**
 * The model never invents symbols: code that tree-sitter misreads (a macro body after a comment
 * on a continuation line) gives no function named `if` and no file-scope global out of a macro's
 * local, and no symbol of any file is ever named after a C keyword.
 */
import * as fs from 'fs';
import * as path from 'path';
import { analyzeSource } from '../src/api';
import { C_KEYWORDS } from '../src/core/c-keywords';
import { ROOT } from './helpers/modules';
import type { FileModel } from '../src/model/types';

function model(text: string, file = 'x.c'): FileModel {
  return analyzeSource(file, Buffer.from(text, 'latin1'));
}

function symbols(fm: FileModel): string[] {
  return [...fm.functions.map((f) => f.name), ...fm.globals.map((g) => g.name), ...fm.prototypes.keys(), ...fm.exportedSymbols, ...fm.types.map((t) => t.name)];
}

describe('symbols of the model', () => {
  test('a #define inside a function body whose continuation lines carry a comment makes no function', () => {
    const fm = model(`#include <Python.h>
static PyObject *
add_doc(PyObject *self, PyObject *args)
{
    const char *docstr = "";
    PyObject *str = args;
#define ADD(doc, name)                                        \\
        if (!(doc)) {                                         \\
            doc = docstr;                                     \\
            Py_INCREF(str);  /* keep it (leaks a reference) */ \\
        }                                                     \\
        else if (strcmp(doc, docstr) != 0) {                  \\
            return NULL;                                      \\
        }
    if (self == NULL) {
        return NULL;
    }
    Py_RETURN_NONE;
}

int exported_after(void) { return 1; }
`);
    expect(fm.functions.map((f) => f.name)).toEqual(['add_doc', 'exported_after']);
    expect([...fm.exportedSymbols]).toEqual(['exported_after']);
  });

  test('a local declared in a multi-line #define at file scope is no global', () => {
    const fm = model(`#include <Python.h>
static PyObject *kept = NULL;
#define DECLARE(name)                                   \\
    static int name(PyObject *o)                        \\
    {                                                   \\
        /* a comment on a continuation line (why) */   \\
        PyObject *tmp;  /* a new reference (or NULL) */ \\
        tmp = PyNumber_Index(o);                        \\
        Py_XDECREF(tmp);                                \\
        return tmp == NULL ? -1 : 0;                    \\
    }
DECLARE(check_one)
`);
    expect(fm.globals.map((g) => g.name)).toEqual(['kept']);
  });

  test('a block comment over several lines inside a #define keeps the macro going', () => {
    const fm = model(`#define TWICE(x) ((x) + /* first
   and second */ (x))
static int after(void) { return TWICE(1); }
`);
    expect(fm.functions.map((f) => f.name)).toEqual(['after']);
    expect(fm.macros.get('TWICE')?.params).toEqual(['x']);
  });

  test('no symbol of any test module or case is named after a C keyword', () => {
    const dirs = ['testdata/cases', 'testdata/extensions'].map((d) => path.join(ROOT, d));
    const files: string[] = [];
    const walk = (d: string): void => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else if (/\.(c|h|c\.src)$/.test(e.name) && !/expected/.test(e.name)) files.push(p);
      }
    };
    for (const d of dirs) walk(d);
    expect(files.length).toBeGreaterThan(30);
    const bad = files.flatMap((f) => symbols(analyzeSource(f, fs.readFileSync(f))).filter((s) => C_KEYWORDS.has(s)).map((s) => `${f}: ${s}`));
    expect(bad).toEqual([]);
  });
});
