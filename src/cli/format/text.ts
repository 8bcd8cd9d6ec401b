/** Human-readable findings: grouped by file, `file:line:col: severity rule: message`, then a summary. */
import type { Finding } from '../../core/findings';
import type { Problem } from '../../engine/discover';
import { summarize } from '../../core/summary';
import { quotePath, escapeControls } from '../../core/quote';

/** `path: message` for a one-line report on stderr, the path quoted as git does. */
export function reportLine(p: string, message: string): string {
  return `${quotePath(p)}: ${escapeControls(message)}\n`;
}

export interface TextStyle {
  color: boolean;
}

const C = { red: '\x1b[31m', yellow: '\x1b[33m', cyan: '\x1b[36m', dim: '\x1b[2m', bold: '\x1b[1m', green: '\x1b[32m', reset: '\x1b[0m' };

export function formatFindingLine(f: Finding, style: TextStyle = { color: false }): string {
  const paint = (c: string, s: string): string => (style.color ? c + s + C.reset : s);
  const sev = f.severity === 'error' ? paint(C.red, 'error') : f.severity === 'warning' ? paint(C.yellow, 'warning') : paint(C.cyan, 'info');
  const fix = f.fix === 'auto' ? ' [auto]' : f.fix === 'manual' ? ' [manual]' : f.fix === 'unsafe' ? ' [unsafe]' : '';
  return `${quotePath(f.file)}:${f.line}:${f.col}: ${sev} ${paint(C.bold, f.rule)}${fix}: ${escapeControls(f.message)}`;
}

export function formatText(findings: Finding[], problems: Problem[], style: TextStyle = { color: false }, fileCount?: number): string {
  const out: string[] = [];
  const paint = (c: string, s: string): string => (style.color ? c + s + C.reset : s);
  let lastFile = '';
  for (const f of findings) {
    if (f.file !== lastFile) {
      if (lastFile !== '') out.push('');
      lastFile = f.file;
    }
    out.push(formatFindingLine(f, style));
    if (f.suggestion) out.push(paint(C.dim, `    ${f.fix === 'auto' ? 'fix' : 'how'}: ${escapeControls(f.suggestion)}`));
  }
  if (problems.length > 0) {
    if (out.length > 0) out.push('');
    for (const p of problems) out.push(`${quotePath(p.path)}: ${p.level === 'info' ? paint(C.cyan, 'info') : paint(C.yellow, 'warning')}: ${escapeControls(p.message)}`);
  }
  out.push('', ...formatSummary(findings, style, fileCount));
  return out.join('\n') + '\n';
}

export function formatSummary(findings: Finding[], style: TextStyle = { color: false }, fileCount?: number): string[] {
  const s = summarize(findings);
  const paint = (c: string, t: string): string => (style.color ? c + t + C.reset : t);
  const out: string[] = [];
  const files = fileCount !== undefined ? ` in ${fileCount} file${fileCount === 1 ? '' : 's'}` : '';
  if (s.total === 0) {
    out.push(paint(C.green, `No isolation hazards found${files}.`) + (s.notes > 0 ? ` (${s.notes} note${s.notes === 1 ? '' : 's'})` : ''));
    return out;
  }
  const pct = Math.round((100 * s.automatic) / s.total);
  out.push(paint(C.bold, `${s.total} isolation hazard${s.total === 1 ? '' : 's'}${files}: ${s.automatic} automatic (${pct}%), ${s.manual} need a human.`) + (s.notes > 0 ? ` ${s.notes} warning(s)/note(s).` : ''));
  out.push('', 'By rule:');
  const w = Math.max(...s.byRule.map((r) => r.rule.length));
  for (const r of s.byRule) out.push(`  ${r.rule.padEnd(w)}  ${String(r.total).padStart(4)}  (${r.automatic} auto, ${r.manual} manual)`);
  out.push('', 'By file:');
  const fw = Math.max(...s.byFile.map((r) => quotePath(r.file).length));
  for (const r of s.byFile) out.push(`  ${quotePath(r.file).padEnd(fw)}  ${String(r.total).padStart(4)}  (${r.automatic} auto, ${r.manual} manual)`);
  return out;
}
