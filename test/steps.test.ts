/**
 * Partial runs (issue 18.1): a run with some transforms left out never declares isolation, and
 * runs in steps converge: `apply --select multi-phase-init` then `apply` gives the bytes one
 * `apply` gives, for every case and example extension.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite, applyRewrite, check } from '../src/api';
import { ROOT, EXTENSIONS, listFiles, tempCopy } from './helpers/modules';

const CASES = path.join(ROOT, 'testdata', 'cases');

interface Tree {
  name: string;
  dir: string;
  minPython?: string;
}

function trees(): Tree[] {
  const out: Tree[] = [];
  for (const d of fs.readdirSync(CASES).sort()) {
    const dir = path.join(CASES, d);
    if (!fs.existsSync(path.join(dir, 'input.c'))) continue;
    // A refused case is left untouched by one run, while a partial run may still convert what does not
    // need the refused part (with the load-once guard, never claiming isolation): the property is about
    // extensions that convert.
    if (fs.existsSync(path.join(dir, 'refused.txt'))) continue;
    const json = fs.existsSync(path.join(dir, 'case.json')) ? (JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as { minPython?: string }) : {};
    out.push({ name: `cases/${d}`, dir, minPython: json.minPython });
  }
  for (const d of fs.readdirSync(EXTENSIONS).sort()) {
    const dir = path.join(EXTENSIONS, d);
    if (!fs.existsSync(path.join(dir, 'module.json'))) continue;
    const json = JSON.parse(fs.readFileSync(path.join(dir, 'module.json'), 'utf8')) as { minPython?: string };
    out.push({ name: `extensions/${d}`, dir, minPython: json.minPython });
  }
  return out;
}

function write(dir: string, select: string[] | undefined, minPython?: string): void {
  const r = rewrite([dir], { select, minPython });
  const failed = applyRewrite(r).filter((o) => !o.ok);
  if (failed.length > 0) throw new Error(`write failed: ${failed.map((f) => `${f.path}: ${f.error}`).join('; ')}`);
}

function inputsOnly(dir: string): string {
  for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  return dir;
}

function snapshot(dir: string): Map<string, string> {
  return new Map(listFiles(dir).map((f) => [f, fs.readFileSync(path.join(dir, f), 'latin1')]));
}

describe('partial runs', () => {
  test('a run that leaves hazards of unselected transforms declares no isolation', () => {
    const dir = tempCopy(path.join(EXTENSIONS, 'shapes'), 'steps');
    try {
      const r = rewrite([dir], { select: ['multi-phase-init'] });
      const out = r.changes.map((c) => c.after).join('\n');
      expect(out).toContain('Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED');
      expect(out).not.toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
      const note = r.findings.find((f) => f.rule === 'multi-phase-init/load-once');
      expect(note?.message).toMatch(/not selected in this run/);
      // The full run over the same tree declares it (nothing is left for a human in shapes).
      expect(check([dir]).findings.some((f) => f.severity === 'error' && f.fix === 'manual')).toBe(false);
      const all = rewrite([dir]).changes.map((c) => c.after).join('\n');
      expect(all).toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test.each(trees().map((t) => [t.name, t] as const))('%s: multi-phase-init first, then everything, equals one run', (_name, t) => {
    // A case's snapshots (expected.c, expected.<file>) are converted C: left in, they would be more files of the tree.
    const once = inputsOnly(tempCopy(t.dir, 'once'));
    const steps = inputsOnly(tempCopy(t.dir, 'steps'));
    try {
      write(once, undefined, t.minPython);
      write(steps, ['multi-phase-init'], t.minPython);
      write(steps, undefined, t.minPython);
      const a = snapshot(once);
      const b = snapshot(steps);
      expect([...b.keys()]).toEqual([...a.keys()]);
      for (const [f, text] of a) expect({ file: f, text: b.get(f) }).toEqual({ file: f, text });
    } finally {
      fs.rmSync(once, { recursive: true, force: true });
      fs.rmSync(steps, { recursive: true, force: true });
    }
  });
});

/**
 * Causes the fuzzer's steps property found (runs in steps ended elsewhere than one run), one small
 * module each in testdata/steps: `apply --select multi-phase-init` then `apply` gives one apply's bytes.
 */
describe('runs in steps end where one run ends', () => {
  const STEPS = path.join(ROOT, 'testdata', 'steps');
  const dirs: string[] = [];
  afterAll(() => dirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  /** A temp tree holding only the module `name`; returns the module's path in it. */
  const treeOf = (name: string, tag: string): string => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-isolate-test-${tag}-`));
    dirs.push(dir);
    fs.copyFileSync(path.join(STEPS, name), path.join(dir, name));
    return path.join(dir, name);
  };
  const inSteps = (name: string): { once: string; steps: string } => {
    const once = treeOf(name, 'once');
    const steps = treeOf(name, 'steps');
    write(path.dirname(once), undefined);
    write(path.dirname(steps), ['multi-phase-init']);
    write(path.dirname(steps), undefined);
    return { once: fs.readFileSync(once, 'latin1'), steps: fs.readFileSync(steps, 'latin1') };
  };
  const cases: [string, string, (out: string) => void][] = [
    // The partial run's exec does not use its module (Py_UNUSED(m)); the state goes in all the same. The
    // load-once guard, written in the file's style (note and call wrapped at 79 columns), is found and goes.
    ['style-evidence-in-init.c', 'an exec with Py_UNUSED(m) and a wrapped load-once guard', (out) => {
      expect(out).toContain('flagmod_exec(PyObject *m)');
      expect(out).not.toContain('loaded_once');
      // The file's style leaves single statements unbraced (flag_get); init's error exits do not count.
      expect(out).toMatch(/for \(Py_ssize_t i = 0; i < \(Py_ssize_t\)\(2\); i\+\+\)\n        Py_VISIT/);
    }],
    // A struct head without its `;` is a little damage: one run declares isolation, and so do the steps.
    ['little-parse-damage.c', 'a little parse damage', (out) => {
      expect(out).toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
      expect(out).not.toContain('loaded_once');
    }],
    // Py_UNUSED renames its parameter: the state used under #ifdef needs the plain name.
    ['state-only-under-ifdef-in-exec.c', 'state used only under #ifdef in exec', (out) => {
      expect(out).toContain('countmod_exec(PyObject *m)');
    }],
    // The helper that readies the type is called from the exec function a partial run wrote.
    ['type-readied-in-helper.c', 'a type readied in a helper of exec', (out) => {
      expect(out).toContain('PyType_FromModuleAndSpec');
    }],
    // The partial run's slot value is longer and was wrapped; one run's fits on the line.
    ['tabs-at-79-columns.c', 'a load-once slot entry wrapped at 79 columns', (out) => {
      expect(out).toContain('\t{Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED},\n');
    }],
    // One run names the init function it converts by its new name, as the later run reads it.
    ['static-in-init.c', 'a function static of the init function', (out) => {
      expect(out).toMatch(/PyObject \*oncemod_exec_version; +\/\* was: static PyObject \*version in\s+oncemod_exec\(\) \*\//);
    }],
  ];
  test.each(cases)('%s: %s', (name, _what, holds) => {
    const { once, steps } = inSteps(name);
    holds(once);
    expect(steps).toEqual(once);
  });

  test('a module loaded once for its parse damage: so in steps too, the note says why, and a re-run keeps it', () => {
    // The same module with an unknown macro over many lines: damage enough to block.
    const damaged = (file: string): string => {
      const text = fs.readFileSync(file, 'latin1').replace(/^(static PyObject \*last_token;)$/m, `$1\n${'UNKNOWN_DECL(a b c d e f g h i j k l m n o p q r s t u v w x y z);\n'.repeat(20)}`);
      fs.writeFileSync(file, text, 'latin1');
      return path.dirname(file);
    };
    const once = treeOf('little-parse-damage.c', 'damage-once');
    const steps = treeOf('little-parse-damage.c', 'damage-steps');
    write(damaged(once), undefined);
    write(damaged(steps), ['multi-phase-init']);
    write(path.dirname(steps), undefined);
    const out = fs.readFileSync(once, 'latin1');
    expect(out).toContain('parts of the code could not be parsed');
    expect(out).toContain('Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED');
    expect(fs.readFileSync(steps, 'latin1')).toEqual(out);
    expect(rewrite([path.dirname(once)]).changes).toEqual([]);
  });

  test('a block comment that never ends: every run leaves the extension untouched', () => {
    const file = treeOf('little-parse-damage.c', 'open-comment');
    const text = fs.readFileSync(file, 'latin1');
    // Opened in init, never closed: what follows is hidden from the compiler (and a partial run's own
    // comments would have closed it, so the next run read a different file).
    fs.writeFileSync(file, text.replace('    return m;\n}', '    /* the version is set here\n    return m;\n}'), 'latin1');
    for (const select of [['multi-phase-init'], undefined]) {
      const r = rewrite([path.dirname(file)], { select });
      expect(r.changes).toEqual([]);
      expect(r.refused[0]?.reason).toMatch(/^the block comment at line 42 never ends/);
    }
  });

  test('a module def the parser could not read whole is not converted, in one run or in steps', () => {
    for (const [what, from, to] of [
      ['a stray brace', '= {\n    PyModuleDef_HEAD_INIT', '= { {\n    PyModuleDef_HEAD_INIT'],
      ['an unterminated string', '"scanmod", NULL', '"scanmod, NULL'],
    ]) {
      const once = treeOf('little-parse-damage.c', 'bad-def-once');
      const steps = treeOf('little-parse-damage.c', 'bad-def-steps');
      for (const f of [once, steps]) fs.writeFileSync(f, fs.readFileSync(f, 'latin1').replace(from, to), 'latin1');
      const r = rewrite([path.dirname(once)]);
      expect({ what, message: r.findings.find((f) => f.rule === 'multi-phase-init/single-phase-init')?.message }).toEqual({ what, message: expect.stringMatching(/its module def has (code that could not be parsed|an unterminated string literal) \(line 2[2-4]\)/) });
      write(path.dirname(once), undefined);
      write(path.dirname(steps), ['multi-phase-init']);
      write(path.dirname(steps), undefined);
      expect(fs.readFileSync(steps, 'latin1')).toEqual(fs.readFileSync(once, 'latin1'));
    }
  });

  test('a type initializer the parser could not read whole stays a static type, with the reason, and a re-run keeps it', () => {
    // A statement and a brace spliced into the initializer: the fields after it are misread (the
    // spec once got `PyObject_GC_Del(self)` as a slot and lost tp_new; a second run then moved more).
    const spliced = (file: string): string => {
      fs.writeFileSync(file, fs.readFileSync(file, 'latin1').replace('    .tp_flags = Py_TPFLAGS_DEFAULT,\n', '    .tp_flags = Py_TPFLAGS_DEFAULT,\n    PyObject_GC_Del(self);\n}\n\n'), 'latin1');
      return path.dirname(file);
    };
    const once = spliced(treeOf('type-readied-in-helper.c', 'bad-type-once'));
    const steps = spliced(treeOf('type-readied-in-helper.c', 'bad-type-steps'));
    const r = rewrite([once]);
    expect(r.findings.find((f) => f.rule === 'static-type-to-heap/static-type')?.message).toMatch(/its initializer cannot be mapped: it has code that could not be parsed \(line 14\)/);
    write(once, undefined);
    expect(fs.readFileSync(path.join(once, 'type-readied-in-helper.c'), 'latin1')).not.toContain('PyType_Slot');
    write(steps, ['multi-phase-init']);
    write(steps, undefined);
    expect(fs.readFileSync(path.join(steps, 'type-readied-in-helper.c'), 'latin1')).toEqual(fs.readFileSync(path.join(once, 'type-readied-in-helper.c'), 'latin1'));
    expect(rewrite([once]).changes).toEqual([]);
  });

  // Runs in steps that do not give one run's bytes yet (spamlib: a note one run wraps at the file's width
  // stays on one line, the width being measured on the file as read), but complete the conversion
  // instead of refusing it.
  const stepped = (ext: string, first: string): { text: string; refused: string[] } => {
    const dir = tempCopy(path.join(EXTENSIONS, ext), 'stepped');
    dirs.push(dir);
    write(dir, [first]);
    const r = rewrite([dir]);
    const failed = applyRewrite(r).filter((o) => !o.ok);
    expect(failed).toEqual([]);
    return { text: fs.readFileSync(path.join(dir, `${ext}.c`), 'latin1'), refused: r.refused.map((x) => x.reason) };
  };

  test('a partial run puts the state block where one run puts it (spamlib, function-statics-to-state first)', () => {
    const { text, refused } = stepped('spamlib', 'function-statics-to-state');
    // Was: "Record_init() comes before the module's own state struct spamlib_state and would need it".
    expect(refused).toEqual([]);
    expect(text.indexOf('} spamlib_state;')).toBeGreaterThan(0);
    expect(text.indexOf('} spamlib_state;')).toBeLessThan(text.indexOf('Record_init('));
    expect(text).toContain('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
  });

  test("a later run leaves the legacy C-API's main-state pointer per process, as one run does (capsbox, capsule-api-to-state first)", () => {
    const { text, refused } = stepped('capsbox', 'capsule-api-to-state');
    expect(refused).toEqual([]);
    expect(text).toContain('static capsbox_state *capsbox_main_state = NULL;');
  });

  // The table's note is too long for the file's width: wrapped under its own start (boxapi) or above
  // the field (capsbox). A later run reads the field back, measures the notes' column with it and puts
  // the fields it adds before it, as one run orders them.
  test.each(['boxapi', 'capsbox'])('%s: capsule-api-to-state first, then everything, equals one run', (ext) => {
    const once = tempCopy(path.join(EXTENSIONS, ext), 'once-caps');
    const steps = tempCopy(path.join(EXTENSIONS, ext), 'steps-caps');
    dirs.push(once, steps);
    write(once, undefined);
    write(steps, ['capsule-api-to-state']);
    const first = fs.readFileSync(path.join(steps, `${ext}.c`), 'latin1');
    expect(first).toMatch(ext === 'boxapi' ? /\/\* was: static void \*api\[BoxAPI_pointers\] \(the exported C-API\n +table\) \*\// : /\n {4}\/\* was: static void \*PyCapsBox_API\[PyCapsBox_API_pointers\] \(the exported C-API table\) \*\/\n {4}void \*PyCapsBox_API\[PyCapsBox_API_pointers\];\n/);
    write(steps, undefined);
    expect([...snapshot(steps).entries()]).toEqual([...snapshot(once).entries()]);
  });

  test('a later run reads a C-API table an earlier run moved into the state as the table, and reuses its main state', () => {
    const dir = inputsOnly(tempCopy(path.join(CASES, 'capsule-function-called-by-static-method'), 'moved-table'));
    dirs.push(dir);
    write(dir, ['capsule-api-to-state']);
    const r = rewrite([dir]);
    // Counter_Bump is in the table (st->api_table[0]): split as one run splits it, so TallyError moves.
    expect(r.findings.filter((f) => f.rule === 'capsule-api-to-state/main-interpreter-only').map((f) => f.message)).toEqual([expect.stringMatching(/^Counter_Bump\(\) is in the C-API table/)]);
    expect(r.findings.filter((f) => f.rule === 'capsule-api-to-state/capsule-export' || f.rule === 'globals-to-state/exception' && f.fix === 'manual')).toEqual([]);
    expect(applyRewrite(r).filter((o) => !o.ok)).toEqual([]);
    const text = fs.readFileSync(path.join(dir, 'input.c'), 'latin1');
    const count = (s: string): number => text.split(s).length - 1;
    expect([count('static tally_state *tally_main_state = NULL;'), count('tally_legacy_state(void)'), count('static int Counter_Bump_impl(tally_state *st, PyObject *op, long n);')]).toEqual([1, 1, 1]);
    expect(rewrite([dir]).changes).toEqual([]);
  });
});

/**
 * Every transform alone, in registry order, then everything (issue 18.1): the bytes one run gives, for
 * every case but those listed below with the reason they still differ. Those must still end converted
 * as one run ends them (isolated exactly when one run is), with no C that cannot compile in a way the
 * cases show (a macro given `st` twice).
 */
describe('each transform alone, then everything', () => {
  const { TRANSFORM_IDS } = require('../transforms') as { TRANSFORM_IDS: readonly string[] };
  const ids = TRANSFORM_IDS.filter((x) => x !== 'checks');
  // Order only, where the earlier run's text decides it (none left). Every one of them looks the state up as one run does.
  // Fields of one kind that different runs move are in one run's order: a partial run notes above a field
  // the one one run puts right before it when that one is still to come (field-order-hints), the source
  // order being gone once the declaration is (pasted-names-and-shared-declarations: globals-to-state alone
  // moves empty_tuple; str__dict__ and str__name__, declared with it, wait for their type).
  // A later run's fields go in one run's order into a module's own struct too (own-state-struct-in-header).
  // A new field's group is its transform's (struct-sequence-initialized-once: ReadingType, a global that moves
  // only once the static type whose method uses it is a heap type, goes before the static types an
  // earlier run moved, though its note reads like theirs).
  // The lines an earlier run lengthened are measured as their author wrote them (multiphase-extend-state:
  // static-type-to-heap alone writes exec lines of 81 and 82 columns, `tally_create_type(module,
  // &Counter_spec, ...)` and `(PyObject *)st->Counter_Type`; measured as they are, the next run chose 99
  // where one run chose 79).
  // The block below a module's own struct goes below the struct and what reads it (its getter), not where
  // one run removes a global (multiphase-own-state-struct: deque_cls, right below the getter; when
  // globals-to-state ran alone first that line was gone, and the type creator went above the first
  // type converted).
  const ORDER: string[] = [];
  // A state lookup an earlier run declared under an #if or in an inner block is found again
  // (plan/existing-lookups.ts): no case looks the state up otherwise than one run.
  const LOOKUP: string[] = [];
  // A C-API table an earlier run moved into the state (`st->api_table`) is read again as the table:
  // its functions are split as one run splits them (capsule-function-called-by-static-method).
  const differs = new Set([...ORDER, ...LOOKUP]);
  const all = trees().filter((t) => t.name.startsWith('cases/'));

  const stepped = (t: Tree): { once: Map<string, string>; steps: Map<string, string>; isolated: [boolean, boolean] } => {
    const once = inputsOnly(tempCopy(t.dir, 'once-all'));
    const steps = inputsOnly(tempCopy(t.dir, 'steps-all'));
    try {
      write(once, undefined, t.minPython);
      for (const id of ids) write(steps, [id], t.minPython);
      write(steps, undefined, t.minPython);
      const isolated = (d: string): boolean => [...snapshot(d).values()].some((x) => x.includes('Py_MOD_PER_INTERPRETER_GIL_SUPPORTED'));
      return { once: snapshot(once), steps: snapshot(steps), isolated: [isolated(once), isolated(steps)] };
    } finally {
      fs.rmSync(once, { recursive: true, force: true });
      fs.rmSync(steps, { recursive: true, force: true });
    }
  };

  test.each(all.filter((t) => !differs.has(t.name.slice('cases/'.length))).map((t) => [t.name, t] as const))('%s: equals one run', (_n, t) => {
    const { once, steps } = stepped(t);
    expect([...steps.keys()]).toEqual([...once.keys()]);
    for (const [f, text] of once) expect({ file: f, text: steps.get(f) }).toEqual({ file: f, text });
  });

  // (jest refuses an empty table: with nothing listed, there is nothing to run.)
  const listed = [...ORDER, ...LOOKUP].map((n) => [n, all.find((t) => t.name === `cases/${n}`)!] as const);
  (listed.length > 0 ? test.each(listed) : test.skip.each([['(none)', all[0]] as const]))('%s: converted as one run converts it', (n, t) => {
    const { once, steps, isolated } = stepped(t);
    expect([...steps.keys()]).toEqual([...once.keys()]);
    expect(isolated[1]).toBe(isolated[0]);
    // The same state lookups as one run (the cheapest access, issue 15), wherever the lines are.
    const lookups = (m: Map<string, string>): string[] => [...m.values()].flatMap((x) => x.split('\n').filter((l) => /\w+_state \*\w+ = \w+\(/.test(l)).map((l) => l.trim())).sort();
    if (!LOOKUP.includes(n)) expect(lookups(steps)).toEqual(lookups(once));
    for (const [f, text] of steps) expect({ f, dup: /#define \w+\(st, st\b/.test(text) }).toEqual({ f, dup: false });
    // The compat header keeps every shim one run's code needs (a later run once wrote only its own).
    const compat = [...once.keys()].find((f) => f.endsWith('pyext_isolate_compat.h'));
    if (compat) expect(once.get(compat)!.split('\n').filter((l) => !steps.get(compat)!.split('\n').includes(l))).toEqual([]);
  });

  test('a partial run notes where one run has a field whose neighbour is still to come; the last run drops the note', () => {
    const dir = inputsOnly(tempCopy(path.join(CASES, 'pasted-names-and-shared-declarations'), 'order-hint'));
    try {
      write(dir, ['globals-to-state']);
      const first = fs.readFileSync(path.join(dir, 'input.c'), 'latin1');
      expect(first).toMatch(/typedef struct \{\n {4}\/\* after str__name__ \(for a later run of pyext-isolate\) \*\/\n {4}PyObject \*empty_tuple;/);
      write(dir, undefined);
      const last = fs.readFileSync(path.join(dir, 'input.c'), 'latin1');
      expect(last).not.toContain('for a later run of pyext-isolate');
      expect(last.match(/PyObject \*(\w+); +\/\* was/g)?.map((x) => x.replace(/ +\/\* was$/, ''))).toEqual(['PyObject *str__dict__;', 'PyObject *str__name__;', 'PyObject *empty_tuple;']);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the differences listed are cases that exist', () => {
    for (const n of differs) expect(all.map((t) => t.name)).toContain(`cases/${n}`);
  });
});
