/** Which functions expand a macro, directly or through other macros of the extension. */
import type { ExtensionModel, FunctionInfo, MacroDef, FileModel } from './types';
import { identifierOffsets } from './identifiers';
import { enclosingFunction, inBody } from './functions';
import * as path from 'path';
import { defineParts, directiveAt, quotedInclude } from '../core/lex';

/** Offsets of `name` in `f`, indexing it on demand (files only index the names they define). */
export function usesOf(f: FileModel, name: string): number[] {
  let hits = f.identifierUses.get(name);
  if (!hits && f.allIdentifiers.has(name)) {
    hits = identifierOffsets(f.source.text, f.parsed.gaps, [name]).get(name) ?? [];
    f.identifierUses.set(name, hits);
  }
  return hits ?? [];
}

export function macroAt(file: FileModel, offset: number): MacroDef | undefined {
  for (const m of file.macros.values()) if (offset >= m.start && offset < m.end) return m;
  // A macro defined in several #if branches (`#ifndef NDEBUG #define CHECK(x) check(x) #else
  // #define CHECK(x) #endif`): the table keeps one definition, the others are still its.
  const d = directiveAt(file.parsed.lex, offset);
  if (!d || d.kind !== 'define') return undefined;
  const parts = defineParts(d.rest);
  return parts && file.macros.has(parts.name) ? { ...parts, start: d.start, end: d.end } : undefined;
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
        else if (m) continue;
        else {
          // A list `#include`d inside function bodies only (`add_err(X);` lines a script prints) expands there.
          const includers = bodyIncluders(ext, f);
          if (includers) for (const fn of includers) funcs.add(fn);
          else outside++;
        }
      }
    }
  };
  visit(macroName);
  return { funcs: [...funcs], outside };
}

/**
 * The functions whose bodies `#include` this file, when every `#include` of it in the extension is
 * inside a function body; undefined when some is at file scope, or none is known.
 */
function bodyIncluders(ext: ExtensionModel, f: FileModel): FunctionInfo[] | undefined {
  const base = path.basename(f.path);
  const out: FunctionInfo[] = [];
  for (const u of ext.files) {
    if (u === f) continue;
    for (const d of u.parsed.lex.directives) {
      const target = quotedInclude(d);
      if (!target || path.basename(target) !== base) continue;
      const fn = d.braceDepth > 0 ? inBody(enclosingFunction(u, d.start), d.start) : undefined;
      if (!fn) return undefined;
      if (!out.includes(fn)) out.push(fn);
    }
  }
  return out.length > 0 ? out : undefined;
}

/** A `static` variable declared inside a `#define` body: each expansion site gets its own. */
export interface MacroStatic {
  file: FileModel;
  macro: MacroDef;
  name: string;
  /** Offsets of the declaration in the file. */
  start: number;
  end: number;
  /** It holds a Python object (`static PyObject *callable = NULL;`). */
  isObject: boolean;
  /** The body assigns it, changes it or takes its address. */
  written: boolean;
}

const PY_TABLES = /^Py(ModuleDef|ModuleDef_Slot|MethodDef|MemberDef|GetSetDef|Type_Slot|Type_Spec|TypeObject|NumberMethods|SequenceMethods|MappingMethods|AsyncMethods|BufferProcs)$/;

const STATIC_IN_MACRO = /\bstatic\s+((?:(?:const|volatile|unsigned|signed|struct|long|short)\s+)*)([A-Za-z_]\w*)\s*(\*+)?\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)?(?=[=;])/g;

/**
 * The statics macro bodies declare (`#define CALL_PY(name) do { static PyObject *callable = NULL;
 * ... } while (0)`), for the macros functions of the extension expand. Function definitions
 * inside macros (`static PyObject *fn_##NAME(...)`) are not variables and are left out.
 */
export function staticsInMacros(ext: ExtensionModel, isObjectType: (f: FileModel, base: string, depth: number) => boolean): MacroStatic[] {
  const out: MacroStatic[] = [];
  for (const f of ext.files) {
    for (const m of f.macros.values()) {
      if (!m.body.includes('static')) continue;
      const raw = f.source.text.slice(m.start, m.end);
      STATIC_IN_MACRO.lastIndex = 0;
      let x: RegExpExecArray | null;
      const found: MacroStatic[] = [];
      while ((x = STATIC_IN_MACRO.exec(raw)) !== null) {
        const [, quals, base, stars, name] = x;
        if (/\bconst\b/.test(quals) || (m.params ?? []).includes(name)) continue;
        // A module def or a type's tables written by a macro (`MOD_DEF(...)` compat macros): not data.
        if (PY_TABLES.test(base)) continue;
        const rest = raw.slice(x.index + x[0].length);
        const esc = name.replace(/\$/g, '\\$');
        const written = new RegExp(`\\b${esc}\\s*(=[^=]|\\+\\+|--|[-+*/|&^%]=|<<=|>>=)|(\\+\\+|--)\\s*${esc}\\b|&\\s*${esc}\\b|\\b${esc}\\s*(\\[[^\\]]*\\]|\\.\\w+|->\\w+)\\s*(=[^=]|\\+\\+|--|[-+*/|&^%]=)`).test(rest);
        found.push({ file: f, macro: m, name, start: m.start + x.index, end: m.start + x.index + x[0].length, isObject: isObjectType(f, base, (stars ?? '').length), written });
      }
      if (found.length === 0 || macroUsers(ext, m.name).funcs.length === 0) continue;
      out.push(...found);
    }
  }
  return out;
}
