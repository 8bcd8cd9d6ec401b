/**
 * Mutable C data that only code nothing in the extension reaches uses (a vendored library's
 * non-reentrant variant returning its static result; testdata/cases/uncalled-library-static builds
 * and runs isolated): an info, not a blocker, under assume-internal. Once the module calls that
 * code, or assume-internal is off, it is a hazard again.
 */
import * as fs from 'fs';
import * as path from 'path';
import { check } from '../src/api';
import { caseInputCopy, editFile } from './helpers/modules';

const CASE = 'uncalled-library-static';

function staticFindings(dir: string): string[] {
  return check([dir])
    .findings.filter((f) => /'last_split'/.test(f.message))
    .map((f) => `${f.rule} ${f.severity} ${f.fix}`);
}

describe('C data used only by code nothing calls', () => {
  let dir = '';
  beforeEach(() => {
    dir = caseInputCopy(CASE, 'unreached');
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const edit = (file: string, from: string, to: string): void => editFile(dir, file, from, to);

  test('used only by an uncalled library function: an info naming that function', () => {
    expect(staticFindings(dir)).toEqual(['checks/unreached-c-static info none']);
    const f = check([dir]).findings.find((x) => x.rule === 'checks/unreached-c-static')!;
    expect(f.message).toMatch(/only daycalc_split\(\) uses it, and no code of the extension calls it/);
  });

  test('once the module calls that function, the static is a hazard again', () => {
    edit('input.c', '    daycalc_split_r(days, &parts);', '    parts = *daycalc_split(days);');
    expect(staticFindings(dir)).not.toContain('checks/unreached-c-static info none');
    expect(staticFindings(dir).length).toBeGreaterThan(0);
  });

  test('an export mark on the function (a caller outside may exist): a hazard', () => {
    edit('daycalc.h', 'struct day_parts *daycalc_split(long days);', '__attribute__((visibility("default"))) struct day_parts *daycalc_split(long days);');
    expect(staticFindings(dir)).toEqual(['checks/mutable-c-static error manual']);
  });

  test('with assume-internal off: a hazard', () => {
    fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[tool.pyext-isolate]\nassume-internal = false\n');
    expect(staticFindings(dir)).toEqual(['checks/mutable-c-static error manual']);
  });
});

test('a function defined once per #if branch with a storage macro that may be static, called from another .c file: not unreached', () => {
  const os = require('os') as typeof import('os');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-unreached-'));
  try {
    fs.writeFileSync(path.join(dir, 'p.h'), ['#include <Python.h>', '#if defined(SINGLE_FILE)', '# define P_INTERNAL static', '#else', '# define P_INTERNAL', '#endif', 'P_INTERNAL int ssl_init(void);', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 't.c'), ['#include "p.h"', 'struct cbs { int a; void *b; };', '#ifdef USE_A', 'static struct cbs tsl = { 1, NULL };', 'P_INTERNAL int', 'ssl_init(void)', '{', '    tsl.a = 2;', '    return 0;', '}', '#else', 'P_INTERNAL int', 'ssl_init(void)', '{', '    return 0;', '}', '#endif', ''].join('\n'));
    fs.writeFileSync(path.join(dir, 'm.c'), ['#include "p.h"', 'static struct PyModuleDef def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, NULL};', 'PyMODINIT_FUNC PyInit_m(void)', '{', '    if (ssl_init() != 0)', '        return NULL;', '    return PyModule_Create(&def);', '}', ''].join('\n'));
    const f = check([dir]).findings.filter((x) => /'tsl'/.test(x.message));
    expect(f.map((x) => x.rule)).toEqual(['checks/mutable-c-static']);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
