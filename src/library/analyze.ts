/**
 * The analysis of a tree: every file read, parsed and modelled, and the models linked into
 * extensions.
 */
import * as path from 'path';
import { SourceFile, loneCrAsLf } from '../core/source';
import { parseSource, rawParse, damageOf } from '../core/parse';
import { buildMacroTable, MacroTable } from '../core/macros';
import { lex, type LexInfo } from '../core/lex';
import { projectMacrosByFile, ProjectMacros } from '../core/project-macros';
import { buildFileModel } from '../model/build-file';
import { linkExtensions } from '../model/extension';
import type { ExtensionModel, FileModel } from '../model/types';
import type { Problem } from '../engine/discover';
import { Config, ConfigFlags, buildDefines, loadConfig } from '../engine/config';
import type { ReportOptions } from '../engine/report';
import { discoverSources, readSourceFile } from './sources';
import { attachOutsideHeaders, outsideTypeObjectAliases, type HeaderReads } from './outside-headers';

export interface RunOptions extends ConfigFlags, ReportOptions {
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
  /** PATH arguments (directories, globs) with no C source file in them. */
  empty: string[];
  stats?: FileStats[];
}

/**
 * Parses and models one file's bytes; `project`: the macros of the project headers it includes;
 * `scanned`: the lexical scan of `text` made for those macros (used when `text` is the file's text).
 */
export function analyzeSource(filePath: string, bytes: Buffer, macros?: MacroTable, project?: ProjectMacros, scanned?: { text: string; lex: LexInfo }): FileModel {
  const source = new SourceFile(filePath, bytes);
  return buildFileModel(parseSource(source, macros, project, scanned && scanned.text === source.text ? scanned.lex : undefined));
}

export function analyzeTree(paths: string[], opts: RunOptions = {}): AnalyzedTree {
  const config = loadConfig(paths, opts);
  const found = discoverSources(paths, config);
  const tree = analyzeFiles(found.files, config, !!opts.stats);
  return { ...tree, problems: [...found.problems, ...tree.problems], missing: found.missing, empty: found.empty };
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
  // The macros of the project's own headers, read lexically before any file is parsed; CPython's
  // own macros are known only when the build leaves the limited API off.
  const limitedApi = buildDefines(config, paths).some((d) => /^Py_LIMITED_API\b/.test(d.define));
  const units = read.map((r) => ({ path: r.path, text: loneCrAsLf(r.bytes.toString('latin1')) }));
  // A file scanned for the project's macros is not scanned again for its parse.
  const scans = new Map<string, { text: string; lex: LexInfo }>();
  const lexOf = (u: { path: string; text: string }): LexInfo => {
    let s = scans.get(u.path);
    if (!s || s.text !== u.text) scans.set(u.path, (s = { text: u.text, lex: lex(u.text) }));
    return s.lex;
  };
  const project = projectMacrosByFile(units, minor, limitedApi, lexOf);
  // A given header's definition of the name wins; an outside header's alias fills in.
  // The outside headers are read once for both questions asked of them.
  const headerReads: HeaderReads = new Map();
  for (const [file, aliases] of outsideTypeObjectAliases(units, config.includeDirs, headerReads)) {
    const known = project.get(file) ?? new Map();
    for (const a of aliases) if (!known.has(a.name)) known.set(a.name, a);
    project.set(file, known);
  }
  for (const r of read) {
    const f = r.path;
    try {
      const fm = analyzeSource(f, r.bytes, macros, project.get(f), scans.get(f));
      scans.delete(f);
      files.push(fm);
      if (withStats) stats.push({ path: f, bytes: r.bytes.length, rawDamage: damageOf(rawParse(fm.source.text)).bytes, damage: fm.parsed.damageBytes });
    } catch (err) {
      problems.push({ path: f, message: `internal error while reading it (please report): ${(err as Error).message}` });
    }
  }
  // Headers they include that were not given: nothing those headers name may move (their uses stay).
  attachOutsideHeaders(files, config.includeDirs, headerReads);
  const extensions = linkExtensions(files, { modules: config.modules });
  for (const ext of extensions) {
    const own = new Set(ext.files);
    ext.otherFiles = files.filter((f) => !own.has(f));
  }
  problems.push(...modulesWithoutInit(config, files, extensions));
  return { config, files, extensions, problems, missing: [], empty: [], stats: withStats ? stats : undefined };
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

