/**
 * Macros that may form a name by token pasting (`str ## S`, `meter_ ## name`), where no rewrite
 * sees the use: a global such a macro reads, a function such a macro calls or takes the address of.
 */
import type { FileModel, MacroDef } from './types';
import { expansionWords } from './pasted-names';

/**
 * A macro that forms identifiers by token pasting (`str ## S`) and could form `name`; `except`:
 * macros whose every expansion was read (see model/pasted-names), and that do not form it. A
 * function-like macro whose every use could be expanded forms only what those expansions write.
 */
export function pastingMacro(files: FileModel[], name: string, except: ReadonlySet<string> = new Set()): string | undefined {
  for (const { f, m } of pastingMacros(files)) {
    if (except.has(m.name)) continue;
    const { prefixes, suffixes } = pasteFragments(m);
    if (!prefixes.some((p) => name.startsWith(p)) && !suffixes.some((x) => name.endsWith(x))) continue;
    const written = m.file ? undefined : expansionWords(files, m, f);
    if (written && !written.has(name)) continue;
    return m.name;
  }
  return undefined;
}

type PastingMacroOf = { f: FileModel; m: MacroDef };
const pastingByFiles = new WeakMap<FileModel[], PastingMacroOf[]>();

/** The macros of `files` whose body pastes (`##`), file by file: asked about for every global and function. */
function pastingMacros(files: FileModel[]): PastingMacroOf[] {
  let found = pastingByFiles.get(files);
  if (!found) {
    found = [];
    for (const f of files) for (const m of f.macros.values()) if (m.body.includes('##')) found.push({ f, m });
    pastingByFiles.set(files, found);
  }
  return found;
}

interface PasteFragments {
  prefixes: string[];
  suffixes: string[];
}
const fragmentCache = new WeakMap<object, PasteFragments>();

/**
 * The fixed words on either side of each `##` of a macro body (parameters excluded, at least two
 * characters). Computed once per macro with a linear scan: a regex here re-scanned long words
 * from every start position (quadratic on a macro holding a 40 kB string).
 */
function pasteFragments(m: { body: string; params?: string[] }): PasteFragments {
  const cached = fragmentCache.get(m);
  if (cached) return cached;
  const body = m.body;
  const params = new Set(m.params ?? []);
  const prefixes = new Set<string>();
  const suffixes = new Set<string>();
  const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const isSpace = (c: number): boolean => c === 32 || c === 9 || c === 10 || c === 13 || c === 11 || c === 12;
  for (let at = body.indexOf('##'); at !== -1; at = body.indexOf('##', at + 2)) {
    let end = at;
    while (end > 0 && isSpace(body.charCodeAt(end - 1))) end--;
    let start = end;
    while (start > 0 && isWord(body.charCodeAt(start - 1))) start--;
    while (start < end && body.charCodeAt(start) >= 48 && body.charCodeAt(start) <= 57) start++; // an identifier starts with a letter
    const before = body.slice(start, end);
    if (before.length >= 2 && !params.has(before)) prefixes.add(before);
    let from = at + 2;
    while (from < body.length && isSpace(body.charCodeAt(from))) from++;
    let to = from;
    if (to < body.length && !(body.charCodeAt(to) >= 48 && body.charCodeAt(to) <= 57)) {
      while (to < body.length && isWord(body.charCodeAt(to))) to++;
    }
    const after = body.slice(from, to);
    if (after.length >= 2 && !params.has(after)) suffixes.add(after);
  }
  const result = { prefixes: [...prefixes], suffixes: [...suffixes] };
  fragmentCache.set(m, result);
  return result;
}
