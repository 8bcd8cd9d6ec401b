/**
 * The library API: everything the CLI does, without argv, console or exit codes.
 *   check(paths, opts)   -> findings, problems, summary
 *   rewrite(paths, opts) -> new contents of changed files (nothing written)
 *   applyRewrite(result) -> writes them atomically
 *   runBatch(paths, opts) -> the same over worker threads, with a cache
 * plus the per-source building blocks for embedders and tests. This file only gathers them: the
 * in-memory library is in library/, the runner (workers, cache, writes, git) in runner/, which
 * builds on the library and never the other way round.
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from './core/findings';
import type { Problem } from './engine/discover';
import type { Config } from './engine/config';
import type { FileChange, ExtensionPlan } from './engine/plan-types';
import type { NewFile } from './plan/emit';
import type { PyVersion } from './core/pyversion';
import type { ReportOptions } from './engine/report';
import type { WriteOutcome } from './engine/write';
import { buildSources, modulesToml } from './engine/build-sources';
import { applyChanges } from './runner/apply';
import type { RewriteResult } from './library/check';
import { TRANSFORM_IDS } from '../transforms';

export type { Finding, Problem, Config, FileChange, NewFile, ExtensionPlan, PyVersion, ReportOptions };
export { readSourceFile, discoverSources } from './library/sources';
export { analyzeSource, analyzeTree, analyzeFiles } from './library/analyze';
export type { RunOptions, FileStats, AnalyzedTree } from './library/analyze';
export { check, checkTree, rewrite, rewriteTree } from './library/check';
export type { CheckResult, RewriteResult } from './library/check';
export type { RuleSelection } from './engine/rule-selection';
export { writeBaseline, makeBaseline } from './engine/baseline';
export { listRules, rulePage, formatRuleList } from './engine/rule-pages';
export { effortData } from './runner/effort';
export type { EffortData, PlannedFile } from './runner/effort';
export { formatHtml } from './runner/effort-html';
export type { HtmlOptions } from './runner/effort-html';
export type { RuleInfo } from './engine/rule-pages';
export type { BaselineFile, BaselineEntry } from './engine/baseline';
export { runBatch } from './runner/batch';
export type { BatchOptions, Progress, BatchStats } from './runner/batch';
export { TRANSFORM_IDS };

/**
 * Writes a rewrite's changes and new files: each file atomically, each extension whole or not at
 * all (runner/apply.ts); files changed on disk since they were read are not written.
 */
export function applyRewrite(result: Pick<RewriteResult, 'changes' | 'newFiles'>): WriteOutcome[] {
  return applyChanges(result);
}

/**
 * The `[tool.pyext-isolate.modules]` table read from a `setup.py` or `meson.build`: each extension's
 * source list, paths relative to `base` (where the pyproject.toml is); `notes` say what could not
 * be read. Throws when the script cannot be read.
 */
export function modulesFromBuildScript(scriptPath: string, base: string = process.cwd()): { table: string; modules: Record<string, string[]>; notes: string[] } {
  const text = fs.readFileSync(scriptPath, 'utf8');
  const r = buildSources(scriptPath, text);
  return { table: modulesToml(r, path.dirname(path.resolve(scriptPath)), path.resolve(base)), modules: r.modules, notes: r.notes };
}
