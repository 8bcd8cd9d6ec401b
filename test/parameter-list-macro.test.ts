/**
 * A module function whose parameter list is an object-like macro of the project
 * (`f(REGISTRY_ARGS)`, testdata/cases/parameter-list-macro builds and runs the converted case):
 * its parameters are read from the macro's body; a body that is not plain declarations gets a
 * finding that names the macro, not "has no name".
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'parameter-list-macro');

describe('parameter-list-macro', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'plm');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const exception = (): { fix: string; message: string } | undefined => check([dir]).findings.find((x) => x.message.includes("'UnknownKey'"));

  test('the parameters are read through the macro', () => {
    expect(exception()?.fix).toBe('auto');
  });

  test('a macro body that is not plain declarations is named in the finding', () => {
    const h = path.join(dir, 'registry.h');
    fs.writeFileSync(h, fs.readFileSync(h, 'utf8').replace('PyObject *kwds', 'PyObject *Py_UNUSED(kwds)'));
    const f = exception();
    expect(f?.fix).toBe('manual');
    expect(f?.message).toMatch(/its parameter list is the macro REGISTRY_ARGS/);
    expect(f?.message).not.toMatch(/\(the module\) has no name\)/);
  });
});
