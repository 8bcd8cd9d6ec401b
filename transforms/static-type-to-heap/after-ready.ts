/**
 * `X.tp_new = PyType_GenericNew;` in the init function after `PyType_Ready(&X)` (the old tutorial's
 * order, python-hyperscan 0.2.0): whether it folds into the spec like one made before the call.
 *
 * PyType_Ready reads tp_new, tp_alloc and tp_free only to inherit them when they are unset (and, for
 * tp_new, to put a `__new__` into the type's dict, as it does for every type that sets it in its
 * initializer); nothing else of the type depends on them. So the assignment means the same as one in
 * the spec when nothing can use the type between the two: it is a statement of the function body
 * itself (no condition, no loop), its value is a constant function, and between the call and the
 * statement the type is not named, no subtype of it is readied, no function of the extension is
 * called, and no call runs Python code. Other slots are refused: PyType_Ready has already derived
 * dict entries and flags from their absence (`__iter__`, `__hash__ = None`, ...), which a spec slot
 * would change.
 */
import type { FunctionInfo, RuntimeField, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stripCasts } from '../../src/model/cnodes';
import { baseOfType } from './render';
import type { SyntaxNode } from '../../src/core/parse';

/** Slots PyType_Ready reads only to inherit (and tp_new to add `__new__`). */
const FOLDABLE = new Set(['tp_new', 'tp_alloc', 'tp_free']);
/** CPython functions such slots are set to. */
const API_SLOT_FUNCTIONS = new Set(['PyType_GenericNew', 'PyType_GenericAlloc', 'PyObject_Del', 'PyObject_Free', 'PyObject_GC_Del']);
/** Calls that can run Python code (and so reach the type through objects already published). */
const RUNS_PYTHON = /^(?:_?PyObject_(?:Call\w*|Vectorcall\w*|VectorcallMethod\w*)|PyImport_\w+|PyRun_\w+|PyEval_\w+|PyCFunction_Call\w*)$/;
const C_KEYWORDS = new Set(['if', 'while', 'for', 'switch', 'return', 'sizeof', 'defined', '_Alignof', 'alignof', '__typeof__', 'typeof']);

/**
 * Why `rf`, a store after the type's readying call `ready` in the same function, cannot fold into
 * the spec; undefined when it can.
 */
export function afterReadyProblem(t: StaticType, rf: RuntimeField, ready: { start: number; end: number; func: FunctionInfo }, ctx: TransformContext): string | undefined {
  const func = ready.func;
  const text = func.file.source.text;
  const after = `${t.name}.${rf.field} is assigned after PyType_Ready(&${t.name})`;
  if (!FOLDABLE.has(rf.field)) return `${after}, which has already filled the type from its absence (inherited it, or left its dict without the method it gives), and a spec slot would change that`;
  const v = stripCasts(rf.value);
  const own = ctx.ext.functionsByName.has(v) || ctx.ext.files.some((f) => f.prototypes.has(v));
  if (!/^[A-Za-z_]\w*$/.test(v) || !(own || API_SLOT_FUNCTIONS.has(v))) return `${after}, to '${rf.value.trim()}', which is not a function the spec can name`;
  if (rf.link) return `${after}, in a chained store`;
  if (!atBodyLevel(func, rf.stmtStart)) return `${after}, under a condition or in a loop`;
  // What lies between the call and the store: the rest of the readying statement included.
  const between = blankCommentsAndStrings(text.slice(ready.end, rf.stmtStart));
  const from = ready.end;
  const line = (at: number): number => func.file.source.position(at).line;
  const ownStores = t.runtimeFields.filter((o) => o.func === func);
  const named = t.uses.find((u) => u.file === func.file && u.start >= ready.end && u.start < rf.stmtStart && !ownStores.some((o) => u.start >= o.stmtStart && u.start < o.stmtEnd));
  if (named) return `${after}, and ${t.name} is used before that (line ${line(named.start)}), where an instance could be made without it`;
  for (const m of between.matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) {
    const callee = m[1];
    if (C_KEYWORDS.has(callee)) continue;
    const at = from + m.index!;
    if (callee === 'PyType_Ready') {
      const arg = /^PyType_Ready\s*\(\s*(?:\([^)]*\)\s*)?&?\s*([A-Za-z_]\w*)/.exec(between.slice(m.index!));
      const sub = arg && ctx.ext.typesByName.get(arg[1]);
      if (sub && baseOfType(sub) === t.name) return `${after}, and its subtype ${sub.name}, readied before that (line ${line(at)}), inherits the slot from it`;
      continue;
    }
    if (ctx.ext.functionsByName.has(callee)) return `${after}, and ${callee}() of the extension is called before that (line ${line(at)}), which could make an instance without it`;
    if (RUNS_PYTHON.test(callee)) return `${after}, and ${callee}() runs Python code before that (line ${line(at)}), which could make an instance without it`;
    const macro = func.file.macros.get(callee);
    if (macro && new RegExp(`\\b${t.name}\\b`).test(macro.body)) return `${after}, and the macro ${callee}() used before that (line ${line(at)}) names ${t.name}`;
  }
  return undefined;
}

/** A statement directly in the function's body: run once, whenever the function gets that far. */
function atBodyLevel(func: FunctionInfo, at: number): boolean {
  let n: SyntaxNode | null = func.file.parsed.tree.rootNode.descendantForIndex(at, at + 1);
  while (n && n.type !== 'expression_statement') n = n.parent;
  return !!n && !!n.parent && n.parent.type === 'compound_statement' && n.parent.startIndex === func.bodyStart;
}

function blankCommentsAndStrings(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (x) => x.replace(/[^\n]/g, ' '));
}
