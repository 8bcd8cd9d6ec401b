/**
 * The heap-type rules a conversion must add to the type's own functions (rewrite spec §4.3):
 * dealloc untracks and drops the type reference, traverse visits the type once, objects made
 * with PyObject_New become GC objects and are tracked, offsets join the members table.
 */
import type { FileModel, FunctionInfo, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import type { TypeCandidate } from './type-candidate';
import { isZeroExpr, stripCasts, functionName } from '../../src/model/cnodes';
import { findAll, enclosingStatement } from '../../src/model/walk';
import { functionNamedIn } from '../../src/model/functions';
import { wasGC, memberOffsets, baseOfType, effectiveField, traverseOf, freeOnlyDealloc } from './render';
import type { SyntaxNode } from '../../src/core/parse';
import { isInert } from '../../src/core/lex';
import { insertLinesBefore } from '../../src/plan/statement-insert';
import { DECLARATION_ORDER, declarationPoint, functionLayout, linesAt, statementPoint } from '../../src/plan/placement';
import { instanceFrees, instanceFreeEdits } from './instance-frees';
import { trailingReturn, returnWithoutFree } from './dealloc-returns';

const RETURNS = new Set(['return_statement']);

function fnOf(t: StaticType, field: string, ctx: TransformContext): FunctionInfo | undefined {
  const f = effectiveField(t, field);
  if (!f || isZeroExpr(f.value)) return undefined;
  const name = functionName(f.value);
  return name ? functionNamedIn(t.file, name, ctx.ext.functionsByName) : undefined;
}

/** Why the lifecycle functions cannot be adapted automatically. */
/**
 * A type of the module that stays static and has the same dealloc as `t`: the heap type's dealloc drops a
 * reference to the object's type (and untracks it from the GC), which a static type's instances never took.
 */
export function deallocSharer(t: StaticType, ctx: TransformContext): { fn: FunctionInfo; sharer: StaticType } | undefined {
  const fn = fnOf(t, 'tp_dealloc', ctx);
  const sharer = fn && ctx.ext.types.find((x) => x !== t && !ctx.heapTypes.has(x.name) && fnOf(x, 'tp_dealloc', ctx) === fn);
  return sharer ? { fn: fn!, sharer } : undefined;
}

export function lifecycleProblem(t: StaticType, ctx: TransformContext): { reason: string; steps: string; at?: number; file?: FileModel } | undefined {
  const deallocField = effectiveField(t, 'tp_dealloc');
  if (deallocField && !isZeroExpr(deallocField.value) && !freeOnlyDealloc(deallocField.value)) {
    const d = fnOf(t, 'tp_dealloc', ctx);
    if (!d) return { reason: `its dealloc function ${stripCasts(deallocField.value)} was not found`, steps: 'pass the file that defines it, or convert by hand' };
    const body = d.node.childForFieldName('body');
    // A `return;` that ends the body is its normal end: the DECREF goes in front of it.
    const last = body ? trailingReturn(body) : undefined;
    const returns = body ? findAll(body, RETURNS).filter((r) => r.id !== last?.id) : [];
    const kept = returns.length > 0 && !decrefsType(d) ? returnWithoutFree(d, returns) : undefined;
    if (kept) return { reason: `its dealloc ${d.name}() returns early (${kept}), so where to drop the type reference is not clear`, steps: 'add `Py_DECREF(Py_TYPE(self))` after freeing, by hand' };
  }
  const traverseField = effectiveField(t, 'tp_traverse');
  if (traverseField && !isZeroExpr(traverseField.value) && !fnOf(t, 'tp_traverse', ctx)) return { reason: `its traverse function ${stripCasts(traverseField.value)} was not found`, steps: 'pass the file that defines it' };
  // Objects made with PyObject_New must be tracked once the type is GC.
  if (!wasGC(t)) {
    const hidden = hiddenAllocation(t);
    if (hidden) return { reason: `the type becomes a GC type, and an object of it is made with ${hidden.how} in ${hidden.func.name}(), which cannot be turned into a GC allocation mechanically`, steps: 'allocate it with PyObject_New (or make it a GC type by hand: PyObject_GC_New + PyObject_GC_Track)', at: hidden.start, file: hidden.func.file };
    // A tp_new that allocates with its type parameter serves every type that names it: all of them must become GC.
    const tpNew = fnOf(t, 'tp_new', ctx);
    const sharer = tpNew && ctx.ext.types.find((x) => x !== t && fnOf(x, 'tp_new', ctx) === tpNew && !ctx.heapTypes.has(x.name));
    if (sharer && allocations(t, ctx).some((a) => a.func === tpNew)) return { reason: `its tp_new ${tpNew!.name}() allocates with PyObject_New for its type parameter, and ${sharer.name}, which stays a static type without GC, shares it`, steps: `give ${sharer.name} a tp_new of its own, or allocate with type->tp_alloc(type, 0)`, at: tpNew!.start, file: tpNew!.file };
    const frees = instanceFrees(t, ctx, (f, v) => freedElsewhere(t, ctx, f, v));
    const size = t.fields.get('tp_basicsize')?.value.replace(/\s+/g, '');
    const staticSharer = frees.length > 0 && ctx.ext.types.find((x) => x !== t && !ctx.heapTypes.has(x.name) && x.fields.get('tp_basicsize')?.value.replace(/\s+/g, '') === size);
    if (staticSharer) return { reason: `the type becomes a GC type, and ${frees[0].func.name}() frees objects of its struct by hand, which ${staticSharer.name}, a static type without GC, shares`, steps: `give the types structs of their own, or convert ${staticSharer.name} too`, at: frees[0].start, file: frees[0].file };
    const hand = frees.find((x) => !x.statement);
    if (hand) return { reason: `the type becomes a GC type, and ${hand.func.name}() frees an object of it with ${hand.file.source.text.slice(hand.start, hand.end)} inside a larger statement, where untracking it and dropping its type reference cannot be added mechanically`, steps: `free it in a statement of its own (then run again), or make it a GC type by hand (PyObject_GC_UnTrack + PyObject_GC_Del)`, at: hand.start, file: hand.file };
    for (const a of allocations(t, ctx)) {
      if (a.variable && a.returns.length > 0) continue;
      if (storedAllocation(a, t, ctx)) continue;
      const how = a.variable ? `is kept in '${a.variable}' but never returned` : 'is not assigned to a variable (returned or passed on straight from the call)';
      return { reason: `the type becomes a GC type, and an object of it made with ${a.api} in ${a.func.name}() ${how}, so there is no place to start tracking it mechanically`, steps: 'assign the new object to a variable and return that variable (then run again), or make it a GC type by hand (PyObject_GC_New + PyObject_GC_Track)', at: a.start, file: a.func.file };
    }
  }
  const offsets = memberOffsets(t);
  const members = t.fields.get('tp_members');
  if (offsets.length > 0 && members && !isZeroExpr(members.value)) {
    const name = stripCasts(members.value);
    const table = ctx.ext.tables.find((x) => x.name === name);
    if (!table) return { reason: `its members table ${name} was not found`, steps: 'convert by hand' };
    const users = ctx.ext.types.filter((x) => x.fields.get('tp_members') && stripCasts(x.fields.get('tp_members')!.value) === name);
    if (users.length > 1) return { reason: `its members table ${name} is shared with other types, and needs __dictoffset__-style entries`, steps: 'give each type its own members table' };
  }
  return undefined;
}

/**
 * An object kept in a variable and stored, never returned (`node = PyObject_NEW(Node, &NodeType);`
 * then put in a dict): when the type's traverse is the generated one, which visits only the type,
 * the object can be tracked right after it is made (after its NULL check, or behind one), whatever
 * its fields hold yet. Returns where the tracking goes and its text.
 */
function storedAllocation(a: Allocation, t: StaticType, ctx: TransformContext): { at: number; text: string } | undefined {
  if (!a.variable) return undefined;
  const trav = traverseOf(t, ctx, baseOfType(t));
  if (!trav.generate || trav.baseExpr) return undefined;
  const file = a.func.file;
  const src = file.source;
  const text = src.text;
  const stmt = enclosingStatement(file.parsed.tree.rootNode.descendantForIndex(a.start, a.end));
  if (!['expression_statement', 'declaration'].includes(stmt.type) || stmt.parent?.type !== 'compound_statement') return undefined;
  const v = a.variable;
  const track = `PyObject_GC_Track((PyObject *)${v});`;
  const indent = src.indentAt(stmt.startIndex);
  // A declaration made with the allocation is followed by the block's other declarations: the tracking
  // goes after them, so that no statement comes before a declaration (-Wdeclaration-after-statement).
  let last = stmt;
  let next = stmt.nextNamedSibling;
  while (stmt.type === 'declaration' && next && (next.type === 'declaration' || next.type === 'comment')) {
    if (next.type === 'declaration') last = next;
    next = next.nextNamedSibling;
  }
  const cond = next?.type === 'if_statement' ? next.childForFieldName('condition') : null;
  const condText = cond ? text.slice(cond.startIndex, cond.endIndex).replace(/\s+/g, '') : '';
  const nullCheck = [`(${v}==NULL)`, `(!${v})`, `(NULL==${v})`, `(${v}==0)`].includes(condText) && !next!.childForFieldName('alternative');
  const exits = nullCheck && /^\{?\s*(?:[^;{}]*;\s*)*?(return\b[^;]*|goto\s+\w+)\s*;\s*\}?$/.test(text.slice(next!.childForFieldName('consequence')!.startIndex, next!.childForFieldName('consequence')!.endIndex));
  if (exits) return { at: next!.endIndex, text: `${src.eol}${indent}${track}` };
  return { at: last.endIndex, text: `${src.eol}${indent}if (${v} != NULL)${src.eol}${indent}${src.indentUnit}${track}` };
}

function decrefsType(d: FunctionInfo): boolean {
  const body = d.file.source.text.slice(d.bodyStart, d.bodyEnd);
  return /Py_DECREF\s*\(\s*(tp|type|Py_TYPE\s*\([^)]*\))\s*\)/.test(body) && /Py_TYPE\s*\(/.test(body);
}

interface Allocation {
  api: string;
  start: number;
  end: number;
  func: FunctionInfo;
  variable?: string;
  returns: { start: number; node: SyntaxNode }[];
}

/**
 * An object of the type made where a GC allocation cannot replace the call: through a macro that
 * wraps the allocator's name (`F(PyObject_New)(T, &X)`, a fault-injection hook that pastes the
 * name) or by initializing memory allocated otherwise (`PyObject_Init(p, &X)`).
 */
function hiddenAllocation(t: StaticType): { how: string; start: number; func: FunctionInfo } | undefined {
  for (const u of t.uses) {
    if (u.kind !== 'address' || !u.func) continue;
    const before = u.file.source.text.slice(Math.max(0, u.start - 160), u.start);
    const m = /([A-Za-z_]\w*\s*\(\s*PyObject_(?:New|NEW|NewVar|NEW_VAR)\s*\))\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*&?\s*$/.exec(before) ?? /(PyObject_(?:Init|INIT|InitVar|INIT_VAR))\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*&?\s*$/.exec(before);
    if (m) return { how: m[1].replace(/\s+/g, ''), start: u.start - before.length + m.index, func: u.func };
  }
  return undefined;
}

/**
 * `o = PyObject_New(T, &X)` and friends, with the returns of `o` in the same function; and in X's
 * tp_new, `PyObject_New(T, type)` with its own type parameter (X or a subtype: GC all the same).
 */
function allocations(t: StaticType, ctx: TransformContext): Allocation[] {
  const out: Allocation[] = [];
  const sites: { file: FileModel; at: number; func: FunctionInfo; re: RegExp }[] = [];
  for (const u of t.uses) {
    if (u.kind === 'address' && u.func) sites.push({ file: u.file, at: u.start, func: u.func, re: /(PyObject_(?:New|NEW|NewVar|NEW_VAR))\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*&?\s*$/ });
  }
  const tpNew = fnOf(t, 'tp_new', ctx);
  const typeParam = tpNew?.params[0]?.name;
  if (tpNew && typeParam) {
    const text = tpNew.file.source.text;
    const re = new RegExp(`\\bPyObject_(?:New|NEW|NewVar|NEW_VAR)\\s*\\(\\s*[^,()]+(?:\\([^()]*\\))?\\s*,\\s*(?:\\([^()]*\\)\\s*)?(${typeParam})\\b`, 'g');
    for (let m = re.exec(text.slice(tpNew.bodyStart, tpNew.bodyEnd)); m; m = re.exec(text.slice(tpNew.bodyStart, tpNew.bodyEnd))) {
      const at = tpNew.bodyStart + m.index + m[0].length - m[1].length;
      sites.push({ file: tpNew.file, at, func: tpNew, re: /(PyObject_(?:New|NEW|NewVar|NEW_VAR))\s*\(\s*[^,()]+(?:\([^()]*\))?\s*,\s*(?:\([^()]*\)\s*)?$/ });
    }
  }
  for (const u of sites) {
    const text = u.file.source.text;
    const before = text.slice(Math.max(0, u.at - 120), u.at);
    const m = u.re.exec(before);
    if (!m) continue;
    const start = u.at - before.length + m.index;
    const f = u.func;
    // The variable it is assigned to (declaration or assignment on the same statement), a field
    // path as written (`co->root`), never only the path's last name; none behind a subscript or a call.
    // Directive lines between the last statement and this one (the `#endif` of declarations made per
    // platform, scandir's) are no part of it.
    const stmtStart = Math.max(text.lastIndexOf(';', start), text.lastIndexOf('{', start), f.bodyStart) + 1;
    const stmtText = text.slice(stmtStart, start).replace(/\/\*[^]*?\*\/|\/\/[^\n]*/g, ' ').replace(/^[ \t]*#(?:[^\n]*\\\n)*[^\n]*/gm, ' ');
    const lhs = /(?<![\w.\])>]\s*)((?:[A-Za-z_]\w*\s*(?:->|\.)\s*)*[A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?$/.exec(stmtText);
    const variable = lhs?.[1].replace(/\s+/g, '');
    const returns: { start: number; node: SyntaxNode }[] = [];
    if (variable) {
      const body = f.node.childForFieldName('body');
      for (const r of body ? findAll(body, RETURNS) : []) {
        if (r.startIndex < start) continue;
        const e = r.namedChildren.find((x) => x.type !== 'comment');
        if (e && stripCasts(text.slice(e.startIndex, e.endIndex)) === variable) returns.push({ start: r.startIndex, node: r });
      }
    }
    out.push({ api: m[1], start, end: start + m[1].length, func: f, variable, returns });
  }
  return out;
}

/**
 * `PyObject_Del(obj);` (and its aliases) of the new object after the allocation, on an error path
 * of the function that made it: the object is now a GC allocation, which only PyObject_GC_Del frees,
 * and holds a reference to its heap type, which its dealloc would have dropped: dropped first.
 */
function gcDelOnErrorPaths(a: Allocation, ctx: TransformContext): void {
  const file = a.func.file;
  const text = file.source.text;
  const v = a.variable!.replace(/[.>-]/g, (c) => `\\${c}`);
  const re = new RegExp(`\\b(PyObject_Del|PyObject_DEL|PyObject_Free|PyObject_FREE)\\s*\\(\\s*(?:\\([^()]*\\)\\s*)?${v}\\s*\\)`, 'g');
  re.lastIndex = a.end;
  for (let m = re.exec(text); m !== null && m.index < a.func.bodyEnd; m = re.exec(text)) {
    if (isInert(file.parsed.lex, m.index)) continue;
    const stmt = enclosingStatement(file.parsed.tree.rootNode.descendantForIndex(m.index, m.index + m[0].length));
    if (stmt.type === 'expression_statement' && text.slice(stmt.startIndex, stmt.endIndex).replace(/\s+/g, '') === m[0].replace(/\s+/g, '') + ';') {
      insertLinesBefore(ctx, file, a.func, stmt, [`Py_DECREF(Py_TYPE(${a.variable}));`], 5);
    }
    ctx.replace(file, m.index, m.index + m[1].length, 'PyObject_GC_Del');
  }
}

/**
 * Frees that other edits cover: a dealloc's (deallocEdits), and those on the error paths of the
 * function that allocated the object into that variable (gcDelOnErrorPaths).
 */
function freedElsewhere(t: StaticType, ctx: TransformContext, f: FunctionInfo, variable: string): boolean {
  if (ctx.ext.types.some((x) => fnOf(x, 'tp_dealloc', ctx) === f)) return true;
  return allocations(t, ctx).some((a) => a.func === f && a.variable === variable);
}

/** Edits shared by several types (a dealloc, a tp_new's allocation) are made by the first of them. */
const done = new WeakMap<TransformContext, Set<FunctionInfo | string>>();
function once(ctx: TransformContext, what: FunctionInfo | string): boolean {
  let s = done.get(ctx);
  if (!s) done.set(ctx, (s = new Set()));
  if (s.has(what)) return false;
  s.add(what);
  return true;
}

export function lifecycleEdits(c: TypeCandidate, ctx: TransformContext): void {
  const { t } = c;
  const gc = wasGC(t, c.folded);
  // dealloc: `PyTypeObject *tp = Py_TYPE(self);` first, untrack if it was not GC, `Py_DECREF(tp);` last.
  const d = fnOf(t, 'tp_dealloc', ctx);
  if (d && once(ctx, d) && !decrefsType(d)) deallocEdits(d, t, gc, ctx);
  // traverse: visit the type exactly once.
  const tr = fnOf(t, 'tp_traverse', ctx);
  if (tr && once(ctx, tr)) traverseEdits(tr, t, ctx);
  // PyObject_New of a type that becomes GC: GC allocation, tracked before it is returned.
  if (!gc) {
    for (const a of allocations(t, ctx)) {
      // A tp_new shared by several types: its allocation is rewritten once.
      if (!once(ctx, `${a.func.file.path}:${a.start}`)) continue;
      ctx.replace(a.func.file, a.start, a.end, a.api.includes('Var') || a.api.includes('VAR') ? 'PyObject_GC_NewVar' : 'PyObject_GC_New');
      // Before each return of it; a brace-less `if (ok) return o;` gets braces, or the return would escape its if.
      for (const r of a.returns) insertLinesBefore(ctx, a.func.file, a.func, r.node, [`PyObject_GC_Track((PyObject *)${a.variable});`], 5);
      const stored = a.returns.length === 0 ? storedAllocation(a, t, ctx) : undefined;
      if (stored) ctx.insert(a.func.file, stored.at, stored.text, 5);
      if (a.variable) gcDelOnErrorPaths(a, ctx);
    }
    for (const f of instanceFrees(t, ctx, (fn, v) => freedElsewhere(t, ctx, fn, v))) {
      if (f.statement && once(ctx, `${f.file.path}:free:${f.start}`)) instanceFreeEdits(f, ctx);
    }
  }
  // Offsets join an existing members table before its sentinel.
  const offsets = memberOffsets(t);
  const members = t.fields.get('tp_members');
  if (offsets.length > 0 && members && !isZeroExpr(members.value)) {
    const table = ctx.ext.tables.find((x) => x.name === stripCasts(members.value))!;
    const src = table.file.source;
    const text = src.text;
    const lastEnd = table.entries.length > 0 ? table.entries[table.entries.length - 1].end : table.start + 1;
    const sentinel = text.indexOf('{', lastEnd);
    if (sentinel !== -1 && sentinel < table.end) {
      const indent = src.indentAt(sentinel);
      const add = offsets.map((o) => `{"${o.name}", T_PYSSIZET, ${o.value}, READONLY, NULL},${src.eol}${indent}`).join('');
      ctx.insert(table.file, sentinel, add);
    }
  }
  void baseOfType;
}

function deallocEdits(d: FunctionInfo, t: StaticType, gc: boolean, ctx: TransformContext): void {
  const src = d.file.source;
  const text = src.text;
  const self = d.params[0]?.name || 'self';
  const eol = src.eol;
  const body = text.slice(d.bodyStart, d.bodyEnd);
  // A dealloc that hands over to a converted base's dealloc: the base drops the type reference.
  const delegates = ctx.ext.types.some((b) => b !== t && ctx.heapTypes.has(b.name) && (() => {
    const bd = b.fields.get('tp_dealloc');
    if (!bd || isZeroExpr(bd.value)) return false;
    const fn = stripCasts(bd.value);
    return new RegExp(`\\b(${fn}|${b.name}\\s*\\.\\s*tp_dealloc)\\s*\\(`).test(body);
  })());
  const tp = typeVariable(body, self);
  const lay = functionLayout(d);
  if (!lay) throw new Error(`internal: the dealloc ${d.name}() has no body`);
  // The type variable joins the declarations; untracking is the first statement.
  if (!delegates && !tp.declared) {
    const p = declarationPoint(src, lay);
    ctx.insert(d.file, p.at, linesAt(src, p, lay.indent, [`PyTypeObject *${tp.name} = Py_TYPE(${self});`]), DECLARATION_ORDER);
  }
  if (!gc && !/PyObject_GC_UnTrack/.test(body)) {
    const p = statementPoint(src, lay);
    ctx.insert(d.file, p.at, linesAt(src, p, lay.indent, [`PyObject_GC_UnTrack(${self});`]), 1);
  }
  if (!gc) {
    // PyObject_Del & co. on a GC object must be PyObject_GC_Del.
    const re = /\b(PyObject_Del|PyObject_DEL|PyObject_Free|PyObject_FREE)\s*\(/g;
    let m: RegExpExecArray | null;
    while ((m = re.exec(body)) !== null) ctx.replace(d.file, d.bodyStart + m.index, d.bodyStart + m.index + m[1].length, 'PyObject_GC_Del');
  }
  if (!delegates) {
    // Inside a trashcan block the DECREF goes before Py_TRASHCAN_END: when the trashcan defers the
    // deallocation, control jumps past the block, and the type must not lose a reference then.
    const trash = /\bPy_TRASHCAN_(?:SAFE_)?END\b/.exec(body);
    if (trash && /\bPy_TRASHCAN_(?:SAFE_)?BEGIN\b/.test(body)) {
      const at = d.bodyStart + trash.index;
      const ls = src.lineStart(at);
      if (/^[ \t]*$/.test(text.slice(ls, at))) ctx.insert(d.file, ls, `${src.indentAt(at)}Py_DECREF(${tp.name});${eol}`, 9);
      else ctx.insert(d.file, at, `Py_DECREF(${tp.name}); `, 9);
      return;
    }
    // Before a `return;` that ends the body, else before the closing brace, on its own line.
    const bodyNode = d.node.childForFieldName('body');
    const last = bodyNode ? trailingReturn(bodyNode) : undefined;
    if (last) {
      insertLinesBefore(ctx, d.file, d, last, [`Py_DECREF(${tp.name});`], 9);
      return;
    }
    const closeLineStart = src.lineStart(d.bodyEnd);
    const onOwnLine = /^[ \t]*$/.test(text.slice(closeLineStart, d.bodyEnd));
    if (onOwnLine) ctx.insert(d.file, closeLineStart, `${lay.indent}Py_DECREF(${tp.name});${eol}`, 9);
    else ctx.insert(d.file, d.bodyEnd, ` Py_DECREF(${tp.name}); `, 9);
  }
}

/**
 * The variable that holds the type for the final `Py_DECREF`: the dealloc's own
 * `PyTypeObject *t = Py_TYPE(self);` when it has one and never reassigns it, else a new `tp`
 * (or another name when `tp` is taken).
 */
function typeVariable(body: string, self: string): { name: string; declared: boolean } {
  const decl = new RegExp(`PyTypeObject\\s*\\*\\s*([A-Za-z_]\\w*)\\s*=\\s*Py_TYPE\\s*\\(\\s*(?:\\([^()]*\\)\\s*)?${self}\\s*\\)\\s*;`).exec(body);
  if (decl) {
    const name = decl[1];
    const assignments = body.match(new RegExp(`\\b${name}\\s*=(?!=)`, 'g'))?.length ?? 0;
    // Declared at the top of the body (before any statement), assigned only there.
    const before = body.slice(1, decl.index).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
    const onlyDeclarationsBefore = before.split(';').slice(0, -1).every((st) => /^\s*(?:const\s+)?[A-Za-z_][\w\s]*[\s*]+[A-Za-z_]\w*(?:\s*=[^;]*)?\s*$/.test(st));
    if (assignments === 1 && onlyDeclarationsBefore) return { name, declared: true };
  }
  for (const name of ['tp', 'self_type', 'pyext_type']) if (!new RegExp(`\\b${name}\\b`).test(body)) return { name, declared: false };
  return { name: 'pyext_isolate_type', declared: false };
}

function traverseEdits(tr: FunctionInfo, t: StaticType, ctx: TransformContext): void {
  const src = tr.file.source;
  const text = src.text;
  const body = text.slice(tr.bodyStart, tr.bodyEnd);
  if (/Py_VISIT\s*\(\s*Py_TYPE\s*\(/.test(body)) return;
  // Delegating to a converted base's traverse: it visits the type already.
  for (const b of ctx.ext.types) {
    if (b === t || !ctx.heapTypes.has(b.name)) continue;
    const bt = b.fields.get('tp_traverse');
    if (bt && !isZeroExpr(bt.value) && stripCasts(bt.value) !== tr.name && new RegExp(`\\b${stripCasts(bt.value)}\\s*\\(`).test(body)) return;
  }
  const self = tr.params[0]?.name || 'self';
  // After the leading declarations, so C89-style code stays valid.
  const lay = functionLayout(tr);
  if (!lay) return;
  const p = statementPoint(src, lay);
  // A body on the brace's line (`{ Py_VISIT(self->x); return 0; }`): in the line, not above it.
  if (p.inline) ctx.insert(tr.file, p.at, `Py_VISIT(Py_TYPE(${self})); `, 2);
  else ctx.insert(tr.file, p.at, linesAt(src, p, lay.indent, [`Py_VISIT(Py_TYPE(${self}));`]), 2);
}

