/**
 * Where a function is called: direct calls (also through an alias macro or a pasted name in a
 * function-defining macro), calls inside macros, and uses of its name as a value, in the files
 * that can see it; and the first argument of a call, read lexically.
 */
import type { ExtensionModel, FileModel, FunctionInfo } from '../model/types';
import { macroAt, usesOf } from '../model/macro-users';
import { enclosingFunction, inBody } from '../model/functions';
import { includersOf } from '../model/extension';
import { filesNaming } from '../model/files-naming';
import { refersOutsideAt } from '../model/outside-references';
import { expandedName } from '../core/function-macros';
import { twinNames } from './function-twins';

export interface CallSite {
  caller: FunctionInfo;
  at: number;
  file: FileModel;
  /** Called through an object-like alias macro (`#define join_list_string join_list_unicode`): its name. */
  alias?: string;
}

export interface MacroCallSite {
  macro: string;
  at: number;
  file: FileModel;
}

/** What callSites() finds for one function. */
export interface FunctionSites {
  callers: FunctionInfo[];
  calls: CallSite[];
  valueUses: number[];
  macroCalls: MacroCallSite[];
}

const sitesByExtension = new WeakMap<ExtensionModel, Map<FunctionInfo, FunctionSites>>();

export class CallSites {
  constructor(private readonly ext: ExtensionModel) {}

  /**
   * The files that can call `f`: static functions of a header, or of a .c/.inc file another file
   * #includes, are called from the files that include it; non-static ones from any file; a static
   * one of a .c file also from the files it includes (Argument Clinic's `clinic/x.c.h` wrappers
   * call the `_impl` functions, helpers in an `#include`d `.inc` call the file's functions).
   */
  filesCalling(f: FunctionInfo): FileModel[] {
    const naming = withFile(this.ext, filesNaming(this.ext, f.name), f.file);
    if (f.file.path.endsWith('.h') || !f.isStatic || this.includedFile(f.file)) return naming;
    return naming.filter((x) => x === f.file || includersOf(this.ext, x).has(f.file));
  }

  /**
   * Direct callers of f (functions whose body calls it) and other uses of its name. Found once per
   * function of the extension (the model does not change while it is planned; the state access asks
   * about one function many times): the lists are shared, never change them.
   */
  callSites(f: FunctionInfo): FunctionSites {
    let known = sitesByExtension.get(this.ext);
    if (!known) sitesByExtension.set(this.ext, (known = new Map()));
    let sites = known.get(f);
    if (!sites) known.set(f, (sites = this.findCallSites(f)));
    return sites;
  }

  private findCallSites(f: FunctionInfo): FunctionSites {
    const calls: CallSite[] = [];
    const valueUses: number[] = [];
    const macroCalls: MacroCallSite[] = [];
    // A function-defining macro's body is called by the names its expansions give it.
    for (const fm of this.filesCalling(f)) for (const name of f.macroTemplate?.names ?? [f.name]) this.sitesIn(fm, f, calls, valueUses, macroCalls, name);
    this.pastedSites(f, calls, valueUses);
    const callers = [...new Set(calls.map((c) => c.caller))];
    return { callers, calls, valueUses, macroCalls };
  }

  /**
   * Calls of `f` by a pasted name in the body of a function-defining macro (`read_##FIELD(o, &v)`
   * in MAX_COORD): a call of `f` when every expansion of that macro names one of `f`'s names;
   * when only some do, a use of another kind (the state cannot be passed to some of them).
   */
  private pastedSites(f: FunctionInfo, calls: CallSite[], valueUses: number[]): void {
    const names = new Set(f.macroTemplate?.names ?? [f.name]);
    for (const fm of this.ext.files) {
      for (const m of fm.parsed.functionMacros) {
        const caller = fm.functions.find((fn) => fn.macroTemplate?.macro === m.name && fn.start > m.start && fn.start < m.end);
        if (!caller) continue;
        const text = fm.source.text;
        const re = /\b[A-Za-z_]\w*(?:\s*##\s*[A-Za-z_]\w*)+/g;
        const body = text.slice(caller.bodyStart, caller.bodyEnd);
        let x: RegExpExecArray | null;
        while ((x = re.exec(body)) !== null) {
          const at = caller.bodyStart + x.index;
          const expanded = m.expansions.map((e) => expandedName(x![0], m.params, e.args));
          const hits = expanded.filter((n) => n !== undefined && names.has(n)).length;
          if (hits === 0) continue;
          let j = at + x[0].length;
          while (j < text.length && /[ \t]/.test(text[j])) j++;
          if (hits === expanded.length && text[j] === '(') calls.push({ caller, at, file: fm, alias: x[0] });
          else valueUses.push(at);
        }
      }
    }
  }

  /** Another file of the extension #includes this one (`#include "helpers.inc"`, its `.src` template too). */
  private includedFile(file: FileModel): boolean {
    const base = file.path.replace(/^.*[\\/]/, '');
    const names = base.endsWith('.src') ? [base, base.slice(0, -'.src'.length)] : [base];
    const includers = includersByBase(this.ext);
    return names.some((b) => [...(includers.get(b) ?? [])].some((x) => x !== file));
  }

  sitesIn(fm: FileModel, f: FunctionInfo, calls: CallSite[], valueUses: number[], macroCalls: MacroCallSite[], name = f.name): void {
    const text = fm.source.text;
    for (const at of usesOf(fm, name)) {
      // In another file: a local, a member or that file's own static of the name is not f.
      if (fm !== f.file && !refersOutsideAt(fm, name, at)) continue;
      if (fm === f.file && at >= f.start && at < f.paramsStart) continue; // its own declarator
      // The declarator of its other definition (another #if branch): no use of its address.
      if (twinNames(fm).has(name) && fm.functions.some((g) => g !== f && g.name === name && at >= g.start && at < g.paramsStart)) continue;
      const proto = fm.prototypes.get(name);
      if (proto && at >= proto.start && at < proto.end) continue;
      let j = at + name.length;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      const caller = inBody(enclosingFunction(fm, at), at);
      if (!caller) {
        const m = macroAt(fm, at);
        // `#define join_list_string join_list_unicode`: the alias's calls are calls of f.
        if (m && !m.params && m.name !== name && m.body.trim() === name && name === f.name) {
          this.sitesIn(fm, f, calls, valueUses, macroCalls, m.name);
          continue;
        }
        if (m && text[j] === '(') macroCalls.push({ macro: m.name, at, file: fm });
        else if (!(m && name !== f.name && at >= m.start && at < m.end && m.name === name)) valueUses.push(at);
        continue;
      }
      if (text[j] === '(') calls.push(name === f.name ? { caller, at, file: fm } : { caller, at, file: fm, alias: name });
      else valueUses.push(at);
    }
  }
}

/** `files` (in the extension's order) with `file` among them, where it belongs in that order. */
function withFile(ext: ExtensionModel, files: readonly FileModel[], file: FileModel): FileModel[] {
  if (files.includes(file)) return [...files];
  const order = ext.files;
  return order.filter((x) => x === file || files.includes(x));
}

const includersByBaseOf = new WeakMap<ExtensionModel, Map<string, Set<FileModel>>>();

/** The files of the extension that `#include` each base name, listed once per extension (asked for every function). */
function includersByBase(ext: ExtensionModel): Map<string, Set<FileModel>> {
  let out = includersByBaseOf.get(ext);
  if (!out) {
    out = new Map();
    for (const x of ext.files) {
      for (const inc of x.localIncludes) {
        const b = inc.replace(/^.*[\\/]/, '');
        let set = out.get(b);
        if (!set) out.set(b, (set = new Set()));
        set.add(x);
      }
    }
    includersByBaseOf.set(ext, out);
  }
  return out;
}

/**
 * The text of the first argument of the call whose `(` follows `from` (after blanks), or
 * undefined when there is none: a lexical scan that skips nested parentheses, literals and comments.
 */
export function firstArgument(text: string, from: number): string | undefined {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '(') return undefined;
  const start = i + 1;
  let depth = 0;
  for (i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e === -1 ? text.length : e + 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if ((c === ',' || c === ')') && depth === 0) {
      const arg = text.slice(start, i).replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
      return arg === '' ? undefined : arg;
    }
  }
  return undefined;
}
