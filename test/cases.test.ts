/**
 * Small cases in testdata/cases/<situation>/: each names a situation found in real extensions
 * (most of them from docs/realworld-trial.md). For each: the findings and the rewritten source
 * match the reviewed snapshots, a second run changes nothing, and when case.json names the module
 * the converted code builds and passes smoke.py on 3.9, 3.12 and 3.13, isolated exactly when no
 * hazard is left (from the version case.json's `ownGilFrom` names when a dependency allows own-GIL
 * interpreters only from there; below it, in legacy subinterpreters), and (3.12+) every failed
 * allocation during its import raises MemoryError and leaks nothing.
 *
 * A multi-file case lists its compiled files in case.json (`"sources": ["input.c", "b.c"]`);
 * then every other file the rewrite changes or creates is a reviewed snapshot too: under
 * expected/ with its path in the case (expected/b.c, expected/mod_state.h) when the case has that
 * directory, else as expected.<name> next to input.c (the compat header left out). A case whose
 * extension is refused has its refusals in refused.txt.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { isBlocking } from '../src/core/findings';
import { ROOT, UPDATE, findingsText, matchSnapshot, tempCopy } from './helpers/modules';
import { verifyOnAllPythons } from './helpers/verify-helper';

const CASES = path.join(ROOT, 'testdata', 'cases');
const cases = fs.readdirSync(CASES).filter((d) => fs.existsSync(path.join(CASES, d, 'input.c'))).sort();

/** case.json; `more`: other modules of the same tree (sharing files with the first), built and smoke-tested too. */
interface CaseJson {
  module?: string;
  minPython?: string;
  sources?: string[];
  more?: { module: string; sources: string[]; smoke?: string }[];
  /** Why the error-path sweep is off: the original's own init leaks on a failed call, and the conversion keeps it. */
  originalLeaksOnError?: string;
  /** Macros the build defines (as its pyproject.toml's [tool.pyext-isolate] defines tell the tool). */
  defines?: string[];
  /** Why the error-path sweep is not on yet (a case written before the sweep existed, with a known failure to fix). */
  errorPathsNotYet?: string;
  /** Why the sweep is off: CPython itself fails under it (a C-API call the conversion needs crashes on a failed allocation). */
  cpythonFailsErrorPaths?: string;
  /** Isolated (own GIL) only from this version; shared-GIL subinterpreters below it, from 3.12 (a datetime C-API consumer). */
  ownGilFrom?: string;
}

describe.each(cases)('%s', (name) => {
  const dir = path.join(CASES, name);
  // `sources`: a multi-file case builds these (input.c first); its other rewritten files and the state header are snapshots too.
  const json = fs.existsSync(path.join(dir, 'case.json')) ? (JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseJson) : {};
  const multiFile = json.sources !== undefined;
  const expectedDir = fs.existsSync(path.join(dir, 'expected'));

  test('findings and rewrite match the snapshots; a second run changes nothing; the output builds and works', async () => {
    const work = tempCopy(dir, name);
    try {
      for (const f of fs.readdirSync(work)) if (f === 'findings.txt' || f === 'refused.txt' || f === 'expected' || f.startsWith('expected.')) fs.rmSync(path.join(work, f), { recursive: true, force: true });
      matchSnapshot(findingsText(work), path.join(dir, 'findings.txt'));
      const r = rewrite([work], { minPython: json.minPython });
      const out = r.changes.find((c) => path.relative(work, c.path) === 'input.c');
      matchSnapshot(out ? out.after : '(unchanged)\n', path.join(dir, 'expected.c'));
      if (r.refused.length > 0 || fs.existsSync(path.join(dir, 'refused.txt'))) {
        const text = r.refused.map((x) => `${path.relative(work, x.path)}: ${x.reason.split(work + path.sep).join('')}\n`).join('');
        matchSnapshot(text, path.join(dir, 'refused.txt'));
      }
      if (multiFile && !expectedDir) {
        for (const c of r.changes) if (path.basename(c.path) !== 'input.c') matchSnapshot(c.after, path.join(dir, `expected.${path.basename(c.path)}`));
        for (const n of r.newFiles) if (!n.path.endsWith('pyext_isolate_compat.h')) matchSnapshot(n.content, path.join(dir, `expected.${path.basename(n.path)}`));
      } else if (multiFile) {
        const others = new Map<string, string>();
        for (const c of r.changes) others.set(path.relative(work, c.path), c.after);
        for (const n of r.newFiles) others.set(path.relative(work, n.path), n.content);
        others.delete('input.c');
        for (const [rel, content] of others) matchSnapshot(content, path.join(dir, 'expected', rel));
        // A snapshot of a file the rewrite no longer writes is stale.
        const stale = listSnapshots(path.join(dir, 'expected')).filter((rel) => !others.has(rel));
        if (UPDATE) for (const rel of stale) fs.rmSync(path.join(dir, 'expected', rel));
        else expect(stale).toEqual([]);
      }
      for (const c of r.changes) fs.writeFileSync(c.path, Buffer.from(c.after, 'latin1'));
      for (const n of r.newFiles) fs.writeFileSync(n.path, Buffer.from(n.content, 'latin1'));
      const again = rewrite([work], { minPython: json.minPython });
      expect(again.changes.map((c) => c.path)).toEqual([]);
      expect(again.newFiles.map((c) => c.path)).toEqual([]);
      const modules = json.module ? [{ module: json.module, sources: json.sources ?? ['input.c'], smoke: 'smoke.py' }, ...(json.more ?? [])] : [];
      for (const m of modules) {
        const smoke = path.join(work, m.smoke ?? 'smoke.py');
        const sources = m.sources.map((f) => path.join(work, f));
        const res = await verifyOnAllPythons({
          module: m.module,
          sources,
          minPython: json.minPython ?? '3.9',
          smoke: fs.existsSync(smoke) ? smoke : undefined,
          defines: json.defines,
          expectIsolated: !r.findings.some(isBlocking),
          ownGilFrom: json.ownGilFrom,
          werror: true,
          // The generated init/exec/create paths under each allocation failure in turn (3.12+, issue 18.10);
          // a case the tool leaves unchanged has none (helper-drops-module's own init crashes 3.13 that way).
          errorPaths: out !== undefined && !json.originalLeaksOnError && !json.errorPathsNotYet && !json.cpythonFailsErrorPaths,
        });
        const broken = res.report.results.filter((x) => x.build !== 'ok' || x.main !== 'ok' || (x.smoke !== undefined && x.smoke !== 'ok'));
        if (broken.length > 0 || res.failures.length > 0) throw new Error(`${res.failures.join('\n')}\n\n${res.text}`);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});

function listSnapshots(dir: string): string[] {
  if (!fs.existsSync(dir)) return [];
  return fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => path.relative(dir, path.join(e.parentPath ?? e.path, e.name))).sort();
}
