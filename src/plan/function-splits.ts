/**
 * Functions split or threaded for the state: a C-API entry or module function that some callers
 * reach without their module becomes `F_impl(st, ...)` plus a wrapper; a converter gets an
 * adapter; a helper gets the state (or the module) as a new first parameter, its prototypes and
 * calls too.
 */
import type { TransformContext } from '../../transforms/types';
import type { FileModel, FunctionInfo } from '../model/types';
import type { Access } from './access-kinds';
import { guardAt, inAssert, type Guard } from '../core/conditions';
import { isHeaderPath } from '../core/parse';
import { macroUsers } from '../model/macro-users';
import { macroCallGuard, useGuard } from './use-guards';
import { EMITTER } from './state-plan';
import { hoist } from './hoist';
import { styled } from './code-style';
import { moduleArgument } from './state-accessors';

/**
 * `F(args)` -> `F_impl(st, args)` plus a legacy `F(args)` for the C-API table (see renderMainState).
 * `loadsOnce`: the module loads once per process (its load-once guard stays), see mainCallers.
 */
export function splitExported(ctx: TransformContext, f: FunctionInfo, a: Extract<Access, { kind: 'split' }>, loadsOnce = false): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const text = src.text;
  const st = ctx.plan.stateVar(f);
  const nameAt = text.indexOf(f.name, f.declStart);
  ctx.replace(f.file, nameAt, nameAt + f.name.length, `${f.name}_impl`);
  const inner = text.slice(f.paramsStart + 1, f.paramsEnd).trim();
  if (inner === '' || inner === 'void') ctx.replace(f.file, f.paramsStart + 1, f.paramsEnd, `${n.struct} *${st}`);
  else ctx.insert(f.file, f.paramsStart + 1, `${n.struct} *${st}, `, 0);
  const args = f.params.map((p) => p.name).filter((p) => p !== '');
  const ret = f.returnType;
  const lookup = a.objectParam
    ? [`    ${n.struct} *${st} = ${n.byType}(Py_TYPE(${a.objectParam}));`, `    if (${st} == NULL) {`, `        PyErr_Clear();`, `        ${st} = ${n.legacyState}();`, `    }`]
    : [`    ${n.struct} *${st} = ${n.legacyState}();`];
  const wrapper = [
    ``,
    ``,
    `/* For the C-API table: ${a.objectParam ? `the module of ${a.objectParam}'s type, else ` : ''}the main interpreter's module (pyext-isolate). */`,
    `static ${ret}`,
    `${f.name}(${inner === '' ? 'void' : inner.replace(/\s*\n\s*/g, ' ')})`,
    `{`,
    ...lookup,
    `    if (${st} == NULL) {`,
    `        return ${a.errorValue};`,
    `    }`,
    `    return ${f.name}_impl(${st}${args.length > 0 ? ', ' + args.join(', ') : ''});`,
    `}`,
  ].join('\n');
  ctx.insert(f.file, f.end, styled(f.file, wrapper), 10);
  if (loadsOnce) mainCallers(ctx, f, inner, args);
  // Callers that have a state use it directly.
  for (const c of ctx.access.callSites(f).calls) {
    const ca = ctx.accessOf(c.caller);
    // Through an alias macro the call still names the legacy wrapper, which serves it.
    if (ca.kind === 'none' || ca.kind === 'split' || c.caller === f || c.alias) continue;
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + f.name.length);
    let j = open + 1;
    while (j < t.length && /\s/.test(t[j])) j++;
    ctx.replace(c.file, c.at, c.at + f.name.length, `${f.name}_impl`);
    const cst = ctx.plan.stateVar(c.caller);
    ctx.insert(c.file, open + 1, t[j] === ')' ? cst : `${cst}, `, 0);
    ctx.plan.needState(c.caller, EMITTER, callGuard(c.file, c.at, c.caller));
  }
}

/**
 * Callers in f's file, below it, that have no state (a method of a type that stays static), in a
 * module that loads once per process: they call `F_main(args)`, which uses the main interpreter's
 * module without asking which interpreter runs, the legacy wrapper's costly check. Such a module
 * cannot be imported in an interpreter with its own GIL (Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED),
 * so its functions run in the main interpreter or in a legacy subinterpreter sharing its GIL, which
 * used the same C globals before the conversion. Loaded first in a legacy subinterpreter, there is no
 * main module: `F_main` then calls the wrapper, which raises RuntimeError as before.
 */
function mainCallers(ctx: TransformContext, f: FunctionInfo, inner: string, args: string[]): void {
  const n = ctx.plan.names;
  const name = `${f.name}_main`;
  if (ctx.ext.functionsByName.has(name) || ctx.ext.files.some((x) => x.allIdentifiers.has(name))) return;
  const text = f.file.source.text;
  const sites = ctx.access.callSites(f).calls.filter((c) => c.file === f.file && c.at > f.end && c.caller !== f && !c.alias && ctx.accessOf(c.caller).kind === 'none' && text.startsWith(f.name, c.at));
  // One call compiled whenever F_main is (not under an #if of its own, not in an assert), or it
  // would be an unused function in some build.
  const lx = f.file.parsed.lex;
  if (!sites.some((c) => !guardAt(lx, c.at, text, f.end) && !inAssert(lx, text, c.caller.bodyStart, c.at))) return;
  const call = (fn: string, first?: string): string => `${fn}(${[...(first ? [first] : []), ...args].join(', ')})`;
  const variant = [
    ``,
    ``,
    `/* For callers that have no state: the module loads once per process (pyext-isolate). */`,
    `static ${f.returnType}`,
    `${name}(${inner === '' ? 'void' : inner.replace(/\s*\n\s*/g, ' ')})`,
    `{`,
    `    if (${n.mainState} == NULL) {`,
    `        return ${call(f.name)};`,
    `    }`,
    `    return ${call(`${f.name}_impl`, n.mainState)};`,
    `}`,
  ].join('\n');
  ctx.insert(f.file, f.end, styled(f.file, variant), 11);
  for (const c of sites) ctx.replace(c.file, c.at, c.at + f.name.length, name);
}

/**
 * A PyArg "O&" converter that now takes the state (plan/converter-routes.ts ConverterRoute): below it,
 * the struct the parser passes as its address and the adapter the parser calls; each parsing call
 * names the adapter and wraps the address with its function's state.
 */
export function converterAdapter(ctx: TransformContext, f: FunctionInfo, route: import('./converter-routes').ConverterRoute): void {
  const n = ctx.plan.names;
  const obj = f.params[0].name;
  const arg = obj === 'arg' ? 'address' : 'arg';
  const local = obj === 'a' ? 'conv' : 'a';
  const star = route.outType.endsWith('*') ? '' : ' ';
  const adapter = [
    ``,
    ``,
    `/* The argument parser calls ${f.name}() through this, with the state (pyext-isolate). */`,
    `typedef struct {`,
    `    ${n.struct} *st;`,
    `    ${route.outType}${star}out;`,
    `} ${f.name}_arg;`,
    ``,
    `static int`,
    `${f.name}_with_state(PyObject *${obj}, void *${arg})`,
    `{`,
    `    ${f.name}_arg *${local} = (${f.name}_arg *)${arg};`,
    `    return ${f.name}(${local}->st, ${obj}, ${local}->out);`,
    `}`,
  ].join('\n');
  ctx.insert(f.file, f.end, styled(f.file, adapter), 10);
  for (const s of route.sites) {
    ctx.replace(s.file, s.nameAt, s.nameAt + f.name.length, `${f.name}_with_state`);
    ctx.insert(s.file, s.addrStart, `&(${f.name}_arg){${ctx.plan.stateVar(s.caller)}, `, 0);
    ctx.insert(s.file, s.addrEnd, '}', 0);
  }
}

/** The `#if` condition of a call inside its caller (a call under `#ifdef _WIN32`), if any. */
export function callGuard(file: FileModel, at: number, caller: FunctionInfo): Guard | undefined {
  return useGuard(file, at, caller);
}

/**
 * A module function that C code also calls without its module: `F(module, args)` becomes
 * `F_impl(st, module, args)`, those callers call it with their own state, and `F` stays for the
 * method table as a wrapper that takes the state from its module.
 */
export function splitModuleFunction(ctx: TransformContext, f: FunctionInfo, a: Extract<Access, { kind: 'module-split' }>): void {
  const n = ctx.plan.names;
  const src = f.file.source;
  const text = src.text;
  const e = src.eol;
  const st = ctx.plan.stateVar(f);
  const nameAt = text.indexOf(f.name, f.declStart);
  const head = text.slice(f.declStart, nameAt);
  const inner = text.slice(f.paramsStart + 1, f.paramsEnd);
  ctx.replace(f.file, nameAt, nameAt + f.name.length, `${f.name}_impl`);
  ctx.insert(f.file, f.paramsStart + 1, `${n.struct} *${st}, `, 0);
  if (!f.isStatic) ctx.insert(f.file, f.declStart, 'static ', 0);
  // The wrapper's parameters read as the original's, without a Py_UNUSED() around the module.
  const p0 = f.params[a.paramIndex];
  let params = inner;
  if (p0?.unusedWrapper) {
    const w = p0.unusedWrapper;
    params = inner.slice(0, w.start - f.paramsStart - 1) + inner.slice(w.end - f.paramsStart - 1, w.closeAt - f.paramsStart - 1) + inner.slice(w.closeAt + 1 - f.paramsStart - 1);
  }
  const oneLine = params.replace(/\s*\r?\n\s*/g, ' ').trim();
  const args = f.params.map((p) => p.name);
  const indent = src.indentUnit;
  const wrapper = [
    ``,
    ``,
    `/* For the method table; C code without the module calls ${f.name}_impl() (pyext-isolate). */`,
    `${head.replace(/^\s+/, '')}${f.name}(${oneLine})`,
    `{`,
    `${indent}return ${f.name}_impl(${n.getState}(${moduleArgument(f, a.paramIndex, a.param)})${args.map((x) => ', ' + x).join('')});`,
    `}`,
  ].join(e);
  ctx.insert(f.file, f.end, wrapper, 10);
  // The C callers that pass no module (and the function's own recursive calls) pass their state.
  const { calls, macroCalls } = ctx.access.callsWithoutModule(f, true);
  let firstBefore: FunctionInfo | undefined;
  let elsewhere: FileModel | undefined;
  for (const c of [...calls, ...macroCalls]) {
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + f.name.length);
    ctx.replace(c.file, c.at, c.at + f.name.length, `${f.name}_impl`);
    // The caller's state (through a macro: the macro's `st`, which its users pass).
    ctx.insert(c.file, open + 1, `${'caller' in c ? ctx.plan.stateVar(c.caller) : 'st'}, `, 0);
    const users = 'caller' in c ? [c.caller] : macroUsers(ctx.ext, c.macro).funcs;
    for (const u of users) {
      ctx.plan.needState(u, EMITTER, 'caller' in c ? callGuard(c.file, c.at, c.caller) : macroCallGuard(c.file, c.at, u));
      if (u.file === f.file && u.start < f.start && (!firstBefore || u.declStart < firstBefore.declStart)) firstBefore = u;
      if (u.file !== f.file) elsewhere ??= u.file;
    }
  }
  if (!firstBefore && !elsewhere) return;
  // Called above its definition, or from another file (an #included .inc, a header): the _impl
  // needs a prototype next to the one that let those callers call F.
  const h = head.replace(/\s+/g, ' ').trim();
  const proto = `${f.isStatic ? '' : 'static '}${h}${h.endsWith('*') ? '' : ' '}${f.name}_impl(${n.struct} *${st}, ${inner.replace(/\s*\r?\n\s*/g, ' ').trim()});`;
  const existing = f.file.prototypes.get(f.name);
  const theirs = elsewhere?.prototypes.get(f.name);
  if (existing) ctx.insert(f.file, src.lineEndIncludingEol(existing.end), `${proto}${e}`, 5);
  else if (firstBefore) ctx.insert(f.file, hoist(f.file, firstBefore.declStart), `${proto}${e}${e}`, 5);
  else if (theirs) ctx.insert(elsewhere!, elsewhere!.source.lineEndIncludingEol(theirs.end), `${proto}${elsewhere!.source.eol}`, 5);
  // Otherwise the static invariants refuse the rewrite, naming the call without a declaration.
}

/**
 * The files whose prototypes of `f` take its new parameter: its own, and for a non-static helper the
 * others (a header); for a static one the headers that declare it static too (`static PyObject
 * *automaton_create(void);` in Automaton.h, for a unity build), when no other file defines the name.
 */
export function prototypeFiles(ctx: TransformContext, f: FunctionInfo): FileModel[] {
  if (!f.isStatic) return ctx.ext.files;
  const unique = ctx.ext.files.every((x) => x === f.file || !x.functions.some((g) => g.name === f.name));
  return [f.file, ...(unique ? ctx.ext.files.filter((x) => x !== f.file && isHeaderPath(x.path) && x.prototypes.get(f.name)?.isStatic) : [])];
}

/**
 * `static` in front of a non-static function only its own file calls, as it takes the state
 * (state-access: makeStatic), and in front of its prototypes in that file.
 */
export function makeStatic(ctx: TransformContext, f: FunctionInfo): void {
  ctx.insert(f.file, f.declStart, 'static ', 0);
  const proto = f.file.prototypes.get(f.name);
  if (proto && !proto.isStatic && proto.start < f.declStart) ctx.insert(f.file, proto.start, 'static ', 0);
}

/**
 * Loose PyMethodDef tables (plan/loose-method-tables) whose functions use the state: their
 * creations pass the module as self, and the helpers on the way from exec get it as a parameter.
 */
export function looseTableEdits(ctx: TransformContext): void {
  const loose = ctx.plan.looseTables;
  if (!loose || !loose.functions.some((f) => ctx.plan.stateUsers.has(f))) return;
  const moduleOf = (f: FunctionInfo): string => {
    const a = ctx.accessOf(f);
    return a.kind === 'module' ? a.param : ctx.plan.execParam ?? 'module';
  };
  for (const [f, c] of loose.carriers) {
    // (A carrier that uses the state itself was given the parameter with the state users.)
    if (!c.added || ctx.plan.stateUsers.has(f)) continue;
    threadParam(ctx, f, `PyObject *${c.param}`, moduleOf, false);
  }
  for (const c of loose.creations) if (c.isNull) ctx.replace(c.file, c.selfStart, c.selfEnd, moduleOf(c.func));
}

/** The new first parameter in f's own parameter list only. */
export function addOwnParam(ctx: TransformContext, f: FunctionInfo, decl: string): void {
  const inner = f.file.source.text.slice(f.paramsStart + 1, f.paramsEnd).trim();
  if (inner === '' || inner === 'void') ctx.replace(f.file, f.paramsStart + 1, f.paramsEnd, decl);
  else ctx.insert(f.file, f.paramsStart + 1, `${decl}, `, 0);
}

/**
 * A new first parameter `decl` of `f` (definition and prototype), and `arg(caller)` as the first
 * argument of every call; `passesState`: that argument is the caller's state, which it then needs.
 */
export function threadParam(ctx: TransformContext, f: FunctionInfo, decl: string, arg: (caller: FunctionInfo) => string, passesState: boolean): void {
  addOwnParam(ctx, f, decl);
  for (const file of prototypeFiles(ctx, f)) {
    const proto = file.prototypes.get(f.name);
    if (!proto) continue;
    const ptext = file.source.text;
    const p = ptext.slice(proto.start, proto.end);
    const open = p.indexOf('(', p.indexOf(f.name));
    if (open === -1) continue;
    let depth = 0;
    let close = -1;
    for (let i = open; i < p.length; i++) {
      if (p[i] === '(') depth++;
      else if (p[i] === ')' && --depth === 0) {
        close = i;
        break;
      }
    }
    if (close === -1) continue;
    const inner = ptext.slice(proto.start + open + 1, proto.start + close).trim();
    if (inner === '' || inner === 'void') ctx.replace(file, proto.start + open + 1, proto.start + close, decl);
    else ctx.insert(file, proto.start + open + 1, `${decl}, `, 0);
  }
  const sites = ctx.access.callSites(f);
  for (const c of [...sites.calls, ...sites.macroCalls]) {
    const t = c.file.source.text;
    const open = t.indexOf('(', c.at + ('alias' in c && c.alias ? c.alias : f.name).length);
    let j = open + 1;
    while (j < t.length && /\s/.test(t[j])) j++;
    // Through a macro: the macro's own `st` (macro-state gives it the parameter), or its module.
    const value = 'caller' in c ? arg(c.caller) : passesState ? 'st' : ctx.plan.execParam ?? 'module';
    ctx.insert(c.file, open + 1, t[j] === ')' ? value : `${value}, `, 0);
    if (!passesState) continue;
    if ('caller' in c) ctx.plan.needState(c.caller, EMITTER, callGuard(c.file, c.at, c.caller));
    else for (const u of macroUsers(ctx.ext, c.macro).funcs) ctx.plan.needState(u, EMITTER, macroCallGuard(c.file, c.at, u));
  }
}
