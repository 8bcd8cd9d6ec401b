/** Regions of a file the model marks: template repeat blocks, and branches no supported Python compiles. */
import type { ParsedFile } from '../core/parse';
import type { FileModel, Span } from './types';

/** The outermost begin-repeat ... end-repeat blocks of a `.src` template. */
export function templateRegions(parsed: ParsedFile): Span[] {
  if (!parsed.isTemplate) return [];
  const out: Span[] = [];
  const text = parsed.source.text;
  const stack: number[] = [];
  const re = /\/\*\*begin repeat\d*|\/\*\*end repeat\d*\*\*\//g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].startsWith('/**begin')) stack.push(m.index);
    else if (stack.length > 0) {
      const s = stack.pop()!;
      if (stack.length === 0) out.push({ start: s, end: m.index + m[0].length });
    }
  }
  return out;
}

export function inRegions(regions: Span[], offset: number): boolean {
  for (const r of regions) if (offset >= r.start && offset < r.end) return true;
  return false;
}

/** Inside the branch of a Python-version `#if` that no supported version compiles. */
export function inDeadVersionBranch(fm: FileModel, offset: number): boolean {
  for (const g of fm.parsed.lex.groups) {
    if (g.resolvedBranch === undefined || offset < g.start || offset >= g.end) continue;
    if (g.branches.some((b, k) => k !== g.resolvedBranch && offset >= b.bodyStart && offset < b.bodyEnd)) return true;
  }
  return false;
}

