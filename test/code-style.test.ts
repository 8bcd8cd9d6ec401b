/**
 * Generated code follows the file it goes into: the style is measured from the file, and code
 * written canonically (K&R, braces always, 4 spaces) is rendered in it, wrapped at the file's width.
 */
import { analyzeSource } from '../src/api';
import { CodeStyle, fileStyle, layout, restyle } from '../src/plan/code-style';

const KR: CodeStyle = {
  indentUnit: '    ',
  eol: '\n',
  blockBrace: 'same',
  bracesForSingle: true,
  functionBrace: 'next',
  returnTypeOwnLine: true,
  structBrace: 'same',
  maxWidth: 79,
  blankAfterDeclarations: false,
  wrapAlign: true,
};

const GENERATED = [
  'static int',
  'mod_lookup(PyObject *module)',
  '{',
  '    if (module == NULL) {',
  '        return -1;',
  '    }',
  '    if (ready) {',
  '        a();',
  '    } else {',
  '        b();',
  '        c();',
  '    }',
  '    return 0;',
  '}',
].join('\n');

describe('the style of a file', () => {
  test('is measured from its code: Allman braces, unbraced single statements, tabs, width', () => {
    const src = [
      '#include <Python.h>',
      '',
      'static int',
      'count(PyObject *o)',
      '{',
      '\tint n = 0;',
      '',
      '\tif (o == NULL)',
      '\t\treturn -1;',
      '\twhile (n < 3)',
      '\t{',
      '\t\tn++;',
      '\t\tn *= 2;',
      '\t}',
      '\tif (n > 4)',
      '\t{',
      '\t\tcall(o, n,',
      '\t\t     n + 1);',
      '\t\treturn n;',
      '\t}',
      '\treturn 0;',
      '}',
      '',
    ].join('\n');
    const s = fileStyle(analyzeSource('count.c', Buffer.from(src, 'latin1')));
    expect(s).toMatchObject({ indentUnit: '\t', blockBrace: 'next', bracesForSingle: false, functionBrace: 'next', returnTypeOwnLine: true, maxWidth: 79, blankAfterDeclarations: true, wrapAlign: true });
  });
});

describe('the width of a file', () => {
  // About 200 lines of function bodies (one line allowed over the width), two of them 80 columns wide.
  const body = (i: number): string[] => ['static int', `f${i}(void)`, '{', ...Array.from({ length: 28 }, (_, j) => `    int v${j} = ${j};`), `    return v0; /* ${'x'.repeat(i < 2 ? 59 : 10)} */`, '}', ''];
  const file = (extra: number): string => ['#include <Python.h>', '', ...Array.from({ length: 6 }, (_, i) => body(i)).flat(), ...Array.from({ length: extra }, (_, i) => `static int table${i} = ${i};`), ''].join('\n');
  const width = (text: string): number => fileStyle(analyzeSource('w.c', Buffer.from(text, 'latin1'))).maxWidth;

  test('scales its allowance of longer lines with the lines of functions, not with file-scope code a run adds', () => {
    expect(file(0).split('\n').map((l) => l.length).filter((n) => n > 79)).toEqual([80, 80]);
    expect(width(file(0))).toBe(80);
    // File-scope lines (a state block, slot tables, a load-once guard: a partial run's) leave the
    // allowance as it was: the file measured after such a run keeps one run's width (fuzz 182e7ff6e0a4).
    expect(width(file(250))).toBe(80);
  });

  test('measures the lines an earlier run edited as their author wrote them', () => {
    // The author's lines: 78 columns wide at most (the file keeps to 79).
    const msg = `"${'m'.repeat(34)}"`;
    const original = (lines: string[]): string => file(0).replace(/x{59}/g, 'x').replace('#include <Python.h>\n', `#include <Python.h>\n${lines.join('\n')}\n`);
    const before = original([
      'static PyObject *FooError;',
      'static PyTypeObject Counter_Type;',
      'static int',
      'setup(PyObject *module)',
      '{',
      `    PyErr_SetString(FooError, ${msg}); /* one */`,
      '    if (PyType_Ready(&Counter_Type) < 0) /* type of the counters */',
      '        return -1;',
      '    return PyModule_AddObject(module, "Counters", (PyObject *)&Counter_Type);',
      '}',
    ]);
    // The same lines after a run moved both into the state: three longer than 79 (two longer than 80).
    const after = original([
      'typedef struct {',
      '    PyObject *FooError; /* was: static PyObject *FooError */',
      '    PyTypeObject *Counter_Type; /* was: static PyTypeObject Counter_Type */',
      '} m_state;',
      'static int',
      'setup(PyObject *module)',
      '{',
      '    m_state *st = PyModule_GetState(module);',
      `    PyErr_SetString(st->FooError, ${msg}); /* one */`,
      '    if (m_create_type(module, &Counter_spec, NULL, &st->Counter_Type, 0) < 0) /* type of the counters */',
      '        return -1;',
      '    return PyModule_AddObject(module, "Counters", (PyObject *)st->Counter_Type);',
      '}',
    ]);
    const widths = (t: string): number[] => t.split('\n').map((l) => l.length).filter((n) => n > 77);
    expect([widths(before), widths(after)]).toEqual([[78], [82, 104, 80]]);
    expect(width(before)).toBe(79);
    expect(width(after)).toBe(79);
  });
});

describe('generated code in a file style', () => {
  test('K&R with braces everywhere: unchanged', () => {
    expect(restyle(GENERATED, KR)).toBe(GENERATED);
  });

  test('Allman, single statements without braces, function brace after the parameters', () => {
    const out = restyle(GENERATED, { ...KR, blockBrace: 'next', bracesForSingle: false, functionBrace: 'same', returnTypeOwnLine: false });
    expect(out.split('\n')).toEqual([
      'static int mod_lookup(PyObject *module) {',
      '    if (module == NULL)',
      '        return -1;',
      '    if (ready)',
      '    {',
      '        a();',
      '    }',
      '    else',
      '    {',
      '        b();',
      '        c();',
      '    }',
      '    return 0;',
      '}',
    ]);
  });

  test('GNU: braces half a level in, the body a level deeper (2-space unit)', () => {
    const s = { ...KR, blockBrace: 'gnu' as const, indentUnit: '  ' };
    const out = layout(restyle(GENERATED, s), s, 0);
    expect(out.slice(3, 9)).toEqual(['  if (module == NULL)', '    {', '      return -1;', '    }', '  if (ready)', '    {']);
  });

  test('long lines wrap the way C is wrapped, at the width of the file', () => {
    const text = [
      '/* The state of the module that defined `type` or one of its bases; NULL with an exception if none did. */',
      'static int',
      'mod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base, PyTypeObject **type, int disallow_new)',
      '{',
      '    (*type)->tp_new = NULL; /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+, so here it is */',
      '    PyErr_SetString(PyExc_ImportError, "mod cannot be loaded more than once per process");',
      '}',
      'typedef struct {',
      '    PyObject *gcd;  /* was: static PyObject *gcd in gcd_of(); cache_import() fills it */',
      '    PyTypeObject *Vertex_Type; /* was: static PyTypeObject Vertex_Type, a long comment */',
      '} mod_state;',
      'static PyType_Spec spec = {',
      '    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC | Py_TPFLAGS_IMMUTABLETYPE,',
      '};',
    ].join('\n');
    const out = layout(text, KR, 0);
    expect(out).toEqual([
      '/* The state of the module that defined `type` or one of its bases; NULL with',
      ' * an exception if none did. */',
      'static int',
      'mod_create_type(PyObject *module, PyType_Spec *spec, PyTypeObject *base,',
      '                PyTypeObject **type, int disallow_new)',
      '{',
      '    /* Py_TPFLAGS_DISALLOW_INSTANTIATION is 3.10+, so here it is */',
      '    (*type)->tp_new = NULL;',
      '    PyErr_SetString(PyExc_ImportError,',
      '                    "mod cannot be loaded more than once per process");',
      '}',
      'typedef struct {',
      '    PyObject *gcd;  /* was: static PyObject *gcd in gcd_of(); cache_import()',
      '                       fills it */',
      '    PyTypeObject *Vertex_Type; /* was: static PyTypeObject Vertex_Type, a long',
      '                                  comment */',
      '} mod_state;',
      'static PyType_Spec spec = {',
      '    .flags = Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE | Py_TPFLAGS_HAVE_GC |',
      '             Py_TPFLAGS_IMMUTABLETYPE,',
      '};',
    ]);
    for (const l of out) expect(l.length).toBeLessThanOrEqual(79);
  });

  test('a file with tabs: continuation lines after the tabs, widths counted with 8-column tabs', () => {
    const s = { ...KR, indentUnit: '\t' };
    const out = layout('{\n    PyErr_SetString(PyExc_ImportError, "mod cannot be loaded more than once per process, ever");\n}', s, 0);
    expect(out).toEqual(['{', '\tPyErr_SetString(PyExc_ImportError,', '\t                "mod cannot be loaded more than once per process, ever");', '}']);
  });
});
