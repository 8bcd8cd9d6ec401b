/**
 * Whether a type's class object itself may reach Python code under its name: added to the module,
 * stored, returned, passed to a call that could keep it. Only then does anything look the class up
 * by the module part of its tp_name (pickle, copyreg, inspect), so only then does a heap type whose
 * own `__module__` reads as an instance descriptor lose something more than `T.__module__` itself.
 */
import type { StaticType, Use } from '../../src/model/types';

/** Calls that take the type without handing the class object on to Python. */
const KEEPING_CALLS = [
  'PyType_Ready', 'PyObject_New', 'PyObject_NEW', 'PyObject_NewVar', 'PyObject_NEW_VAR', 'PyObject_GC_New', 'PyObject_GC_NewVar',
  'PyObject_Init', 'PyObject_INIT', 'PyObject_InitVar', 'PyObject_INIT_VAR', 'PyObject_TypeCheck', 'Py_IS_TYPE', 'PyType_IsSubtype',
  'Py_INCREF', 'Py_XINCREF', 'Py_DECREF', 'Py_XDECREF',
];
const CALL_ARG = new RegExp(`\\b(?:${KEEPING_CALLS.join('|')})\\s*\\(\\s*(?:[^;(){}]*,\\s*)?(?:\\(\\s*\\w+\\s*\\*\\s*\\)\\s*)?&\\s*$`);
/** `X.tp_alloc(&X, 0)`: the slot call through the type, with the type as its argument. */
const SLOT_CALL_ARG = /\.\s*tp_alloc\s*\(\s*(?:\(\s*\w+\s*\*\s*\)\s*)?&\s*$/;
/** `Py_TYPE(o) == &X`, `&X != Py_TYPE(o)`, `o->ob_type == &X`: an identity check. */
const COMPARED_BEFORE = /(?:\)|->\s*ob_type)\s*[!=]=\s*(?:\(\s*\w+\s*\*\s*\)\s*)?&\s*$/;
const COMPARED_AFTER = /^\s*[!=]=\s*(?:Py_TYPE\s*\(|\w+\s*->\s*ob_type\b)/;

/** The first use of `t` that may publish its class object, or undefined when every use only readies, allocates, checks or fills it. */
export function publishingUse(t: StaticType): Use | undefined {
  return t.uses.find((u) => u.kind !== 'decl' && !keepsClass(u));
}

function keepsClass(u: Use): boolean {
  const text = u.file.source.text;
  const before = text.slice(Math.max(0, u.start - 120), u.start);
  const after = text.slice(u.end, u.end + 40);
  if (/^\s*(?:\.|->)/.test(after)) return true; // X.tp_new = ...; X.tp_free(o)
  if (CALL_ARG.test(before) || SLOT_CALL_ARG.test(before)) return true;
  return /&\s*$/.test(before) && (COMPARED_BEFORE.test(before) || COMPARED_AFTER.test(after));
}
