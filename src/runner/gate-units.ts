/**
 * Which translation units of an extension the compile gate must compile. The gate refuses a
 * rewrite when a unit that compiled before does not compile after. A unit whose compile reads
 * only files the rewrite left byte-identical, found at the same places, is the same compile on
 * both sides: it compiled before iff it compiles now, so it can never cause a refusal and needs
 * no compile. Everything here errs towards compiling: any doubt (a computed #include, a changed
 * file whose name a system header might use, no list of system dirs) keeps the unit.
 *
 * A compile reads a file only through an #include (or __has_include, #embed) that names it, so a
 * unit is kept when any file it may read spells a name whose last component is that of a file
 * the rewrite changed or created (whatever directory the name resolves in). The files it may read
 * are followed through every directory the gate searches; the compiler's own headers and the
 * Python headers are not read (they include their own files), and a changed file that could pass
 * for one of theirs turns the skipping off.
 */
import * as fs from 'fs';
import * as path from 'path';

/** Where the gate's compiles look for headers (the user's tree, not the scratch copy). */
export interface IncludeSearch {
  /** Every -I / -iquote directory given to the compiler, in order. */
  dirs: string[];
  /** Files every unit includes first (-include). */
  forced: string[];
  /** The compiler's own include directories and the Python headers'. Empty: nothing is skipped. */
  systemDirs: string[];
}

/** The units that must be compiled (in the order given): every unit the rewrite may affect. */
export function unitsToCompile(units: string[], after: Map<string, string>, search: IncludeSearch, original: (f: string) => string | undefined): string[] {
  const changed = [...after].filter(([f, text]) => original(f) !== text).map(([f]) => f);
  if (changed.length === 0) return [];
  if (search.systemDirs.length === 0 || changed.some((f) => mayPassForSystemHeader(f, search))) return units;
  const changedNames = new Set(changed.map((f) => path.basename(f)));
  const refsOf = memo((f: string) => includeRefs(original(f) ?? ''));
  return units.filter((u) => changed.includes(u) || mayRead(u, search, changedNames, refsOf));
}

/**
 * Whether a compile of `unit` may read a file named like a changed one: its includes followed,
 * transitively, through every directory searched.
 */
function mayRead(unit: string, search: IncludeSearch, changedNames: Set<string>, refsOf: (f: string) => string[] | 'computed'): boolean {
  const own = refsOf(unit);
  if (own === 'computed') return true;
  const seen = new Set<string>([unit]);
  const queue: { file: string; refs: string[] | 'computed' }[] = [{ file: unit, refs: [...search.forced, ...own] }];
  while (queue.length > 0) {
    const { file, refs } = queue.shift()!;
    if (refs === 'computed') return true;
    for (const name of refs) {
      if (changedNames.has(path.basename(name))) return true;
      for (const dir of [path.dirname(file), ...search.dirs]) {
        const found = path.resolve(dir, name);
        if (seen.has(found) || isUnder(found, search.systemDirs) || !isFile(found)) continue;
        seen.add(found);
        queue.push({ file: found, refs: refsOf(found) });
      }
    }
  }
  return false;
}

/**
 * A changed file that a system or Python header could reach by name through the -I dirs (a file
 * of that relative name exists among theirs): those headers are not followed, so a unit's compile
 * might read it unseen.
 */
function mayPassForSystemHeader(f: string, search: IncludeSearch): boolean {
  return search.dirs.some((d) => {
    const rel = path.relative(d, f);
    return !rel.startsWith('..') && !path.isAbsolute(rel) && search.systemDirs.some((s) => fs.existsSync(path.join(s, rel)));
  });
}

// `#` or the digraph `%:`, then the directive; comments may sit between.
const GAP = String.raw`(?:[ \t]|/\*[^]*?\*/)*`;
const DIRECTIVE = new RegExp(String.raw`(?:#|%:)${GAP}(?:include_next|include|import|embed)\b${GAP}(.)`, 'g');
const HAS_INCLUDE = new RegExp(String.raw`__has_include(?:_next)?${GAP}\(${GAP}(.)`, 'g');

/**
 * The names a file's directives may include, or 'computed' when one is not spelled out (a macro,
 * trigraphs). Over-approximates: a directive inside a comment or string counts too.
 */
export function includeRefs(text: string): string[] | 'computed' {
  if (/\?\?[=/]/.test(text)) return 'computed'; // trigraphs can spell '#' and line splices
  const joined = text.replace(/\\\r?\n/g, ''); // a directive may be split by backslash-newlines
  const names: string[] = [];
  for (const re of [DIRECTIVE, HAS_INCLUDE]) {
    for (const m of joined.matchAll(re)) {
      const open = m[1];
      const close = open === '"' ? '"' : open === '<' ? '>' : undefined;
      if (!close) return 'computed';
      const start = m.index! + m[0].length;
      const end = joined.indexOf(close, start);
      const newline = joined.indexOf('\n', start);
      if (end < 0 || (newline >= 0 && newline < end)) return 'computed';
      names.push(joined.slice(start, end));
    }
  }
  return names;
}

function isUnder(f: string, dirs: string[]): boolean {
  return dirs.some((d) => f.startsWith(d + path.sep));
}

function isFile(f: string): boolean {
  try {
    return fs.statSync(f).isFile();
  } catch {
    return false;
  }
}

function memo<T>(fn: (k: string) => T): (k: string) => T {
  const m = new Map<string, T>();
  return (k) => {
    if (!m.has(k)) m.set(k, fn(k));
    return m.get(k)!;
  };
}
