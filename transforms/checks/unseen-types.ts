/**
 * Static types that only a definition macro declares (`#define DECL_WRAPPER(name) static
 * PyTypeObject name##Type; ... static PyTypeObject name##Type = {...};`, pyblake2): no
 * declaration of `blake2bType` is there to read, yet init readies `&blake2bType`. Such a type is
 * shared by every interpreter as surely as a visible one: it must keep the module from declaring
 * isolation, with a finding that says where it comes from.
 */
import type { ExtensionModel, FileModel } from '../../src/model/types';
import { firstArgument } from '../../src/plan/call-sites';
import { definitions } from '../../src/core/lex';

export interface UnseenType {
  file: FileModel;
  start: number;
  end: number;
  name: string;
  /** The macro whose body pastes a PyTypeObject's name together. */
  macro: string;
}

/** `PyType_Ready(&X)` for an X that no declaration of the extension names, with a pasting PyTypeObject macro that can make it. */
export function unseenTypes(ext: ExtensionModel): UnseenType[] {
  const pasting = pastingTypeMacros(ext);
  if (pasting.length === 0) return [];
  const known = new Set([...ext.globals.map((g) => g.name), ...ext.types.map((t) => t.name)]);
  const out: UnseenType[] = [];
  for (const file of ext.files) {
    for (const call of file.apiCalls) {
      if (call.api !== 'PyType_Ready' || !call.func) continue;
      const arg = firstArgument(file.source.text, call.start + call.api.length);
      const name = arg && /^&\s*([A-Za-z_]\w*)$/.exec(arg.trim())?.[1];
      if (!name || known.has(name)) continue;
      const macro = pasting.find((m) => name.startsWith(m.prefix) && name.endsWith(m.suffix) && name.length > m.prefix.length + m.suffix.length - 1);
      if (macro) out.push({ file, start: call.start, end: call.end, name, macro: macro.name });
    }
  }
  return out;
}

/** Macros with `PyTypeObject <prefix>##<param>##<suffix>` in their body (either side may be empty). */
function pastingTypeMacros(ext: ExtensionModel): { name: string; prefix: string; suffix: string }[] {
  const out: { name: string; prefix: string; suffix: string }[] = [];
  for (const f of ext.files) {
    for (const defs of definitions(f.parsed.lex).values()) {
      for (const { name, parts } of defs) {
        if (!parts?.params) continue;
        const re = /\bPyTypeObject\s+((?:[A-Za-z_]\w*\s*##\s*)?[A-Za-z_]\w*(?:\s*##\s*[A-Za-z_]\w*)*)/g;
        for (let m = re.exec(parts.body); m; m = re.exec(parts.body)) {
          const pieces = m[1].split(/\s*##\s*/);
          // The fixed text before and after the parameter that pastes in.
          const k = pieces.findIndex((p) => parts.params!.includes(p));
          if (pieces.length < 2 || k < 0) continue;
          out.push({ name, prefix: pieces.slice(0, k).join(''), suffix: pieces.slice(k + 1).join('') });
        }
      }
    }
  }
  return out;
}
