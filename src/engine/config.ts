/**
 * Configuration: `[tool.pyext-isolate]` in the project's pyproject.toml (found upward from the
 * first PATH), `requires-python` for the default --min-python, overridden by flags.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { parseToml, TomlTable, TomlValue } from './toml';
import { PyVersion, TOOL_FLOOR, floorOfRequiresPython, parsePyVersion, atLeast } from '../core/pyversion';
import { isMacroName } from '../core/macros';
import type { MacroKind, MacroRule } from '../core/macros';
import { readRegularFile, MAX_CONFIG_BYTES } from './read';

export interface Config {
  minPython: PyVersion;
  /** Where minPython came from, for messages. */
  minPythonSource: 'flag' | 'config' | 'requires-python' | 'default';
  exclude: string[];
  select?: string[];
  macros: MacroRule[];
  exportMacros: string[];
  modules?: Record<string, string[]>;
  unsafe: boolean;
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
    const toml = parseToml(text);
    table = (((toml.tool as TomlTable | undefined)?.['pyext-isolate']) as TomlTable | undefined) ?? {};
    const project = toml.project as TomlTable | undefined;
    if (project && typeof project['requires-python'] === 'string') requires = project['requires-python'];
  }
  const strList = (v: TomlValue | undefined, key: string): string[] | undefined => {
    if (v === undefined) return undefined;
    if (!Array.isArray(v) || !v.every((x) => typeof x === 'string')) throw new ConfigError(`[tool.pyext-isolate] ${key} must be a list of strings`);
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
  if (typeof cfgMin === 'string' || typeof cfgMin === 'number') {
    const v = parsePyVersion(String(cfgMin));
    if (!v) throw new ConfigError(`[tool.pyext-isolate] min-python must look like "3.10", not ${JSON.stringify(cfgMin)}`);
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
    if (!Array.isArray(rawMacros)) throw new ConfigError('[tool.pyext-isolate] macros must be a list of {name, kind} tables');
    for (const m of rawMacros) {
      const t = m as TomlTable;
      const kind = t.kind as MacroKind;
      if (typeof t.name !== 'string' || !['hole', 'hole-call', 'unwrap-call', 'decl-prefix'].includes(kind)) {
        throw new ConfigError('[tool.pyext-isolate] each macro needs a name and a kind: hole, hole-call, unwrap-call or decl-prefix');
      }
      if (!isMacroName(t.name)) throw new ConfigError(`[tool.pyext-isolate] macro name ${JSON.stringify(t.name)} is not a C identifier`);
      macros.push({ name: t.name, kind });
    }
  }
  let modules: Record<string, string[]> | undefined;
  if (table.modules !== undefined) {
    modules = {};
    const base = pyproject ? path.dirname(pyproject) : process.cwd();
    for (const [name, files] of Object.entries(table.modules as TomlTable)) modules[name] = (strList(files, `modules.${name}`) ?? []).map((f) => path.resolve(base, f));
  }
  return {
    minPython,
    minPythonSource: source,
    exclude: [...(strList(table.exclude, 'exclude') ?? []), ...(flags.exclude ?? [])],
    select: flags.select ?? strList(table.transforms, 'transforms'),
    macros,
    exportMacros: identifiers(strList(table['export-macros'], 'export-macros') ?? [], 'export-macros'),
    modules,
    unsafe: flags.unsafe ?? table.unsafe === true,
    pyproject,
  };
}

function identifiers(names: string[], key: string): string[] {
  const bad = names.find((n) => !isMacroName(n));
  if (bad !== undefined) throw new ConfigError(`[tool.pyext-isolate] ${key}: ${JSON.stringify(bad)} is not a C identifier`);
  return names;
}
