/**
 * Static types that only a definition macro declares (`#define DECL_WRAPPER(name) static
 * PyTypeObject name##Type; ... static PyTypeObject name##Type = {...};`, pyblake2): no
 * declaration of `blake2bType` is there to read, yet init readies `&blake2bType`. Such a type is
 * shared by every interpreter as surely as a visible one: it must keep the module from declaring
 * isolation, with a finding that says where it comes from. Found where init readies one by name,
 * and at each file-scope use of such a macro (pycairo's `DEFINE_ENUM(Antialias)`, readied through
 * a helper's parameter from inside another macro, where no name can be read).
 */
import * as path from 'path';
import type { ExtensionModel, FileModel } from '../../src/model/types';
import { firstArgument } from '../../src/plan/call-sites';
import { definitions, isInert } from '../../src/core/lex';
import { depthsAt, inDirective, matchParen, skipSpace } from '../../src/core/macro-scan';
import { identifierOffsets } from '../../src/model/identifiers';
import { enclosingFunction } from '../../src/model/functions';
import { pastingMacro } from '../../src/model/pasting-macros';

export interface UnseenType {
  file: FileModel;
  start: number;
  end: number;
  name: string;
  /** The macro whose body pastes a PyTypeObject's name together. */
  macro: string;
  /** At a file-scope use of it: what the use pastes in, and the macro's spelling of the name and its parameter. */
  use?: { arg: string; pasted: string; param: string; definedAt: string };
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
      out.push({ file, start: u.start, end: u.close + 1, name: `${u.macro.prefix}${arg}${u.macro.suffix}`, macro: u.macro.name, use: { arg, pasted: u.macro.pasted, param: u.macro.paramName, definedAt: u.macro.at } });
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
  paramName: string;
  /** The name as the body pastes it (`Flag_##n##_Type`). */
  pasted: string;
  /** Where the `#define` is. */
  at: string;
}

/** Macros with `PyTypeObject <prefix>##<param>##<suffix>` in their body (either side may be empty). */
function pastingTypeMacros(ext: ExtensionModel): PastingMacro[] {
  const out: PastingMacro[] = [];
  for (const f of ext.files) {
    for (const defs of definitions(f.parsed.lex).values()) {
      for (const { name, parts, start } of defs) {
        if (!parts?.params) continue;
        const re = /\bPyTypeObject\s+((?:[A-Za-z_]\w*\s*##\s*)?[A-Za-z_]\w*(?:\s*##\s*[A-Za-z_]\w*)*)/g;
        for (let m = re.exec(parts.body); m; m = re.exec(parts.body)) {
          const pieces = m[1].split(/\s*##\s*/);
          // The fixed text before and after the parameter that pastes in.
          const k = pieces.findIndex((p) => parts.params!.includes(p));
          if (pieces.length < 2 || k < 0) continue;
          out.push({ name, prefix: pieces.slice(0, k).join(''), suffix: pieces.slice(k + 1).join(''), param: parts.params!.indexOf(pieces[k]), paramName: pieces[k], pasted: pieces.join('##'), at: `${path.basename(f.path)}:${f.source.position(start).line}` });
        }
      }
    }
  }
  return out;
}

/**
 * The manual step for a type a pasting macro defines at a use: what to write, and where the code
 * names it (those places must reach the module state once it is a heap type). Expanding the use is
 * enough: a written-out static type readied the same way is the transform's to convert.
 */
export function unseenTypeSteps(u: UnseenType, ext: ExtensionModel): string {
  if (!u.use) return `write the declaration and the PyTypeObject initializer of ${u.name} out in place of the ${u.macro}() expansion, then run again`;
  const { arg, pasted, param, definedAt } = u.use;
  const places: string[] = [];
  for (const f of ext.files) {
    for (const at of identifierOffsets(f.source.text, f.parsed.gaps, [u.name]).get(u.name) ?? []) {
      if (f === u.file && at >= u.start && at < u.end) continue;
      const fn = enclosingFunction(f, at);
      places.push(`${path.basename(f.path)}:${f.source.position(at).line}${fn ? ` in ${fn.name}()` : ''}`);
    }
  }
  const other = pastingMacro(ext.files, u.name, new Set([u.macro]));
  const shown = places.length > 3 ? `${places.slice(0, 3).join(', ')} and ${places.length - 3} more` : places.join(', ');
  const where = [places.length > 0 ? shown : '', other ? `what macro ${other}() pastes together` : ''].filter(Boolean).join(', and ');
  return `expand this use by hand: write the definition ${u.macro}() gives (${definedAt}) with ${param} = ${arg} in place of ${u.macro}(${arg}), then run again: ` +
    `the tool handles it as any written-out static type (a spec created in exec into a field of the module state, its uses${where ? ` (${where})` : ''} reaching the state, or a finding saying what else stops it). ` +
    `To keep the macro, do that by hand: its body defines ${pasted}_slots[] and ${pasted}_spec instead of the PyTypeObject (fields set before PyType_Ready, such as tp_base and tp_flags, go into them), ` +
    `the module state gets 'PyTypeObject *${u.name};', exec creates it with PyType_FromModuleAndSpec(module, &${u.name}_spec, bases) where it is readied now, and its uses take the state's pointer`;
}
