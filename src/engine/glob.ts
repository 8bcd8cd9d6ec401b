/**
 * Globs, through picomatch (the matcher behind micromatch and fast-glob): `*`, `**`, `?`, `[...]`,
 * `{a,b}`, extglobs. Exclude patterns follow ruff: a pattern without a slash (`vendor`, `*_gen.c`)
 * matches a file or directory of that name anywhere; one with a slash (`src/vendor/**`,
 * `tests/`) is relative to its base (the pyproject.toml's directory for config, the current
 * directory for --exclude). A trailing slash names a directory.
 */
import * as path from 'path';
import picomatch from 'picomatch';

const toPosix = (p: string): string => p.split(path.sep).join('/');

/** The pattern made absolute when it has a directory part, so it can be matched without its base. */
export function anchorPattern(glob: string, base: string): string {
  let g = toPosix(glob.trim()).replace(/\/+$/, '');
  if (g.startsWith('./')) g = g.slice(2);
  if (!g.includes('/')) return g;
  return g.startsWith('/') ? g : path.posix.join(toPosix(path.resolve(base)), g);
}

/** A predicate over absolute paths: true when some anchored pattern excludes it. */
export function excluder(anchored: string[]): (absPath: string) => boolean {
  if (anchored.length === 0) return () => false;
  const byName = anchored.filter((g) => !g.includes('/'));
  const byPath = anchored.filter((g) => g.includes('/'));
  const nameMatch = byName.length ? picomatch(byName, { dot: true }) : undefined;
  const pathMatch = byPath.length ? picomatch(byPath, { dot: true }) : undefined;
  return (absPath) => {
    const p = toPosix(absPath);
    return (!!nameMatch && nameMatch(path.posix.basename(p))) || (!!pathMatch && pathMatch(p));
  };
}

/** True when a PATH argument is a glob (and not a file that happens to contain `*` or `[`). */
export function isGlob(arg: string): boolean {
  return picomatch.scan(toPosix(arg)).isGlob;
}

/** The directory a glob's matches are under, and a matcher for paths as the walk writes them. */
export function globRoot(arg: string): { base: string; matches: (p: string) => boolean } {
  const g = toPosix(arg).replace(/^\.\//, '');
  const scan = picomatch.scan(g);
  const match = picomatch(g, { dot: false });
  return { base: scan.base === '' ? '.' : scan.base, matches: (p) => match(toPosix(p).replace(/^\.\//, '')) };
}
