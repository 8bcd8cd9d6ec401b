/** Machine-readable findings: one JSON document with findings, problems and the summary. */
import type { Finding } from '../../core/findings';
import type { Problem } from '../../engine/discover';
import { summarize } from '../../core/summary';

export function formatJson(findings: Finding[], problems: Problem[], extra: Record<string, unknown> = {}): string {
  return JSON.stringify({ version: 1, findings, problems, summary: summarize(findings), ...extra }, null, 2) + '\n';
}
