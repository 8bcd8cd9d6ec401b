/**
 * A statically allocated object of one of the module's own static types (a singleton or sentinel:
 * `static PyObject MissingStruct = { PyObject_HEAD_INIT(&Missing_Type) };`, reached as `&MissingStruct`
 * or through `#define Missing (&MissingStruct)`). Once its type is a heap type of each module, the
 * object must be one of each module too: globals-to-state allocates it in exec, right after its type,
 * and keeps it in the state. This file recognizes one and says what stops that, for both transforms
 * (static-type-to-heap leaves the type's address in its initializer to the object's move).
 */
import type { FileModel, FunctionInfo, GlobalVar, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import type { SyntaxNode } from '../../src/core/parse';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { withoutComments } from '../../src/core/macro-scan';
import { outsideHeaderProblem } from '../../src/model/outside-headers';
import { exportedBy, namedByOtherFiles } from '../../src/plan/export-marks';
import { useProblem } from './use-problems';
import { useLocation } from './state-uses';
import { INCREF_CALL } from './ownership';

export interface StaticObject {
  g: GlobalVar;
  type: StaticType;
  /** The C type of the state field: a pointer to the object's struct. */
  ctype: string;
}

export interface Problem {
  reason: string;
  steps: string;
  at?: number;
}

/**
 * The object's header: `PyObject_HEAD_INIT(&T)`, `PyVarObject_HEAD_INIT(&T, 0)`, `_PyObject_EXTRA_INIT 1, &T`
 * spelled out, or designated (`.ob_refcnt = 1, .ob_type = &T`).
 */
const HEAD = /^(?:PyObject_HEAD_INIT\s*\(\s*&\s*(\w+)\s*\)|PyVarObject_HEAD_INIT\s*\(\s*&\s*(\w+)\s*,\s*0\s*\)|(?:_PyObject_EXTRA_INIT\s*)?1\s*,\s*(?:\(\s*PyTypeObject\s*\*\s*\)\s*)?&\s*(\w+)|\.ob_refcnt\s*=\s*1\s*,\s*\.ob_type\s*=\s*(?:\(\s*PyTypeObject\s*\*\s*\)\s*)?&\s*(\w+))\s*,?/;

/** `g` as a static object of one of the extension's static types, or undefined. */
export function staticObjectOf(g: GlobalVar, ctx: TransformContext): StaticObject | undefined {
  if (g.scope !== 'file' || g.pointerDepth !== 0 || g.arrayLen !== undefined || !g.init || g.isConst) return undefined;
  const body = /^\s*\{([^]*)\}\s*$/.exec(withoutComments(g.init.text))?.[1].trim();
  const m = body === undefined ? null : HEAD.exec(body);
  const type = m ? ctx.ext.typesByName.get(m[1] ?? m[2] ?? m[3] ?? m[4]) : undefined;
  if (!m || !type) return undefined;
  return { g, type, ctype: `${g.ctype.trim()} *` };
}

/** The initializer's elements after the object header: each must be zero, as a new object's are. */
function restOf(s: StaticObject): string[] {
  const body = /^\s*\{([^]*)\}\s*$/.exec(withoutComments(s.g.init!.text))![1].trim();
  return body.replace(HEAD, '').split(',').map((x) => x.trim()).filter((x) => x !== '');
}

/**
 * Why the object cannot become one of each module (its type's own decision aside), or undefined.
 * Independent of the type's decision, so that static-type-to-heap may ask it while deciding types.
 */
export function staticObjectProblem(s: StaticObject, ctx: TransformContext): Problem | undefined {
  const { g, type } = s;
  const outside = outsideHeaderProblem(ctx.ext, g.name);
  if (outside) return outside;
  const others = g.storage !== 'static' ? namedByOtherFiles(ctx.ext, g.name) : undefined;
  if (others) return { reason: `it is not static and ${others}: that use could not be rewritten`, steps: 'give the tool every file of the module together, then run again' };
  if (g.storage === 'none' && ctx.options.assumeInternal) {
    const exported = exportedBy(ctx.ext, g.name, g.file, g.declStart, g.declaratorStart, 'data');
    if (exported) return { reason: `it is not static and ${exported}, so other extensions may compare objects with it by address`, steps: 'make it static if no other extension uses it; else keep it (and its type) static, immortal and shared, and isolate the rest by hand' };
  }
  const rest = restOf(s).filter((x) => !isZeroExpr(x));
  if (rest.length > 0) return { reason: `its initializer sets fields besides the object header (${rest.join(', ')})`, steps: `allocate it in exec by hand and set those fields there, then run again` };
  const dealloc = ctx.ext.functionsByName.get(stripCasts(type.fields.get('tp_dealloc')?.value ?? '').trim());
  if (dealloc && /\b(?:Py_FatalError|abort)\s*\(/.test(dealloc.file.source.text.slice(dealloc.bodyStart, dealloc.bodyEnd))) {
    return { reason: `its type's tp_dealloc ${dealloc.name}() aborts the process, and an object of each module is freed with its module`, steps: `make ${dealloc.name}() free the object (Py_TYPE(self)->tp_free(self)), then run again` };
  }
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    const before = u.file.source.text.slice(Math.max(0, u.start - 120), u.start);
    if (/\bPyCapsule_New\s*\([^;]*$/.test(before)) return { reason: `its address is exported through a capsule (at ${useLocation(u.file, u.start, g.file)}), so other extensions may hold it`, steps: 'keep it (and its type) static, immortal and shared, or export the state\'s object through the capsule and make its users read it from there', at: u.start };
    const holder = !u.func && !u.inMacro ? ctx.ext.globals.find((x) => x.file === u.file && x.init && u.start >= x.init.start && u.start < x.init.end) : undefined;
    if (holder?.category === 'capsule-table') return { reason: `its address is in '${holder.name}', the C-API table the module exports through a capsule (at ${useLocation(u.file, u.start, g.file)}), so other extensions may hold it and compare with it`, steps: 'keep it (and its type) static, immortal and shared; or give the table a per-module copy of it and make the users read it from the capsule at import, then run again', at: u.start };
    if (!u.func && !u.inMacro) return { reason: `its address is stored outside any function (at ${useLocation(u.file, u.start, g.file)})`, steps: 'fill that place in exec from the state instead, then run again', at: u.start };
    if (u.func && storedInGlobal(u.file.source.text, u.start, ctx)) return { reason: `its address is stored in a C global that outlives any one module (at ${useLocation(u.file, u.start, g.file)})`, steps: 'read it from the module state where it is used instead, then run again', at: u.start };
  }
  const steal = stolenWithoutIncref(s, ctx);
  if (steal !== undefined) return { reason: `PyModule_AddObject() steals a reference to it that the static object never needed to own (at ${useLocation(g.file, steal, g.file)}); the state's object does`, steps: 'Py_INCREF it before the call (or call PyModule_AddObjectRef), then run again', at: steal };
  return undefined;
}

/**
 * Whether every function that uses the object reaches the module state: decided with the set of heap
 * types (a slot of its own type reaches it once that type converts), so static-type-to-heap asks it
 * of the type's objects while that set settles, and the object's own decision asks it last.
 */
export function staticObjectUseProblem(s: StaticObject, ctx: TransformContext): Problem | undefined {
  const p = useProblem(s.g.uses, s.g.name, ctx);
  return p ? { reason: p.reason, steps: p.suggestion, at: p.at } : undefined;
}

/** The static objects of type `t` that move with it (nothing of their own stops them). */
export function movingObjectsOf(t: StaticType, ctx: TransformContext): StaticObject[] {
  if (!ctx.options.selected.has('globals-to-state')) return [];
  const out: StaticObject[] = [];
  for (const g of ctx.ext.globals) {
    const s = g.init ? staticObjectOf(g, ctx) : undefined;
    if (s && s.type === t && !staticObjectProblem(s, ctx) && !('reason' in creationPoint(s, ctx))) out.push(s);
  }
  return out;
}

/**
 * Where the object is created: right after the statement that readies its type in the init (or
 * exec) function, or, for a type nothing readies, with the eager fills (after the type's creation).
 * A problem when the readying call sits elsewhere, or the init uses the object before it.
 */
export function creationPoint(s: StaticObject, ctx: TransformContext): { after: SyntaxNode; func: FunctionInfo } | { eager: true } | Problem {
  const init = ctx.plan.execFunction ?? ctx.ext.init?.func;
  const ready = s.type.uses.find((u) => u.kind === 'address' && u.func && /\bPyType_Ready\s*\(\s*(?:\(\s*PyTypeObject\s*\*\s*\)\s*)?&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 40), u.start)));
  if (!ready) return { eager: true };
  if (!init || ready.func !== init || ready.inMacro) return { reason: `its type ${s.type.name} is readied in ${ready.func?.name ?? 'a macro'}() rather than in the init function, so the object cannot be created right after it`, steps: 'ready the type in the init function, then run again', at: ready.start };
  let n: SyntaxNode | null = ready.file.parsed.tree.rootNode.descendantForIndex(ready.start, ready.end);
  while (n && !(n.parent?.type === 'compound_statement' && n.parent.parent?.type === 'function_definition')) n = n.parent;
  if (!n) return { reason: `the init function readies its type ${s.type.name} inside a nested block`, steps: 'ready it in a statement of its own, then run again', at: ready.start };
  const early = s.g.uses.find((u) => u.func === init && u.start < n!.endIndex && u.kind !== 'decl');
  if (early) return { reason: `the init function uses it before it readies its type (at ${useLocation(early.file, early.start, s.g.file)})`, steps: 'ready the type first, then run again', at: early.start };
  return { after: n, func: init };
}

/** `PyModule_AddObject(m, "x", &S)` with no `Py_INCREF(&S)` (or `Py_IncRef`) before it: the offset of the call's argument. */
function stolenWithoutIncref(s: StaticObject, ctx: TransformContext): number | undefined {
  // Spellings of the object: `&S` and the names of object-like macros whose body is `(&S)` or `((PyObject *)&S)`.
  const names = [`&\\s*${s.g.name}`];
  const body = new RegExp(`^\\(?\\s*(?:\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&\\s*${s.g.name}\\s*\\)?$`);
  for (const f of ctx.ext.files) for (const [name, m] of f.macros) if (body.test(m.body.trim())) names.push(name);
  const spelled = `(?:\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?\\(?\\s*(?:${names.join('|')})\\s*\\)?`;
  for (const f of ctx.ext.files) {
    const text = f.source.text;
    const re = new RegExp(`\\bPyModule_AddObject\\s*\\([^;]*?,\\s*${spelled}\\s*\\)`, 'g');
    for (let m = re.exec(text); m; m = re.exec(text)) {
      const before = text.slice(Math.max(0, m.index - 300), m.index);
      if (!new RegExp(`${INCREF_CALL}\\s*\\(\\s*${spelled}\\s*\\)\\s*;[^;]*$`).test(before)) return m.index;
    }
  }
  return undefined;
}

/** `G = &S;` or `table[i] = &S;` where G is a file-scope variable. */
function storedInGlobal(text: string, at: number, ctx: TransformContext): boolean {
  const ls = Math.max(text.lastIndexOf(';', at), text.lastIndexOf('{', at), text.lastIndexOf('}', at)) + 1;
  const m = /^\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]|\.\w+|->\w+)*\s*=(?!=)[^;]*$/.exec(text.slice(ls, at));
  return !!m && ctx.ext.globals.some((x) => x.name === m[1] && x.scope === 'file');
}

/** The static object whose initializer holds this use of its type, when it moves into the state with it. */
export function movingObjectAt(t: StaticType, u: { file: FileModel; start: number; func?: FunctionInfo }, ctx: TransformContext): StaticObject | undefined {
  if (u.func) return undefined;
  return movingObjectsOf(t, ctx).find((s) => s.g.file === u.file && u.start >= s.g.init!.start && u.start < s.g.init!.end);
}
