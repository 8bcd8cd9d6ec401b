/**
 * A module function whose parameter list is an object-like macro of the project
 * (`f(REGISTRY_ARGS)`, testdata/cases/parameter-list-macro builds and runs the converted case):
 * its parameters are read from the macro's body; a body that is not plain declarations gets a
 * finding that names the macro, not "has no name".
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { inputsOfCase } from './helpers/modules';

describe('parameter-list-macro', () => {
  const input = inputsOfCase('parameter-list-macro', 'plm');

  const exception = (): { fix: string; message: string } | undefined => check([input()]).findings.find((x) => x.message.includes("'UnknownKey'"));

  test('the parameters are read through the macro', () => {
    expect(exception()?.fix).toBe('auto');
  });

  test('a macro body that is not plain declarations is named in the finding', () => {
    const h = path.join(input(), 'registry.h');
    fs.writeFileSync(h, fs.readFileSync(h, 'utf8').replace('PyObject *kwds', 'PyObject *Py_UNUSED(kwds)'));
    const f = exception();
    expect(f?.fix).toBe('manual');
    expect(f?.message).toMatch(/its parameter list is the macro REGISTRY_ARGS/);
    expect(f?.message).not.toMatch(/\(the module\) has no name\)/);
  });
});
