/**
 * The library API: everything the CLI does, without argv, console or exit codes.
 *   check(paths, opts)   -> findings, problems, summary
 *   rewrite(paths, opts) -> new contents of changed files (nothing written)
 *   applyChanges(result) -> writes them atomically
 * plus the per-source building blocks for embedders and tests.
 */
import * as fs from 'fs';
import * as path from 'path';
import { SourceFile, looksBinary } from './core/source';
import { parseSource, rawParse, damageOf } from './core/parse';
import { buildMacroTable, MacroTable } from './core/macros';
import { projectMacrosByFile, ProjectMacros } from './core/project-macros';
import type { Finding } from './core/findings';
import { uniqueFindings } from './core/findings';
import { buildFileModel } from './model/build-file';
import { linkExtensions } from './model/extension';
import type { ExtensionModel, FileModel } from './model/types';
import { discover, Problem } from './engine/discover';
import { writeFileAtomic, WriteOutcome } from './engine/write';
import { Config, ConfigFlags, loadConfig } from './engine/config';
import { planExtension, ExtensionPlan, FileChange } from './engine/plan-extension';
import type { NewFile } from './plan/emit';
import type { PyVersion } from './core/pyversion';
import { expandSelection, TRANSFORM_IDS } from '../transforms';

export type { Finding, Problem, Config, FileChange, NewFile, ExtensionPlan, PyVersion };
export { TRANSFORM_IDS };

export interface RunOptions extends ConfigFlags {
  /** Collect ERROR-node shares before and after the tolerance layer. */
  stats?: boolean;
}

export interface FileStats {
  path: string;
  bytes: number;
  /** Bytes in ERROR nodes with a plain tree-sitter parse. */
  rawDamage: number;
  /** The same after the macro tolerance layer. */
  damage: number;
}

export interface AnalyzedTree {
  config: Config;
  files: FileModel[];
  extensions: ExtensionModel[];
  problems: Problem[];
  /** PATH arguments that do not exist. */
  missing: string[];
  stats?: FileStats[];
}

export interface CheckResult {
  findings: Finding[];
  problems: Problem[];
  missing: string[];
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

/** Reads, parses and models one file; `project`: the macros of the project headers it includes. */
export function analyzeSource(filePath: string, bytes: Buffer, macros?: MacroTable, project?: ProjectMacros): FileModel {
  const source = new SourceFile(filePath, bytes);
  return buildFileModel(parseSource(source, macros, project));
}

export function readSourceFile(filePath: string): { bytes: Buffer } | { problem: string } {
  let bytes: Buffer;
  try {
    bytes = fs.readFileSync(filePath);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { problem: 'vanished while the run was in progress' };
    if (e.code === 'EACCES' || e.code === 'EPERM') return { problem: 'unreadable (permission denied)' };
    if (e.code === 'EISDIR') return { problem: 'is a directory' };
    return { problem: `unreadable: ${e.message}` };
  }
  if (looksBinary(bytes)) return { problem: 'binary file (NUL bytes): skipped' };
  return { bytes };
}

const VENDORED = new Set(['pythoncapi_compat.h', 'pyext_isolate_compat.h']);

/** `X.c` next to `X.c.src` is generated from the template: only the template is read. */
function generatedFromTemplate(files: string[]): Set<string> {
  const set = new Set(files);
  return new Set(files.filter((f) => set.has(f + '.src')));
}

/** Discovery plus the files it found, split into those to read and the generated ones to skip. */
export function discoverSources(paths: string[], config: Config): { files: string[]; problems: Problem[]; missing: string[] } {
  const found = discover(paths, config.exclude);
  const problems: Problem[] = [...found.problems];
  const generated = generatedFromTemplate(found.files);
  for (const f of generated) problems.push({ path: f, message: `generated from ${path.basename(f)}.src: the template is checked instead`, level: 'info' });
  // Vendored compatibility headers are other people's code: their inline shims are not the project's state.
  const vendored = new Set(found.files.filter((f) => VENDORED.has(path.basename(f))));
  for (const f of vendored) problems.push({ path: f, message: 'vendored compatibility header: not checked', level: 'info' });
  return { files: found.files.filter((f) => !generated.has(f) && !vendored.has(f)), problems, missing: found.missing };
}

export function analyzeTree(paths: string[], opts: RunOptions = {}): AnalyzedTree {
  const config = loadConfig(paths, opts);
  const found = discoverSources(paths, config);
  const tree = analyzeFiles(found.files, config, !!opts.stats);
  return { ...tree, problems: [...found.problems, ...tree.problems], missing: found.missing };
}

/** Reads, parses, models and links exactly these files. */
export function analyzeFiles(paths: string[], config: Config, withStats = false): AnalyzedTree {
  const minor = Number(config.minPython.split('.')[1]);
  const macros = buildMacroTable(config.macros, config.exportMacros, true, minor);
  const problems: Problem[] = [];
  const files: FileModel[] = [];
  const stats: FileStats[] = [];
  const read: { path: string; bytes: Buffer }[] = [];
  for (const f of paths) {
    const r = readSourceFile(f);
    if ('problem' in r) problems.push({ path: f, message: r.problem });
    else read.push({ path: f, bytes: r.bytes });
  }
  // The macros of the project's own headers, read lexically before any file is parsed.
  const project = projectMacrosByFile(read.map((r) => ({ path: r.path, text: r.bytes.toString('latin1') })), minor);
  for (const r of read) {
    const f = r.path;
    try {
      const fm = analyzeSource(f, r.bytes, macros, project.get(f));
      files.push(fm);
      if (withStats) stats.push({ path: f, bytes: r.bytes.length, rawDamage: damageOf(rawParse(fm.source.text)).bytes, damage: fm.parsed.damageBytes });
    } catch (err) {
      problems.push({ path: f, message: `internal error while reading it (please report): ${(err as Error).message}` });
    }
  }
  const extensions = linkExtensions(files, { modules: config.modules });
  return { config, files, extensions, problems, missing: [], stats: withStats ? stats : undefined };
}

function baseResult(tree: AnalyzedTree, findings: Finding[]): CheckResult {
  return {
    findings: uniqueFindings(findings),
    problems: tree.problems,
    missing: tree.missing,
    files: tree.files.map((f) => f.path),
    extensions: tree.extensions.map((e) => ({ name: e.name, files: e.files.map((f) => f.path) })),
    stats: tree.stats,
    config: tree.config,
  };
}

export function check(paths: string[], opts: RunOptions = {}): CheckResult {
  const tree = analyzeTree(paths, opts);
  return checkTree(tree);
}

export function checkTree(tree: AnalyzedTree): CheckResult {
  const findings: Finding[] = [];
  for (const ext of tree.extensions) {
    try {
      findings.push(...planExtension(ext, { minPython: tree.config.minPython, unsafe: tree.config.unsafe, mode: 'check' }).findings);
    } catch (err) {
      for (const f of ext.files) tree.problems.push({ path: f.path, message: `internal error while checking it (please report): ${(err as Error).message}` });
    }
  }
  return baseResult(tree, findings);
}

export function rewrite(paths: string[], opts: RunOptions = {}): RewriteResult {
  const tree = analyzeTree(paths, opts);
  return rewriteTree(tree, tree.config.select);
}

export function rewriteTree(tree: AnalyzedTree, select?: string[]): RewriteResult {
  const sel = expandSelection(select);
  if (sel.unknown.length > 0) throw new Error(`unknown transform(s): ${sel.unknown.join(', ')} (known: ${TRANSFORM_IDS.join(', ')})`);
  const findings: Finding[] = [];
  const changes: FileChange[] = [];
  const newFiles: NewFile[] = [];
  const refused: { path: string; reason: string }[] = [];
  for (const ext of tree.extensions) {
    let plan: ExtensionPlan;
    try {
      plan = planExtension(ext, { minPython: tree.config.minPython, unsafe: tree.config.unsafe, select, mode: 'rewrite' });
    } catch (err) {
      for (const f of ext.files) refused.push({ path: f.path, reason: `internal error (please report): ${(err as Error).message}` });
      continue;
    }
    findings.push(...plan.findings);
    changes.push(...plan.changes);
    refused.push(...plan.refused);
    for (const nf of plan.newFiles) {
      // A generated file that is already there with the same content is no change.
      let existing: string | undefined;
      try {
        existing = fs.readFileSync(nf.path, 'latin1');
      } catch {
        existing = undefined;
      }
      if (existing === nf.content) continue;
      if (existing !== undefined) changes.push({ path: nf.path, before: existing, after: nf.content, by: ['state-plan'] });
      else newFiles.push(nf);
    }
  }
  return { ...baseResult(tree, findings), changes, newFiles, refused };
}

/** Writes a rewrite's changes and new files, each atomically; files changed on disk since they were read are skipped. */
export function applyRewrite(result: RewriteResult): WriteOutcome[] {
  const out: WriteOutcome[] = [];
  for (const c of result.changes) out.push(writeFileAtomic(c.path, Buffer.from(c.after, 'latin1'), { mustExist: true, expectedBefore: Buffer.from(c.before, 'latin1') }));
  for (const n of result.newFiles) out.push(writeFileAtomic(n.path, Buffer.from(n.content, 'latin1')));
  return out;
}

export { runBatch } from './engine/batch';
export type { BatchOptions, Progress, BatchStats } from './engine/batch';
