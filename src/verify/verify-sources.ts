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
 * unit, not one of its own: compiling it alone would fail (or define everything twice).
 */
function withoutIncludedSources(sources: string[]): string[] {
  const included = new Set<string>();
  for (const s of sources) {
    let text: string;
    try {
      text = fs.readFileSync(s, 'latin1');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+\.c)"/gm)) included.add(path.resolve(path.dirname(s), m[1]));
  }
  return sources.filter((s) => !included.has(s));
}

/** Module names from `PyInit_<name>` definitions in the sources (the last component of the import name). */
export function inferModuleNames(sources: string[]): string[] {
  const names = new Set<string>();
  for (const s of sources) {
    let text: string;
    try {
      text = fs.readFileSync(s, 'latin1');
    } catch {
      continue;
    }
    for (const m of text.matchAll(/\bPyInit_([A-Za-z_][A-Za-z0-9_]*)\s*\(\s*(?:void)?\s*\)\s*\{/g)) names.add(m[1]);
  }
  return [...names].sort();
}

/** True when the sources declare the load-once opt-out of the isolation HOWTO. */
export function declaresLoadOnce(sources: string[]): boolean {
  return sources.some((f) => {
    try {
      return /\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b/.test(fs.readFileSync(f, 'latin1'));
    } catch {
      return false;
    }
  });
}
