/**
 * The C sources verify builds: collected from the paths (build and environment directories
 * skipped, sources another file #includes left out), the module names their inits give, and
 * whether a module declares itself load-once.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';

const SKIP_DIRS = /^(build|_build|builddir|dist|cmake-build-.*|node_modules|__pycache__|venv|\.venv|env|\.tox|\.nox|site-packages|.*\.egg-info)$/;

/**
 * The C sources named by PATH arguments: files as given; for a directory every `.c` file under it,
 * not descending into build/dist/venv/hidden directories. Sorted, deduplicated, absolute.
 */
export function collectSources(paths: string[]): { sources: string[]; missing: string[] } {
  const out = new Set<string>();
  const missing: string[] = [];
  const walk = (dir: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(dir, { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const p = path.join(dir, e.name);
      if (e.isDirectory()) {
        if (!e.name.startsWith('.') && !SKIP_DIRS.test(e.name)) walk(p);
      } else if (e.isFile() && e.name.endsWith('.c')) out.add(path.resolve(p));
    }
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      missing.push(p);
      continue;
    }
    if (st.isDirectory()) walk(p);
    else out.add(path.resolve(p));
  }
  return { sources: withoutIncludedSources([...out]).sort(), missing };
}

/**
 * A .c file that another source #includes (`#include "Automaton.c"`) is part of that translation
 * unit, not one of its own: compiling it alone would fail (or define everything twice). Unless the
 * includer takes only part of it: it #defines a macro before the #include that the included file
 * tests with `#ifndef` / `!defined` (lz4hc.c: `#define LZ4_COMMONDEFS_ONLY` then `#include "lz4.c"`,
 * whose functions are under `#ifndef LZ4_COMMONDEFS_ONLY`): then the file is a unit of its own too.
 */
function withoutIncludedSources(sources: string[]): string[] {
  const read = (f: string): string | undefined => {
    try {
      return fs.readFileSync(f, 'latin1');
    } catch {
      return undefined;
    }
  };
  const included = new Set<string>();
  for (const s of sources) {
    const text = read(s);
    if (text === undefined) continue;
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+\.c)"/gm)) {
      const target = path.resolve(path.dirname(s), m[1]);
      const defined = [...text.slice(0, m.index).matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)].map((d) => d[1]);
      const body = defined.length > 0 ? read(target) : undefined;
      // (Not `#ifndef NAME` + `#define NAME`: a default value or a guard, which the includer overrides or sets.)
      const tests = (name: string): boolean =>
        [...body!.matchAll(new RegExp(`^[ \\t]*#[ \\t]*(?:ifndef[ \\t]+${name}\\b|(?:el)?if\\b.*!\\s*defined\\s*\\(?\\s*${name}\\b).*\\n\\s*(.*)`, 'gm'))].some(
          (t) => !new RegExp(`^#[ \\t]*define[ \\t]+${name}\\b`).test(t[1]),
        );
      const partial = body !== undefined && defined.some(tests);
      if (!partial) included.add(target);
    }
  }
  return sources.filter((s) => !included.has(s));
}

/** Module names from `PyInit_<name>` definitions in the sources (the last component of the import name). */
export function inferModuleNames(sources: string[]): string[] {
  const names = new Set<string>();
  for (const text of readableTexts(sources)) {
    for (const m of text.matchAll(/\bPyInit_([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?:void)?\s*\)\s*\{/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/**
 * The minor version (13 for 3.13) from which the sources declare own-GIL support when below it they
 * declare shared-GIL support only: `#if PY_VERSION_HEX >= 0x030D0000`, the PER_INTERPRETER_GIL entry,
 * `#else`, the MULTIPLE_INTERPRETERS_SUPPORTED entry (what pyext-isolate writes for a datetime C-API
 * consumer). Undefined when they do not.
 */
export function ownGilFromDeclared(sources: string[]): number | undefined {
  const split = /#[ \t]*if[ \t]+PY_VERSION_HEX[ \t]*>=[ \t]*0x03([0-9A-Fa-f]{2})[0-9A-Fa-f]{4}[ \t]*\r?\n[ \t]*\{\s*Py_mod_multiple_interpreters\s*,\s*Py_MOD_PER_INTERPRETER_GIL_SUPPORTED\s*\},?[ \t]*\r?\n#[ \t]*else[ \t]*\r?\n[ \t]*\{\s*Py_mod_multiple_interpreters\s*,\s*Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED\s*\}/;
  for (const text of readableTexts(sources)) {
    const m = split.exec(text);
    if (m) return parseInt(m[1], 16);
  }
  return undefined;
}

/** True when the sources declare the load-once opt-out of the isolation HOWTO. */
export function declaresLoadOnce(sources: string[]): boolean {
  for (const text of readableTexts(sources)) if (/\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b/.test(text)) return true;
  return false;
}

/** The texts of the sources that can be read (an unreadable one is the build's to report). */
function* readableTexts(sources: string[]): Generator<string> {
  for (const f of sources) {
    try {
      yield fs.readFileSync(f, 'latin1');
    } catch {
      /* skipped */
    }
  }
}
