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
import type { Finding } from './core/findings';
import { uniqueFindings } from './core/findings';
import { buildFileModel } from './model/build-file';
import { linkExtensions } from './model/extension';
import type { ExtensionModel, FileModel } from './model/types';
import { discover, isSourcePath, Problem } from './engine/discover';
import { buildSources, modulesToml } from './engine/build-sources';
import { readRegularFile, MAX_SOURCE_BYTES } from './engine/read';
import type { WriteOutcome } from './engine/write';
import { applyChanges, handleJournals } from './engine/apply';
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

/** Reads, parses and models one file; a problem instead when it cannot be read as C. */
export function analyzeSource(filePath: string, bytes: Buffer, macros?: MacroTable): FileModel {
  const source = new SourceFile(filePath, bytes);
  return buildFileModel(parseSource(source, macros));
}

export function readSourceFile(filePath: string): { bytes: Buffer } | { problem: string } {
  const r = readRegularFile(filePath, MAX_SOURCE_BYTES);
  if ('problem' in r) return { problem: r.problem };
  if (looksBinary(r.bytes)) return { problem: 'binary file (NUL bytes): skipped' };
  return { bytes: r.bytes };
}

const VENDORED = new Set(['pythoncapi_compat.h', 'pyext_isolate_compat.h']);

/** `X.c` next to `X.c.src` is generated from the template: only the template is read. */
function generatedFromTemplate(files: string[]): Set<string> {
  const set = new Set(files);
  return new Set(files.filter((f) => set.has(f + '.src')));
}

/**
 * Discovery plus the files it found, split into those to read and the generated ones to skip.
 * Journals of interrupted applies are reported, or finished first with `finishInterrupted` (then
 * the tree is discovered again, as it now is).
 */
export function discoverSources(paths: string[], config: Config, finishInterrupted = false): { files: string[]; problems: Problem[]; missing: string[] } {
  let found = discover(paths, config.exclude);
  const journalProblems = handleJournals(found.journals, finishInterrupted);
  if (finishInterrupted && found.journals.length > 0) found = discover(paths, config.exclude);
  const problems: Problem[] = [...found.problems, ...journalProblems];
  const generated = generatedFromTemplate(found.files);
  for (const f of generated) problems.push({ path: f, message: `generated from ${path.basename(f)}.src: the template is checked instead`, level: 'info' });
  // Vendored compatibility headers are other people's code: their inline shims are not the project's state.
  const vendored = new Set(found.files.filter((f) => VENDORED.has(path.basename(f))));
  for (const f of vendored) problems.push({ path: f, message: 'vendored compatibility header: not checked', level: 'info' });
  const files = found.files.filter((f) => !generated.has(f) && !vendored.has(f));
  problems.push(...unreadModuleFiles(config, files, problems));
  return { files, problems, missing: found.missing };
}

/**
 * Every file named in `[tool.pyext-isolate] modules` is read or reported: a listed file that
 * discovery did not return (missing, outside the paths walked, excluded) says why it is left out.
 */
function unreadModuleFiles(config: Config, files: string[], problems: Problem[]): Problem[] {
  const read = new Set(files.map((f) => path.resolve(f)));
  const reported = new Set(problems.map((p) => path.resolve(p.path)));
  const out: Problem[] = [];
  for (const [name, listed] of Object.entries(config.modules ?? {})) {
    for (const f of listed) {
      const abs = path.resolve(f);
      if (read.has(abs) || reported.has(abs)) continue;
      const why = !fs.existsSync(abs)
        ? 'it does not exist'
        : !isSourcePath(abs)
          ? 'it is not a C source pyext-isolate reads (.c, .h, .c.src, .h.src, .inc, .inc.src)'
          : 'it is not under the paths given, or an exclude pattern matches it';
      out.push({ path: f, message: `listed in [tool.pyext-isolate] modules.${name} but not read: ${why}` });
      reported.add(abs);
    }
  }
  return out;
}

export function analyzeTree(paths: string[], opts: RunOptions = {}): AnalyzedTree {
  const config = loadConfig(paths, opts);
  const found = discoverSources(paths, config);
  const tree = analyzeFiles(found.files, config, !!opts.stats);
  return { ...tree, problems: [...found.problems, ...tree.problems], missing: found.missing };
}

/** Reads, parses, models and links exactly these files. */
export function analyzeFiles(paths: string[], config: Config, withStats = false): AnalyzedTree {
  const macros = buildMacroTable(config.macros, config.exportMacros, true, Number(config.minPython.split('.')[1]));
  const problems: Problem[] = [];
  const files: FileModel[] = [];
  const stats: FileStats[] = [];
  for (const f of paths) {
    const r = readSourceFile(f);
    if ('problem' in r) {
      problems.push({ path: f, message: r.problem });
      continue;
    }
    try {
      const fm = analyzeSource(f, r.bytes, macros);
      files.push(fm);
      if (withStats) stats.push({ path: f, bytes: r.bytes.length, rawDamage: damageOf(rawParse(fm.source.text)).bytes, damage: fm.parsed.damageBytes });
    } catch (err) {
      problems.push({ path: f, message: `internal error while reading it (please report): ${(err as Error).message}` });
    }
  }
  const extensions = linkExtensions(files, { modules: config.modules });
  problems.push(...modulesWithoutInit(config, files, extensions));
  return { config, files, extensions, problems, missing: [], stats: withStats ? stats : undefined };
}

/** A configured module whose files were read but hold no init function of it: said, not dropped. */
function modulesWithoutInit(config: Config, files: FileModel[], extensions: ExtensionModel[]): Problem[] {
  const out: Problem[] = [];
  const byPath = new Map(files.map((f) => [path.resolve(f.path), f]));
  for (const [name, listed] of Object.entries(config.modules ?? {})) {
    const members = listed.map((f) => byPath.get(path.resolve(f))).filter((f): f is FileModel => !!f);
    if (members.length === 0 || extensions.some((e) => e.name === name)) continue;
    const damaged = members.find((f) => f.parsed.damage.length > 0);
    out.push({
      path: members[0].path,
      message: `[tool.pyext-isolate] modules.${name}: no PyInit_${name} was found in its files, so they are checked but never converted${damaged ? ` (the parse of ${path.basename(damaged.path)} is damaged: see its parse-degraded finding)` : ''}`,
    });
  }
  return out;
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
    const unit = ext.files[0]?.path;
    changes.push(...plan.changes.map((c) => ({ ...c, unit })));
    refused.push(...plan.refused);
    for (const nf0 of plan.newFiles) {
      const nf = { ...nf0, unit };
      // A generated file that is already there with the same content is no change.
      const read = readRegularFile(nf.path, MAX_SOURCE_BYTES);
      const existing = 'bytes' in read ? read.bytes.toString('latin1') : undefined;
      if (existing === nf.content) continue;
      if (existing !== undefined) changes.push({ path: nf.path, before: existing, after: nf.content, by: ['state-plan'], unit });
      else newFiles.push(nf);
    }
  }
  return { ...baseResult(tree, findings), changes, newFiles, refused };
}

/**
 * Writes a rewrite's changes and new files: each file atomically, each extension whole or not at
 * all (engine/apply.ts); files changed on disk since they were read are not written.
 */
export function applyRewrite(result: Pick<RewriteResult, 'changes' | 'newFiles'>): WriteOutcome[] {
  return applyChanges(result);
}

export { runBatch } from './engine/batch';
export type { BatchOptions, Progress, BatchStats } from './engine/batch';

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
