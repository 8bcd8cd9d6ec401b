/**
 * Mutable C data (counters, flags, function pointers chosen at init, lazily resolved symbols, C
 * free lists) as fields of the module state: per module instead of per process. Shared by
 * globals-to-state (file scope), function-statics-to-state (function level) and checks, which
 * reports what cannot move with the reason.
 */
import type { ExtensionModel, FileModel, FunctionInfo, GlobalVar } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { isHeaderPath } from '../../src/core/parse';
import { guardAt, guardMacroSetInBlock, impliedBy } from '../../src/core/conditions';
import { branchesAt, definitionsOf } from '../../src/core/lex';
import { typeDefinitionSpan } from '../../src/model/globals';
import { exportedBy, exportMark } from '../../src/plan/export-marks';
import { leadingComment } from '../../src/plan/text-util';
import { declaredIn } from '../../src/plan/field-types';
import { useProblem, useLocation, pastedBy, rewriteUses } from './state-uses';
import { removeGlobalDeclaration, removeExternDeclarations } from '../globals-to-state';
import { outputName } from './output-name';
import { dispatches, dispatchActive, editDispatch } from './pointer-dispatch';

/** C scalar types every file knows (from the C and Python headers). */
const BUILTIN = /^(?:(?:unsigned|signed|short|long|const|volatile)\s+)*(?:void|char|short|int|long|float|double|_Bool|bool|size_t|ssize_t|ptrdiff_t|intptr_t|uintptr_t|u?int(?:8|16|32|64)_t|sig_atomic_t|Py_ssize_t|Py_hash_t|Py_UCS[124]|Py_uintptr_t|Py_intptr_t|PY_LONG_LONG|unsigned|signed)$/;

/** Mutable C data that could become a C field of the state (not a Python-object or table global). */
export function isCData(g: GlobalVar): boolean {
  return g.category === 'mutable-c' && !g.isPythonObject && !g.subStruct && !/^(PyModuleDef|PyModuleDef_Slot|PyMethodDef|PyMemberDef|PyGetSetDef|PyType_Slot|PyType_Spec|PyTypeObject|PyNumberMethods|PySequenceMethods|PyMappingMethods|PyAsyncMethods|PyBufferProcs)$/.test(g.baseType);
}

/**
 * A table of structs that is never written, only lent by address (`m->enc = &ascii_encoding`,
 * `lookup(re_properties, n)`): read-only in practice when no file of the extension writes a field
 * of its struct type (by `.f =`, `->f =`, `++`/`--`, or `&...->f`) nor copies over a pointer of
 * that type (`memcpy`/`memset`/`*p =`); designated initializers (`{ .f = x }`) are no writes.
 * Returns the struct's name, or undefined.
 */
export function readOnlyInPractice(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (g.category !== 'mutable-c' || !g.mutatedBy || g.mutatedBy.how === 'write') return undefined;
  if (g.uses.some((u) => u.kind === 'write' || u.kind === 'member-write')) return undefined;
  if (g.pointerDepth > 0 || !g.init) return undefined;
  const name = g.baseType.replace(/^const\s+/, '').trim();
  let fields: string[] | undefined;
  for (const f of ext.files) {
    const st = f.structs.get(name) ?? f.structs.get(name.replace(/^struct\s+/, '')) ?? f.structs.get(`struct ${name}`);
    if (st) fields = st.fields.map((x) => x.name).filter((x) => /^\w+$/.test(x));
  }
  // A struct of a library's header (its fields unknown here): a table of the extension's callbacks it is handed.
  if (fields === undefined && libraryCallbackTable(g, ext)) return name;
  // Otherwise (yajl_callbacks handed on through a local): no field name is known, so no pointer of
  // its type may write any field.
  // (A struct: an aggregate initializer, one object, a type name that is no C scalar.)
  const aggregate = g.arrayLen === undefined && /^\s*\{/.test(g.init.text) && !/^(?:(?:un)?signed|char|short|int|long|float|double|_Bool|bool|size_t|ssize_t|Py_ssize_t|u?int\d+_t|wchar_t|Py_UCS[124])(?:\s|$)/.test(name);
  const library = !fields && aggregate && !declaredIn(name.replace(/^(struct|union)\s+/, ''), ext.files) && onlyCallbacks(g, ext) && lentToLocalsOrCalls(g);
  if (!library && (!fields || fields.length === 0)) return undefined;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const field = library ? '\\w+' : fields!.map(esc).join('|');
  const fieldWrite = new RegExp(`(?:[\\w\\])]\\s*\\.|->)\\s*(?:${field})\\b\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\\+\\+|--)\\s*[\\w\\].)>-]*(?:\\.|->)\\s*(?:${field})\\b|(?:\\.|->)\\s*(?:${field})\\b\\s*(?:\\+\\+|--)|(?:[(,=?:]|\\breturn)\\s*&\\s*[\\w\\].)>[-]*(?:\\.|->)\\s*(?:${field})\\b`);
  const bare = name.replace(/^(struct|union)\s+/, '');
  const pointerWrite = new RegExp(`\\b(?:memcpy|memset|memmove)\\s*\\(\\s*(?:\\([^()]*\\)\\s*)?&?\\s*${esc(g.name)}\\b|\\b${esc(bare)}\\s*\\*\\s*(\\w+)`, 'g');
  const ownFieldWrite = new RegExp(`\\b${esc(g.name)}\\s*\\.\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)`);
  for (const f of ext.files) {
    const text = f.parsed.parseText ?? f.source.text;
    if (library ? ownFieldWrite.test(text) : fieldWrite.test(text)) return undefined;
    // Pointers of the struct type: none may be written through as a whole or given to memcpy/memset.
    for (const m of text.matchAll(pointerWrite)) {
      if (!m[1]) return undefined;
      const p = esc(m[1]);
      // (`T *p = &table;` declares p: no write through it.)
      if (new RegExp(`(?:^|[^\\w.>)\\]])(?<!\\b${esc(bare)}\\s*)\\*\\s*(?:[\\w\\].)>-]*(?:\\.|->))?${p}\\s*=(?!=)|\\b${p}\\s*\\[[^\\]]*\\]\\s*=(?!=)|\\b(?:memcpy|memset|memmove)\\s*\\(\\s*(?:\\([^()]*\\)\\s*)?${p}\\b`).test(text)) return undefined;
      // Through the pointer, any field (the library's struct: its fields are not known here).
      if (library && new RegExp(`\\b${p}\\s*->\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|(?:\\+\\+|--)\\s*${p}\\s*->|\\b${p}\\s*->\\s*\\w+\\s*(?:\\+\\+|--)`).test(text)) return undefined;
    }
  }
  return name;
}

/**
 * A struct of a library's type (hiredis's `redisReplyObjectFunctions`) that holds only functions of the
 * extension (or NULL) and is only handed to the library by address: given to a function that is not the
 * extension's (`lib_set_callbacks(&table)`), or stored in a member (`reader->fn = &table`) or a local
 * pointer through which no code of the extension writes. Every interpreter would fill it with the same
 * addresses: it is no Python state. The library could write through the pointer it gets; a library that
 * took a callback table to write it would be unusual, and what it wrote would still be C, not Python.
 */
export function libraryCallbackTable(g: GlobalVar, ext: ExtensionModel): boolean {
  if (g.arrayLen !== undefined || !g.init || g.uses.some((u) => u.func && u.kind !== 'address' && u.kind !== 'decl')) return false;
  if (!onlyCallbacks(g, ext)) return false;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const writes: RegExp[] = [];
  for (const u of g.uses) {
    if (!u.func || u.kind !== 'address') continue;
    const text = u.file.parsed.parseText ?? u.file.source.text;
    const before = text.slice(Math.max(u.func.bodyStart, u.start - 200), u.start);
    const after = text.slice(u.end, u.end + 3);
    if (!/&\s*$/.test(before)) return false;
    const lead = before.replace(/&\s*$/, '');
    const member = /(?:\.|->)\s*([A-Za-z_]\w*)\s*=\s*$/.exec(lead);
    const local = /(?:^|[;{}\s*])([A-Za-z_]\w*)\s*=\s*$/.exec(lead);
    const call = /\b([A-Za-z_]\w*)\s*\([^()]*$/.exec(lead);
    if (member && /^\s*;/.test(after)) writes.push(new RegExp(`(?:\\.|->)\\s*${esc(member[1])}\\s*(?:\\.|->)\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\b(?:memcpy|memset|memmove)\\s*\\([^,;]*(?:\\.|->)\\s*${esc(member[1])}\\s*,`));
    else if (local && !member && /^\s*;/.test(after)) writes.push(new RegExp(`\\b${esc(local[1])}\\s*->\\s*\\w+\\s*(?:\\[[^\\]]*\\]\\s*)*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\*\\s*${esc(local[1])}\\s*=(?!=)|\\b(?:memcpy|memset|memmove)\\s*\\(\\s*${esc(local[1])}\\b`));
    else if (call && !ext.functionsByName.has(call[1]) && /^\s*[,)]/.test(after)) continue;
    else return false;
  }
  return !ext.files.some((f) => writes.some((re) => re.test(f.parsed.parseText ?? f.source.text)));
}

/**
 * Literal data that no code of the extension writes and whose address (or a member's) is only handed
 * on (pykerberos's OID bytes: `krb5_mech_oid.elements = &krb5_mech_oid_bytes.b;`): its initializer
 * holds numbers, characters and strings only, no use writes it, and every `&g` is stored into a member
 * that no code of the extension reads back (so none writes through it), or given to a function that is
 * not the extension's. Every interpreter would hold the same bytes, so one copy shared by all loses
 * nothing; a copy in the module state would even be wrong where the pointer outlives the module (the
 * OID above is exported in a capsule). As for a callback table, the library could write through the
 * pointer it is given: one that wrote into data it was given to read would be unusual, and what it
 * wrote would still be C, not Python. Returns where the address goes (for the finding), or undefined.
 */
export function lentLiteralData(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (g.category !== 'mutable-c' || g.isPythonObject || g.pointerDepth > 0 || !g.init) return undefined;
  const values = g.init.text
    .replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, '')
    .replace(/"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)+'/g, '0')
    .replace(/(?:\.\s*[A-Za-z_]\w*|\[\s*\w+\s*\])\s*=/g, '')
    .replace(/\b(?:0[xX][0-9a-fA-F]+|\d+(?:\.\d*)?(?:[eE][-+]?\d+)?)[uUlLfF]*\b/g, '');
  if (!/^[\s{}(),+\-~|]*$/.test(values)) return undefined;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  const places: string[] = [];
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (u.kind !== 'address' || !u.func) return undefined;
    const text = u.file.parsed.parseText ?? u.file.source.text;
    const before = text.slice(Math.max(u.func.bodyStart, u.start - 200), u.start);
    // `&g`, `&g.member`, `&g[i]` up to the end of the statement or argument.
    const after = /^\s*(?:\.\s*[A-Za-z_]\w*|\[[^\]]*\])*\s*([;,)])/.exec(text.slice(u.end, u.end + 80));
    if (!/&\s*$/.test(before) || !after) return undefined;
    const lead = before.replace(/&\s*$/, '');
    const member = /(?:\.|->)\s*([A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?$/.exec(lead);
    const call = /\b([A-Za-z_]\w*)\s*\([^()]*$/.exec(lead);
    if (member && after[1] === ';') {
      // Nothing reads the member back: only stores (`x.m = ...`) name it.
      const read = new RegExp(`(?:\\.|->)\\s*${esc(member[1])}\\b(?!\\s*=(?!=))`);
      if (ext.files.some((f) => read.test(f.parsed.parseText ?? f.source.text))) return undefined;
      places.push(`stored in '${member[1]}'`);
    } else if (call && after[1] !== ';' && !ext.functionsByName.has(call[1])) places.push(`given to ${call[1]}()`);
    else return undefined;
  }
  return places.length > 0 ? [...new Set(places)].join(', ') : undefined;
}

/** Every element of the initializer is a function of the extension, NULL or 0. */
function onlyCallbacks(g: GlobalVar, ext: ExtensionModel): boolean {
  const body = /^\s*\{([\s\S]*)\}\s*$/.exec((g.init?.text ?? '').replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*/g, ''));
  if (!body) return false;
  // (Only a trailing comma may leave an empty element.)
  const items = body[1].split(',').map((x) => x.trim()).filter((x, i, a) => x !== '' || i < a.length - 1);
  return items.length > 0 && items.every((x) => {
    const v = x.replace(/^\.\s*\w+\s*=\s*/, '').replace(/^\(\s*[\w\s*()]+\)\s*/, '').replace(/^&\s*/, '').trim();
    return /^(?:NULL|0)$/.test(v) || (/^[A-Za-z_]\w*$/.test(v) && ext.functionsByName.has(v));
  });
}

/**
 * Every `&g` is an argument of a call or the value of a local (`cb = flag ? &a : &b;`): never stored
 * into a member or a global, through which a write would not show as a write through its type.
 */
function lentToLocalsOrCalls(g: GlobalVar): boolean {
  return g.uses.every((u) => {
    if (u.kind !== 'address') return u.kind === 'decl' || !u.func;
    if (!u.func) return false;
    const text = u.file.parsed.parseText ?? u.file.source.text;
    const before = text.slice(Math.max(u.func.bodyStart, u.start - 200), u.start).replace(/&\s*$/, '');
    if (/(?:\.|->)\s*[A-Za-z_]\w*\s*(?:\[[^\]]*\]\s*)*=\s*(?:[^;=]*[?:]\s*)?$/.test(before)) return false;
    const local = /(?:^|[;{}\s*(])([A-Za-z_]\w*)\s*=\s*(?:[^;=]*[?:]\s*)?$/.exec(before);
    if (local) return new RegExp(`\\b${local[1]}\\b`).test(text.slice(u.func.bodyStart, u.func.bodyEnd).split(/[;{}]/).find((st) => new RegExp(`\\*\\s*${local[1]}\\b`).test(st)) ?? '');
    return /\b[A-Za-z_]\w*\s*\([^()]*$/.test(before) || /,\s*$/.test(before);
  });
}

/**
 * An array length the state struct can repeat: a name or a constant expression of numbers and
 * names (`ERR_MAX - ERR_MIN + 1`) whose macros a .c file of the extension defines, if at all,
 * before its first function (the state struct goes above the first function that needs it).
 */
export function stateArrayLength(len: string, ext: ExtensionModel): boolean {
  if (/^\w+$/.test(len)) return true;
  if (!/^[\w\s+\-*/()]+$/.test(len) || !/\w/.test(len)) return false;
  for (const name of len.match(/[A-Za-z_]\w*/g) ?? []) {
    for (const f of ext.files) {
      if (isHeaderPath(f.path)) continue;
      const def = definitionsOf(f.parsed.lex, name)[0];
      if (!def) continue;
      const firstFn = f.functions.reduce((m, fn) => Math.min(m, fn.declStart), Infinity);
      if (def.start > firstFn) return false;
    }
  }
  return true;
}

/** An initializer the state can start from: nothing, or zero (module state is zero-filled). */
function zeroInit(text: string): boolean {
  return /^\s*(?:0|0[uUlL]*|0\.0f?|NULL|false|\(\s*\w+\s*\*?\s*\)\s*(?:0|NULL)|\{\s*(?:0|NULL)?\s*\})\s*$/.test(text);
}

/** A scalar initializer exec can assign (`= 1`, `= -1`, `= -1.0`, `= 1e-9`, `= hash_generic`, `= MY_DEFAULT`). */
function scalarInit(text: string): boolean {
  return /^\s*[-+]?\s*(?:\w+|(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?[fFlL]?|\d+[eE][-+]?\d+[fFlL]?|'(?:[^'\\]|\\.)+')\s*$/.test(text) && !/^\s*\{/.test(text);
}

/**
 * Why `g` cannot become a C field of the state (with the place that stops it), or undefined when
 * it can. The uses decide, as for Python objects: every function that reads or writes it must
 * reach the state.
 */
/**
 * The functions that use `g`, when every one of them is code nothing in the extension reaches: no
 * call, no address taken, no slot or table entry, no export mark, not the init function (a vendored
 * library's non-reentrant variant that the module never calls: `struct tm *lib_localtime(t)` with
 * its static result). Under assume-internal every caller is among the files given, so nothing
 * writes `g` at run time; undefined otherwise.
 */
export function unreachedUsers(g: GlobalVar, ctx: TransformContext): FunctionInfo[] | undefined {
  if (!ctx.options.assumeInternal) return undefined;
  const funcs = new Set<FunctionInfo>();
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (!u.func) return undefined;
    funcs.add(u.func);
  }
  if (g.scope === 'function' && g.func) funcs.add(g.func);
  if (funcs.size === 0) return undefined;
  for (const f of funcs) {
    if (f === ctx.ext.init?.func || f === ctx.ext.init?.entry || /^PyInit_/.test(f.name) || ctx.roles.of(f).length > 0 || ctx.roles.referencedAsValue.has(f.name)) return undefined;
    const sites = ctx.access.callSites(f);
    if (sites.calls.length > 0 || sites.valueUses.length > 0 || sites.macroCalls.length > 0) return undefined;
    // Another .c file of the tree names it (pycurl's `PYCURL_INTERNAL int pycurl_ssl_init(void)`, static only in
    // single-file builds, called from module.c): it may well be called.
    if ([...ctx.ext.files, ...(ctx.ext.otherFiles ?? [])].some((x) => x !== f.file && !isHeaderPath(x.path) && x.allIdentifiers.has(f.name))) return undefined;
    if (!f.isStatic && exportMark(ctx.ext, f.name, f.file, f.declStart, f.paramsStart)) return undefined;
    if (pastedNameCouldBe(f.file, f.name)) return undefined;
  }
  return [...funcs].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** A function using `g` that nothing calls or lists where the tool can see, and whose name a pasting macro could form. */
function hiddenUser(g: GlobalVar, ctx: TransformContext): FunctionInfo | undefined {
  for (const u of g.uses) {
    const f = u.func;
    if (!f || f === ctx.ext.init?.func || f === ctx.ext.init?.entry || ctx.roles.of(f).length > 0 || ctx.roles.referencedAsValue.has(f.name)) continue;
    const sites = ctx.access.callSites(f);
    if (sites.calls.length > 0 || sites.valueUses.length > 0 || sites.macroCalls.length > 0) continue;
    if (pastedNameCouldBe(f.file, f.name)) return f;
  }
  return undefined;
}

/**
 * A function-like macro of `file` pastes a name that could be `name` (`bt_ ## name`, `name ## _impl`): a
 * use of it may take the function's address where no call of it can be seen.
 */
function pastedNameCouldBe(file: FileModel, name: string): boolean {
  for (const m of file.macros.values()) {
    if (!m.params || !m.body.includes('##')) continue;
    for (const p of m.body.matchAll(/(\w+)\s*##\s*(\w+)/g)) {
      const [, left, right] = p;
      if (m.params.includes(right) && !m.params.includes(left) && name.startsWith(left)) return true;
      if (m.params.includes(left) && !m.params.includes(right) && name.endsWith(right)) return true;
    }
  }
  return false;
}

export function cDataProblem(g: GlobalVar, ctx: TransformContext): { reason: string; steps: string; at?: number; file?: FileModel } | undefined {
  const steps = 'decide: make it a field of the module state by hand, a const table, or per-process data behind a lock or an atomic';
  if (g.inTemplate) return { reason: 'it is declared inside a .c.src template block', steps };
  const twin = repeatedDeclaration(g, ctx.ext);
  if (twin) return twin;
  const setHere = selfSetGuard(g);
  if (setHere) return setHere;
  if (g.scope === 'file' && g.storage !== 'static') {
    const exported = g.storage === 'extern' ? 'is declared extern here' : ctx.options.assumeInternal ? exportedBy(ctx.ext, g.name, g.file, g.declStart, g.declaratorStart, 'data') : 'assume-internal is off';
    if (exported) return { reason: `it is not static and ${exported}, so code outside these files may use it by name`, steps: 'make it static (when only this extension uses it), then run again' };
  }
  if (isHeaderPath(g.file.path)) return { reason: 'it is declared in a header, so every file that includes it has its own copy', steps };
  const dims = arrayDims(g);
  const declarator = g.file.source.text.slice(g.declaratorStart, g.declaratorEnd).replace(/=[^]*$/, '');
  if ((!dims && (declarator.match(/\[/g) ?? []).length > 1) || /\(/.test(declarator)) return { reason: `its declarator (${declarator.trim()}) cannot be written as a field as it is`, steps: 'give the type a typedef name, then run again' };
  if (g.arrayLen !== undefined && (!dims || dims.some((d) => !stateArrayLength(d, ctx.ext)))) return { reason: 'it is an array without a simple length', steps };
  if (/[()[\]]/.test(g.ctype.replace(/\[[^\]]*\]$/, ''))) return { reason: `its type (${g.ctype}) cannot be written as a field as it is`, steps: 'give the type a typedef name, then run again' };
  if (g.init && !zeroInit(g.init.text) && (g.arrayLen !== undefined || !scalarInit(g.init.text))) {
    const why = templateProblem(g, ctx);
    if (why) return { reason: `it starts as '${short(g.init.text)}', which ${why}`, steps };
  }
  const late = lateType(g, ctx.ext);
  if (late) return { reason: `its type ${g.baseType} is defined in ${late} after the place the state struct may go`, steps: `move the definition of ${g.baseType} to the top of the file (or a header), then run again` };
  const system = conditionalSystemHeader(g, ctx.ext);
  if (system) return { reason: `its type ${g.baseType} is declared by none of the extension's files, so it comes from a system header such as ${system}, which the file includes inside an #if block above it: the state struct cannot go inside that block, and above it the type is not declared`, steps: `include ${system} at the top of the file (under the same condition), then run again` };
  const guard = processWideGuard(g);
  if (guard) return { reason: `it guards a process-wide registration (${guard.api}() in ${guard.use.func!.name}()), which must stay once per process`, steps: 'keep it per process (behind a lock or an atomic), and accept the finding with a suppression comment', at: guard.use.start, file: guard.use.file };
  const stored = g.uses.find((u) => u.kind === 'address' && u.func && storesAddress(u.file, u.start));
  if (stored) return { reason: `its address is stored (in ${stored.func!.name}()), and may outlive the module`, steps, at: stored.start, file: stored.file };
  const pasted = pastedBy(g.name, ctx);
  if (pasted) return { reason: `macro ${pasted}() builds identifiers by token pasting and may use it where no rewrite can see`, steps: 'expand the macro by hand for this name, then run again' };
  const hidden = hiddenUser(g, ctx);
  if (hidden) return { reason: `${hidden.name}() uses it, and no call or table entry of ${hidden.name}() can be seen, while a macro of its file pastes names like it: its address may be taken there, where the state cannot be handed to it`, steps: 'expand that macro by hand where it names the function, then run again', at: hidden.start, file: hidden.file };
  const p = useProblem(g.uses, g.name, ctx);
  if (p) return { reason: p.reason, steps: p.suggestion, at: p.at, file: p.file };
  if (ctx.moduleReady !== true) return { reason: `the module cannot get a state yet: ${ctx.moduleReady}`, steps: 'resolve the multi-phase-init finding first' };
  return undefined;
}

/**
 * `#ifndef X` / `#define X ...` / `static int g;` / `#endif`: the field, its fill in exec and its uses
 * would each be compiled under `#ifndef X` where they stand, and X differs above and below the block.
 */
export function selfSetGuard(g: GlobalVar): { reason: string; steps: string } | undefined {
  const name = g.guard ? guardMacroSetInBlock(g.file.parsed.lex, g.declStart, g.guard) : undefined;
  if (!name) return undefined;
  return {
    reason: `it is declared in an #if block that itself #defines or #undefs ${name}, which the block's own condition reads, so code written for it elsewhere in the file would be compiled under a different condition`,
    steps: `move the #define of ${name} out of that block (or the declaration out of the #if), then run again`,
  };
}

/**
 * Another declaration of the same name in the same scope where one of the two is under an #if
 * (`#ifdef _WIN32 static int x = 1; #else static int x = 2; #endif`, or `static int x;` and again
 * under `#if A`): one field cannot stand for both. Every declaration of the name is refused alike:
 * moving the unconditional one and keeping the other left a global that the next run moved
 * (fuzz regression 36c6d4f89ad5). Plain repeats (`static T x;` then `static T x = NULL;`, one object)
 * are manual too: both moves removed and rewrote the same text, and the conflicting edits refused
 * the whole extension. The reason and the manual step, or undefined.
 */
export function repeatedDeclaration(g: GlobalVar, ext: ExtensionModel): { reason: string; steps: string } | undefined {
  const twins = ext.globals.filter((o) => o !== g && o.name === g.name && o.file === g.file && o.scope === g.scope && o.func === g.func);
  if (twins.length === 0) return undefined;
  const line = (o: GlobalVar): number => o.file.source.position(o.declStart).line;
  const steps = 'declare it once, outside the #if, then run again';
  const other = twins.find((o) => o.conditional);
  if (g.conditional && !other) return { reason: `it is declared under #if ${g.guard!.expr} and again outside it (line ${line(twins[0])}), and one state field cannot stand for both`, steps };
  if (g.conditional) return { reason: `it is declared in more than one #if branch (${g.guard!.expr} and another), and one state field cannot stand for both`, steps };
  if (other) return { reason: `it is declared again under #if ${other.guard!.expr} (line ${line(other)}), and one state field cannot stand for both`, steps };
  // `static T x;` ahead of `static T x = {...};` is one object, declared ahead because code above the
  // definition names it: deleting the declaration ahead would break that code.
  const all = [g, ...twins].sort((a, b) => a.declStart - b.declStart);
  const ahead = all.length === 2 && !all[0].init && !!all[1].init;
  const manualSteps = ahead
    ? `it is one object declared ahead (line ${line(all[0])}) of its definition (line ${line(all[1])}): move it into the module state by hand, or move the definition up in place of the declaration ahead when its initializer names nothing defined in between, then run again`
    : 'keep one declaration of it (the one with the initializer), then run again';
  return { reason: `it is declared more than once (again at line ${line(twins[0])}), and moving a repeated declaration is not automated`, steps: manualSteps };
}

/** Calls that register something for the whole process: a flag written next to one guards it. */
const PROCESS_WIDE = /\b(Py_AtExit|atexit|at_quick_exit|signal|sigaction|pthread_atfork|pthread_once|PyOS_setsig|\w+_global_init)\s*\(/;

function processWideGuard(g: GlobalVar): { api: string; use: GlobalVar['uses'][number] } | undefined {
  for (const u of g.uses) {
    if (!u.func || (u.kind !== 'write' && u.kind !== 'member-write')) continue;
    const m = PROCESS_WIDE.exec(u.func.file.source.text.slice(u.func.bodyStart, u.func.bodyEnd));
    if (m) return { api: m[1], use: u };
  }
  return undefined;
}

/** An initializer on one line, cut at 40 characters. */
function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** `p = &x;` / `s.f = &x;`: the address goes into a variable (a call argument `f(&x)` is lent, not kept). */
function storesAddress(file: FileModel, at: number): boolean {
  const text = file.source.text;
  const amp = text.lastIndexOf('&', at);
  const before = text.slice(Math.max(0, amp - 80), amp);
  return /[^=!<>]=\s*(?:\([^()]*\)\s*)?$/.test(before) || /\breturn\s*(?:\([^()]*\)\s*)?$/.test(before);
}

/**
 * A type defined in a .c file after the file's first function or prototype: the state struct goes
 * above the first function that needs it, so it could come before the type.
 */
function lateType(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (BUILTIN.test(g.baseType.trim()) || (/^(struct|union|enum)\s/.test(g.baseType) && g.pointerDepth > 0)) return undefined;
  for (const f of ext.files) {
    if (isHeaderPath(f.path)) continue;
    const span = typeDefinitionSpan(f, g.baseType);
    if (!span) continue;
    if (span.end > firstStateUserCandidate(f, ext)) return f.path.replace(/^.*[\\/]/, '');
  }
  return undefined;
}

/**
 * The `#include <...>` inside an #if block above `g` (pyinstrument's `<windows.h>` under
 * `#if defined(MS_WINDOWS)`, before `static LARGE_INTEGER ctrStart;`), when g's type is no builtin and
 * no file of the extension declares it: the type presumably comes from that header.
 */
function conditionalSystemHeader(g: GlobalVar, ext: ExtensionModel): string | undefined {
  const base = g.baseType.replace(/\b(const|volatile)\b/g, '').trim();
  if (BUILTIN.test(base) || /^(struct|union|enum)\s/.test(base) || /^_?Py/.test(base)) return undefined;
  if (ext.files.some((f) => typeDefinitionSpan(f, g.baseType))) return undefined;
  const lx = g.file.parsed.lex;
  const inc = lx.directives.find((d) => d.kind === 'include' && d.start < g.declStart && /^\s*</.test(d.rest) && branchesAt(lx, d.start).length > 0);
  if (!inc) return undefined;
  const header = inc.rest.trim().replace(/\s.*$/, '');
  // The header included under the field's own condition above every place the state struct may go
  // (pyinstrument's <windows.h> for a QueryPerformanceCounter origin, once the file includes it at the
  // top as this finding asks): the field, written under that condition, sees the type.
  const stateAt = firstStateUserCandidate(g.file, ext);
  // (Its #if block must end above that place: the state struct cannot go inside it.)
  const around = new Set(Number.isFinite(stateAt) ? branchesAt(lx, stateAt) : []);
  const includedUnder = (at: number): boolean => {
    const c = guardAt(lx, at);
    return !!c && impliedBy(c, g.guard) && !branchesAt(lx, at).some((b) => around.has(b));
  };
  const seen = lx.directives.some((d) => d.kind === 'include' && d.start < stateAt && d.rest.trim().replace(/\s.*$/, '') === header && (branchesAt(lx, d.start).length === 0 || includedUnder(d.start)));
  return seen ? undefined : header;
}

/**
 * The earliest place in `f` that may need the state struct: a function (or its prototype) that uses
 * one of the extension's Python-object or written globals and statics, or a static type: what may
 * move into the state.
 * The state block goes below a typedef that ends above it (emit's blockPoint), so a type defined
 * after the code that never touches module state (a type's own methods, pybcj) is no obstacle.
 */
function firstStateUserCandidate(f: FileModel, ext: ExtensionModel): number {
  const users = new Set<FunctionInfo>();
  // Constants and read-only tables stay where they are: their users need no state.
  const movable = ext.globals.filter((g) => !g.isConst && (g.isPythonObject || g.objectGuess || g.mutatedBy !== undefined));
  for (const g of movable) for (const u of g.uses) if (u.func && u.file === f) users.add(u.func);
  for (const g of movable) if (g.scope === 'function' && g.func && g.func.file === f) users.add(g.func);
  for (const t of ext.types) for (const u of t.uses) if (u.func && u.file === f) users.add(u.func);
  let first = Infinity;
  for (const fn of users) {
    first = Math.min(first, fn.declStart);
    const proto = f.prototypes.get(fn.name);
    if (proto) first = Math.min(first, proto.start);
  }
  return first;
}

/**
 * The lengths of an array's dimensions as its declarator writes them (`[4][256]` gives 4 and 256;
 * a table of tables is plain C in a struct too), or undefined for anything but a name followed by
 * lengths (a pointer to an array, a function pointer: those need a typedef to be a field).
 */
export function arrayDims(g: GlobalVar): string[] | undefined {
  if (g.arrayLen === undefined) return undefined;
  const declarator = g.file.source.text.slice(g.declaratorStart, g.declaratorEnd).replace(/=[^]*$/, '');
  const m = /^\s*\**\s*(?:const\s+)?\w+\s*((?:\[[^[\]]*\]\s*)+)$/.exec(declarator);
  if (!m) return undefined;
  const dims = [...m[1].matchAll(/\[([^[\]]*)\]/g)].map((d) => d[1].trim());
  return dims.every((d) => d !== '') ? dims : undefined;
}

/**
 * Why exec cannot copy `g`'s aggregate initializer (`{ Alloc, Free }`, a table's values) from a
 * `static const` template left in the declaration's place, or undefined when it can: the template
 * keeps the original's text (its names are visible there by construction), so exec must see it
 * (same file, below it), and `const` must make the whole object read-only.
 */
function templateProblem(g: GlobalVar, ctx: TransformContext): string | undefined {
  if (!/^\s*\{/.test(g.init!.text)) return 'the state cannot start from';
  if (g.scope !== 'file' || g.siblings > 1) return 'can be copied from a template only when it is declared alone at file scope';
  if (g.pointerDepth > 0) return 'can be copied only from a template of its own type, and const would not cover its pointers';
  if (/[{}]/.test(g.baseType)) return 'has a type without a name, so a template of it would be another type';
  if (!new RegExp(`^\\s*${g.name}\\b`).test(g.file.source.text.slice(g.declaratorStart, g.declaratorEnd))) return 'can be copied only from a template whose declarator starts with its name';
  const exec = ctx.plan.execFunction ?? ctx.ext.init?.func;
  if (!exec || exec.file !== g.file || exec.declStart < g.declEnd) return "can be copied only from a template the module's init sees (in its file, above it)";
  if (new RegExp(`\\b${g.name}\\b`).test(g.init!.text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return 'refers to itself';
  return undefined;
}

/**
 * The name of the `static const` template an aggregate initializer stays in: `<name>_initial`,
 * or with a number when a file of the extension (its headers included) uses that name already.
 */
function templateName(g: GlobalVar, ext: ExtensionModel): string {
  for (let i = 0; ; i++) {
    const name = `${g.name}_initial${i === 0 ? '' : i + 1}`;
    const word = new RegExp(`\\b${name}\\b`);
    if (!ext.files.some((f) => word.test(f.source.text))) return name;
  }
}

/** The field's C type and how it starts: `int` with `= 1` assigned in exec, arrays keep their lengths. */
export function cDataField(g: GlobalVar, ext: ExtensionModel): { ctype: string; arrayLen?: string; innerDims?: string; cInit?: string; cCopy?: string } {
  let ctype = (g.arrayLen !== undefined ? g.ctype.replace(/\s*\[[^\]]*\]$/, '') : g.ctype).replace(/^\s*(static|extern)\s+/, '').trim();
  // `static const char *name;`: the pointer is written, what it points to stays const.
  if (g.pointerDepth > 0 && !/\bconst\b/.test(ctype) && /\bconst\b/.test(g.file.source.text.slice(g.declStart, g.declaratorStart))) ctype = `const ${ctype}`;
  const aggregate = g.init !== undefined && !zeroInit(g.init.text) && /^\s*\{/.test(g.init.text);
  const cInit = g.init && !zeroInit(g.init.text) && !aggregate ? g.init.text.trim() : undefined;
  const dims = arrayDims(g);
  const innerDims = dims && dims.length > 1 ? dims.slice(1).map((d) => `[${d}]`).join('') : undefined;
  return { ctype, arrayLen: dims?.[0] ?? g.arrayLen, innerDims, cInit, cCopy: aggregate ? templateName(g, ext) : undefined };
}

export function describeUse(g: GlobalVar, at: number | undefined, file: FileModel | undefined): string {
  return at !== undefined && at !== g.declStart ? ` (at ${useLocation(file ?? g.file, at, g.file)})` : '';
}

/** The decision of globals-to-state / function-statics-to-state for C data: move it, or leave the report to checks. */
export function decideCData(g: GlobalVar, ctx: TransformContext, id: string, what: 'global' | 'static'): Decision {
  if (readOnlyInPractice(g, ctx.ext) || lentLiteralData(g, ctx.ext) || unreachedUsers(g, ctx) || cDataProblem(g, ctx)) return { action: 'skip', findings: [] };
  const where = g.scope === 'function' ? ` in ${g.func!.name}()` : '';
  const field = cDataField(g, ctx.ext);
  const findings = [
    ctx.finding(g.file, g.declStart, g.declEnd, 'mutable-c-data', 'error', 'auto',
      `mutable C ${what} '${g.name}'${where} is shared by every interpreter (a data race with a per-interpreter GIL)`,
      `${id} moves it into ${ctx.plan.names.struct} as a C field (per module)${field.cInit ? `, starting as ${field.cInit} in exec` : field.cCopy ? `, starting as a copy of its initial value (kept in static const ${field.cCopy}) in exec` : ''}, and rewrites its ${g.uses.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}`),
  ];
  // A pointer to memory the code allocates (a C free list, a cache): kept for the process before,
  // now one per module, and nothing releases it when the module goes.
  const alloc = g.pointerDepth > 0 ? g.uses.find((u) => u.func && ALLOCATES.test(u.func.file.source.text.slice(u.func.bodyStart, u.func.bodyEnd))) : undefined;
  if (alloc) {
    findings.push(ctx.finding(g.file, g.declStart, g.declEnd, 'c-data-lifetime', 'warning', 'none',
      `'${g.name}' points to memory allocated in ${alloc.func!.name}(): as a state field it is one per module, and nothing frees what it holds when the module goes`,
      "free it in the module's m_free if it owns memory"));
  }
  return { action: 'apply', findings };
}

const ALLOCATES = /\b(malloc|calloc|realloc|strdup|PyMem_(Raw)?(Malloc|Calloc|Realloc)|PyObject_(Malloc|Calloc|Realloc))\s*\(/;

/**
 * `static <mod>_state *<mod>_main_state = NULL;`: the legacy C-API's module, which capsule-api-to-state
 * writes per process on purpose. A later run leaves it where one run leaves it.
 */
export function isOwnMainState(g: GlobalVar, ctx: TransformContext): boolean {
  const n = ctx.plan.names;
  return g.scope === 'file' && g.name === n.mainState && g.ctype.replace(/\s+/g, '') === `${n.struct}*`;
}

export function editCData(g: GlobalVar, ctx: TransformContext, id: string): void {
  const { ctype, arrayLen, innerDims, cInit, cCopy } = cDataField(g, ctx.ext);
  const prefix = g.scope === 'function' ? outputName(ctx, g.func!) : g.file.path.replace(/^.*[\\/]/, '').replace(/\W.*$/, '');
  // The comment of a declaration that stays as the template documents the values: it stays too.
  const doc = g.scope === 'file' && g.siblings <= 1 && !cCopy ? leadingComment(g.file.source, g.declStart) : undefined;
  const field = ctx.plan.request({
    doc: doc?.text,
    name: ctx.plan.freeFieldName(g.name, prefix),
    ctype,
    arrayLen,
    innerDims,
    owns: 'none',
    cInit,
    cCopy,
    guard: g.guard,
    was: `${g.storage === 'static' ? 'static ' : ''}${ctype.replace(/\{[^]*\}/, '{...}').replace(/\s+/g, ' ')}${ctype.endsWith('*') ? '' : ' '}${g.name}${arrayLen !== undefined ? `[${arrayLen}]${innerDims ?? ''}` : ''}${g.scope === 'function' ? ` in ${outputName(ctx, g.func!)}()` : ''}`,
    from: id,
  });
  rewriteUses(g.uses, g.name, field, ctx);
  const dispatch = dispatches(ctx.ext).get(g);
  if (dispatch && dispatchActive(dispatch, ctx)) editDispatch(dispatch, ctx);
  if (cCopy) keepAsTemplate(g, cCopy, ctx);
  else removeGlobalDeclaration(g, ctx);
}

/**
 * `static ISzAlloc allocator = { Alloc, Free };` -> `static const ISzAlloc allocator_initial = { Alloc,
 * Free };`: the initial value stays where it was written, read-only, for exec to copy into the
 * state; the `extern` declarations of the old name go.
 */
function keepAsTemplate(g: GlobalVar, name: string, ctx: TransformContext): void {
  const text = g.file.source.text;
  const head = text.slice(g.declStart, g.declaratorStart);
  const storage = /\bstatic\s+/.exec(head);
  if (storage) ctx.insert(g.file, g.declStart + storage.index + storage[0].length, 'const ');
  else ctx.insert(g.file, g.declStart, 'static const ');
  const at = g.declaratorStart + /^\s*/.exec(text.slice(g.declaratorStart))![0].length;
  if (text.slice(at, at + g.name.length) !== g.name) throw new Error(`internal: the declarator of ${g.name} does not start with its name`);
  ctx.replace(g.file, at, at + g.name.length, name);
  removeExternDeclarations(g, ctx);
}
