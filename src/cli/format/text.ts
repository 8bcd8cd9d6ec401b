/**
 * Human-readable findings: grouped by file, `file:line:col: severity rule: message`; findings of a
 * file that share a remedy are listed together and the remedy is printed once. Findings accepted
 * by a suppression comment are listed apart; those the baseline knows are only counted. Then the
 * summary.
 */
import type { Finding } from '../../core/findings';
import type { Problem } from '../../engine/discover';
import { summarize } from '../../core/summary';
import { groupByRemedy } from '../../core/findings';
import { quotePath, escapeControls } from '../../core/quote';

/** `path: message` for a one-line report on stderr, the path quoted as git does. */
export function reportLine(p: string, message: string): string {
  return `${quotePath(p)}: ${escapeControls(message)}\n`;
}

export interface TextStyle {
  color: boolean;
}

const C = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', green: '\x1b[32m', reset: '\x1b[0m' };

/** Severity as printed: errors and warnings as such, information as a note (as gcc and SARIF say). */
const LABEL: Record<Finding['severity'], string> = { error: 'error', warning: 'warning', info: 'note' };

export function formatFindingLine(f: Finding, style: TextStyle = { color: false }): string {
  const paint = (c: string, s: string): string => (style.color ? c + s + C.reset : s);
  const sev = paint(f.severity === 'error' ? C.red : f.severity === 'warning' ? C.yellow : C.cyan, LABEL[f.severity]);
  const fix = f.fix === 'auto' ? ' [auto]' : f.fix === 'manual' ? ' [manual]' : f.fix === 'unsafe' ? ' [unsafe]' : '';
  return `${quotePath(f.file)}:${f.line}:${f.col}: ${sev} ${paint(C.bold, f.rule)}${fix}: ${escapeControls(f.message)}`;
}

export function formatText(findings: Finding[], problems: Problem[], style: TextStyle = { color: false }, fileCount?: number): string {
  const out: string[] = [];
  const paint = (c: string, s: string): string => (style.color ? c + s + C.reset : s);
  const open = findings.filter((f) => !f.accepted);
  const byFile = new Map<string, Finding[]>();
  for (const f of open) {
    if (!byFile.has(f.file)) byFile.set(f.file, []);
    byFile.get(f.file)!.push(f);
  }
  for (const list of byFile.values()) {
    if (out.length > 0) out.push('');
    for (const group of groupByRemedy(list)) {
      for (const f of group) out.push(formatFindingLine(f, style));
      const f = group[0];
      if (!f.suggestion) continue;
      const label = f.fix === 'auto' ? 'fix' : 'how';
      out.push(paint(C.dim, `    ${label}${group.length > 1 ? ` (all ${group.length} above)` : ''}: ${escapeControls(f.suggestion)}`));
    }
  }
  const accepted = findings.filter((f) => f.accepted?.kind === 'comment');
  if (accepted.length > 0) {
    if (out.length > 0) out.push('');
    out.push(`Accepted by suppression comments (${accepted.length}, not counted as hazards):`);
    for (const f of accepted) out.push(`  ${quotePath(f.file)}:${f.line}:${f.col}: ${paint(C.green, 'accepted')} ${f.rule}: ${escapeControls(f.message)}`, paint(C.dim, `    reason (${f.accepted!.by}): ${escapeControls(f.accepted!.justification)}`));
  }
  if (problems.length > 0) {
    if (out.length > 0) out.push('');
    for (const p of problems) out.push(`${quotePath(p.path)}: ${p.level === 'info' ? paint(C.cyan, 'note') : paint(C.yellow, 'warning')}: ${escapeControls(p.message)}`);
  }
  out.push('', ...formatSummary(findings, style, fileCount));
  return out.join('\n') + '\n';
}

export function formatSummary(findings: Finding[], style: TextStyle = { color: false }, fileCount?: number): string[] {
  const s = summarize(findings);
  const paint = (c: string, t: string): string => (style.color ? c + t + C.reset : t);
  const out: string[] = [];
  const files = fileCount !== undefined ? ` in ${fileCount} file${fileCount === 1 ? '' : 's'}` : '';
  const notes = s.notes > 0 ? ` ${s.notes} warning${s.notes === 1 ? '' : 's'} or note${s.notes === 1 ? '' : 's'}.` : '';
  const decided = [s.accepted > 0 ? `${s.accepted} accepted by suppression comments` : '', s.baseline > 0 ? `${s.baseline} known from the baseline` : '']
    .filter((x) => x !== '')
    .join(', ');
  const after = (notes + (decided ? ` Not counted: ${decided}.` : '')).trimStart();
  if (s.total === 0) {
    out.push(paint(C.green, `No isolation hazards found${files}.`) + (after ? ` ${after}` : ''));
    return out;
  }
  const pct = Math.round((100 * s.automatic) / s.total);
  out.push(paint(C.bold, `${s.total} isolation hazard${s.total === 1 ? '' : 's'}${files}: ${s.automatic} automatic (${pct}%), ${s.manual} need a human.`) + (after ? ` ${after}` : ''));
  out.push('', 'By rule:');
  const w = Math.max(...s.byRule.map((r) => r.rule.length));
  for (const r of s.byRule) out.push(`  ${r.rule.padEnd(w)}  ${String(r.total).padStart(4)}  (${r.automatic} auto, ${r.manual} manual)`);
  out.push('', 'By file:');
  const fw = Math.max(...s.byFile.map((r) => quotePath(r.file).length));
  for (const r of s.byFile) out.push(`  ${quotePath(r.file).padEnd(fw)}  ${String(r.total).padStart(4)}  (${r.automatic} auto, ${r.manual} manual)`);
  return out;
}
