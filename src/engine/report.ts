/**
 * The last step of a check, after the (cacheable) per-group results are merged: which rules the
 * user asked to see. Suppression comments are applied before this (they are part of the source).
 */
import type { Finding } from '../core/findings';
import { RuleSelection, selectRules, validateRuleSelection } from './rule-selection';

export interface ReportOptions {
  /** Rule-level selection (check only): rule ids or prefixes, as ruff's --select / --ignore. */
  rules?: RuleSelection;
}

/** Throws for options that cannot work, before any file is read. */
export function validateReportOptions(opts: ReportOptions): void {
  if (opts.rules) validateRuleSelection(opts.rules);
}

export function finishFindings(findings: Finding[], opts: ReportOptions): Finding[] {
  return opts.rules ? selectRules(findings, opts.rules) : findings;
}
