/**
 * Parse damage in vendored plain C blocks nothing when it cannot hide an isolation hazard; any
 * sign that it could (the file names Python, the damage names a global or declares a static, it
 * changes the braces) keeps it a blocking error.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

function damageFinding(dir: string) {
  return check([dir]).findings.find((f) => f.rule === 'checks/parse-degraded');
}

describe('parse damage in a plain-C file', () => {
  let dir: string;
  beforeEach(() => {
    dir = caseInputCopy('damage-in-plain-c-helper');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('inside a body, naming nothing shared: an info', () => {
    expect(damageFinding(dir)?.severity).toBe('info');
  });

  test('the damaged rounds write a global: an error (a write the checks cannot see)', () => {
    editFile(dir, 'fold32.c', '#include <stdint.h>\n', '#include <stdint.h>\n\nuint32_t last_round;\n');
    editFile(dir, 'fold32.c', 'ROUND(op, k) acc = (acc op p[i + k]) * 16777619u;', 'ROUND(op, k) last_round = acc = (acc op p[i + k]) * 16777619u;');
    expect(damageFinding(dir)?.severity).toBe('error');
  });

  test('the file names Python: an error', () => {
    editFile(dir, 'fold32.c', '    return acc;', '    return acc; /* */ (void)Py_None;');
    expect(damageFinding(dir)?.severity).toBe('error');
  });

  test('a header of the extension it includes names Python: an error', () => {
    fs.writeFileSync(path.join(dir, 'common.h'), '#include <Python.h>\n#define FOLD_ERROR(m) PyErr_SetString(PyExc_ValueError, m)\n');
    editFile(dir, 'fold32.c', '#include <stdint.h>\n', '#include <stdint.h>\n#include "common.h"\n');
    expect(damageFinding(dir)?.severity).toBe('error');
  });
});

test('a file the parse reads whole gets no damage finding', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-test-damage-'));
  try {
    fs.writeFileSync(path.join(dir, 'plain.c'), 'int twice(int x) { return 2 * x; }\n');
    expect(damageFinding(dir)).toBeUndefined();
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
