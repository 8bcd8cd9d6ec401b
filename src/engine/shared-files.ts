import * as path from 'path';
import type { Finding } from '../core/findings';
import type { FileChange } from './plan-types';
import type { NewFile } from '../plan/emit';

export interface SharedFilesResult {
  changes: FileChange[];
  newFiles: NewFile[];
  refused: { path: string; reason: string }[];
  findings: Finding[];
  extensions: { name?: string; files: string[] }[];
}

/**
 * A file that several extensions hold (a header two modules include) is written once for all of
 * them: every extension that holds it must leave it as the others do. An extension whose rewrite
 * changes such a file where another one changes it differently, or not at all (its module stays
 * as it is, or was refused), is refused too, with the reason, until they agree (called again after
 * the compile gate refuses some). Extensions refuse together when they share their first file
 * (their changes' unit), as in the gate.
 */
export function agreeOnSharedFiles(r: SharedFilesResult): void {
  const key = (p: string): string => path.resolve(p);
  for (;;) {
    const holders = new Map<string, Set<string>>();
    const names = new Map<string, string[]>();
    for (const e of r.extensions) {
      const unit = e.files[0];
      if (!unit) continue;
      names.set(unit, [...(names.get(unit) ?? []), e.name ?? path.basename(unit)]);
      for (const f of e.files) {
        if (!holders.has(key(f))) holders.set(key(f), new Set());
        holders.get(key(f))!.add(unit);
      }
    }
    let bad: { unit: string; file: string; reason: string } | undefined;
    for (const c of r.changes) {
      if (!c.unit) continue;
      const units = holders.get(key(c.path));
      if (!units || units.size < 2) continue;
      for (const u of units) {
        if (u === c.unit) continue;
        const theirs = r.changes.filter((x) => x.unit === u && key(x.path) === key(c.path));
        if (theirs.length > 0 && theirs.every((x) => x.after === c.after)) continue;
        const who = (names.get(u) ?? [path.basename(u)]).join(', ');
        bad = {
          unit: c.unit,
          file: c.path,
          reason: `${path.basename(c.path)} is compiled into ${who} too, whose rewrite ${theirs.length === 0 ? 'leaves it as it is' : 'changes it differently'}, and one file cannot serve both; the extension is left untouched`,
        };
        break;
      }
      if (bad) break;
    }
    if (!bad) return;
    const { unit, file, reason } = bad;
    r.changes = r.changes.filter((c) => c.unit !== unit);
    r.newFiles = r.newFiles.filter((n) => n.unit !== unit);
    const files = [...new Set(r.extensions.filter((e) => e.files[0] === unit).flatMap((e) => e.files))];
    for (const f of files) r.refused.push({ path: f, reason: f === file ? reason : `${reason} (in ${file})` });
    r.findings.push({ file, line: 1, col: 1, rule: 'engine/refused', severity: 'error', fix: 'manual', message: reason, suggestion: 'resolve what keeps the other module from the same rewrite (its findings), or convert the file by hand for both modules' });
  }
}
