/**
 * The state block of a module with a state struct of its own goes below the struct and what reads it,
 * a place every run finds alike (runs in steps: multiphase-own-state-struct).
 */
import { analyzeSource } from '../src/api';
import { belowOwnStruct } from '../src/plan/below-own-struct';

const HEAD = [
  '#include <Python.h>',
  '',
  'typedef struct {',
  '    PyObject *error;',
  '} mod_state;',
  '',
];
const place = (lines: string[], atLine: string): { text: string; got: number; at: number; after: number } => {
  const text = lines.join('\n');
  const file = analyzeSource('m.c', Buffer.from(text, 'latin1'));
  const after = text.indexOf('} mod_state;\n') + '} mod_state;\n'.length;
  const at = text.indexOf(atLine);
  return { text, got: belowOwnStruct(file, 'mod_state', after, at), at, after };
};

describe('the block below a module\'s own state struct', () => {
  test('goes below the getter, an accessor macro and a documented reader, above the first other code', () => {
    const { text, got } = place([
      ...HEAD,
      '#define mod_state_of(m) ((mod_state *)PyModule_GetState(m))',
      '',
      'static inline mod_state *',
      'get_state(PyObject *m)',
      '{',
      '    return mod_state_of(m);',
      '}',
      '',
      '/* The error of the module. */',
      'static PyObject *',
      'error_of(PyObject *m)',
      '{',
      '    mod_state *st = get_state(m);',
      '    return st->error;',
      '}',
      '',
      '/* A cached import. */',
      'static PyObject *cached;',
      '',
      'static PyObject *',
      'f(PyObject *self, PyObject *arg)',
      '{',
      '    return cached;',
      '}',
      '',
    ], 'static PyObject *\nf(');
    expect(text.slice(got).split('\n')[0]).toBe('/* A cached import. */');
  });

  test('stays where it was when a getter of the struct would be below it', () => {
    const { got, at } = place([
      ...HEAD,
      'static PyObject *cached;',
      '',
      '#ifdef MOD_CHECKED',
      'static mod_state *',
      'get_state(PyObject *m)',
      '{',
      '    return (mod_state *)PyModule_GetState(m);',
      '}',
      '#endif',
      '',
      'static PyTypeObject T;',
      '',
    ], 'static PyTypeObject T;');
    expect(got).toBe(at);
  });
});
