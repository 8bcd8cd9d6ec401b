/**
 * The last step of a check, after the (cacheable) per-group results are merged: fingerprints,
 * the baseline, and which rules the user asked to see. Suppression comments are applied before
 * this (they are part of the source).
 */
import type { Finding } from '../core/findings';
import { RuleSelection, selectRules, validateRuleSelection } from './rule-selection';
import { addFingerprints } from './fingerprints';
import { applyBaseline, readBaseline } from './baseline';

export interface ReportOptions {
  /** Rule-level selection (check only): rule ids or prefixes, as ruff's --select / --ignore. */
  rules?: RuleSelection;
  /** A baseline file (check --baseline): the findings it knows are accepted, not counted. */
  baseline?: string;
}

export interface FinishedFindings {
  findings: Finding[];
  /** Baseline entries that matched no finding (fixed since it was written). */
  baselineStale?: number;
}

/** Throws for options that cannot work, before any file is read. */
export function validateReportOptions(opts: ReportOptions): void {
  if (opts.rules) validateRuleSelection(opts.rules);
  if (opts.baseline) readBaseline(opts.baseline);
}

export function finishFindings(findings: Finding[], opts: ReportOptions): FinishedFindings {
  addFingerprints(findings);
  const shown = opts.rules ? selectRules(findings, opts.rules) : findings;
  if (!opts.baseline) return { findings: shown };
  const { stale } = applyBaseline(shown, readBaseline(opts.baseline), opts.baseline);
  return { findings: shown, baselineStale: stale };
}
