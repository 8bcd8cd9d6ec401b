/**
 * An init that keeps the module in a file-scope global (`ledger_module = PyModule_Create(&def);`) that
 * another file reads through a header macro (testdata/cases/module-kept-in-global-read-elsewhere converts,
 * builds and passes its smoke loaded once): the exec parameter never takes the global's name, and the
 * global is assigned the module after the load-once guard. A global no file given declares stops the init.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { ROOT, tempCopy } from './helpers/modules';

const CASE = path.join(ROOT, 'testdata', 'cases', 'module-kept-in-global-read-elsewhere');

describe('module kept in a file-scope global', () => {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(CASE, 'module-global-init');
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  const initFindings = (r: ReturnType<typeof rewrite>) => r.findings.filter((f) => f.rule === 'multi-phase-init/single-phase-init').map((f) => `${f.fix} ${f.message}`);

  test('the exec parameter gets its own name and the global is assigned it after the load-once guard', () => {
    const r = rewrite([dir]);
    expect(initFindings(r)[0]).toMatch(/^auto /);
    const out = r.changes.find((c) => path.basename(c.path) === 'input.c')!.after;
    const exec = out.slice(out.indexOf('ledger_exec(PyObject *module)\n{'));
    expect(exec).toContain('ledger_state *st = get_ledger_state(module);');
    const guard = exec.indexOf('if (ledger_loaded_once)');
    const assign = exec.indexOf('    ledger_module = module;\n');
    expect(guard).toBeGreaterThan(0);
    expect(assign).toBeGreaterThan(guard);
    expect(assign).toBeLessThan(exec.indexOf('PyErr_NewException'));
    expect(out).not.toContain('PyObject *ledger_module)');
  });

  test('a global that only a file not given defines: the init stays single-phase, with the reason', () => {
    const input = path.join(dir, 'input.c');
    fs.writeFileSync(input, fs.readFileSync(input, 'latin1').replace('PyObject *ledger_module;\n', ''));
    fs.appendFileSync(path.join(dir, 'rounding.c'), '\nPyObject *ledger_module;\n');
    const r = rewrite([input]);
    expect(initFindings(r)).toEqual([
      "manual single-phase init in PyInit_ledger: it keeps the module in 'ledger_module', which is not declared in these files: the code that reads it cannot be seen, nor that variable kept right",
    ]);
    expect(r.changes.map((c) => path.basename(c.path))).toEqual([]);
  });
});
