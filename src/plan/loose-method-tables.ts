/**
 * PyMethodDef tables that are neither the module's m_methods nor a type's tp_methods, made into
 * functions at run time with NULL as self (python-ldap's `LDAPadd_methods(d, methods)` calls
 * `PyCFunction_New(meth, NULL)` for each entry). Such a function gets no module to find the state
 * from. Where the module is at hand at every creation (the init, or a helper that every caller hands
 * its module, through as many calls as it takes), the creation can pass the module as self: the
 * functions then reach the state as module functions do.
 *
 * Measured on 3.9-3.13: a function made with the module as self differs from one made with NULL only
 * in `__self__` (the module instead of None, as for the functions of m_methods); repr, __module__,
 * __qualname__, __reduce__ and pickling are the same. So a table converts only when none of its
 * functions reads its self parameter (it was NULL there), and the edit is made only when one of them
 * needs the state.
 */
import type { ExtensionModel, FileModel, FunctionInfo, PyTable } from '../model/types';
import type { Roles } from '../model/roles';
import type { SyntaxNode } from '../core/parse';
import { usesOf } from '../model/macro-users';
import { namesDeclaredIn } from '../model/declared-names';
import { enclosingFunction, inBody } from '../model/functions';
import { stripCasts } from '../model/cnodes';
import { CallSites } from './call-sites';
import { exportedBy } from './export-marks';

/** A function between the init and a creation that works with the module (as ModuleHelper). */
export interface ModuleCarrier {
  param: string;
  paramIndex: number;
  /** The parameter is new: every call passes the caller's module. */
  added: boolean;
}

/** A `PyCFunction_New(def, NULL)` whose NULL becomes the module of `func`. */
export interface LooseCreation {
  func: FunctionInfo;
  file: FileModel;
  /** The self argument as written (`NULL`, or the module once an earlier run passed it). */
  selfStart: number;
  selfEnd: number;
  isNull: boolean;
}

export interface LooseTables {
  /** Tables whose every creation gets the module (after the edits below). */
  bound: Set<PyTable>;
  /** The functions of the bound tables. */
  functions: FunctionInfo[];
  creations: LooseCreation[];
  /** Functions that hand the module down to the creations (the host not included). */
  carriers: Map<FunctionInfo, ModuleCarrier>;
  /** Why a loose table cannot be bound. */
  refused: Map<PyTable, string>;
}

const CREATORS = /^(?:PyCFunction_NewEx|PyCFunction_New|PyCMethod_New)$/;

/** A bare argument list's spans, from its `(`. */
function argSpans(text: string, open: number): { start: number; end: number; text: string }[] {
  const out: { start: number; end: number; text: string }[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (--depth === 0) {
        push(from, i);
        return out;
      }
    } else if (c === ',' && depth === 1) {
      push(from, i);
      from = i + 1;
    }
  }
  return [];
  function push(s: number, e: number): void {
    while (s < e && /\s/.test(text[s])) s++;
    while (e > s && /\s/.test(text[e - 1])) e--;
    if (s < e || out.length > 0 || text[e] !== ')') out.push({ start: s, end: e, text: text.slice(s, e) });
  }
}

/** The call a use at `at` is an argument of: its callee and the argument's index. */
function callOfArgument(fm: FileModel, at: number, len: number): { callee: string; index: number } | undefined {
  let n: SyntaxNode | null = fm.parsed.tree.rootNode.descendantForIndex(at, at + len);
  if (!n || n.type !== 'identifier') return undefined;
  while (n.parent && ['cast_expression', 'parenthesized_expression', 'pointer_expression', 'subscript_expression', 'binary_expression'].includes(n.parent.type)) n = n.parent;
  const list = n.parent;
  const call = list?.type === 'argument_list' ? list.parent : null;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (!list || !callee || callee.type !== 'identifier') return undefined;
  const index = list.namedChildren.findIndex((c) => c.startIndex === n!.startIndex);
  return index === -1 ? undefined : { callee: fm.source.text.slice(callee.startIndex, callee.endIndex), index };
}

/** The PyCFunction creations written in `f`'s body, with their self argument. */
function creationsIn(f: FunctionInfo): { def: string; self: { start: number; end: number; text: string } }[] | undefined {
  const text = f.file.source.text;
  const out: { def: string; self: { start: number; end: number; text: string } }[] = [];
  const re = /\b(PyCFunction_NewEx|PyCFunction_New|PyCMethod_New)\s*\(/g;
  re.lastIndex = f.bodyStart;
  for (let m = re.exec(text); m && m.index < f.bodyEnd; m = re.exec(text)) {
    const args = argSpans(text, m.index + m[0].length - 1);
    if (args.length < 2) return undefined;
    out.push({ def: args[0].text, self: args[1] });
  }
  return out;
}

export function findLooseTables(ext: ExtensionModel, roles: Roles, host: FunctionInfo, moduleVar: string, assumeInternal = true): LooseTables | undefined {
  const noRole = (t: PyTable): boolean => t.entries.every((e) => {
    const f = e.func ? fnIn(ext, t.file, e.func) : undefined;
    return !f || roles.of(f).length === 0;
  });
  const loose = ext.tables.filter((t) => t.kind === 'methods' && t.entries.some((e) => e.func) && noRole(t));
  if (loose.length === 0) return undefined;
  const out: LooseTables = { bound: new Set(), functions: [], creations: [], carriers: new Map(), refused: new Map() };
  const sites = new CallSites(ext);
  const carriers = new Map<FunctionInfo, ModuleCarrier | string>();

  // Where the module is at hand in f: the host's variable, or a parameter every caller fills with its own.
  const moduleIn = (f: FunctionInfo, seen: Set<FunctionInfo>): ModuleCarrier | string => {
    if (f === host) return { param: moduleVar, paramIndex: -1, added: false };
    const known = carriers.get(f);
    if (known) return known;
    if (seen.has(f)) return `${f.name}() calls itself`;
    seen.add(f);
    const answer = ((): ModuleCarrier | string => {
      if (f.inTemplate || f.macroTemplate || roles.of(f).length > 0 || roles.referencedAsValue.has(f.name)) return `${f.name}() is called by Python or through a pointer, not by the init`;
      const s = sites.callSites(f);
      if (s.valueUses.length > 0 || s.macroCalls.length > 0 || s.calls.length === 0 || s.calls.some((c) => c.alias)) return `${f.name}() is not only called directly from C`;
      const indexes = new Set<number>();
      for (const c of s.calls) {
        const m = moduleIn(c.caller, seen);
        if (typeof m === 'string') return m;
        const t = c.file.source.text;
        let open = c.at + f.name.length;
        while (/\s/.test(t[open] ?? '')) open++;
        indexes.add(argSpans(t, open).map((a) => stripCasts(a.text)).indexOf(m.param));
      }
      const [i] = indexes;
      if (indexes.size === 1 && i !== -1 && f.params[i]?.name && /PyObject\s*\*$/.test(f.params[i].type.trim())) return { param: f.params[i].name, paramIndex: i, added: false };
      const internal = f.isStatic || (assumeInternal && !exportedBy(ext, f.name, f.file, f.declStart, f.paramsStart));
      if (!internal) return `${f.name}() is not static and may be called from outside the extension, so it cannot take the module as a new parameter`;
      const taken = new Set(namesDeclaredIn(f));
      for (const p of f.params) taken.add(p.name);
      const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
      const param = ['module', 'mod', 'pyext_module'].find((n) => !taken.has(n) && !new RegExp(`\\b${n}\\b`).test(body));
      return param ? { param, paramIndex: 0, added: true } : `${f.name}() has no free name for a module parameter`;
    })();
    seen.delete(f);
    carriers.set(f, answer);
    return answer;
  };

  // Each table: its functions must not read self, and every use must be a creation with the module at hand.
  const pending = new Map<PyTable, { creations: LooseCreation[]; carriers: FunctionInfo[]; functions: FunctionInfo[] }>();
  const creatorIndex = new Map<FunctionInfo, number>();
  for (const t of loose) {
    const why = ((): string | { creations: LooseCreation[]; carriers: FunctionInfo[]; functions: FunctionInfo[] } => {
      // Only a static table's uses are all in its file.
      const g = ext.globals.find((x) => x.name === t.name && x.file === t.file && x.scope === 'file');
      if (!g || g.storage !== 'static') return `'${t.name}' is not a static table, so code the tool cannot see may use it`;
      const functions: FunctionInfo[] = [];
      for (const e of t.entries) {
        if (!e.func) continue;
        if (/METH_(?:CLASS|STATIC|METHOD)/.test(e.flags ?? '')) return `its entry ${e.func} is not a plain function (${e.flags})`;
        const f = fnIn(ext, t.file, e.func);
        if (!f) return `its function ${e.func} is not defined in the files given`;
        const p0 = f.params[0];
        if (!p0?.name) return `${f.name}() has no named first parameter`;
        if (!p0.unusedWrapper && new RegExp(`\\b${p0.name}\\b`).test(f.file.source.text.slice(f.bodyStart, f.bodyEnd))) return `${f.name}() reads its self parameter '${p0.name}', which is NULL where the table's functions are made today`;
        functions.push(f);
      }
      const creations: LooseCreation[] = [];
      const via: FunctionInfo[] = [];
      for (const at of usesOf(t.file, t.name)) {
        if (at >= g.declStart && at < Math.max(g.declEnd, t.end)) continue;
        const user = inBody(enclosingFunction(t.file, at), at);
        if (!user) return `'${t.name}' is used outside any function (line ${t.file.source.position(at).line})`;
        // Passed to a helper of the extension (`add_methods(d, methods)`), or read where the functions are made.
        const call = callOfArgument(t.file, at, t.name.length);
        const helper = call && !CREATORS.test(call.callee) ? fnIn(ext, t.file, call.callee) : undefined;
        if (call && !CREATORS.test(call.callee) && !helper) return `'${t.name}' is passed to ${call.callee}(), which is not a function of the files given`;
        const creator = helper ?? user;
        const source = helper ? helper.params[call!.index]?.name : t.name;
        if (helper) {
          if (!source || !/PyMethodDef\s*\*$/.test(helper.params[call!.index].type.trim())) return `'${t.name}' is passed to ${helper.name}() as something else than a PyMethodDef pointer`;
          if ((creatorIndex.get(helper) ?? call!.index) !== call!.index) return `${helper.name}() takes tables in two places`;
          creatorIndex.set(helper, call!.index);
        }
        const m = moduleIn(creator, new Set());
        if (typeof m === 'string') return `its functions are made in ${creator.name}(), where the module is not at hand: ${m}`;
        // A helper given the table: every function it makes is of the tables it is given; a function
        // that reads the table itself: the creations of an entry of it.
        const all = creationsIn(creator) ?? [];
        const made = all.filter((c) => fromSource(creator, source!, c.def)).map((c) => c.self);
        if (made.length === 0) return `'${t.name}' is used in ${creator.name}() other than to make functions of it with PyCFunction_New() (line ${t.file.source.position(at).line})`;
        if (helper && made.length !== all.length) return `${helper.name}(), which it is passed to, makes functions that the tool cannot tell to be of its tables`;
        for (const a of made) {
          const isNull = a.text === 'NULL';
          if (!isNull && a.text !== m.param) return `${creator.name}() makes functions with '${a.text}' as self`;
          if (!creations.some((c) => c.selfStart === a.start && c.file === creator.file)) creations.push({ func: creator, file: creator.file, selfStart: a.start, selfEnd: a.end, isNull });
        }
        via.push(creator);
      }
      if (creations.length === 0) return `no code the tool can read makes functions of '${t.name}'`;
      return { creations, carriers: via, functions };
    })();
    if (typeof why === 'string') out.refused.set(t, why);
    else pending.set(t, why);
  }
  // A creator serves only tables that are all bound: it makes every table it is given with the module.
  // (Until nothing changes: a table refused here may be another creator's.)
  for (let changed = true; changed; ) {
    changed = false;
    for (const [creator, i] of creatorIndex) {
      const all = sites.callSites(creator).calls.every((c) => {
        const t = c.file.source.text;
        let open = c.at + creator.name.length;
        while (/\s/.test(t[open] ?? '')) open++;
        const arg = argSpans(t, open)[i];
        return !!arg && [...pending.keys()].some((p) => p.file === c.file && p.name === stripCasts(arg.text));
      });
      if (all) continue;
      for (const [t, p] of pending) {
        if (!p.carriers.includes(creator)) continue;
        pending.delete(t);
        out.refused.set(t, `${creator.name}(), which makes its functions, is also given other tables`);
        changed = true;
      }
    }
  }
  for (const [t, p] of pending) {
    out.bound.add(t);
    out.functions.push(...p.functions);
    for (const c of p.creations) if (!out.creations.some((x) => x.file === c.file && x.selfStart === c.selfStart)) out.creations.push(c);
    // The creators and every function between them and the host carry the module.
    const walk = (f: FunctionInfo): void => {
      if (f === host || out.carriers.has(f)) return;
      const m = carriers.get(f);
      if (!m || typeof m === 'string') return;
      out.carriers.set(f, m);
      for (const c of sites.callSites(f).calls) walk(c.caller);
    };
    for (const c of p.carriers) walk(c);
  }
  return out;
}

/** The def argument `def` names `source` (a table or parameter), or a local assigned from it (`for (meth = methods; ...)`). */
function fromSource(f: FunctionInfo, source: string, def: string): boolean {
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  return (def.match(/[A-Za-z_]\w*/g) ?? []).some((id) => id === source || new RegExp(`\\b${id}\\s*=\\s*[^;=]*\\b${source}\\b`).test(body));
}

/** The function `name` as `file` sees it: its own static one first. */
function fnIn(ext: ExtensionModel, file: FileModel, name: string): FunctionInfo | undefined {
  return file.functions.find((f) => f.name === name && !f.macroTemplate) ?? ext.functionsByName.get(name);
}
