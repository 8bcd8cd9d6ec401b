/**
 * Partial runs (issue 18.1): a run with some transforms left out never declares isolation, and
 * runs in steps converge: `apply --select multi-phase-init` then `apply` gives the bytes one
 * `apply` gives, for every case and example extension.
 */
import * as fs from 'fs';
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
    const once = tempCopy(t.dir, 'once');
    const steps = tempCopy(t.dir, 'steps');
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
