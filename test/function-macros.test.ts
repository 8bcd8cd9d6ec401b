/**
 * Functions that a file-scope macro defines (`#define BINOP(NAME, OP) static PyObject
 * *wrap_##NAME(...) {...}` expanded as `BINOP(add, PyNumber_Add)`): read as one function whose
 * text stands for every expansion, with the roles of the functions the expansions name; edits of
 * its body continue the macro's lines. The cases functions-defined-by-macros,
 * slot-functions-from-aligned-macro, function-family-macro-helper and macro-defined-static-methods
 * build and run the shapes.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite } from '../src/api';
import { lex } from '../src/core/lex';
import { findFunctionMacros, expandedName } from '../src/core/function-macros';
import { continueMacroLines } from '../src/core/macro-lines';
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import { buildFileModel } from '../src/model/build-file';

const BINOP = ['#define BINOP(NAME, OP) \\', '    static PyObject *wrap_##NAME(PyObject *a, PyObject *b) \\', '    { return OP(a, b); }'];

describe('findFunctionMacros', () => {
  test('a body that is one function, expanded at file scope: its expansions and the names they define', () => {
    const text = [...BINOP, 'BINOP(add, PyNumber_Add)', 'BINOP(sub, PyNumber_Subtract);', ''].join('\n');
    const { macros, holes } = findFunctionMacros(text, lex(text));
    expect(macros.map((m) => [m.name, m.pattern, m.expansions.map((e) => e.name)])).toEqual([['BINOP', 'wrap_##NAME', ['wrap_add', 'wrap_sub']]]);
    // The `;` after an expansion goes with it; `##` reads as part of the identifier.
    expect(text.slice(macros[0].expansions[1].start, macros[0].expansions[1].end)).toBe('BINOP(sub, PyNumber_Subtract);');
    expect(holes.some((h) => h.fill === '__')).toBe(true);
  });

  test('the parse sees the function, and the model gives it the expansions', () => {
    const text = ['#include <Python.h>', ...BINOP, 'BINOP(add, PyNumber_Add)', 'BINOP(mul, PyNumber_Multiply)', ''].join('\n');
    const parsed = parseSource(SourceFile.fromText('m.c', text));
    expect(parsed.damageBytes).toBe(0);
    const fm = buildFileModel(parsed);
    const f = fm.functions.find((x) => x.macroTemplate);
    expect(f?.name).toBe('wrap_##NAME');
    expect(f?.macroTemplate).toEqual({ macro: 'BINOP', names: ['wrap_add', 'wrap_mul'] });
    expect(f?.params.map((p) => p.name)).toEqual(['a', 'b']);
  });

  test('not a function template: a statement macro, a macro also used inside a function, one defined twice, an expansion naming no identifier', () => {
    const cases = [
      ['#define CHECK(x) do { if (!(x)) return NULL; } while (0)', 'CHECK(1)'],
      [...BINOP, 'BINOP(add, PyNumber_Add)', 'static void f(void) { BINOP(sub, g); }'],
      [...BINOP, ...BINOP, 'BINOP(add, PyNumber_Add)'],
      [...BINOP, 'BINOP(a + b, PyNumber_Add)'],
      ['#define IF(x) if (x) { return 1; }', 'IF(1)'],
    ];
    for (const lines of cases) {
      const text = lines.join('\n') + '\n';
      expect(findFunctionMacros(text, lex(text)).macros).toEqual([]);
    }
  });

  test('a docstring declaration after the function is part of the macro, hidden from the parse', () => {
    const text = ['#define COUNT(op) \\', 'static PyObject *count_ ## op(PyObject *m, PyObject *a) \\', '{ return count(a, #op); } \\', 'PyDoc_STRVAR(count_ ## op ## _doc, "count_" #op "(a)")', 'COUNT(and);', ''].join('\n');
    const { macros } = findFunctionMacros(text, lex(text));
    expect(macros.map((m) => m.expansions.map((e) => e.name))).toEqual([['count_and']]);
    expect(macros[0].tailStart).toBe(text.indexOf('} \\\nPyDoc_STRVAR') + 1);
  });

  test('expandedName substitutes each pasted part', () => {
    expect(expandedName('bitarray_ ## name', ['name', 'inplace'], ['iand', '1'])).toBe('bitarray_iand');
    expect(expandedName('NAME', ['NAME'], ['f'])).toBe('f');
    expect(expandedName('x_##A##_y', ['A'], ['1 + 2'])).toBeUndefined();
  });
});

describe('continueMacroLines', () => {
  const edit = (text: string, after: string, insert: string): { start: number; end: number; text: string; by: string } => {
    const at = text.indexOf(after) + after.length;
    return { start: at, end: at, text: insert, by: 't' };
  };
  const apply = (text: string, edits: { start: number; end: number; text: string }[]): string => {
    let out = text;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.text + out.slice(e.end);
    return out;
  };

  test('a line break written into a macro gets a continuation after the gap the macro uses, a blank line the backslash alone', () => {
    const text = '#define F(a) \\\n    { return g(a); }\nint x;\n';
    const r = continueMacroLines(text, lex(text), [edit(text, '{', '\n        int st = 1;\n\n       '), edit(text, 'g(', 'st, ')]);
    expect(r.problem).toBeUndefined();
    expect(apply(text, r.edits)).toBe('#define F(a) \\\n    { \\\n        int st = 1; \\\n\\\n        return g(st, a); }\nint x;\n');
  });

  test('aligned backslashes: new lines and lines an edit changed are aligned; the lines as they were keep their bytes', () => {
    const text = '#define F(a)     \\\n{                \\\n    g(a);  /**/  \\\n    h(a);        \\\n}\nint x;\n';
    const r = continueMacroLines(text, lex(text), [edit(text, '{', '\n    int st = 1;'), edit(text, 'h(', 'st, ')]);
    expect(apply(text, r.edits)).toBe('#define F(a)     \\\n{                \\\n    int st = 1;  \\\n    g(a);  /**/  \\\n    h(st, a);    \\\n}\nint x;\n');
  });

  test('a preprocessor line cannot go into a macro body; edits outside macros are left as they are', () => {
    const text = '#define F(a) \\\n    { return g(a); }\nint x;\n';
    const r = continueMacroLines(text, lex(text), [edit(text, '{', '\n#if X\n    y();\n#endif\n')]);
    expect(r.problem?.reason).toMatch(/preprocessor line .* macro F\(\)/);
    const outside = [edit(text, 'int x;', '\nint y;\n')];
    expect(continueMacroLines(text, lex(text), outside).edits).toEqual(outside);
  });
});

describe('macro-defined functions and the state', () => {
  function run(text: string): ReturnType<typeof rewrite> {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-fnmacro-'));
    try {
      fs.writeFileSync(path.join(dir, 'm.c'), text);
      return rewrite([dir]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }
  const module = (macroLines: string[], uses: string[], numberFields: string[], typeExtra = ''): string =>
    [
      '#include <Python.h>',
      'typedef struct { PyObject_HEAD long v; } NumObject;',
      'static PyTypeObject Num_Type;',
      '#define Num_Check(o) PyObject_TypeCheck((o), &Num_Type)',
      'static PyObject *apply(PyObject *a, PyObject *b, binaryfunc f) { if (!Num_Check(a) || !Num_Check(b)) Py_RETURN_NOTIMPLEMENTED; return f(a, b); }',
      ...macroLines,
      ...uses,
      `static PyNumberMethods num_as_number = { ${numberFields.join(', ')} };`,
      `static PyTypeObject Num_Type = { PyVarObject_HEAD_INIT(NULL, 0) .tp_name = "m.Num", .tp_basicsize = sizeof(NumObject), .tp_flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, .tp_as_number = &num_as_number, .tp_new = PyType_GenericNew${typeExtra} };`,
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m;',
      '    if (PyType_Ready(&Num_Type) < 0) return NULL;',
      '    m = PyModule_Create(&def);',
      '    if (m == NULL) return NULL;',
      '    Py_INCREF(&Num_Type);',
      '    if (PyModule_AddObject(m, "Num", (PyObject *)&Num_Type) < 0) { Py_DECREF(&Num_Type); Py_DECREF(m); return NULL; }',
      '    return m;',
      '}',
      '',
    ].join('\n');
  const OP = ['#define OP(N, F) \\', 'static PyObject *num_##N(PyObject *a, PyObject *b) \\', '{ return apply(a, b, F); }'];

  test('binary slots and their in-place twins from one macro: the operand lookup goes into the macro, the helper takes st', () => {
    const r = run(module(OP, ['OP(add, PyNumber_Add)', 'OP(iadd, PyNumber_InPlaceAdd)'], ['.nb_add = num_add', '.nb_inplace_add = num_iadd']));
    expect(r.refused).toEqual([]);
    expect(r.findings.filter((f) => f.fix === 'manual')).toEqual([]);
    const out = r.changes[0].after;
    expect(out).toContain('static PyObject *apply(m_state *st, PyObject *a, PyObject *b, binaryfunc f)');
    expect(out).toMatch(/static PyObject \*num_##N\(PyObject \*a, PyObject \*b\) \\\n\{ \\\n {4}m_state \*st = m_get_state_by_types\(Py_TYPE\(a\), Py_TYPE\(b\)\); \\\n/);
    expect(out).toContain('return apply(st, a, b, F); }');
    // The expansions and the macro's parameters are as they were.
    expect(out).toContain('#define OP(N, F) \\');
    expect(out).toContain('OP(add, PyNumber_Add)\nOP(iadd, PyNumber_InPlaceAdd)');
  });

  test('a macro-defined function that is the first to use the state: the state block goes above the #define, never into it', () => {
    const text = [
      '#include <Python.h>',
      '#define GETTER(NAME) \\',
      '    static PyObject *get_##NAME(PyObject *module, PyObject *arg) \\',
      '    { return arg == Py_None ? Py_NewRef(empty) : PyObject_GetAttrString(arg, #NAME); }',
      'static PyObject *empty;',
      'GETTER(real)',
      'GETTER(imag)',
      'static PyMethodDef methods[] = {{"real", get_real, METH_O, NULL}, {"imag", get_imag, METH_O, NULL}, {NULL}};',
      'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, methods};',
      'PyMODINIT_FUNC PyInit_m(void)',
      '{',
      '    PyObject *m = PyModule_Create(&def);',
      '    if (m == NULL) return NULL;',
      '    empty = PyTuple_New(0);',
      '    if (empty == NULL) return NULL;',
      '    return m;',
      '}',
      '',
    ].join('\n');
    const r = run(text);
    expect(r.refused).toEqual([]);
    const out = r.changes[0].after;
    expect(out.indexOf('} m_state;')).toBeLessThan(out.indexOf('#define GETTER(NAME)'));
    expect(out).toContain('    static PyObject *get_##NAME(PyObject *module, PyObject *arg) \\\n    { \\\n');
    expect(out).toMatch(/m_state \*st = get_m_state\(module\); \\\n/);
    expect(out).toContain('Py_NewRef(st->empty)');
  });

  test('one expansion in a role that reaches no state: the finding names the macro and its functions', () => {
    const r = run(module(OP, ['OP(add, PyNumber_Add)', 'OP(other, PyNumber_Add)', 'static PyMethodDef Num_methods[] = {{"other", num_other, METH_STATIC | METH_VARARGS, NULL}, {NULL}};'], ['.nb_add = num_add'], ', .tp_methods = Num_methods'));
    const f = r.findings.find((x) => x.rule === 'static-type-to-heap/static-type');
    expect(f?.fix).toBe('manual');
    expect(f?.message).toContain('it is the body of macro OP() (num_add, num_other)');
  });
});
