/**
 * Every realistic module in testdata/extensions: its findings and its rewritten sources match the
 * reviewed snapshots in testdata/expected/<module>/, a second run changes nothing, and the CRLF
 * twin of the input gives the CRLF twin of the output. (Building and importing the output is
 * convert-verify.test.ts.)
 */
import * as fs from 'fs';
import * as path from 'path';
import { rewrite } from '../src/api';
import { listModules, convertCopy, findingsText, matchSnapshot, EXPECTED, listFiles, tempCopy, UPDATE } from './helpers/modules';

const modules = listModules();

describe.each(modules.map((m) => [m.name, m] as const))('%s', (_name, mod) => {
  const expectedDir = path.join(EXPECTED, mod.name);

  test('findings match the reviewed snapshot', () => {
    matchSnapshot(findingsText(mod.dir), path.join(expectedDir, 'findings.txt'));
  });

  test('rewritten sources match the reviewed snapshot, and a second run changes nothing', () => {
    const { dir, result } = convertCopy(mod);
    try {
      const changed = [...result.changes.map((c) => c.path), ...result.newFiles.map((n) => n.path)].map((p) => path.relative(dir, p)).sort();
      matchSnapshot(changed.join('\n') + '\n', path.join(expectedDir, 'changed-files.txt'));
      for (const rel of changed) matchSnapshot(fs.readFileSync(path.join(dir, rel), 'latin1'), path.join(expectedDir, 'output', rel));
      // No reviewed output is left of a file the rewrite no longer changes (it would mislead a reader).
      const outputDir = path.join(expectedDir, 'output');
      const stale = fs.existsSync(outputDir) ? listFiles(outputDir).filter((rel) => !changed.includes(rel)) : [];
      if (UPDATE) for (const rel of stale) fs.rmSync(path.join(outputDir, rel));
      else expect(stale).toEqual([]);
      const again = rewrite([dir]);
      expect(again.changes.map((c) => c.path)).toEqual([]);
      expect(again.newFiles.map((n) => n.path)).toEqual([]);
      expect(again.refused).toEqual([]);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  test('the line-ending twin of the input gives the twin of the output', () => {
    const lfDir = tempCopy(mod.dir, `${mod.name}-twin`);
    try {
      // Convert every source to the other line ending, rewrite, convert back: same as the direct output.
      const sources = listFiles(lfDir).filter((f) => /\.(c|h|src)$/.test(f));
      const toggled = new Map<string, boolean>();
      for (const rel of sources) {
        const p = path.join(lfDir, rel);
        const text = fs.readFileSync(p, 'latin1');
        const isCrlf = text.includes('\r\n');
        toggled.set(rel, isCrlf);
        fs.writeFileSync(p, Buffer.from(isCrlf ? text.replace(/\r\n/g, '\n') : text.replace(/\n/g, '\r\n'), 'latin1'));
      }
      const twin = rewrite([lfDir]);
      const direct = rewrite([mod.dir]);
      const norm = (s: string): string => s.replace(/\r\n/g, '\n');
      expect(twin.changes.map((c) => path.relative(lfDir, c.path)).sort()).toEqual(direct.changes.map((c) => path.relative(mod.dir, c.path)).sort());
      for (const c of twin.changes) {
        const rel = path.relative(lfDir, c.path);
        const d = direct.changes.find((x) => path.relative(mod.dir, x.path) === rel)!;
        const wasCrlf = toggled.get(rel);
        // The twin keeps its own line ending everywhere (no mixed endings introduced).
        if (wasCrlf === false) expect(c.after.replace(/\r\n/g, '')).not.toContain('\n');
        if (wasCrlf === true) expect(c.after).not.toContain('\r\n');
        expect(norm(c.after)).toBe(norm(d.after));
      }
    } finally {
      fs.rmSync(lfDir, { recursive: true, force: true });
    }
  });
});
