/**
 * The effort report's data ("how much work would that be?"): the findings of a check, and what the
 * rewrite would really do, from the same plan `apply` writes (files and lines it changes, files it
 * generates, extensions it refuses). Formatted by cli/format/html.ts.
 */
import { diffLines } from 'diff';
import type { Finding } from '../core/findings';
import type { Problem } from '../engine/discover';
import { runBatch, BatchOptions } from './batch';

export interface PlannedFile {
  path: string;
  added: number;
  removed: number;
  /** Transforms whose edits land in it. */
  by: string[];
}

export interface EffortData {
  findings: Finding[];
  problems: Problem[];
  missing: string[];
  empty: string[];
  files: string[];
  extensions: { name?: string; files: string[] }[];
  plan: {
    changed: PlannedFile[];
    generated: { path: string; lines: number }[];
    refused: { path: string; reason: string }[];
  };
}

export function changedLines(before: string, after: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const part of diffLines(before, after)) {
    if (part.added) added += part.count ?? 0;
    else if (part.removed) removed += part.count ?? 0;
  }
  return { added, removed };
}

/** Runs check and the rewrite plan (nothing is written) over the same paths and options. */
export async function effortData(paths: string[], opts: Omit<BatchOptions, 'mode'>): Promise<EffortData> {
  const checked = await runBatch(paths, { ...opts, mode: 'check' });
  const { rules: _rules, baseline: _baseline, ...rewriteOpts } = opts;
  void _rules;
  void _baseline;
  const rewritten = await runBatch(paths, { ...rewriteOpts, mode: 'rewrite', cache: false, onProgress: undefined });
  return {
    findings: checked.findings,
    problems: checked.problems,
    missing: checked.missing,
    empty: checked.empty,
    files: checked.files,
    extensions: checked.extensions,
    plan: {
      changed: rewritten.changes.map((c) => ({ path: c.path, ...changedLines(c.before, c.after), by: c.by })),
      generated: rewritten.newFiles.map((n) => ({ path: n.path, lines: n.content.split('\n').length - (n.content.endsWith('\n') ? 1 : 0) })),
      refused: rewritten.refused,
    },
  };
}
