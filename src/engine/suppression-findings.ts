/**
 * Suppression comments, seen from the engine: which findings of an extension they accept, and
 * the findings about the comments themselves (one that cannot be read, one that accepts nothing).
 */
import type { Finding } from '../core/findings';
import type { FileModel } from '../model/types';
import { applySuppressions, suppressionsOf, Suppression } from '../core/suppressions';
import { RULE_IDS } from '../../transforms/rule-docs';

/** Marks the findings that the suppression comments of these files accept. */
export function acceptBySuppressions(files: FileModel[], findings: Finding[]): Set<Suppression> {
  return applySuppressions(findings, files.flatMap((f) => suppressionsOf(f.parsed, RULE_IDS).suppressions));
}

/**
 * Findings about the suppression comments of these files: each comment that cannot be read is an
 * error; with `reportUnused` (a run where every rule ran), a comment that accepts no finding is a
 * warning, so fixed hazards do not leave stale decisions behind.
 */
export function suppressionFindings(files: FileModel[], findings: Finding[], reportUnused: boolean): Finding[] {
  const out: Finding[] = [];
  const all: Suppression[] = [];
  for (const f of files) {
    const s = suppressionsOf(f.parsed, RULE_IDS);
    all.push(...s.suppressions);
    for (const e of s.errors) out.push({ file: e.file, line: e.line, col: e.col, rule: 'engine/invalid-suppression', severity: 'error', fix: 'manual', message: e.message, suggestion: e.suggestion });
  }
  if (reportUnused && all.length > 0) {
    const used = applySuppressions(findings.map((f) => ({ ...f, accepted: undefined })), all);
    for (const s of all) {
      if (used.has(s)) continue;
      out.push({
        file: s.file,
        line: s.line,
        col: s.col,
        rule: 'engine/unused-suppression',
        severity: 'warning',
        fix: 'manual',
        message: `suppression of ${s.rules.join(', ')} accepts no finding on lines ${s.fromLine}-${s.toLine}`,
        suggestion: 'remove the comment if the hazard is gone, or move it onto the line or declaration the finding points at',
      });
    }
  }
  return out;
}
