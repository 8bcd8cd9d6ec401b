/**
 * A C-API table exported as a statically initialized struct moves into the module state only when
 * every member can be assigned in exec; otherwise it stays, the types it names stay static, and the
 * finding says why. Variants of testdata/cases/capsule-struct-table, one refusal each.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { check } from '../src/api';

const CASE = path.join(__dirname, '..', 'testdata', 'cases', 'capsule-struct-table', 'input.c');
const original = fs.readFileSync(CASE, 'latin1');

function findings(source: string): { rule: string; fix: string; message: string }[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-capi-struct-'));
  try {
    fs.writeFileSync(path.join(dir, 'input.c'), Buffer.from(source, 'latin1'));
    return check([dir]).findings.map((f) => ({ rule: f.rule, fix: f.fix, message: f.message }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function variant(from: string | RegExp, to: string): string {
  const out = original.replace(from, to);
  expect(out).not.toBe(original);
  return out;
}

const table = (fs: ReturnType<typeof findings>) => fs.find((f) => f.rule === 'capsule-api-to-state/exported-table');
const counterType = (fs: ReturnType<typeof findings>) => fs.find((f) => f.rule === 'static-type-to-heap/static-type');

describe('struct C-API table', () => {
  test('moves when every member can be assigned in exec (the case itself)', () => {
    const f = findings(original);
    expect(table(f)).toMatchObject({ fix: 'auto' });
    expect(counterType(f)).toMatchObject({ fix: 'auto' });
  });

  test('moves when it is a static of the init function', () => {
    const decl = /static CounterCAPI counter_capi = \{[\s\S]*?\n\};\n/.exec(original)![0];
    const source = variant(decl, '').replace('    PyObject *m, *capsule;\n', `    ${decl.trim().replace(/\n/g, '\n    ')}\n    PyObject *m, *capsule;\n`);
    const f = findings(source);
    expect(table(f)).toMatchObject({ fix: 'auto' });
    expect(counterType(f)).toMatchObject({ fix: 'auto' });
  });

  test.each([
    ['used outside the init function', variant(/(counter_make\(PyObject \*module, PyObject \*arg\)\n\{\n)/, '$1    if (counter_capi.abi_version != 1)\n        return NULL;\n'), /it is used in counter_make\(\)/],
    ['a member set inside an #if', variant('    .provider = "counter",\n', '#ifdef COUNTER_NAMED\n    .provider = "counter",\n#endif\n'), /#if/],
    ['declared const', variant('static CounterCAPI counter_capi', 'static const CounterCAPI counter_capi'), /declared const/],
    ['a type readied after the capsule is made', variant(/    if \(PyType_Ready\(&CounterType\) < 0\)\n        return NULL;\n([\s\S]*?)(    return m;\n)/, '$1    if (PyType_Ready(&CounterType) < 0)\n        return NULL;\n$2'), /readied after the table's first use/],
    ['a member that is an array', variant('    const char *provider;\n} CounterCAPI;', '    const char *provider;\n    char tag[8];\n} CounterCAPI;').replace('    .provider = "counter",\n', '    .provider = "counter",\n    .tag = "ctr",\n'), /member tag is an array/],
    ['its type is a bare struct tag', variant('typedef struct {\n    int abi_version;', 'struct counter_capi_s {\n    int abi_version;').replace('} CounterCAPI;', '};').replace(/\bCounterCAPI\b/g, 'struct counter_capi_s'), /bare tag 'struct counter_capi_s'/],
  ])('stays, with its reason, when %s', (_what, source, reason) => {
    const f = findings(source);
    expect(table(f)).toMatchObject({ fix: 'manual' });
    expect(table(f)!.message).toMatch(/it cannot move into the module state: /);
    expect(table(f)!.message).toMatch(reason);
    expect(counterType(f)).toMatchObject({ fix: 'manual' });
  });
});
