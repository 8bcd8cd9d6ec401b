/** Findings: one per hazard, `file:line:col: severity rule: message`, with who fixes it. */
import type { SourceFile } from './source';
import type { Accepted } from './suppressions';

export type Severity = 'error' | 'warning' | 'info';
/** auto: a transform rewrites it; unsafe: only with --unsafe; manual: a human must; none: information. */
export type FixKind = 'auto' | 'unsafe' | 'manual' | 'none';

export interface Finding {
  file: string;
  line: number;
  col: number;
  endLine?: number;
  endCol?: number;
  /** `<transform-id>/<check>`, e.g. `static-type-to-heap/static-type`. */
  rule: string;
  severity: Severity;
  message: string;
  /** What to do about it (the manual steps, or what the transform will do). */
  suggestion?: string;
  fix: FixKind;
  /** Set when a suppression comment or the baseline accepts it: listed, but no longer a hazard. */
  accepted?: Accepted;
  /** Stable across line moves (rule, file, the text of its line, occurrence); set for reports. */
  fingerprint?: string;
}

export function findingAt(
  source: SourceFile,
  start: number,
  end: number,
  rule: string,
  severity: Severity,
  fix: FixKind,
  message: string,
  suggestion?: string,
): Finding {
  const a = source.position(start);
  const b = source.position(Math.max(start, end));
  const f: Finding = { file: source.path, line: a.line, col: a.col, endLine: b.line, endCol: b.col, rule, severity, message, fix };
  if (suggestion) f.suggestion = suggestion;
  return f;
}

export function compareFindings(a: Finding, b: Finding): number {
  return (a.file < b.file ? -1 : a.file > b.file ? 1 : 0) || a.line - b.line || a.col - b.col || (a.rule < b.rule ? -1 : a.rule > b.rule ? 1 : 0);
}

/**
 * A hazard still left for a human: it keeps the module from declaring isolation. One a human
 * accepted with a suppression comment in the source is a recorded decision and does not; a
 * baseline entry (a report-level "known" mark) never changes what the rewrite declares.
 */
export function isBlocking(f: Finding): boolean {
  // A malformed suppression comment is an error in a comment, not a hazard: what it meant to accept
  // is reported (and blocks) on its own, or has been converted.
  if (f.rule === 'engine/invalid-suppression') return false;
  return f.severity === 'error' && (f.fix === 'manual' || f.fix === 'unsafe') && f.accepted?.kind !== 'comment';
}

/** Sorted, with findings reported twice (a header shared by two extensions) kept once. */
export function uniqueFindings(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const f of findings.slice().sort(compareFindings)) {
    const key = `${f.file}\0${f.line}\0${f.col}\0${f.rule}\0${f.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(f);
  }
  return out;
}

/** Findings in groups that share a remedy (fix kind and suggestion), each group where its first finding is. */
export function groupByRemedy(findings: Finding[]): Finding[][] {
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const key = f.suggestion ? `${f.fix === 'auto' ? 'fix' : 'how'}\0${f.suggestion}` : `\0${groups.size}`;
    if (!groups.has(key)) groups.set(key, []);
    groups.get(key)!.push(f);
  }
  return [...groups.values()];
}
