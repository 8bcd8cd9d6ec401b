/**
 * Module inits that a project's macros write (Python 2/3 compatibility macros): the macro reader,
 * and the rule that such an init is never missed silently: whatever is not read is a finding.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';
import { expandMacros, initHeaderName, substitute } from '../src/model/init-macros';
import type { MacroDef } from '../src/model/types';

function def(name: string, params: string[] | undefined, body: string): MacroDef {
  return { name, params, body, start: 0, end: 0 };
}

function checkSource(files: Record<string, string>): ReturnType<typeof check> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-init-macros-'));
  try {
    for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
    return check([dir]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

describe('macro reader', () => {
  const macros = new Map<string, MacroDef>([
    ['MOD_ERROR_VAL', def('MOD_ERROR_VAL', undefined, 'NULL')],
    ['MOD_SUCCESS_VAL', def('MOD_SUCCESS_VAL', ['val'], 'val')],
    ['WRAP', def('WRAP', ['x'], '(MOD_SUCCESS_VAL(x))')],
    ['SELF', def('SELF', undefined, 'SELF + 1')],
  ]);
  const lookup = (n: string): MacroDef | undefined => macros.get(n);

  test('expands object-like and function-like macros, nested, and stops at self-reference', () => {
    expect(expandMacros('MOD_ERROR_VAL', lookup)).toBe('NULL');
    expect(expandMacros('MOD_SUCCESS_VAL(m)', lookup)).toBe('m');
    expect(expandMacros('WRAP( module )', lookup)).toBe('(module)');
    expect(expandMacros('SELF', lookup)).toBe('SELF + 1');
    expect(expandMacros('"MOD_ERROR_VAL"', lookup)).toBe('"MOD_ERROR_VAL"');
  });

  test('substitutes parameters, pastes and quotes', () => {
    expect(substitute(def('S', ['x'], 'str_ ## x = #x'), ['__name__'])).toBe('str___name__ = "__name__"');
  });

  test('reads an init head macro, with or without a prototype before it', () => {
    expect(initHeaderName(def('MOD_INIT', ['name'], 'PyMODINIT_FUNC PyInit_##name(void)'), 'spam')).toBe('PyInit_spam');
    expect(initHeaderName(def('MODULE_INIT_FUNC', ['name'], 'PyMODINIT_FUNC PyInit_ ## name(void); PyMODINIT_FUNC PyInit_ ## name(void)'), 'spam')).toBe('PyInit_spam');
    expect(initHeaderName(def('MOD_INIT', ['name'], 'void init##name(void)'), 'spam')).toBeUndefined();
    expect(initHeaderName(def('TWO', ['a', 'b'], 'PyMODINIT_FUNC PyInit_##a(void)'), 'spam')).toBeUndefined();
  });
});

describe('an init the macros make is never missed silently', () => {
  test('a PyInit_ name pasted where no init function can be read', () => {
    const r = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define INIT_NAME(name) PyInit_##name',
        'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "foo", NULL, -1, NULL};',
        'PyMODINIT_FUNC INIT_NAME(foo)(void) { return PyModule_Create(&def); }',
        '',
      ].join('\n'),
    });
    const rules = r.findings.map((f) => `${f.line} ${f.rule} ${f.fix}`);
    expect(rules).toEqual(['4 multi-phase-init/unread-init manual', '4 multi-phase-init/unread-init manual']);
    expect(r.findings[0].message).toMatch(/^the module's PyInit_ function is made by macro INIT_NAME\(\) \(m\.c:2\)/);
    expect(r.findings[1].message).toMatch(/^PyModule_Create outside any function that could be read/);
  });

  test('a C global waiting for an unread init says the init is there but unread, never that there is none', () => {
    const r = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define INIT_NAME(name) PyInit_##name',
        'static long calls;',
        'static PyObject *bump(PyObject *self, PyObject *unused) { return PyLong_FromLong(++calls); }',
        'static PyMethodDef methods[] = {{"bump", bump, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};',
        'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "foo", NULL, -1, methods};',
        'PyMODINIT_FUNC INIT_NAME(foo)(void) { return PyModule_Create(&def); }',
        '',
      ].join('\n'),
    });
    const waiting = r.findings.filter((f) => f.message.includes("'calls'"));
    expect(waiting.length).toBe(1);
    expect(waiting[0].message).toContain('the module cannot get a state yet: its init function could not be read (multi-phase-init/unread-init at m.c:7)');
  });

  test('a module created in a macro that a function other than the init uses', () => {
    const r = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define MOD_DEF(ob, name, doc, methods) \\',
        '    static struct PyModuleDef moduledef = { PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \\',
        '    ob = PyModule_Create(&moduledef);',
        'static PyObject *make(PyObject *methods) { PyObject *m; MOD_DEF(m, "bar", NULL, NULL) return m; }',
        'PyMODINIT_FUNC PyInit_bar(void) { PyObject *x = NULL; return make(x); }',
        '',
      ].join('\n'),
    });
    const unread = r.findings.filter((f) => f.rule === 'multi-phase-init/unread-init');
    expect(unread.map((f) => f.message)).toEqual(['PyModule_Create in macro MOD_DEF() is used where no init function was read (make()): that module creation is not converted']);
  });

  test('a creation macro nobody uses, and one the init uses, are no finding', () => {
    const r = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define MOD_INIT(name) PyMODINIT_FUNC PyInit_##name(void)',
        '#define MOD_DEF(ob, name, doc, methods) \\',
        '    static struct PyModuleDef moduledef = { PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \\',
        '    ob = PyModule_Create(&moduledef);',
        '#define UNUSED_DEF(ob) ob = PyModule_Create(&other);',
        'MOD_INIT(baz)',
        '{',
        '    PyObject *m;',
        '    MOD_DEF(m, "baz", NULL, NULL)',
        '    if (m == NULL)',
        '        return NULL;',
        '    return m;',
        '}',
        '',
      ].join('\n'),
    });
    expect(r.findings.map((f) => `${f.line} ${f.rule} ${f.fix}`)).toEqual(['7 multi-phase-init/single-phase-init auto']);
  });

  test('a module created by an object-like macro (`m = CREATE_MODULE;`) in the init is read; elsewhere it is a finding', () => {
    const init = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define INIT_FUNC PyInit_ol',
        '#define CREATE_MODULE PyModule_Create(&ol_module)',
        '#define RETURN_MODULE return m',
        'static struct PyModuleDef ol_module = {PyModuleDef_HEAD_INIT, "ol", NULL, -1, NULL};',
        'PyMODINIT_FUNC INIT_FUNC(void) {',
        '    PyObject *m = CREATE_MODULE;',
        '    RETURN_MODULE;',
        '}',
        '',
      ].join('\n'),
    });
    expect(init.findings.map((f) => `${f.line} ${f.rule} ${f.fix}`)).toEqual(['6 multi-phase-init/single-phase-init auto']);
    const elsewhere = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define CREATE_MODULE PyModule_Create(&ol_module)',
        'static struct PyModuleDef ol_module = {PyModuleDef_HEAD_INIT, "ol", NULL, -1, NULL};',
        'static PyObject *make(void) { return CREATE_MODULE; }',
        'PyMODINIT_FUNC PyInit_ol(void) { PyObject *x = NULL; (void)x; return make(); }',
        '',
      ].join('\n'),
    });
    const unread = elsewhere.findings.filter((f) => f.rule === 'multi-phase-init/unread-init');
    expect(unread.map((f) => f.message)).toEqual(['PyModule_Create in macro CREATE_MODULE is used where no init function was read (make()): that module creation is not converted']);
  });

  test('a module def a macro declares at file scope, created by another macro in the init, is read; a macro that declares more is named', () => {
    const lines = (defMacro: string): string[] => [
      '#include <Python.h>',
      '#define MODULE_INIT(name) PyMODINIT_FUNC PyInit_##name(void)',
      defMacro,
      '#define MODULE_CREATE(obj, name, doc, methods) obj = PyModule_Create(&moduledef);',
      'static PyMethodDef methods[] = {{NULL, NULL, 0, NULL}};',
      'MODULE_DEF("fs", NULL, methods);',
      'MODULE_INIT(fs)',
      '{',
      '    PyObject *m;',
      '    MODULE_CREATE(m, "fs", NULL, methods);',
      '    return m;',
      '}',
      '',
    ];
    const read = checkSource({ 'm.c': lines('#define MODULE_DEF(name, doc, methods) static struct PyModuleDef moduledef = { PyModuleDef_HEAD_INIT, (name), (doc), -1, (methods), };').join('\n') });
    expect(read.findings.map((f) => `${f.line} ${f.rule} ${f.fix}`)).toEqual(['7 multi-phase-init/single-phase-init auto']);
    const more = checkSource({ 'm.c': lines('#define MODULE_DEF(name, doc, methods) static struct PyModuleDef moduledef = { PyModuleDef_HEAD_INIT, (name), (doc), -1, (methods), }; static int defined_ = 1;').join('\n') });
    const f = more.findings.find((x) => x.rule === 'multi-phase-init/single-phase-init')!;
    expect(f.fix).toBe('manual');
    expect(f.message).toBe("single-phase init in PyInit_fs: its PyModuleDef 'moduledef' is declared by macro MODULE_DEF (m.c:3) together with other code, so it cannot be written out alone");
  });

  test('an init that returns through a macro some use of which returns something else: replace those uses', () => {
    const r = checkSource({
      'm.c': [
        '#include <Python.h>',
        '#define RET(v) return (v)',
        'static PyObject *cached;',
        'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "q", NULL, -1, NULL};',
        'PyMODINIT_FUNC PyInit_q(void)',
        '{',
        '    PyObject *m = PyModule_Create(&def);',
        '    if (m == NULL)',
        '        RET(NULL);',
        '    if (cached != NULL)',
        '        RET(cached);',
        '    RET(m);',
        '}',
        '',
      ].join('\n'),
    });
    const f = r.findings.find((x) => x.rule === 'multi-phase-init/single-phase-init')!;
    expect(f.fix).toBe('manual');
    expect(f.suggestion).toMatch(/^replace the uses of RET in PyInit_q\(\) by plain `return \.\.\.;` statements/);
  });
});

describe('the module docstring handed to a module-def macro', () => {
  const source = (body: string): string =>
    [
      '#include <Python.h>',
      '#define MOD_DEF(ob, name, doc, methods) \\',
      '        static struct PyModuleDef moduledef = { \\',
      '          PyModuleDef_HEAD_INIT, name, doc, -1, methods, }; \\',
      '        ob = PyModule_Create(&moduledef);',
      '#define FILL(buf) buf[0] = 0',
      'static PyMethodDef module_functions[] = {{NULL}};',
      'static char module___doc__[] = "Docs.";',
      'PyMODINIT_FUNC PyInit_zd(void)',
      '{',
      '    PyObject *m;',
      body,
      '    MOD_DEF(m, "zd", module___doc__, module_functions)',
      '    if (m == NULL)',
      '        return NULL;',
      '    return m;',
      '}',
      '',
    ].join('\n');

  test('is the def\'s m_doc, which nothing writes: a non-const char array there is no mutable global', () => {
    const r = checkSource({ 'zd.c': source('') });
    expect(r.findings.filter((f) => f.rule === 'checks/mutable-c-static')).toEqual([]);
  });

  test('the same array also given to a macro that writes it stays a mutable global', () => {
    const r = checkSource({ 'zd.c': source('    FILL(module___doc__);') });
    expect(r.findings.filter((f) => f.rule === 'checks/mutable-c-static').map((f) => f.message)).toEqual([expect.stringContaining("'module___doc__'")]);
  });
});
