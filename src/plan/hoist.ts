/**
 * Where generated file-scope code goes near an offset: out of the `#if` groups around it (code inserted in a
 * branch that is not compiled would be missing), except the groups that also hold every `keepWith` offset,
 * since they are compiled whenever those are; then above a comment block that documents what is there.
 */
import type { FileModel } from '../model/types';
import { branchesAt, type CondBranch } from '../core/lex';

export function hoist(file: FileModel, at: number, keepWith: readonly number[] = []): number {
  const lex = file.parsed.lex;
  // Groups that also hold every `keepWith` offset are compiled with them: staying inside keeps the names they define in scope.
  let shared = new Set<CondBranch>();
  keepWith.forEach((k, i) => {
    const here = branchesAt(lex, k);
    shared = i === 0 ? new Set(here) : new Set(here.filter((b) => shared.has(b)));
  });
  const branches = branchesAt(lex, at).filter((b) => !shared.has(b));
  let pos = at;
  if (branches.length > 0) {
    const outer = lex.groups.find((g) => g.branches.includes(branches[0]));
    if (outer) pos = outer.start;
  }
  // Keep a leading comment block attached to the declaration it documents.
  pos = file.source.lineStart(pos);
  const text = file.source.text;
  for (;;) {
    const prevEnd = pos - 1;
    if (prevEnd <= 0) break;
    const ls = file.source.lineStart(prevEnd - (text[prevEnd - 1] === '\r' ? 1 : 0));
    const line = text.slice(ls, prevEnd).trim();
    if (line.endsWith('*/') && !line.startsWith('#')) {
      const open = text.lastIndexOf('/*', ls + line.length);
      if (open === -1) break;
      const ols = file.source.lineStart(open);
      if (text.slice(ols, open).trim() !== '') break;
      pos = ols;
      continue;
    }
    break;
  }
  return pos;
}
