/**
 * `check` and `rewrite` of the library: the decisions and edits of every extension of an analysed
 * tree, in memory (nothing is written).
 */
import * as fs from 'fs';
import * as path from 'path';
import type { Finding } from '../core/findings';
import { uniqueFindings } from '../core/findings';
import type { Problem } from '../engine/discover';
import type { Config } from '../engine/config';
import { buildDefines } from '../engine/config';
import { readRegularFile, MAX_SOURCE_BYTES } from '../engine/read';
import { planExtension } from '../engine/plan-extension';
import { ExtensionPlan, FileChange } from '../engine/plan-types';
import type { NewFile } from '../plan/emit';
import { COMPAT_HEADER, compatNeedsOf, renderCompatHeader } from '../plan/emit-compat';
import type { PyVersion } from '../core/pyversion';
import { expandSelection, TRANSFORM_IDS } from '../../transforms';
import { suppressionFindings } from '../engine/suppression-findings';
import { agreeOnSharedFiles } from '../engine/shared-files';
import { finishFindings, validateReportOptions } from '../engine/report';
import { analyzeTree, AnalyzedTree, FileStats, RunOptions } from './analyze';

export interface CheckResult {
  findings: Finding[];
  /** With a baseline: its entries that matched no finding any more. */
  baselineStale?: number;
  problems: Problem[];
  missing: string[];
  empty: string[];
  files: string[];
  extensions: { name?: string; files: string[] }[];
  stats?: FileStats[];
  config: Config;
}

export interface RewriteResult extends CheckResult {
  changes: FileChange[];
  newFiles: NewFile[];
  refused: { path: string; reason: string }[];
}

function baseResult(tree: AnalyzedTree, findings: Finding[]): CheckResult {
  return {
    findings: uniqueFindings(findings),
    problems: tree.problems,
    missing: tree.missing,
    empty: tree.empty,
    files: tree.files.map((f) => f.path),
    extensions: tree.extensions.map((e) => ({ name: e.name, files: e.files.map((f) => f.path) })),
    stats: tree.stats,
    config: tree.config,
  };
}

export function check(paths: string[], opts: RunOptions = {}): CheckResult {
  validateReportOptions(opts);
  const tree = analyzeTree(paths, opts);
  const result = checkTree(tree);
  return { ...result, ...finishFindings(result.findings, opts) };
}

export function checkTree(tree: AnalyzedTree): CheckResult {
  const findings: Finding[] = [];
  for (const ext of tree.extensions) {
    try {
      findings.push(...planExtension(ext, { minPython: tree.config.minPython, unsafe: tree.config.unsafe, assumeInternal: tree.config.assumeInternal, defines: buildDefines(tree.config, ext.files.map((f) => f.path)), mode: 'check', exists: pathExists }).findings);
    } catch (err) {
      for (const f of ext.files) tree.problems.push({ path: f.path, message: `internal error while checking it (please report): ${(err as Error).message}` });
    }
  }
  findings.push(...suppressionFindings(tree.files, findings, true));
  return baseResult(tree, findings);
}

export function rewrite(paths: string[], opts: RunOptions = {}): RewriteResult {
  const tree = analyzeTree(paths, opts);
  return rewriteTree(tree, tree.config.select);
}

/**
 * Two extensions of one directory (bitarray's _bitarray.c and _util.c) include the same
 * pyext_isolate_compat.h: it gets every shim either needs, so neither run overwrites the other's.
 */
function oneCompatHeaderPerDirectory(files: NewFile[], minPython: PyVersion): NewFile[] {
  const compat = new Map<string, NewFile[]>();
  for (const f of files) if (path.basename(f.path) === COMPAT_HEADER) compat.set(f.path, [...(compat.get(f.path) ?? []), f]);
  return files.flatMap((f) => {
    const same = compat.get(f.path);
    if (!same || same.length < 2 || same.every((x) => x.content === same[0].content)) return [f];
    const needs = new Set(same.flatMap((x) => [...compatNeedsOf(x.content)]));
    return [{ ...f, content: renderCompatHeader(needs, minPython) }];
  });
}

export function rewriteTree(tree: AnalyzedTree, select?: string[]): RewriteResult {
  const sel = expandSelection(select);
  if (sel.unknown.length > 0) throw new Error(`unknown transform(s): ${sel.unknown.join(', ')} (known: ${TRANSFORM_IDS.join(', ')})`);
  const findings: Finding[] = [];
  const changes: FileChange[] = [];
  const newFiles: NewFile[] = [];
  const refused: { path: string; reason: string }[] = [];
  const wanted: NewFile[] = [];
  for (const ext of tree.extensions) {
    let plan: ExtensionPlan;
    try {
      plan = planExtension(ext, { minPython: tree.config.minPython, unsafe: tree.config.unsafe, assumeInternal: tree.config.assumeInternal, defines: buildDefines(tree.config, ext.files.map((f) => f.path)), select, mode: 'rewrite', exists: pathExists });
    } catch (err) {
      for (const f of ext.files) refused.push({ path: f.path, reason: `internal error (please report): ${(err as Error).message}` });
      continue;
    }
    findings.push(...plan.findings);
    const unit = ext.files[0]?.path;
    changes.push(...plan.changes.map((c) => ({ ...c, unit })));
    refused.push(...plan.refused);
    for (const nf of plan.newFiles) wanted.push({ ...nf, unit });
  }
  for (const nf of oneCompatHeaderPerDirectory(wanted, tree.config.minPython)) {
    // The same generated file wanted by two extensions of one directory (a compat header): once per
    // extension, so that each is compiled and written with it (apply writes it once).
    if (newFiles.some((x) => x.path === nf.path && x.content === nf.content && x.unit === nf.unit)) continue;
    // A generated file that is already there with the same content is no change.
    const read = readRegularFile(nf.path, MAX_SOURCE_BYTES);
    const existing = 'bytes' in read ? read.bytes.toString('latin1') : undefined;
    if (existing === nf.content) continue;
    if (existing !== undefined) changes.push({ path: nf.path, before: existing, after: nf.content, by: ['state-plan'], unit: nf.unit });
    else newFiles.push(nf);
  }
  findings.push(...suppressionFindings(tree.files, findings, false));
  const result = { ...baseResult(tree, findings), changes, newFiles, refused };
  agreeOnSharedFiles(result);
  return result;
}

/** Anything at the path, even a dangling symlink (the writer refuses what it must not replace). */
function pathExists(p: string): boolean {
  try {
    fs.lstatSync(p);
    return true;
  } catch {
    return false;
  }
}

