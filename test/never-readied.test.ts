/**
 * A type nothing readies is created in exec only when it is defined in the init's own file: from a
 * spec of another file it would link only if the build compiles that file, which a type every live
 * file names only under `#if 0` does not show (pylzma's compressobj.c: undefined symbol at import).
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy } from './helpers/modules';

test('a never-readied type of another file stays a static type with a finding; one of the init file converts', () => {
  const dir = caseInputCopy('static-type-never-readied');
  try {
    expect(check([dir]).findings.filter((f) => f.rule === 'static-type-to-heap/static-type').map((f) => f.fix)).toEqual(['auto', 'auto']);
    // Token moves to a file of its own that nothing else names (as if the build never compiled it).
    const text = fs.readFileSync(path.join(dir, 'input.c'), 'latin1');
    const start = text.indexOf('static PyTypeObject TokenType = {');
    const end = text.indexOf('};', start) + 3;
    fs.writeFileSync(path.join(dir, 'token.c'), `#include <Python.h>\n\ntypedef struct { PyObject_HEAD long value; } TokenObject;\n\n${text.slice(start, end).replace('static PyTypeObject', 'PyTypeObject').replace(/BoxObject/g, 'TokenObject').replace(/\.tp_methods = \w+,\n/, '')}`);
    fs.writeFileSync(path.join(dir, 'input.c'), (text.slice(0, start) + text.slice(end)).replace('static PyTypeObject TokenType;', 'extern PyTypeObject TokenType;'));
    const finding = check([dir]).findings.find((f) => f.rule === 'static-type-to-heap/static-type' && /TokenType/.test(f.message) && f.file.endsWith('token.c'));
    expect(finding?.fix).toBe('manual');
    expect(finding?.message).toMatch(/no PyType_Ready\(&TokenType\) call was found, and it is defined in token\.c, while the init function names it nowhere, or only under #if/);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
