/**
 * Rule-level selection for `check`, as ruff does it: `--select` and `--ignore` take rule ids or any
 * prefix of them (a transform id selects all its rules); a finding is shown when some select
 * matches it (or there is none) and no ignore does. A selector that matches no rule is an error.
 */
import type { Finding } from '../core/findings';
import { closest } from '../core/suppressions';
import { RULE_IDS } from '../../transforms/rule-docs';

export interface RuleSelection {
  select?: string[];
  ignore?: string[];
}

export class UnknownRuleError extends Error {}

function matches(selector: string, rule: string): boolean {
  return rule.startsWith(selector);
}

/** Throws UnknownRuleError for a selector that matches no known rule id. */
export function validateRuleSelection(sel: RuleSelection): void {
  for (const [flag, list] of [['select', sel.select], ['ignore', sel.ignore]] as const) {
    for (const s of list ?? []) {
      if ([...RULE_IDS].some((r) => matches(s, r))) continue;
      const near = nearestSelector(s);
      throw new UnknownRuleError(`--${flag} ${s}: no rule id or transform id starts with it${near ? ` (did you mean '${near}'?)` : ''}; \`pyext-isolate rules\` lists them`);
    }
  }
}

/** A rule or transform id whose start is a near miss of `s` (a typo in a prefix counts too). */
function nearestSelector(s: string): string | undefined {
  const full = [...new Set([...RULE_IDS].map((r) => (s.includes('/') ? r : r.split('/')[0])))];
  const byStart = new Map(full.map((id) => [id.slice(0, s.length), id]));
  const near = closest(s, [...byStart.keys()]);
  return near === undefined ? undefined : byStart.get(near);
}

export function selectRules(findings: Finding[], sel: RuleSelection): Finding[] {
  const select = sel.select && sel.select.length > 0 ? sel.select : undefined;
  const ignore = sel.ignore ?? [];
  if (!select && ignore.length === 0) return findings;
  return findings.filter((f) => (!select || select.some((s) => matches(s, f.rule))) && !ignore.some((s) => matches(s, f.rule)));
}
