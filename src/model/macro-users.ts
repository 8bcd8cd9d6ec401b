/** Which functions expand a macro, directly or through other macros of the extension. */
import type { ExtensionModel, FunctionInfo, MacroDef, FileModel } from './types';
import { indexIdentifiers } from './identifiers';
import { enclosingFunction, inBody } from './functions';

/** Offsets of `name` in `f`, indexing it on demand (files only index the names they define). */
export function usesOf(f: FileModel, name: string): number[] {
  let hits = f.identifierUses.get(name);
  if (!hits && f.allIdentifiers.has(name)) {
    hits = indexIdentifiers(f.source.text, f.parsed.gaps, (n) => n === name).get(name) ?? [];
    f.identifierUses.set(name, hits);
  }
  return hits ?? [];
}

export function macroAt(file: FileModel, offset: number): MacroDef | undefined {
  for (const m of file.macros.values()) if (offset >= m.start && offset < m.end) return m;
  return undefined;
}

export function macroUsers(ext: ExtensionModel, macroName: string): { funcs: FunctionInfo[]; outside: number } {
  const funcs = new Set<FunctionInfo>();
  let outside = 0;
  const seen = new Set<string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    seen.add(name);
    for (const f of ext.files) {
      for (const at of usesOf(f, name)) {
        const fn = inBody(enclosingFunction(f, at), at);
        if (fn) {
          funcs.add(fn);
          continue;
        }
        const m = macroAt(f, at);
        if (m && m.name !== name) visit(m.name);
        else if (!m) outside++;
      }
    }
  };
  visit(macroName);
  return { funcs: [...funcs], outside };
}
