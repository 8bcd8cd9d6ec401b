/**
 * Shapes of a file's own macros the parse view handles without configuration: an object head
 * macro (`PyObject_HEAD` plus fields) as the body of the object structs, and function-like
 * statement macros (their `;` in the body) used as bare calls.
 */
import { parseSource } from '../src/core/parse';
import { SourceFile } from '../src/core/source';
import { defaultMacroTable } from '../src/core/macros';
import type { ProjectMacros } from '../src/core/project-macros';

function parse(text: string): ReturnType<typeof parseSource> {
  return parseSource(new SourceFile('/virtual/mod.c', Buffer.from(text, 'latin1')));
}

const HEAD = [
  '#include <Python.h>',
  'struct link { struct node *prev; struct node *next; };',
  '#define Node_HEAD \\',
  '    PyObject_HEAD \\',
  '    struct link siblings; \\',
  '    int valid;',
  '#define Tagged_HEAD Node_HEAD long tag',
  'struct node {',
  '    Node_HEAD',
  '};',
  'struct shelf {',
  '    Node_HEAD',
  '    PyObject *weaklist;',
  '};',
  'typedef struct {',
  '    Tagged_HEAD;',
  '    PyObject *label;',
  '} Label;',
  'static void',
  'attach(struct node *parent, struct node *child)',
  '{',
  '    parent->siblings.next = child;',
  '    if (child) {',
  '        child->siblings.prev = parent;',
  '    }',
  '}',
  '',
].join('\n');

describe("a file's own object head macro", () => {
  test('is blanked where a struct starts with it, chained heads too, the use keeping the last `;` when the body leaves it', () => {
    const p = parse(HEAD);
    expect(p.damageBytes).toBe(0);
    const heads = p.holes.filter((h) => h.name === 'Node_HEAD' || h.name === 'Tagged_HEAD');
    expect(heads.map((h) => p.source.text.slice(h.start, h.end))).toEqual(['Node_HEAD', 'Node_HEAD', 'Tagged_HEAD;']);
    expect(p.parseText.length).toBe(p.source.text.length);
  });

  test('defined in a project header, it is blanked in the files that include it', () => {
    const project: ProjectMacros = new Map([['Node_HEAD', { name: 'Node_HEAD', body: 'PyObject_HEAD int valid;', file: '/virtual/node.h', start: 0, end: 40 }]]);
    const text = ['#include "node.h"', 'struct node {', '    Node_HEAD', '};', 'static int', 'alive(struct node *n)', '{', '    return n->valid;', '}', ''].join('\n');
    const p = parseSource(new SourceFile('/virtual/mod.c', Buffer.from(text, 'latin1')), defaultMacroTable(), project);
    expect(p.damageBytes).toBe(0);
    expect(p.holes.filter((h) => h.name === 'Node_HEAD')).toHaveLength(1);
  });

  test('a macro of fields that does not start with a head is no head', () => {
    const p = parse(['#include <Python.h>', '#define EXTRA_FIELDS int a; int b;', 'struct s {', '    PyObject_HEAD', '    EXTRA_FIELDS', '};', ''].join('\n'));
    expect(p.holes.some((h) => h.name === 'EXTRA_FIELDS')).toBe(false);
  });
});

const STATEMENTS = [
  '#include <Python.h>',
  '#ifdef TRACING',
  '#  define TRACE(s, ...) fprintf(stderr, s "\\n", __VA_ARGS__);',
  '#else',
  '#  define TRACE(s, ...)',
  '#endif',
  '#define INIT(o) ((struct obj *)(o))->n = 0; ((struct obj *)(o))->ok = 1;',
  '#define LINK(a, b) link_obj((void *)(a), (void *)(b));',
  '#define DECLARE_COUNTER(n) static long n;',
  'struct obj { PyObject_HEAD long n; int ok; };',
  'static PyObject *Failed;',
  '#define FAIL(e) { PyErr_SetString(e, "failed"); return NULL; }',
  'static void link_obj(void *a, void *b) { (void)a; (void)b; }',
  'static PyObject *',
  'make(struct obj *parent, struct obj *self)',
  '{',
  '    INIT(self)',
  '    LINK(parent, self)',
  '    TRACE("made %p", (void *)self)',
  '    if (!parent->ok) {',
  '        FAIL(Failed)',
  '    }',
  '    TRACE("ok %d", 1);',
  '    return (PyObject *)self;',
  '}',
  '',
].join('\n');

describe("a file's own statement macros used without `;`", () => {
  test('get their `;` in the blank after the call, the call and its arguments stay visible', () => {
    const p = parse(STATEMENTS);
    expect(p.damageBytes).toBe(0);
    const slots = p.holes.filter((h) => h.fill === ';');
    expect(slots.map((h) => h.name)).toEqual(['INIT', 'LINK', 'TRACE', 'FAIL']);
    for (const h of slots) expect(p.source.text[h.start]).toMatch(/[ \t]/);
    expect(p.parseText.length).toBe(p.source.text.length);
    expect(p.parseText.split('\n').length).toBe(p.source.text.split('\n').length);
    expect(p.parseText).toContain('FAIL(Failed)');
    // A use that has its `;` is left alone.
    expect(p.parseText).toContain('TRACE("ok %d", 1);');
  });

  test('a use followed by a blank line gets its `;` in the indentation of the next statement (immutables)', () => {
    const text = [
      '#ifdef DEBUG',
      '#define VALIDATE(st, n) do { validate(st, n); } while (0);',
      '#else',
      '#define VALIDATE(st, n)',
      '#endif',
      'int f(void *st, int *node)',
      '{',
      '    VALIDATE(st, node)',
      '',
      '    /* done */',
      '    return *node;',
      '}',
      '',
    ].join('\n');
    const p = parse(text);
    expect(p.damageBytes).toBe(0);
    const slots = p.holes.filter((h) => h.fill === ';');
    expect(slots.map((h) => p.source.position(h.start).line)).toEqual([10]);
    expect(p.parseText.split('\n').length).toBe(p.source.text.split('\n').length);
  });

  test('a macro whose body declares the name it is given, or is an expression, gets no `;`', () => {
    const p = parse(
      ['#define DECLARE(n) static long n;', '#define SQUARE(x) ((x) * (x))', 'int f(int a)', '{', '    DECLARE(count)', '    a = SQUARE(a)', '        + 1;', '    return a;', '}', ''].join('\n'),
    );
    expect(p.holes.some((h) => h.fill === ';')).toBe(false);
  });

  test('a macro whose body declares locals of its own gets its `;` in a function body, not among fields', () => {
    const p = parse(
      ['#define PROLOGUE(call) long ret = -1; ret = call;', 'struct s {', '    PROLOGUE(x)', '    int y;', '};', 'int f(int a)', '{', '    PROLOGUE(g(a))', '    return (int)ret;', '}', ''].join('\n'),
    );
    // In the next line's indentation: the use is on line 8.
    expect(p.holes.filter((h) => h.fill === ';').map((h) => p.source.text.slice(0, h.start).split('\n').length)).toEqual([9]);
  });

  test('a use that ends an #if branch leaves its `;` to the parser, which is then not damage', () => {
    const p = parse(
      ['#define PROLOGUE(call) long ret = -1; ret = call;', '#define EPILOGUE return (int)ret;', 'int f(int a)', '{', '#ifdef A', '    PROLOGUE(g(a, 1))', '#else', '    PROLOGUE(g(a,', '#ifdef B', '               two,', '#else', '               three,', '#endif', '               0))', '#endif', '    EPILOGUE', '}', ''].join('\n'),
    );
    expect(p.holes.filter((h) => h.fill === ';' && h.start === h.end)).toHaveLength(2);
    expect(p.holes.some((h) => h.name === 'EPILOGUE')).toBe(true);
    expect(p.damage.filter((d) => d.missing === ';')).toEqual([]);
  });
});

describe("a file's own complete-declaration macros used at file scope without `;`", () => {
  // Each use expands to a whole definition ending with `};`, so pycairo-style code writes no `;` after it.
  const ENUMS = [
    '#include <Python.h>',
    'typedef struct { PyLongObject base; } ChoiceObject;',
    '#define DEFINE_CHOICE(n) \\',
    '    static PyTypeObject Choice_##n##_Type = { \\',
    '        PyVarObject_HEAD_INIT(NULL, 0) \\',
    '        "choices." #n, sizeof(ChoiceObject), \\',
    '    };',
    'DEFINE_CHOICE(Red)',
    'DEFINE_CHOICE(Green)',
    '#ifdef WITH_BLUE',
    'DEFINE_CHOICE(Blue)',
    '#endif',
    'DEFINE_CHOICE(Last);',
    'static struct PyModuleDef choices_module = {',
    '    PyModuleDef_HEAD_INIT, "choices", NULL, -1, NULL',
    '};',
    'static int',
    'count(void)',
    '{',
    '    return 3;',
    '}',
    '',
  ].join('\n');

  test('are blanked as whole declarations, so what follows them parses as itself', () => {
    const p = parse(ENUMS);
    expect(p.damageBytes).toBe(0);
    const uses = p.holes.filter((h) => h.name === 'DEFINE_CHOICE');
    expect(uses.map((h) => p.source.text.slice(h.start, h.end))).toEqual(['DEFINE_CHOICE(Red)', 'DEFINE_CHOICE(Green)', 'DEFINE_CHOICE(Blue)']);
    const top = p.tree.rootNode.namedChildren.map((n) => `${n.type} ${p.source.text.slice(n.startIndex, n.endIndex).split(/[\s=({]/).filter(Boolean).slice(0, 4).join(' ')}`);
    expect(top).toContain('declaration static struct PyModuleDef choices_module');
    expect(top).toContain('function_definition static int count void)');
    expect(p.parseText.length).toBe(p.source.text.length);
  });

  test('a macro whose body is an expression, or a use inside a body or followed by `;`, is left alone', () => {
    const p = parse(['#define TWICE(x) ((x) * 2)', '#define CHOICE(n) static int n##_choice = 1;', 'CHOICE(a);', 'static int b = TWICE(3);', 'int f(void)', '{', '    return TWICE(b);', '}', ''].join('\n'));
    expect(p.holes.filter((h) => h.name === 'TWICE' || h.name === 'CHOICE')).toEqual([]);
  });
});
