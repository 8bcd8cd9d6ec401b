/**
 * A lexical summary of a file, cheap enough to compute before parsing: which names it defines
 * at file scope (over-approximated), which identifiers it uses, what it includes, and whether it
 * has a PyInit function. Batch mode groups files by these summaries so that every file an
 * extension needs lands in the same worker. Over-merging only costs parallelism (the precise
 * linking in the worker splits the group again); under-merging would be wrong, so every guess
 * here errs on the side of "linked".
 */
import * as crypto from 'crypto';
import * as path from 'path';
import { isCKeyword } from '../core/c-keywords';

export interface FileSummary {
  path: string;
  hash: string;
  bytes: number;
  /** Names that look defined at file scope (column 0 definitions and declarations). */
  defines: string[];
  /** Every identifier used. */
  uses: string[];
  includes: string[];
  hasInit: boolean;
}

const DEF_FUNC = /^([A-Za-z_]\w*)\s*\(/gm; // `name(` at column 0: a function definition's declarator line
const DEF_VAR = /^(?!#|typedef\b)[A-Za-z_][^\n;{}()]*?\b([A-Za-z_]\w*)\s*(?:\[[^\]\n]*\]\s*)?(?:=|;)/gm;
const DEF_FUNC_SAME_LINE = /^(?!#|typedef\b)[A-Za-z_][\w \t*]*?[\s*]([A-Za-z_]\w*)\s*\(/gm;


export function summarize(filePath: string, bytes: Buffer): FileSummary {
  const text = bytes.toString('latin1');
  const defines = new Set<string>();
  for (const re of [DEF_FUNC, DEF_VAR, DEF_FUNC_SAME_LINE]) {
    re.lastIndex = 0;
    let m: RegExpExecArray | null;
    while ((m = re.exec(text)) !== null) if (m[1].length > 2 && !isCKeyword(m[1])) defines.add(m[1]);
  }
  const uses = new Set<string>();
  const id = /[A-Za-z_][A-Za-z0-9_]*/g;
  let m: RegExpExecArray | null;
  while ((m = id.exec(text)) !== null) uses.add(m[0]);
  const includes = localIncludesOf(text);
  return {
    path: filePath,
    hash: crypto.createHash('sha256').update(bytes).digest('hex'),
    bytes: bytes.length,
    defines: [...defines],
    uses: [...uses],
    includes,
    hasInit: /\bPyInit_\w+\s*\(|#\s*define\s+\w+\s+PyInit_\w+\s*$/m.test(text),
  };
}

/** The targets of a file's `#include "..."` lines. */
export function localIncludesOf(text: string): string[] {
  return [...text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"]+)"/gm)].map((m) => m[1]);
}

/** Connected components of files linked by includes and by shared file-scope names. */
export function groupFiles(summaries: FileSummary[], modules?: Record<string, string[]>): string[][] {
  const parent = summaries.map((_, i) => i);
  const find = (i: number): number => {
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]];
      i = parent[i];
    }
    return i;
  };
  const union = (a: number, b: number): void => {
    const ra = find(a);
    const rb = find(b);
    if (ra !== rb) parent[Math.max(ra, rb)] = Math.min(ra, rb);
  };
  const byBase = new Map<string, number[]>();
  const byPath = new Map<string, number>();
  summaries.forEach((s, i) => {
    byPath.set(path.resolve(s.path), i);
    const b = path.basename(s.path);
    if (!byBase.has(b)) byBase.set(b, []);
    byBase.get(b)!.push(i);
  });
  const definers = new Map<string, number[]>();
  summaries.forEach((s, i) => {
    for (const d of s.defines) {
      if (!definers.has(d)) definers.set(d, []);
      definers.get(d)!.push(i);
    }
  });
  // The files of a configured module are one extension: never split them.
  for (const listed of Object.values(modules ?? {})) {
    const members = listed.map((f) => byPath.get(path.resolve(f))).filter((i): i is number => i !== undefined);
    for (const i of members.slice(1)) union(members[0], i);
  }
  summaries.forEach((s, i) => {
    for (const inc of s.includes) {
      const exact = byPath.get(path.resolve(path.dirname(s.path), inc));
      if (exact !== undefined) union(i, exact);
      else for (const j of byBase.get(path.basename(inc)) ?? []) union(i, j);
    }
    for (const u of s.uses) {
      const ds = definers.get(u);
      if (!ds) continue;
      for (const j of ds) if (j !== i) union(i, j);
    }
  });
  const groups = new Map<number, string[]>();
  summaries.forEach((s, i) => {
    const r = find(i);
    if (!groups.has(r)) groups.set(r, []);
    groups.get(r)!.push(s.path);
  });
  return [...groups.values()].map((g) => g.sort());
}
