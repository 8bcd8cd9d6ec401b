/**
 * Static types that only a definition macro declares (`#define DECL_WRAPPER(name) static
 * PyTypeObject name##Type; ... static PyTypeObject name##Type = {...};`, pyblake2): no
 * declaration of `blake2bType` is there to read, yet init readies `&blake2bType`. Such a type is
 * shared by every interpreter as surely as a visible one: it must keep the module from declaring
 * isolation, with a finding that says where it comes from. Found where init readies one by name,
 * and at each file-scope use of such a macro (pycairo's `DEFINE_ENUM(Antialias)`, readied through
 * a helper's parameter from inside another macro, where no name can be read).
 */
import type { ExtensionModel, FileModel } from '../../src/model/types';
import { firstArgument } from '../../src/plan/call-sites';
import { definitions, isInert } from '../../src/core/lex';
import { depthsAt, inDirective, matchParen, skipSpace } from '../../src/core/macro-scan';

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
  const seen = new Set(out.map((u) => u.name));
  for (const u of definingUses(ext, pasting)) {
    if (known.has(u.name) || seen.has(u.name)) continue;
    seen.add(u.name);
    out.push(u);
  }
  return out;
}

/** File-scope uses of the pasting macros, each with the name it defines (its argument in the pasted place). */
function definingUses(ext: ExtensionModel, pasting: PastingMacro[]): UnseenType[] {
  const out: UnseenType[] = [];
  const byName = new Map(pasting.map((m) => [m.name, m]));
  const re = new RegExp(`\\b(${[...byName.keys()].join('|')})\\s*\\(`, 'g');
  for (const file of ext.files) {
    const text = file.source.text;
    const lx = file.parsed.lex;
    const found: { macro: PastingMacro; start: number; open: number; close: number }[] = [];
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (isInert(lx, m.index) || inDirective(lx, m.index)) continue;
      const open = skipSpace(text, m.index + m[1].length);
      const close = matchParen(text, open, lx);
      if (close !== -1) found.push({ macro: byName.get(m[1])!, start: m.index, open, close });
    }
    if (found.length === 0) continue;
    const depths = depthsAt(text, lx, found.map((u) => u.open));
    found.forEach((u, k) => {
      if (depths[k].brace !== 0 || depths[k].paren !== 0) return;
      const arg = splitArguments(text.slice(u.open + 1, u.close))[u.macro.param]?.trim();
      if (!arg || !/^[A-Za-z_]\w*$/.test(arg)) return;
      out.push({ file, start: u.start, end: u.close + 1, name: `${u.macro.prefix}${arg}${u.macro.suffix}`, macro: u.macro.name });
    });
  }
  return out;
}

/** The top-level comma-separated arguments of a macro use. */
function splitArguments(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < inner.length; i++) {
    const c = inner[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      out.push(inner.slice(from, i));
      from = i + 1;
    }
  }
  out.push(inner.slice(from));
  return out;
}

interface PastingMacro {
  name: string;
  prefix: string;
  suffix: string;
  /** The position of the parameter pasted in, among the macro's parameters. */
  param: number;
}

/** Macros with `PyTypeObject <prefix>##<param>##<suffix>` in their body (either side may be empty). */
function pastingTypeMacros(ext: ExtensionModel): PastingMacro[] {
  const out: PastingMacro[] = [];
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
          out.push({ name, prefix: pieces.slice(0, k).join(''), suffix: pieces.slice(k + 1).join(''), param: parts.params!.indexOf(pieces[k]) });
        }
      }
    }
  }
  return out;
}
