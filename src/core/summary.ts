/** The maintainer's question, answered from findings: how much work is this, and how much is automatic? */
import type { Finding } from './findings';

export interface Summary {
  total: number;
  /** Hazards a transform rewrites. */
  automatic: number;
  /** Hazards a human must resolve (manual or unsafe). */
  manual: number;
  /** Warnings and notes that are not hazards by themselves. */
  notes: number;
  /** Findings a suppression comment accepts (listed, not counted above). */
  accepted: number;
  /** Findings the baseline file already knows (not counted above). */
  baseline: number;
  byRule: { rule: string; total: number; automatic: number; manual: number }[];
  byFile: { file: string; total: number; automatic: number; manual: number }[];
}

/** An error nobody accepted: it fails `check`. */
export function isHazard(f: Finding): boolean {
  return f.severity === 'error' && !f.accepted;
}

export function summarize(findings: Finding[]): Summary {
  const rules = new Map<string, { rule: string; total: number; automatic: number; manual: number }>();
  const files = new Map<string, { file: string; total: number; automatic: number; manual: number }>();
  let automatic = 0;
  let manual = 0;
  let notes = 0;
  let accepted = 0;
  let baseline = 0;
  for (const f of findings) {
    if (f.accepted) {
      if (f.accepted.kind === 'baseline') baseline++;
      else accepted++;
      continue;
    }
    if (!isHazard(f)) {
      notes++;
      continue;
    }
    const auto = f.fix === 'auto';
    if (auto) automatic++;
    else manual++;
    const r = rules.get(f.rule) ?? { rule: f.rule, total: 0, automatic: 0, manual: 0 };
    r.total++;
    if (auto) r.automatic++;
    else r.manual++;
    rules.set(f.rule, r);
    const fl = files.get(f.file) ?? { file: f.file, total: 0, automatic: 0, manual: 0 };
    fl.total++;
    if (auto) fl.automatic++;
    else fl.manual++;
    files.set(f.file, fl);
  }
  return {
    total: automatic + manual,
    automatic,
    manual,
    notes,
    accepted,
    baseline,
    byRule: [...rules.values()].sort((a, b) => b.total - a.total || (a.rule < b.rule ? -1 : 1)),
    byFile: [...files.values()].sort((a, b) => b.total - a.total || (a.file < b.file ? -1 : 1)),
  };
}
