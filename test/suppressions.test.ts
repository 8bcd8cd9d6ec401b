/**
 * Suppression comments: a comment accepts exactly the findings of its rules on its line or on the
 * declaration or statement it belongs to; it needs a reason; an unknown rule id is an error; accepted
 * findings stay listed (text: "accepted", JSON: `accepted`, SARIF: `suppressions` with the
 * justification) but no longer fail `check`.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { analyzeSource, check } from '../src/api';
import { readSuppressions } from '../src/core/suppressions';
import { RULE_IDS } from '../transforms/rule-docs';
import { ROOT } from './helpers/modules';

const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');

function suppressions(code: string) {
  const fm = analyzeSource('/virtual/x.c', Buffer.from(code, 'latin1'));
  return readSuppressions(fm.parsed, RULE_IDS);
}

// The counter is written by a function that other files may call without a module (not static), so it cannot
// move into the module state and stays a checks/mutable-c-static hazard for a human to decide.
// m_tick is exported (other extensions call it without a module): the counter it writes cannot move.
const MODULE = (body: string): string => `#include <Python.h>
${body}
#define M_API __attribute__((visibility("default")))
M_API void
m_tick(void)
{
    counter++;
}

static PyObject *
bump(PyObject *self, PyObject *args)
{
    m_tick();
    Py_RETURN_NONE;
}

static PyMethodDef m_methods[] = {{"bump", bump, METH_NOARGS, NULL}, {NULL, NULL, 0, NULL}};
static struct PyModuleDef m_def = {PyModuleDef_HEAD_INIT, "m", NULL, -1, m_methods};
PyMODINIT_FUNC PyInit_m(void) { return PyModule_Create(&m_def); }
`;

function tempModule(body: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-supp-'));
  fs.writeFileSync(path.join(dir, 'm.c'), MODULE(body));
  return dir;
}

describe('reading suppression comments', () => {
  test('a trailing comment covers its line and the declaration that begins there', () => {
    const r = suppressions('static PyTypeObject T = {  /* pyext-isolate: allow(static-type-to-heap/static-type): exported by address */\n  0,\n  "m.T",\n};\n');
    expect(r.errors).toEqual([]);
    expect(r.suppressions).toEqual([{ file: '/virtual/x.c', line: 1, col: 28, fromLine: 1, toLine: 4, rules: ['static-type-to-heap/static-type'], reason: 'exported by address' }]);
  });

  test('a comment block above a function covers the whole function; the reason may span lines', () => {
    const code = '/* pyext-isolate: allow(checks/gilstate, checks/mutable-c-static): called back\n * from the main interpreter only */\nstatic void\ncb(void)\n{\n    PyGILState_Ensure();\n}\nstatic int after;\n';
    const [s] = suppressions(code).suppressions;
    expect(s.rules).toEqual(['checks/gilstate', 'checks/mutable-c-static']);
    expect(s.reason).toBe('called back from the main interpreter only');
    expect([s.fromLine, s.toLine]).toEqual([1, 7]);
  });

  test('a line comment works the same; a statement inside a function is covered alone', () => {
    const code = 'static void f(void)\n{\n    // pyext-isolate: allow(checks/gilstate): main thread only\n    PyGILState_Ensure();\n    PyGILState_Ensure();\n}\n';
    const [s] = suppressions(code).suppressions;
    expect([s.fromLine, s.toLine]).toEqual([3, 4]);
  });

  test('unknown rule ids, a missing reason and unknown directives are errors; other mentions of the tool are not directives', () => {
    const code = [
      '/* pyext-isolate: allow(checks/mutable-c-statik): typo */',
      'static int a;',
      '/* pyext-isolate: allow(checks/mutable-c-static) */',
      'static int b;',
      '/* pyext-isolate: ignore(checks/mutable-c-static): no such verb */',
      'static int c;',
      '/* pyext-isolate: C globals are left (see `pyext-isolate check`), so load once per process. */',
      '/* pyext-isolate: allow(): nothing named */',
      '',
    ].join('\n');
    const r = suppressions(code);
    expect(r.suppressions).toEqual([]);
    expect(r.errors.map((e) => [e.line, e.message])).toEqual([
      [1, "suppression comment names unknown rule 'checks/mutable-c-statik': did you mean 'checks/mutable-c-static'?"],
      [3, 'suppression of checks/mutable-c-static gives no reason: a reason after the closing parenthesis is required'],
      [5, "unknown pyext-isolate directive 'ignore' in a comment (the only one is 'allow')"],
      [8, 'suppression comment names no rule id'],
    ]);
  });

  test('a known id next to an unknown one still applies, and the unknown one is reported', () => {
    const r = suppressions('static int a; /* pyext-isolate: allow(checks/mutable-c-static, checks/nope): counted under a lock */\n');
    expect(r.suppressions.map((s) => s.rules)).toEqual([['checks/mutable-c-static']]);
    expect(r.errors).toHaveLength(1);
  });
});

describe('check with suppression comments', () => {
  test('the comment silences exactly its finding, which is listed as accepted', () => {
    const dir = tempModule('static long counter = 0;  /* pyext-isolate: allow(checks/mutable-c-static): a statistic, races are harmless */\nstatic long other = 0;');
    try {
      const before = check([dir]).findings.filter((f) => f.rule === 'checks/mutable-c-static');
      // `other` is not written: only `counter` is a hazard, and it is accepted.
      expect(before).toHaveLength(1);
      expect(before[0].accepted).toEqual({ kind: 'comment', justification: 'a statistic, races are harmless', by: `${path.join(dir, 'm.c')}:2` });
      const text = spawnSync(process.execPath, [BIN, 'check', dir, '--no-cache'], { encoding: 'utf8' });
      expect(text.stdout).toMatch(/Accepted by suppression comments \(1, not counted as hazards\):\n {2}.*m\.c:2:1: accepted checks\/mutable-c-static: .*\n {4}reason \(.*m\.c:2\): a statistic, races are harmless/);
      // What is left is the automatic single-phase conversion.
      expect(text.stdout).toMatch(/1 isolation hazard in 1 file: 1 automatic \(100%\), 0 need a human\..* Not counted: 1 accepted by suppression comments\./);
      const onlyChecks = spawnSync(process.execPath, [BIN, 'check', dir, '--no-cache', '--select', 'checks'], { encoding: 'utf8' });
      expect(onlyChecks.stdout).toMatch(/No isolation hazards found in 1 file\. Not counted: 1 accepted by suppression comments\./);
      expect(onlyChecks.status).toBe(0);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('JSON carries `accepted`, SARIF a suppression with the justification', () => {
    const dir = tempModule('static long counter = 0;  /* pyext-isolate: allow(checks/mutable-c-static): a statistic */');
    try {
      const json = JSON.parse(spawnSync(process.execPath, [BIN, 'check', dir, '--no-cache', '--format', 'json'], { encoding: 'utf8' }).stdout);
      const f = json.findings.find((x: { rule: string }) => x.rule === 'checks/mutable-c-static');
      expect(f.accepted).toMatchObject({ kind: 'comment', justification: 'a statistic' });
      expect(json.summary.accepted).toBe(1);
      const sarif = JSON.parse(spawnSync(process.execPath, [BIN, 'check', dir, '--no-cache', '--format', 'sarif'], { encoding: 'utf8' }).stdout);
      const res = sarif.runs[0].results.find((x: { ruleId: string }) => x.ruleId === 'checks/mutable-c-static');
      expect(res.suppressions).toEqual([{ kind: 'inSource', justification: 'a statistic' }]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('a comment on another line, or naming another rule, accepts nothing and is reported unused', () => {
    const dir = tempModule('static long counter = 0;\n/* pyext-isolate: allow(checks/gilstate): not this one */\nstatic long other = 0;');
    try {
      const r = check([dir]);
      const hazard = r.findings.find((f) => f.rule === 'checks/mutable-c-static')!;
      expect(hazard.accepted).toBeUndefined();
      expect(r.findings.filter((f) => f.rule === 'engine/unused-suppression').map((f) => f.line)).toEqual([3]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
