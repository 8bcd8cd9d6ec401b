/**
 * The state on teardown paths. A heap type created with PyType_FromModuleAndSpec holds its module
 * (ht_module), and each instance its type, so an instance's tp_dealloc finds the module state
 * through its type, with one exception: when the GC collects the module together with its types
 * (a subinterpreter ending, a module in a cycle), type_clear drops ht_module and tp_mro, and the
 * module may be freed (m_free, then its state memory) before the objects that die with it
 * (CPython gh-115874). A teardown slot's lookup is then NULL; a non-NULL one means the module is
 * alive, its C fields intact, its object fields possibly NULL after m_clear.
 *
 * So a slot and every helper it passes its state to may get NULL, and each use of the state there
 * is skipped when there is none: a condition gets `st != NULL && ...` (its else branch is the
 * way without the module: a free list's plain free), a statement `if (st != NULL) ...`, and one
 * that reads an object field also waits for that field (`&& st->F != NULL`). A use in any other
 * place (a declaration's initializer, a return, a loop's condition) cannot be skipped: the field
 * stays manual, with the path in its finding.
 */
import type { ExtensionModel, FileModel, FunctionInfo } from '../model/types';
import type { SyntaxNode } from '../core/parse';
import type { Access } from './access-kinds';
import type { MacroCallSite } from './call-sites';
import { macroUsers } from '../model/macro-users';

/** Teardown slots that receive their object as the first parameter and may look its type up. */
export const GUARDED_TEARDOWN_SLOTS = new Set(['tp_dealloc', 'tp_finalize', 'tp_del', 'tp_clear', 'tp_traverse', 'bf_releasebuffer']);

const withModule = new WeakMap<ExtensionModel, Map<string, boolean>>();

/**
 * A heap type already written as a `PyType_Slot` table (by hand, or by an earlier run) whose spec is
 * created with its module: passed to PyType_FromModuleAndSpec / PyType_FromMetaclass, or to a function
 * of the extension that calls one of them (an earlier run's `<mod>_create_type`).
 */
export function heapTypeWithModule(ext: ExtensionModel, slotsTable: string): boolean {
  let m = withModule.get(ext);
  if (!m) withModule.set(ext, (m = new Map()));
  let v = m.get(slotsTable);
  if (v === undefined) {
    v = false;
    const creators = new Set(['PyType_FromModuleAndSpec', 'PyType_FromMetaclass']);
    for (const f of ext.functionsByName.values()) {
      if (/\bPyType_From(?:ModuleAndSpec|Metaclass)\s*\(/.test(f.file.source.text.slice(f.bodyStart, f.bodyEnd))) creators.add(f.name);
    }
    const specOf = new RegExp(`\\bPyType_Spec\\s+(\\w+)\\s*=\\s*\\{[^;]*?\\b${slotsTable}\\b`);
    for (const file of ext.files) {
      const spec = specOf.exec(file.source.text)?.[1];
      if (!spec) continue;
      const use = new RegExp(`&\\s*${spec}\\b`, 'g');
      for (const x of ext.files) for (const c of x.source.text.matchAll(use)) if (creators.has(calleeAround(x.source.text, c.index!) ?? '')) v = true;
    }
    m.set(slotsTable, v);
  }
  return v;
}

/** The function called by the innermost call whose arguments hold `at` (a lexical scan back to its open parenthesis). */
function calleeAround(text: string, at: number): string | undefined {
  let depth = 0;
  for (let i = at - 1; i >= 0 && i > at - 2000; i--) {
    const c = text[i];
    if (c === ')') depth++;
    else if (c === '(') {
      if (depth === 0) return /(\w+)\s*$/.exec(text.slice(Math.max(0, i - 80), i))?.[1];
      depth--;
    } else if (c === ';' || c === '{' || c === '}') return undefined;
  }
  return undefined;
}

/**
 * The three queries of the state access plan that teardown paths read (StateAccess answers them;
 * named here so that this module, which StateAccess uses, does not import it back).
 */
export interface TeardownQueries {
  readonly extension: ExtensionModel;
  callSites(f: FunctionInfo): { callers: FunctionInfo[]; macroCalls: MacroCallSite[] };
  resolve(f: FunctionInfo): Access;
}

const memo = new WeakMap<TeardownQueries, Map<FunctionInfo, string[] | null>>();

/** The callers of f (also through macros). */
function callersOf(access: TeardownQueries, f: FunctionInfo): FunctionInfo[] {
  const sites = access.callSites(f);
  const out = [...sites.callers];
  for (const m of sites.macroCalls) out.push(...macroUsers(access.extension, m.macro).funcs);
  // A PyArg converter is called by the parser in the functions that parse with it.
  const a = access.resolve(f);
  if (a.kind === 'param' && a.parsedBy) out.push(...a.parsedBy.sites.map((s) => s.caller));
  return out;
}

/**
 * The path from a teardown slot to f (`[f, caller, ..., slot]`) when f's state may be NULL: f is
 * such a slot, or a helper that gets its state from a caller on such a path; undefined otherwise.
 */
export function teardownPath(access: TeardownQueries, f: FunctionInfo): string[] | undefined {
  let m = memo.get(access);
  if (!m) memo.set(access, (m = new Map()));
  const known = m.get(f);
  if (known !== undefined) return known ?? undefined;
  m.set(f, null); // a cycle among helpers adds nothing
  let path: string[] | null = null;
  const a = access.resolve(f);
  if (a.kind === 'teardown') path = [f.name];
  else if (a.kind === 'param' || a.kind === 'module-split') {
    for (const c of callersOf(access, f)) {
      if (c === f) continue;
      const p = teardownPath(access, c);
      if (p) {
        path = [f.name, ...p];
        break;
      }
    }
  }
  m.set(f, path);
  return path ?? undefined;
}

export function stateMayBeMissing(access: TeardownQueries, f: FunctionInfo): boolean {
  return !!teardownPath(access, f);
}

/** How a use of the state at `at` in f is skipped when there is none. */
export type GuardSpot =
  | { kind: 'condition'; ifNode: SyntaxNode }
  | { kind: 'statement'; statement: SyntaxNode }
  | { kind: 'covered'; ifNode: SyntaxNode; statement: SyntaxNode }
  | { kind: 'none'; reason: string };

const STATEMENT = /_statement$|^declaration$/;

/** Where a use is, in words, for the places a guard cannot go. */
const PLACES: Record<string, string> = {
  declaration: "a declaration's initializer",
  return_statement: 'a return statement',
  while_statement: 'a while loop',
  do_statement: 'a do-while loop',
  for_statement: 'a for loop',
  switch_statement: "a switch's value",
  goto_statement: 'a goto',
  function_definition: 'the function itself',
};

/**
 * Where the use at `at` is guarded: the condition of the `if` it is in, the expression statement
 * (directly in a block) it is in, or nothing when it is in the body of an `if` whose condition is
 * guarded itself (`conditionGuarded`: the condition holds a use of the state too).
 */
export function guardSpot(file: FileModel, at: number, conditionGuarded: (cond: SyntaxNode) => boolean): GuardSpot {
  let n: SyntaxNode | null = file.parsed.tree.rootNode.descendantForIndex(at, at + 1);
  let child: SyntaxNode | null = null;
  while (n) {
    if (n.type === 'if_statement') {
      const cond = n.childForFieldName('condition');
      if (cond && child && child.id === cond.id) return { kind: 'condition', ifNode: n };
      return { kind: 'none', reason: 'it is in an if statement that cannot be guarded' };
    }
    if (n.type === 'expression_statement') {
      const parent = n.parent;
      const by = guardedAbove(n, conditionGuarded);
      if (by) return { kind: 'covered', ifNode: by, statement: n };
      // Statements of a block or of a case run in sequence: `if (st != NULL) ` before one is safe.
      if (parent?.type === 'compound_statement' || parent?.type === 'case_statement') return { kind: 'statement', statement: n };
      if (parent?.type === 'if_statement' && parent.childForFieldName('consequence')?.id === n.id) {
        // A guard of its own, unless an else would then belong to it.
        if (!parent.childForFieldName('alternative')) return { kind: 'statement', statement: n };
        return { kind: 'none', reason: 'it is the body of an if with an else, and the condition does not use the state' };
      }
      if (parent?.type === 'else_clause') return { kind: 'statement', statement: n };
      return { kind: 'none', reason: 'it is in a statement that is not in a block of its own' };
    }
    if (STATEMENT.test(n.type) || n.type === 'function_definition') {
      const what = PLACES[n.type] ?? `a ${n.type.replace(/_/g, ' ')}`;
      return { kind: 'none', reason: `it is in ${what}` };
    }
    child = n;
    n = n.parent;
  }
  return { kind: 'none', reason: 'it is outside any statement' };
}

/** The if whose guarded condition keeps `n` (in its body) from running without the state. */
function guardedAbove(n: SyntaxNode, conditionGuarded: (cond: SyntaxNode) => boolean): SyntaxNode | undefined {
  for (let child = n, p = n.parent; p && p.type !== 'function_definition'; child = p, p = p.parent) {
    if (p.type !== 'if_statement') continue;
    const cond = p.childForFieldName('condition');
    if (cond && p.childForFieldName('consequence')?.id === child.id && conditionGuarded(cond)) return p;
  }
  return undefined;
}

/**
 * A use of object field `name` in `text` that tests it against NULL (`!F`, `F == NULL`, `F != NULL`,
 * `if (F)`): safe with a field m_clear emptied.
 */
export function nullTest(text: string, name: string): boolean {
  const f = name.replace(/[^\w>-]/g, '');
  return new RegExp(`!\\s*${f}\\b(?!\\s*(?:->|\\[|\\.))|\\b${f}\\s*[!=]=\\s*(?:NULL|0)\\b|\\b(?:NULL|0)\\s*[!=]=\\s*${f}\\b`).test(text);
}

/**
 * A teardown slot's leading `PyTypeObject *tp = Py_TYPE(self);` (the line the heap-type rewrite writes
 * first in a dealloc): `st` goes below it and it counts as no declaration of the function's own, as in
 * one run, where both are new and the type's line comes first (registry order). So a later run's
 * lookup lands where one run's does.
 */
export function leadingTypeLine(f: FunctionInfo, decls: SyntaxNode[]): SyntaxNode | undefined {
  const d = decls[0];
  const self = f.params[0]?.name;
  if (!d || !self) return undefined;
  const text = f.file.source.text.slice(d.startIndex, d.endIndex);
  return new RegExp(`^PyTypeObject\\s*\\*\\s*\\w+\\s*=\\s*Py_TYPE\\(\\s*${self}\\s*\\)\\s*;$`).test(text) ? d : undefined;
}
