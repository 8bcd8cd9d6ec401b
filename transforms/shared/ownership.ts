/**
 * Reference ownership of a global moved into the state. The state's m_clear drops one
 * reference per object field, so a field may only be 'strong' when every fill gave the global
 * a reference of its own.
 */
import type { FileModel, Fill, FunctionInfo, GlobalVar } from '../../src/model/types';
import type { SyntaxNode } from '../../src/core/parse';
import { enclosingStatement } from '../../src/model/walk';
import { stripCasts } from '../../src/model/cnodes';

/**
 * A call that takes a reference, as a regex source: the macros and their function forms
 * (`Py_IncRef`, which limited-API code and deflate's init write); missing the latter read a taken
 * reference as absent and added a second, leaked one.
 */
export const INCREF_CALL = 'Py_X?(?:INCREF|IncRef)';

/** C-API functions that return borrowed references. */
const BORROWED = new Set([
  'PyDict_GetItem', 'PyDict_GetItemString', 'PyDict_GetItemWithError', '_PyDict_GetItemStringWithError', 'PyTuple_GetItem',
  'PyTuple_GET_ITEM', 'PyList_GetItem', 'PyList_GET_ITEM', 'PyModule_GetDict', 'PyImport_AddModule', 'PyEval_GetBuiltins',
  'PyEval_GetGlobals', 'PyEval_GetLocals', 'PySys_GetObject', 'PyErr_Occurred', 'PyImport_GetModuleDict', 'PyState_FindModule',
  'PyWeakref_GetObject', 'PyWeakref_GET_OBJECT', 'PyCell_GET', 'PyFunction_GetCode', 'PyExceptionInstance_Class',
]);

/** The C-API function returns a borrowed reference (a call of anything else hands over one of its own). */
export function isBorrowingApi(name: string): boolean {
  return BORROWED.has(name);
}

export const OWNERSHIP_MANUAL = 'manual' as const;

export type Ownership = 'strong' | 'none' | typeof OWNERSHIP_MANUAL | { unknown: Fill };

/**
 * How the field holds its object: 'strong' when every fill gave it a reference of its own, 'none'
 * when every fill borrows (nothing to drop in m_clear), manual when they disagree, and
 * `{ unknown }` for a fill whose ownership cannot be told (a local variable of unknown origin).
 */
export function fieldOwnership(g: GlobalVar): Ownership {
  let strong = 0;
  let borrowed = 0;
  for (const f of g.fills) {
    // (the fill's own file: a global of one file may be filled in another)
    const text = f.file.source.text;
    const v = f.value.trim();
    // Empty, NULL, or an array initializer of NULLs (`static PyObject *cache[8] = {NULL};`).
    if (v === '' || /^(NULL|0)$/.test(v) || /^\{\s*(?:(?:NULL|0)\s*(?:,\s*(?:NULL|0)\s*)*,?\s*)?\}$/.test(v)) continue;
    let kind = increfedBefore(g, f, text) ? 'strong' : fillOwnership(f, text);
    if (typeof kind === 'object') return kind;
    // A borrowed fill followed by an INCREF of the global is a strong one.
    if (kind === 'borrowed') {
      const after = text.slice(f.exprEnd, f.exprEnd + 300);
      const re = new RegExp(`${INCREF_CALL}\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?${g.name}\\s*\\)`);
      if (re.test(after)) kind = 'strong';
    }
    if (kind === 'strong') strong++;
    else borrowed++;
  }
  if (borrowed > 0 && strong > 0) return OWNERSHIP_MANUAL;
  return borrowed > 0 ? 'none' : 'strong';
}

/**
 * `Py_INCREF(x); G = x;`: the statement right before the fill (or before the drop of G's old value,
 * `Py_XDECREF(G);`) takes a reference to the value the global gets, so the global owns one whatever `x` is
 * (a constant, a borrowed result, a parameter).
 */
function increfedBefore(g: GlobalVar, f: Fill, text: string): boolean {
  if (!f.func) return false;
  const drop = new RegExp(`Py_(?:X?DECREF|CLEAR)\\s*\\(\\s*${g.name}\\s*\\)\\s*;\\s*$`);
  let before = stripComments(text.slice(Math.max(f.func.bodyStart, f.exprStart - 300), f.exprStart));
  for (let d = drop.exec(before); d; d = drop.exec(before)) before = before.slice(0, d.index);
  const m = /Py_X?INCREF\s*\(([^;]*)\)\s*;\s*$/.exec(before);
  const same = (a: string): string => stripCasts(a.replace(/\/\*[\s\S]*?\*\//g, '')).replace(/\s+/g, '');
  return !!m && same(m[1]) === same(f.value);
}

const NAME_OR_FIELD = /^[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*$/;

/**
 * One fill: a call returns a new reference unless it is a known borrowing API; a constant
 * (`Py_None`, `&SomeType`), another global, a field or a macro that names an object
 * (`PyDateTime_TimeZone_UTC`, `PyExc_ValueError`) is borrowed; a local variable owns what the
 * call that filled it returned, and is unknown when no such call is in sight.
 */
function fillOwnership(f: Fill, text: string): 'strong' | 'borrowed' | { unknown: Fill } {
  if (f.api !== undefined) return BORROWED.has(f.api) ? 'borrowed' : 'strong';
  // Casts and parentheses go, as for the API of a call (calledApi).
  const v = stripCasts(f.value.replace(/\/\*[\s\S]*?\*\//g, ''));
  if (/^(Py_None|Py_True|Py_False|Py_NotImplemented|Py_Ellipsis)$/.test(v) || /^&\s*\w+$/.test(v)) return 'borrowed';
  // Literals initialize non-object fields (a _Py_IDENTIFIER's string): nothing to own or borrow.
  if (/^(?:L?"|'|[0-9])/.test(v)) return 'strong';
  const call = /^([A-Za-z_]\w*)\s*\(/.exec(v);
  if (call) return BORROWED.has(call[1]) ? 'borrowed' : 'strong';
  if (!NAME_OR_FIELD.test(v)) return { unknown: f };
  const base = /^[A-Za-z_]\w*/.exec(v)![0];
  const func = f.func;
  if (!func) return 'borrowed';
  const bodyBefore = text.slice(func.bodyStart, f.start);
  const declaration = new RegExp(`(?:^|[;{}])\\s*(?!(?:return|goto|case|else|do)\\b)(?:(?:static|const|register)\\s+)*[A-Za-z_]\\w*(?:\\s+[A-Za-z_]\\w*)*(?:[\\s*]+[A-Za-z_]\\w*\\s*(?:=[^;,]*)?,)*[\\s*]+${base}\\s*(?:=|;|,|\\[)`);
  const declared = func.params.some((p) => p.name === base) || declaration.test(bodyBefore);
  if (!declared) return 'borrowed';
  if (v !== base) return { unknown: f }; // a field of a local: whose reference is it?
  // The last assignment of the local before the fill: a call tells.
  const assigns = [...bodyBefore.matchAll(new RegExp(`\\b${base}\\s*=(?!=)\\s*(?:\\([^()]*\\)\\s*)?([A-Za-z_]\\w*)\\s*\\(`, 'g'))];
  const last = assigns[assigns.length - 1];
  if (!last) return { unknown: f };
  return BORROWED.has(last[1]) ? 'borrowed' : 'strong';
}

export interface AddObjectSteal {
  /** The file of the call (a global shared through a header is added to a module in any file). */
  file: FileModel;
  at: number;
  /** The statement the reference goes in front of, and its function. */
  stmt: SyntaxNode;
  func: FunctionInfo;
  subscript: string;
  nullable: boolean;
}

/**
 * `PyModule_AddObject(m, "name", G)` steals the global's reference on success. Where the code
 * did not `Py_INCREF(G)` first, the state field needs an extra reference: the offsets where
 * `Py_INCREF(st->G);` goes (the start of the statement), with the indentation to use.
 */
export function addObjectSteals(g: GlobalVar): AddObjectSteal[] {
  const out: AddObjectSteal[] = [];
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'read') continue;
    // The use's own file: reading another file's text at its offset found a call that was not
    // there, and added a Py_INCREF into the wrong function (fuzz regression, seed 20261206 case 4279).
    const text = u.file.source.text;
    const root = u.file.parsed.tree.rootNode;
    const before = text.slice(Math.max(0, u.start - 200), u.start);
    if (!/\bPyModule_Add(Object)?\s*\([^;]*,\s*(?:\(PyObject\s*\*\)\s*)?$/.test(before)) continue;
    const node = root.descendantForIndex(u.start, u.end);
    const stmt = enclosingStatement(node);
    const prev = text.slice(Math.max(u.func.bodyStart, stmt.startIndex - 300), stmt.startIndex);
    // An element of an array global (`PyModule_AddObject(m, name, errors[i])`): that element is stolen.
    const subscript = /^\s*\[[^\[\];]*\]/.exec(text.slice(u.end, u.end + 200))?.[0].trim() ?? '';
    const esc = subscript.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/\s+/g, '\\s*');
    const re = new RegExp(`${INCREF_CALL}\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?${g.name}\\s*${esc}\\s*\\)\\s*;\\s*$`);
    if (re.test(prev)) continue;
    // One of a run of Py_INCREFs right before (`Py_INCREF(A); Py_INCREF(B);` then `if (AddObject(.., A) ||
    // AddObject(.., B))`, as py-lz4framed writes it): nothing between takes that reference.
    const run = new RegExp(`(?:${INCREF_CALL}\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?[^;()]*\\)\\s*;\\s*)+$`).exec(stripComments(prev))?.[0] ?? '';
    if (new RegExp(`${INCREF_CALL}\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?${g.name}\\s*${esc}\\s*\\)\\s*;`).test(run)) continue;
    // `if (G == NULL || PyModule_AddObject(m, "G", G) < 0) { ... } Py_INCREF(G);`: the code takes
    // the global's own reference back once the steal succeeded; the state keeps that one.
    const after = new RegExp(`^\\s*${INCREF_CALL}\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?${g.name}\\s*${esc}\\s*\\)\\s*;`);
    if (after.test(stripComments(text.slice(stmt.endIndex, stmt.endIndex + 300)))) continue;
    // The same statement tests it for NULL first: the reference goes in before that test, so it must allow NULL.
    const stmtText = text.slice(stmt.startIndex, u.start);
    const nullable = new RegExp(`\\b${g.name}\\s*${esc}\\s*==\\s*NULL|!\\s*${g.name}\\b|NULL\\s*==\\s*${g.name}\\b`).test(stmtText);
    out.push({ file: u.file, at: stmt.startIndex, stmt, func: u.func, subscript, nullable });
  }
  return out;
}

/** Comments blanked (same length), so that a pattern may skip them as whitespace. */
function stripComments(text: string): string {
  return text.replace(/\/\*[^]*?\*\/|\/\/[^\n]*/g, (c) => c.replace(/[^\n]/g, ' '));
}
