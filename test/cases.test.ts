/**
 * Small cases in testdata/cases/<situation>/: each names a situation found in real extensions
 * (most of them from docs/realworld-trial.md). For each: the findings and the rewritten source
 * match the reviewed snapshots, a second run changes nothing, and when case.json names the module
 * the converted code builds and passes smoke.py on 3.9, 3.12 and 3.13, isolated exactly when no
 * hazard is left, and (3.12+) every failed allocation during its import raises MemoryError and leaks
 * nothing.
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { isBlocking } from '../src/core/findings';
import { ROOT, findingsText, matchSnapshot, tempCopy } from './helpers/modules';
import { verifyOnAllPythons } from './helpers/verify-helper';

const CASES = path.join(ROOT, 'testdata', 'cases');
const cases = fs.readdirSync(CASES).filter((d) => fs.existsSync(path.join(CASES, d, 'input.c'))).sort();

/** case.json; `more`: other modules of the same tree (sharing files with the first), built and smoke-tested too. */
interface CaseJson {
  module?: string;
  minPython?: string;
  sources?: string[];
  more?: { module: string; sources: string[]; smoke?: string }[];
}

describe.each(cases)('%s', (name) => {
  const dir = path.join(CASES, name);
  // `sources`: a multi-file case builds these (input.c first); its other rewritten files and the state header are snapshots too.
  const json = fs.existsSync(path.join(dir, 'case.json')) ? (JSON.parse(fs.readFileSync(path.join(dir, 'case.json'), 'utf8')) as CaseJson) : {};

  test('findings and rewrite match the snapshots; a second run changes nothing; the output builds and works', async () => {
    const work = tempCopy(dir, name);
    try {
      for (const f of fs.readdirSync(work)) if (f === 'findings.txt' || f.startsWith('expected.')) fs.rmSync(path.join(work, f), { force: true });
      matchSnapshot(findingsText(work), path.join(dir, 'findings.txt'));
      const r = rewrite([work], { minPython: json.minPython });
      const out = r.changes.find((c) => path.basename(c.path) === 'input.c');
      matchSnapshot(out ? out.after : '(unchanged)\n', path.join(dir, 'expected.c'));
      if (json.sources) {
        for (const c of r.changes) if (path.basename(c.path) !== 'input.c') matchSnapshot(c.after, path.join(dir, `expected.${path.basename(c.path)}`));
        for (const n of r.newFiles) if (!n.path.endsWith('pyext_isolate_compat.h')) matchSnapshot(n.content, path.join(dir, `expected.${path.basename(n.path)}`));
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
          expectIsolated: !r.findings.some(isBlocking),
          werror: true,
          // The generated init/exec/create paths under each allocation failure in turn (3.12+, issue 18.10);
          // a case the tool leaves unchanged has none (helper-drops-module's own init crashes 3.13 that way).
          errorPaths: out !== undefined,
        });
        const broken = res.report.results.filter((x) => x.build !== 'ok' || x.main !== 'ok' || (x.smoke !== undefined && x.smoke !== 'ok'));
        if (broken.length > 0 || res.failures.length > 0) throw new Error(`${res.failures.join('\n')}\n\n${res.text}`);
      }
    } finally {
      fs.rmSync(work, { recursive: true, force: true });
    }
  });
});
