/**
 * CPU dispatch: a function pointer that init sets to one of several implementations and that the
 * module calls through (`static crc_fn impl;`, `impl = crc_sw;`, `impl(crc, buf, len)`). When the
 * pointer moves into the state, the implementations can take the state too: its typedef gets a
 * first parameter `struct <mod>_state *st`, every function stored in it gets the parameter, and
 * every call through it passes its `st`. Only the plain shape is taken, all in one file: the
 * typedef used by nothing but the pointer, every use of the pointer a call or a store of a static
 * function (or NULL) of that file, and those functions used by nothing but those stores.
 */
import type { ExtensionModel, FileModel, FunctionInfo, GlobalVar } from '../../src/model/types';
import { isInert } from '../../src/core/lex';
import { DISPATCH } from '../../src/plan/state-plan';
import type { TransformContext } from '../types';
import { isCData, cDataProblem } from './c-data-problems';
import { readOnlyInPractice, lentLiteralData } from './read-only-data';
import { unreachedUsers } from './unreached-users';
import { outsideHeaderProblem } from '../../src/model/outside-headers';

export interface Dispatch {
  pointer: GlobalVar;
  /** `typedef R (*T)(params);`: where the typedef's line starts and its parameter list's `(` and `)`. */
  typedef: { name: string; lineStart: number; open: number; close: number };
  /** The functions stored in the pointer. */
  stored: FunctionInfo[];
  /** Calls through the pointer: the offset of each call's `(`, and its function. */
  calls: { open: number; func: FunctionInfo }[];
}

const cache = new WeakMap<ExtensionModel, Map<GlobalVar, Dispatch>>();

/** The dispatch pointers of the extension, by pointer. */
export function dispatches(ext: ExtensionModel): Map<GlobalVar, Dispatch> {
  let out = cache.get(ext);
  if (!out) cache.set(ext, (out = new Map()));
  else return out;
  for (const g of ext.globals) {
    const d = dispatchOf(g, ext);
    if (d) out.set(g, d);
  }
  // A function stored in two pointers would need both to agree: leave both alone.
  const seen = new Map<FunctionInfo, GlobalVar>();
  for (const [g, d] of [...out]) {
    for (const f of d.stored) {
      const other = seen.get(f);
      if (other) {
        out.delete(g);
        out.delete(other);
      }
      seen.set(f, g);
    }
  }
  return out;
}

/** The dispatch pointer that `f` is stored in, if `f` is one of its implementations. */
export function storedIn(f: FunctionInfo, ext: ExtensionModel): Dispatch | undefined {
  for (const d of dispatches(ext).values()) if (d.stored.includes(f)) return d;
  return undefined;
}

function dispatchOf(g: GlobalVar, ext: ExtensionModel): Dispatch | undefined {
  if (g.scope !== 'file' || g.storage !== 'static' || g.pointerDepth !== 0 || g.arrayLen !== undefined || g.conditional || g.inTemplate) return undefined;
  if (g.init && !/^\s*(?:0|NULL)\s*$/.test(g.init.text)) return undefined;
  const file = g.file;
  const text = file.source.text;
  const name = g.baseType.trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const typedef = typedefOf(name, file);
  if (!typedef) return undefined;
  // The typedef is used by nothing but the pointer's declaration.
  const word = new RegExp(`\\b${name}\\b`, 'g');
  for (const f of ext.files) {
    const n = f.source.text.match(word)?.length ?? 0;
    if (n !== (f === file ? 2 : 0)) return undefined;
  }
  const stored = new Set<FunctionInfo>();
  const storeAt = new Set<number>();
  const calls: Dispatch['calls'] = [];
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (!u.func || u.file !== file || u.inMacro || u.pasted) return undefined;
    const after = text.slice(u.end, u.end + 200);
    const call = /^\s*\(/.exec(after);
    if (call && u.kind !== 'write') {
      calls.push({ open: u.end + call[0].length - 1, func: u.func });
      continue;
    }
    const store = /^\s*=\s*([A-Za-z_]\w*)\s*;/.exec(after);
    if (u.kind !== 'write' || !store) return undefined;
    if (store[1] === 'NULL') continue;
    const f = file.functionsByName.get(store[1]);
    if (!f || !f.isStatic || f.declStart < typedef.close) return undefined;
    stored.add(f);
    storeAt.add(u.end + after.indexOf(store[1]));
  }
  if (stored.size === 0 || calls.length === 0) return undefined;
  // Every occurrence of the pointer is one of those uses or its declaration (a use in a branch the
  // parse did not see would keep calling without the state).
  const seen = new Set(g.uses.map((u) => u.start));
  for (const m of text.matchAll(new RegExp(`\\b${g.name}\\b`, 'g'))) {
    if (!seen.has(m.index!) && !(m.index! >= g.declaratorStart && m.index! < g.declaratorEnd) && !isInert(file.parsed.lex, m.index!)) return undefined;
  }
  // The stored functions: used by nothing but those stores (no call by name, no other pointer or
  // table), and none of them calls through the pointer itself.
  for (const f of stored) {
    if (calls.some((c) => c.func === f)) return undefined;
    // Plain C parameters only: a function that gets an object would reach the state through it
    // (state-access), not through the new parameter.
    const params = text.slice(f.paramsStart + 1, f.paramsEnd).split(',').map((x) => x.trim());
    if (!params.every((x) => x === 'void' || PLAIN_PARAM.test(x))) return undefined;
    for (const other of ext.files) {
      for (const m of other.source.text.matchAll(new RegExp(`\\b${f.name}\\b`, 'g'))) {
        const at = m.index!;
        const proto = file.prototypes.get(f.name);
        if (other === file && (storeAt.has(at) || (at >= f.declStart && at < f.paramsStart) || (proto && at >= proto.start && at < proto.end))) continue;
        if (isInert(other.parsed.lex, at)) continue; // a comment or a string
        return undefined;
      }
    }
  }
  return { pointer: g, typedef, stored: [...stored].sort((a, b) => a.declStart - b.declStart), calls };
}

const PLAIN_PARAM = /^(?:const\s+|volatile\s+)*(?:(?:unsigned|signed|short|long)\s+)*(?:void|char|short|int|long|float|double|_Bool|bool|size_t|ssize_t|ptrdiff_t|u?intptr_t|u?int(?:8|16|32|64)_t|Py_ssize_t|Py_hash_t|Py_UCS[124]|unsigned|signed)\b(?:\s*(?:const\b|\*))*\s*(?:[A-Za-z_]\w*)?\s*(?:\[\w*\])?$/;

/** `typedef R (*T)(params);` in `file`, once, at file scope. */
function typedefOf(name: string, file: FileModel): Dispatch['typedef'] | undefined {
  const text = file.source.text;
  const re = new RegExp(`\\btypedef\\s+[\\w\\s*]+?\\(\\s*\\*\\s*${name}\\s*\\)\\s*\\(`, 'g');
  const found = [...text.matchAll(re)];
  if (found.length !== 1) return undefined;
  const m = found[0];
  const open = m.index! + m[0].length - 1;
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) {
      if (!/^\s*;/.test(text.slice(i + 1, i + 20))) return undefined;
      if (file.functions.some((f) => m.index! >= f.bodyStart && m.index! < f.bodyEnd)) return undefined;
      return { name, lineStart: file.source.lineStart(m.index!), open, close: i };
    }
  }
  return undefined;
}


// Per state access: the engine makes a new one once static types are decided, and the answer
// depends on them (the callers through the pointer must reach the state).
const active = new WeakMap<object, Map<GlobalVar, boolean>>();

/**
 * Whether the dispatch pointer moves into the state with its implementations taking the state: it
 * must move (globals-to-state runs and nothing stops it) into a struct this tool writes.
 */
export function dispatchActive(d: Dispatch, ctx: TransformContext): boolean {
  let memo = active.get(ctx.access);
  if (!memo) active.set(ctx.access, (memo = new Map()));
  let yes = memo.get(d.pointer);
  if (yes === undefined) {
    memo.set(d.pointer, false); // while deciding: a cycle says no
    const g = d.pointer;
    // Worth it only when an implementation uses module data (a table filled in init): otherwise
    // the pointer moves and the implementations stay as they are.
    const usesData = d.stored.some((f) => ctx.ext.globals.some((x) => x !== g && (isCData(x) || x.isPythonObject) && x.uses.some((u) => u.func === f && u.kind !== 'decl')));
    yes = usesData && ctx.options.selected.has('globals-to-state') && ctx.moduleReady === true && !ctx.plan.ownStruct && isCData(g) && !outsideHeaderProblem(ctx.ext, g.name) && !readOnlyInPractice(g, ctx.ext) && !lentLiteralData(g, ctx.ext) && !unreachedUsers(g, ctx) && !cDataProblem(g, ctx);
    memo.set(d.pointer, yes);
  }
  return yes;
}

/** For the state access: the functions that call through the pointer `f` is stored in, when that pointer passes the state. */
export function dispatchCallers(f: FunctionInfo, ctx: TransformContext): FunctionInfo[] | undefined {
  const d = storedIn(f, ctx.ext);
  if (!d || !dispatchActive(d, ctx)) return undefined;
  return [...new Set(d.calls.map((c) => c.func))];
}

/**
 * The edits for a dispatch pointer that moves: `struct <mod>_state;` above its typedef and the
 * state as the typedef's first parameter, the caller's `st` in every call through it, and the
 * parameter for every function stored in it (the emitter threads it; see DISPATCH).
 */
export function editDispatch(d: Dispatch, ctx: TransformContext): void {
  const file = d.pointer.file;
  const text = file.source.text;
  const struct = ctx.plan.names.struct;
  ctx.plan.structTag = true;
  ctx.insert(file, d.typedef.lineStart, `struct ${struct};${file.source.eol}`);
  const inner = text.slice(d.typedef.open + 1, d.typedef.close).trim();
  if (inner === '' || inner === 'void') ctx.replace(file, d.typedef.open + 1, d.typedef.close, `struct ${struct} *st`);
  else ctx.insert(file, d.typedef.open + 1, `struct ${struct} *st, `);
  for (const c of d.calls) {
    const v = ctx.plan.stateVar(c.func);
    ctx.insert(file, c.open + 1, /^\s*\)/.test(text.slice(c.open + 1)) ? v : `${v}, `);
  }
  for (const f of d.stored) ctx.plan.needState(f, DISPATCH);
}
