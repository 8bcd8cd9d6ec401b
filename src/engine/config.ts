/**
 * Configuration: `[tool.pyext-isolate]` in the project's pyproject.toml (found upward from the
 * first PATH), `requires-python` for the default --min-python, overridden by flags. The file is
 * read with a TOML 1.0 parser (smol-toml) and the table strictly: an unknown key or a value of the
 * wrong type is an error that names the key, never silently ignored.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import type { parse as ParseToml, TomlError as TomlErrorClass } from 'smol-toml' with { 'resolution-mode': 'import' };
import { anchorPattern } from './glob';
import { PyVersion, TOOL_FLOOR, floorOfRequiresPython, parsePyVersion, atLeast } from '../core/pyversion';
import { isMacroName } from '../core/macros';
import type { MacroKind, MacroRule } from '../core/macros';
import { closest } from '../core/suppressions';

// smol-toml ships a CommonJS build (dist/index.cjs, its "require" export) with ESM-only type declarations.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { parse: parseToml, TomlError } = require('smol-toml') as { parse: typeof ParseToml; TomlError: typeof TomlErrorClass };
import { readRegularFile, MAX_CONFIG_BYTES } from './read';
import { definesFromCompileCommands, findCompileCommands } from './compile-commands';
import { findBuildScript, limitedApiDefinesOf } from './build-script-defines';

export interface Config {
  minPython: PyVersion;
  /** Where minPython came from, for messages. */
  minPythonSource: 'flag' | 'config' | 'requires-python' | 'default';
  exclude: string[];
  select?: string[];
  macros: MacroRule[];
  exportMacros: string[];
  /**
   * For the compile gate: include dirs (absolute) and defines (NAME or NAME=VALUE). The analysis reads
   * the defines too where they decide what the module can declare (Py_LIMITED_API).
   */
  includeDirs: string[];
  defines: string[];
  /** compile_commands.json beside the paths (or in build/ under them), as the compile gate finds it. */
  compileCommands?: string;
  /** The limited API the setup.py or meson.build beside pyproject.toml turns on (read once, at load). */
  buildScriptDefines?: { define: string; from: string }[];
  modules?: Record<string, string[]>;
  unsafe: boolean;
  /**
   * Non-static symbols that nothing exports (no visibility attribute or export macro, no capsule, no
   * public header) are the extension's own (`assume-internal`, default true): globals, type pointers
   * and mutable C data move into the state like static ones; functions that another file of the
   * extension calls get the state threaded like static ones.
   */
  assumeInternal: boolean;
  /** The pyproject.toml read, if any. */
  pyproject?: string;
}

export interface ConfigFlags {
  minPython?: string;
  exclude?: string[];
  select?: string[];
  unsafe?: boolean;
  config?: string;
}

export class ConfigError extends Error {}

/**
 * The project's pyproject.toml: the first one upward from `start`, looking no further than the
 * repository root (a directory with .git, .hg or .svn). Outside a repository the search stops
 * below shared places: the file system root, a world-writable sticky directory like /tmp, and
 * the directory holding the home directories; a stray file there must not configure the run.
 */
export function findPyproject(start: string): string | undefined {
  let dir = path.resolve(start);
  try {
    if (!fs.statSync(dir).isDirectory()) dir = path.dirname(dir);
  } catch {
    return undefined;
  }
  const homeParent = path.dirname(os.homedir());
  for (;;) {
    if (sharedPlace(dir, homeParent)) return undefined;
    const p = path.join(dir, 'pyproject.toml');
    if (lstatOrUndefined(p)) return p;
    if (REPO_MARKERS.some((m) => lstatOrUndefined(path.join(dir, m)))) return undefined;
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}

const REPO_MARKERS = ['.git', '.hg', '.svn'];

function lstatOrUndefined(p: string): fs.Stats | undefined {
  try {
    return fs.lstatSync(p);
  } catch {
    return undefined;
  }
}

function sharedPlace(dir: string, homeParent: string): boolean {
  if (path.dirname(dir) === dir || dir === homeParent) return true;
  const st = lstatOrUndefined(dir);
  return !!st && (st.mode & 0o1002) === 0o1002; // sticky and world-writable: /tmp, /var/tmp
}

export function loadConfig(paths: string[], flags: ConfigFlags = {}): Config {
  const pyproject = flags.config ?? (paths.length > 0 ? findPyproject(paths[0]) : undefined);
  let table: TomlTable = {};
  let requires: string | undefined;
  if (pyproject) {
    const read = readRegularFile(pyproject, MAX_CONFIG_BYTES);
    if ('problem' in read) throw new ConfigError(`cannot read ${pyproject}: ${read.problem}`);
    const text = read.bytes.toString('utf8');
    let toml: TomlTable;
    try {
      toml = parseToml(text) as TomlTable;
    } catch (err) {
      if (err instanceof TomlError) throw new ConfigError(`${pyproject}:${err.line}:${err.column}: invalid TOML: ${err.message.split('\n')[0].replace(/^Invalid TOML document: /, '')}`);
      throw err;
    }
    const tool = toml.tool;
    const raw = isTable(tool) ? tool['pyext-isolate'] : undefined;
    if (raw !== undefined && !isTable(raw)) throw new ConfigError(`${pyproject}: tool.pyext-isolate must be a table ([tool.pyext-isolate])`);
    table = raw ?? {};
    checkKeys(table, `[tool.pyext-isolate] in ${pyproject}`);
    const project = toml.project;
    if (isTable(project) && project['requires-python'] !== undefined) {
      if (typeof project['requires-python'] !== 'string') throw new ConfigError(`${pyproject}: [project] requires-python must be a string such as ">=3.9"`);
      requires = project['requires-python'];
    }
  }
  const where = `[tool.pyext-isolate]${pyproject ? ` in ${pyproject}` : ''}`;
  const strList = (v: TomlValue | undefined, key: string): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string' && x.trim() !== '')) throw new ConfigError(`${where}: ${key} must be a list of non-empty strings, not ${describe(v)}`);
    return v as string[];
  };
  let minPython: PyVersion = TOOL_FLOOR;
  let source: Config['minPythonSource'] = 'default';
  const fromRequires = requires ? floorOfRequiresPython(requires) : undefined;
  if (fromRequires) {
    minPython = atLeast(fromRequires, TOOL_FLOOR) ? fromRequires : TOOL_FLOOR;
    source = 'requires-python';
  }
  const cfgMin = table['min-python'];
  if (typeof cfgMin === 'number') {
    throw new ConfigError(`${where}: min-python must be a quoted string: write min-python = "3.10" (unquoted, TOML reads 3.10 as the number ${cfgMin})`);
  }
  if (cfgMin !== undefined && typeof cfgMin !== 'string') throw new ConfigError(`${where}: min-python must be a string such as "3.10", not ${describe(cfgMin)}`);
  if (typeof cfgMin === 'string') {
    const v = parsePyVersion(cfgMin);
    if (!v) throw new ConfigError(`${where}: min-python must look like "3.10", not ${JSON.stringify(cfgMin)}`);
    minPython = v;
    source = 'config';
  }
  if (flags.minPython !== undefined) {
    const v = parsePyVersion(flags.minPython);
    if (!v) throw new ConfigError(`--min-python must look like 3.10, not '${flags.minPython}'`);
    minPython = v;
    source = 'flag';
  }
  if (!atLeast(minPython, TOOL_FLOOR)) {
    throw new ConfigError(`min-python ${minPython} (from ${source}) is below ${TOOL_FLOOR}: heap types cannot reach their module before Python 3.9 (PEP 573), so pyext-isolate cannot produce isolated code for it`);
  }
  const macros: MacroRule[] = [];
  const rawMacros = table.macros;
  if (rawMacros !== undefined) {
    if (!Array.isArray(rawMacros)) throw new ConfigError(`${where}: macros must be a list of { name, kind } tables, not ${describe(rawMacros)}`);
    rawMacros.forEach((m, i) => {
      const key = `macros[${i}]`;
      if (!isTable(m)) throw new ConfigError(`${where}: ${key} must be a table such as { name = "MY_MACRO", kind = "hole" }, not ${describe(m)}`);
      for (const k of Object.keys(m)) if (k !== 'name' && k !== 'kind') throw new ConfigError(`${where}: unknown key '${k}' in ${key} (a macro has only name and kind)`);
      if (typeof m.name !== 'string' || !isMacroName(m.name)) throw new ConfigError(`${where}: ${key}.name must be a C identifier, not ${describe(m.name)}`);
      if (typeof m.kind !== 'string' || !MACRO_KINDS.includes(m.kind as MacroKind)) {
        throw new ConfigError(`${where}: ${key}.kind must be one of ${MACRO_KINDS.join(', ')}, not ${describe(m.kind)}`);
      }
      macros.push({ name: m.name, kind: m.kind as MacroKind });
    });
  }
  const exportMacros = strList(table['export-macros'], 'export-macros') ?? [];
  for (const m of exportMacros) if (!isMacroName(m)) throw new ConfigError(`${where}: export-macros entries must be C identifiers, not ${JSON.stringify(m)}`);
  let modules: Record<string, string[]> | undefined;
  if (table.modules !== undefined) {
    if (!isTable(table.modules)) throw new ConfigError(`${where}: modules must be a table of module name = [files], not ${describe(table.modules)}`);
    modules = {};
    const base = pyproject ? path.dirname(pyproject) : process.cwd();
    for (const [name, files] of Object.entries(table.modules)) modules[name] = (strList(files, `modules.${name}`) ?? []).map((f) => path.resolve(base, f));
  }
  const assumeInternal = table['assume-internal'];
  if (assumeInternal !== undefined && typeof assumeInternal !== 'boolean') throw new ConfigError(`${where}: assume-internal must be true or false, not ${describe(assumeInternal)}`);
  if (table.unsafe !== undefined && typeof table.unsafe !== 'boolean') throw new ConfigError(`${where}: unsafe must be true or false, not ${describe(table.unsafe)}`);
  return {
    minPython,
    minPythonSource: source,
    // Config patterns are relative to the project root, flags to the current directory (as ruff).
    exclude: [
      ...(strList(table.exclude, 'exclude') ?? []).map((g) => anchorPattern(g, pyproject ? path.dirname(pyproject) : process.cwd())),
      ...(flags.exclude ?? []).map((g) => anchorPattern(g, process.cwd())),
    ],
    select: flags.select ?? strList(table.transforms, 'transforms'),
    macros,
    exportMacros,
    includeDirs: (strList(table['include-dirs'], 'include-dirs') ?? []).map((d) => path.resolve(pyproject ? path.dirname(pyproject) : process.cwd(), d)),
    defines: defines(strList(table.defines, 'defines') ?? [], where),
    compileCommands: findCompileCommands(paths),
    buildScriptDefines: limitedApiDefinesOf(findBuildScript(pyproject)),
    modules,
    unsafe: flags.unsafe ?? table.unsafe === true,
    assumeInternal: assumeInternal !== false,
    pyproject,
  };
}

type TomlValue = unknown;
type TomlTable = { [k: string]: TomlValue };

const MACRO_KINDS: MacroKind[] = ['hole', 'hole-call', 'unwrap-call', 'decl-prefix'];

/** The keys of [tool.pyext-isolate]; anything else is a mistake worth stopping for. */
const KEYS = ['min-python', 'exclude', 'transforms', 'export-macros', 'macros', 'modules', 'unsafe', 'assume-internal', 'include-dirs', 'defines'];

function checkKeys(table: TomlTable, where: string): void {
  for (const k of Object.keys(table)) {
    if (KEYS.includes(k)) continue;
    const near = closest(k.replace(/_/g, '-'), KEYS);
    throw new ConfigError(`${where}: unknown key '${k}'${near ? ` (did you mean '${near}'?)` : ''}; known keys: ${KEYS.join(', ')}`);
  }
}

function isTable(v: unknown): v is TomlTable {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

/** A value as the user wrote it, for messages. */
function describe(v: unknown): string {
  if (Array.isArray(v)) return `a list (${JSON.stringify(v)})`;
  if (isTable(v)) return 'a table';
  if (typeof v === 'string') return JSON.stringify(v);
  if (v === undefined) return 'nothing';
  return `${typeof v === 'number' ? 'the number' : typeof v === 'boolean' ? 'the boolean' : 'the value'} ${String(v)}`;
}


function defines(list: string[], where: string): string[] {
  const bad = list.find((d) => !/^[A-Za-z_][A-Za-z0-9_]*(=.*)?$/.test(d));
  if (bad !== undefined) throw new ConfigError(`${where}: defines: ${JSON.stringify(bad)} is not NAME or NAME=VALUE`);
  return list;
}

/**
 * The macros the build defines for these files, with where each comes from: the config's `defines`,
 * then the -D flags compile_commands.json gives them (read by the analysis where a define decides what
 * the module can declare: Py_LIMITED_API).
 */
export function buildDefines(config: Config, files: readonly string[]): { define: string; from: string }[] {
  const out = config.defines.map((define) => ({ define, from: '[tool.pyext-isolate] defines' }));
  if (config.compileCommands) {
    for (const define of definesFromCompileCommands(config.compileCommands, files)) out.push({ define, from: path.basename(config.compileCommands) });
  }
  // The build script's limited API, unless the config or compile_commands.json already says which.
  if (!out.some((d) => /^Py_LIMITED_API\b/.test(d.define))) out.push(...(config.buildScriptDefines ?? []));
  return out;
}
