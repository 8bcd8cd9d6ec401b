/**
 * Reference ownership of a global moved into the state. The state's m_clear drops one
 * reference per object field, so a field may only be 'strong' when every fill gave the global
 * a reference of its own.
 */
import type { GlobalVar } from '../../src/model/types';
import { enclosingStatement } from '../../src/model/walk';

/** C-API functions that return borrowed references. */
const BORROWED = new Set([
  'PyDict_GetItem', 'PyDict_GetItemString', 'PyDict_GetItemWithError', '_PyDict_GetItemStringWithError', 'PyTuple_GetItem',
  'PyTuple_GET_ITEM', 'PyList_GetItem', 'PyList_GET_ITEM', 'PyModule_GetDict', 'PyImport_AddModule', 'PyEval_GetBuiltins',
  'PyEval_GetGlobals', 'PyEval_GetLocals', 'PySys_GetObject', 'PyErr_Occurred', 'PyImport_GetModuleDict', 'PyState_FindModule',
  'PyWeakref_GetObject', 'PyWeakref_GET_OBJECT', 'PyCell_GET', 'PyFunction_GetCode', 'PyExceptionInstance_Class',
]);

export const OWNERSHIP_MANUAL = 'manual' as const;

export function fieldOwnership(g: GlobalVar): 'strong' | 'none' | typeof OWNERSHIP_MANUAL {
  const text = g.file.source.text;
  let strong = 0;
  let borrowed = 0;
  for (const f of g.fills) {
    const v = f.value.trim();
    if (v === '' || /^(NULL|0)$/.test(v)) continue;
    const isBorrowed = (f.api !== undefined && BORROWED.has(f.api)) || /^(Py_None|Py_True|Py_False|Py_NotImplemented|Py_Ellipsis|\(PyObject\s*\*\)\s*&\w+|&\w+)$/.test(v);
    if (!isBorrowed) {
      strong++;
      continue;
    }
    // A borrowed fill followed by an INCREF of the global is a strong one.
    const after = text.slice(f.exprEnd, f.exprEnd + 300);
    const re = new RegExp(`Py_X?INCREF\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?${g.name}\\s*\\)`);
    if (re.test(after)) strong++;
    else borrowed++;
  }
  if (borrowed > 0 && strong > 0) return OWNERSHIP_MANUAL;
  return borrowed > 0 ? 'none' : 'strong';
}

/**
 * `PyModule_AddObject(m, "name", G)` steals the global's reference on success. Where the code
 * did not `Py_INCREF(G)` first, the state field needs an extra reference: the offsets where
 * `Py_INCREF(st->G);` goes (the start of the statement), with the indentation to use.
 */
export function addObjectSteals(g: GlobalVar): { at: number; indent: string; eol: string }[] {
  const out: { at: number; indent: string; eol: string }[] = [];
  const src = g.file.source;
  const text = src.text;
  const root = g.file.parsed.tree.rootNode;
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'read') continue;
    const before = text.slice(Math.max(0, u.start - 200), u.start);
    if (!/\bPyModule_Add(Object)?\s*\([^;]*,\s*(?:\(PyObject\s*\*\)\s*)?$/.test(before)) continue;
    const node = root.descendantForIndex(u.start, u.end);
    const stmt = enclosingStatement(node);
    const prev = text.slice(Math.max(u.func.bodyStart, stmt.startIndex - 300), stmt.startIndex);
    const re = new RegExp(`Py_X?INCREF\\s*\\(\\s*(?:\\(PyObject\\s*\\*\\)\\s*)?${g.name}\\s*\\)\\s*;\\s*$`);
    if (re.test(prev)) continue;
    out.push({ at: stmt.startIndex, indent: src.indentAt(stmt.startIndex), eol: src.eol });
  }
  return out;
}
