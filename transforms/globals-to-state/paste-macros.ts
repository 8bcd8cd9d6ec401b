/**
 * Macros that paste names together (`str_##S`): which of them were read at every expansion, and the
 * pasted spelling of a global, for messages.
 */
import type { ExtensionModel, GlobalVar, FileModel } from '../../src/model/types';
import type { TransformContext } from '../types';
import { usesOf } from '../../src/model/macro-users';

/** Macros of the extension that paste names and whose every expansion was read (one shared set: do not change it). */
export function readPasteMacros(ctx: TransformContext): ReadonlySet<string> {
  // Asked for every global; the model it reads does not change.
  let known = readByExtension.get(ctx.ext);
  if (!known) readByExtension.set(ctx.ext, (known = findReadPasteMacros(ctx)));
  return known;
}

const readByExtension = new WeakMap<ExtensionModel, Set<string>>();

function findReadPasteMacros(ctx: TransformContext): Set<string> {
  const out = new Set<string>();
  for (const f of ctx.ext.files) {
    const chains = f.pasteChains;
    const declaring = new Set(f.parsed.holes.filter((h) => h.declares).map((h) => h.name));
    for (const m of f.macros.values()) {
      if (!m.body.includes('##') || m.file) continue;
      const own = chains.filter((c) => c.macro === m.name);
      if (own.length > 0 && own.every((c) => !c.unread)) out.add(m.name);
      else if (own.length === 0 && declaring.has(m.name) && declaringUsesRead(f, m.name)) out.add(m.name);
    }
  }
  return out;
}

/** Every use of a declaring macro is a file-scope declaration the model read. */
function declaringUsesRead(f: FileModel, name: string): boolean {
  const holes = new Set(f.parsed.holes.filter((h) => h.declares && h.name === name).map((h) => h.start));
  const m = f.macros.get(name)!;
  return usesOf(f, name).every((at) => holes.has(at) || (at >= m.start && at < m.end) || /^#\s*undef\s+$/.test(f.source.text.slice(f.source.lineStart(at), at).trimStart()));
}

/** The pasted spelling in the macro body (`str_##S`), for messages. */
export function pastedText(g: GlobalVar): string {
  const chain = g.uses.find((u) => u.pasted)!.pasted!;
  return g.file.source.text.slice(chain.start, chain.end).replace(/\s+/g, ' ');
}
