import * as path from 'path';
/**
 * checks: hazards no transform rewrites, reported so that a human can decide: mutable C data,
 * locks and thread-locals, PyGILState, process-wide callbacks, and files the parser could not
 * read well enough. Detect-only: no edit phase.
 */
import { isInert } from '../../src/core/lex';
import { libraryImport } from '../../src/model/library-imports';
import { atLeast, versionHex } from '../../src/core/pyversion';
import type { FileModel, GlobalVar, ApiCall, HeaderStatic } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { describeUse, isOwnMainState } from '../shared/c-data';
import { isCData, cDataProblem } from '../shared/c-data-problems';
import { readOnlyInPractice, lentLiteralData, libraryCallbackTable } from '../shared/read-only-data';
import { unreachedUsers } from '../shared/unreached-users';
import { staticsInMacros, macroUsers, type MacroStatic } from '../../src/model/macro-users';
import { isPythonObjectType } from '../../src/model/globals';
import { damageCannotHideState, fragmentHeader } from './python-free-damage';
import { damageOnlyInTemplateUses } from './template-use-damage';
import { structSequenceFill } from '../globals-to-state/struct-sequence';
import { unseenTypes, unseenTypeSteps, type UnseenType } from './unseen-types';
import { externWrites, type ExternWrite } from '../shared/extern-writes';
import { libraryInitCalls, type LibraryInitCall } from './library-init';
import { lockAroundCCode } from './library-lock';
import { limitedApiDefines, limitedApiLabel, limitedApiValue } from '../shared/limited-api';

export const ID = 'checks';

/** Files with more than this share of bytes in ERROR nodes are reported. */
export const DAMAGE_THRESHOLD = 0.02;

type Candidate =
  | { kind: 'mutable'; g: GlobalVar }
  | { kind: 'macro-static'; s: MacroStatic }
  | { kind: 'sync'; g: GlobalVar }
  | { kind: 'api'; call: ApiCall; file: FileModel }
  | { kind: 'damage'; file: FileModel }
  | { kind: 'splice'; file: FileModel; at: number }
  | { kind: 'dependency'; call: ApiCall; file: FileModel }
  | { kind: 'method-def-write'; file: FileModel; start: number; end: number; target: string }
  | { kind: 'limited-api'; file: FileModel; start: number; end: number; value: string }
  | { kind: 'outside-static'; file: FileModel; start: number; end: number; header: string; statics: HeaderStatic[] }
  | { kind: 'unseen-type'; u: UnseenType }
  | { kind: 'extern-write'; w: ExternWrite }
  | { kind: 'library-init'; l: LibraryInitCall };

export const checks: Transform<Candidate> = {
  id: ID,
  title: 'Report hazards that need a human',
  minPython: '3.9',
  find(ctx) {
    const out: Candidate[] = [];
    for (const g of ctx.ext.globals) {
      if (isOwnMainState(g, ctx)) continue;
      if (g.category === 'mutable-c') out.push({ kind: 'mutable', g });
      else if (g.category === 'sync') out.push({ kind: 'sync', g });
    }
    for (const s of staticsInMacros(ctx.ext, isPythonObjectType)) if (!s.isObject && s.written) out.push({ kind: 'macro-static', s });
    for (const u of unseenTypes(ctx.ext)) out.push({ kind: 'unseen-type', u });
    for (const w of externWrites(ctx.ext)) out.push({ kind: 'extern-write', w });
    for (const l of libraryInitCalls(ctx.ext)) out.push({ kind: 'library-init', l });
    for (const file of ctx.ext.files) {
      if (file.damageShare > DAMAGE_THRESHOLD || lostBrace(file)) out.push({ kind: 'damage', file });
      const splice = file.parsed.lex.splices[0];
      if (splice !== undefined) out.push({ kind: 'splice', file, at: splice });
      for (const call of file.apiCalls) {
        if (call.func && (libraryImport(call.api)?.dependencyNotIsolated || libraryImport(call.api)?.ownGilFrom)) out.push({ kind: 'dependency', call, file });
        if (/^PyGILState_(Ensure|Release|GetThisThreadState)$/.test(call.api) || call.api === 'Py_AtExit' || call.api === 'Py_mod_gil') out.push({ kind: 'api', call, file });
      }
      out.push(...methodDefWrites(file));
      const limited = limitedApiBelow312(file);
      if (limited) out.push(limited);
    }
    const configured = configuredLimitedApiBelow312(ctx);
    if (configured) out.push(configured);
    out.push(...outsideHeaderStatics(ctx));
    return out;
  },
  decide,
  edit() {
    /* detect-only */
  },
};

/**
 * `static PyTypeObject H224type;` completed by a file-scope `HASH_TYPE(H224type, "m.h224", ...)` whose
 * macro body defines a PyTypeObject (pysha3, CPython's SHA3_TYPE): the macro and the line of that use.
 */
function typeDefiningMacro(g: GlobalVar): { macro: string; line: number; param: string; definedAt: number } | undefined {
  const text = g.file.source.text;
  for (const m of g.file.macros.values()) {
    if (!m.params || m.file || !/\bPyTypeObject\b/.test(m.body)) continue;
    const re = new RegExp(`^[ \\t]*${m.name}\\s*\\(\\s*${g.name}\\s*,`, 'gm');
    const hit = re.exec(text);
    if (hit) return { macro: m.name, line: g.file.source.position(hit.index).line, param: m.params[0] ?? '', definedAt: g.file.source.position(m.start).line };
  }
  return undefined;
}

function decide(c: Candidate, ctx: TransformContext): Decision {
  const one = (file: FileModel, s: number, e: number, check: string, sev: 'error' | 'warning' | 'info', msg: string, steps: string): Decision => ({
    action: sev === 'info' ? 'skip' : 'manual',
    findings: [ctx.finding(file, s, e, check, sev, sev === 'info' ? 'none' : 'manual', msg, steps)],
  });
  switch (c.kind) {
    case 'mutable': {
      const g = c.g;
      // globals-to-state reports it (and converts it when it can).
      if (structSequenceFill(g, ctx.ext)) return { action: 'skip', findings: [] };
      const definer = g.baseType === 'PyTypeObject' && g.pointerDepth === 0 ? typeDefiningMacro(g) : undefined;
      if (definer) {
        return one(g.file, g.declStart, g.declEnd, 'type-defined-by-macro', 'error',
          `static type '${g.name}' is shared by every interpreter; its definition is written by macro ${definer.macro}() (line ${definer.line}), which the tool does not expand, so it cannot become a heap type`,
          `write the PyTypeObject initializer ${definer.macro}() gives (line ${definer.definedAt}) out in place of ${definer.macro}(${g.name}, ...), then run again: the tool handles it as any written-out static type (converts it, or says what else stops it). ` +
          `To keep the macro, do that by hand: its body defines a PyType_Slot array and a PyType_Spec named from ${definer.param} (${definer.param} ## _spec) instead of the PyTypeObject, ` +
          `the module state gets 'PyTypeObject *${g.name};', exec creates it with PyType_FromModuleAndSpec(module, &${g.name}_spec, bases) where it is readied now, and its uses take the state's pointer`);
      }
      // A struct table only lent by address, whose struct no code writes: read-only in practice.
      const ro = readOnlyInPractice(g, ctx.ext);
      if (ro && libraryCallbackTable(g, ctx.ext)) {
        return one(g.file, g.declStart, g.declEnd, 'read-only-c-table', 'info',
          `C ${g.scope === 'function' ? `static '${g.name}' in ${g.func!.name}()` : `global '${g.name}'`} is not declared const, but it holds only functions of the extension and is only handed by address to code outside it (${ro} is a library's type, and no code of the extension writes through the pointers it is stored in): every interpreter may share it`,
          `nothing to do, unless the library writes into the table it is given (then it is per-process data: keep one table per module, or a lock)`);
      }
      if (ro) {
        return one(g.file, g.declStart, g.declEnd, 'read-only-c-table', 'info',
          `C ${g.scope === 'function' ? `static '${g.name}' in ${g.func!.name}()` : `global '${g.name}'`} is not declared const, but it is only lent by address and no code of the extension writes a field of ${ro}: every interpreter may share it`,
          `declare it const (and the pointers that hold it const ${ro} *) so that the compiler keeps it that way`);
      }
      // Literal bytes only lent by address (an OID in a library's struct): the same in every interpreter.
      const lent = lentLiteralData(g, ctx.ext);
      if (lent) {
        return one(g.file, g.declStart, g.declEnd, 'read-only-c-table', 'info',
          `C ${g.scope === 'function' ? `static '${g.name}' in ${g.func!.name}()` : `global '${g.name}'`} is not declared const, but it holds only literal values, no code of the extension writes it, and its address is only handed on (${lent}; nothing in the extension reads that back): every interpreter may share it`,
          `declare it const, unless the code it is handed to writes into it (then it is per-process data: keep one copy per module, or a lock)`);
      }
      // Used only by code nothing in the extension calls: never written at run time.
      const unreached = unreachedUsers(g, ctx);
      if (unreached) {
        const names = unreached.map((f) => `${f.name}()`);
        const shown = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}` : names[0];
        return one(g.file, g.declStart, g.declEnd, 'unreached-c-static', 'info',
          `C ${g.scope === 'function' ? `static '${g.name}' in ${g.func!.name}()` : `global '${g.name}'`} is mutable, but only ${shown} use${names.length > 1 ? '' : 's'} it, and no code of the extension calls ${names.length > 1 ? 'them' : 'it'} (assume-internal: every caller is among the files given): nothing writes it at run time, so it is left as it is`,
          `if code outside these files calls ${names.length > 1 ? 'them' : 'it'}, make it per module by hand or keep it per process behind a lock, and set assume-internal = false`);
      }
      // Data that globals-to-state / function-statics-to-state move into the state is theirs.
      const problem = isCData(g) ? cDataProblem(g, ctx) : undefined;
      if (isCData(g) && !problem) return { action: 'skip', findings: [] };
      const m = g.mutatedBy;
      const where = g.scope === 'function' ? ` in ${g.func!.name}()` : '';
      const how = !m ? '' : m.how === 'address' ? ` (its address is taken in ${m.use.func!.name}())` : m.how === 'write' ? (m.use.func ? ` (written in ${m.use.func.name}())` : ` (written by a macro at ${path.basename(m.use.file.path)}:${m.use.file.source.position(m.use.start).line})`) : ` (passed to code that may write it, in ${m.use.func!.name}())`;
      return one(g.file, g.declStart, g.declEnd, 'mutable-c-static', 'error',
        `mutable C ${g.scope === 'function' ? 'static' : 'global'} '${g.name}'${where} is shared by every interpreter${how}; with a per-interpreter GIL that is a data race${problem ? `; it cannot move into the module state: ${problem.reason}${describeUse(g, problem.at, problem.file)}` : ''}${g.guard ? `; it is compiled only under #if ${g.guard.expr}` : ''}`,
        `${problem?.steps ?? 'decide: a field of the module state (per module), a const table, or per-process data behind a lock or an atomic'}${g.guard ? `; builds where ${g.guard.expr} is false do not have it: if this extension is never built with it, accept the finding with a suppression comment` : ''}`);
    }
    case 'macro-static': {
      const { s } = c;
      const users = macroUsers(ctx.ext, s.macro.name).funcs.map((f) => `${f.name}()`);
      const shown = users.length > 3 ? `${users.slice(0, 3).join(', ')} and ${users.length - 3} more` : users.join(', ');
      return one(s.file, s.start, s.end, 'mutable-c-static', 'error',
        `mutable C static '${s.name}' in macro ${s.macro.name}() is shared by every interpreter, once per expansion (in ${shown}); with a per-interpreter GIL that is a data race`,
        `give ${s.macro.name}() the variable as an argument that names a state field per expansion (or expand the macro by hand), or keep it per process behind a lock or an atomic`);
    }
    case 'extern-write': {
      const { w } = c;
      const elsewhere = w.writeFile === w.file ? '' : ` (in ${path.basename(w.writeFile.path)})`;
      return one(w.file, w.start, w.end, 'mutable-c-static', 'error',
        `mutable C global '${w.name}' is declared extern here and defined in no file of this extension (a library's own data); ${w.writer.name}()${elsewhere} writes it: it is one variable per process, shared by every interpreter (with a per-interpreter GIL a data race, and what one interpreter sets the others see)`,
        `decide: keep it per process (every use under one lock or atomic, each interpreter seeing the last value set: then accept the finding with a suppression comment), or hand the value to the library per call instead of through '${w.name}'`);
    }
    case 'library-init': {
      const { l } = c;
      return {
        action: 'skip',
        findings: [ctx.finding(l.func.file, l.start, l.end, 'library-init-per-instance', 'warning', 'none',
          `${l.func.name}() calls ${l.call}(), which no file of the extension defines: a C library's process-wide init, which a multi-phase module runs in exec, once per module instance (in every interpreter, at every re-import), not once per process as a single-phase module did; with a per-interpreter GIL two interpreters may call it at the same time`,
          `check the library's rules: a repeated call is usually a no-op or counted (then nothing to do); if a concurrent first call is not safe, call it once per process (behind a lock, or from the application before it starts interpreters)`)],
      };
    }
    case 'sync': {
      const takers = lockAroundCCode(c.g, ctx);
      if (Array.isArray(takers)) {
        const names = takers.map((f) => `${f.name}()`);
        const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
        return one(c.g.file, c.g.declStart, c.g.declEnd, 'lock-or-thread-local', 'info',
          `'${c.g.name}' (${c.g.ctype}) is a process-wide lock, held only around C code that calls no Python API and no function of the extension (in ${shown}): what it protects is per process, and any interpreter may take it, so it is kept as it is`,
          'nothing to do; if it guards data of one module after all, move it and that data into the module state by hand');
      }
      return one(c.g.file, c.g.declStart, c.g.declEnd, 'lock-or-thread-local', 'error',
        `'${c.g.name}' (${c.g.ctype}) is a process-wide lock or thread-local${takers ? `: ${takers.why}` : ''}`,
        'review what it protects: per module (move it into the state) or per process (keep it, and make sure every interpreter may take it)');
    }
    case 'unseen-type': {
      const { u } = c;
      return one(u.file, u.start, u.end, 'type-defined-by-macro', 'error',
        `static type '${u.name}' is shared by every interpreter; no declaration of it is visible: macro ${u.macro}() declares and defines it by pasting its name together, which the tool does not expand, so it cannot become a heap type`,
        unseenTypeSteps(u, ctx.ext));
    }
    case 'damage': {
      const pct = (c.file.damageShare * 100).toFixed(1);
      const first = c.file.parsed.damage[0];
      const fragment = fragmentHeader(c.file, ctx.ext);
      if (fragment) {
        const at = fragment.sites.map((s) => `${path.basename(s.file.path)}:${s.line}${s.func ? ` in ${s.func}()` : ''}`);
        const where = at.length > 3 ? `${at.slice(0, 3).join(', ')} and ${at.length - 3} more` : at.join(', ');
        if (fragment.hazards.length === 0) {
          return one(c.file, first?.start ?? 0, first?.end ?? 0, 'parse-degraded', 'info',
            `${pct}% of this file could not be parsed as a header, but it is a code fragment: every #include of it is inside a function body (${where}), where its text is part of that code; it declares nothing and names no global, static type or return of the extension, so it blocks nothing`,
            'nothing to do; should it ever name a global of the module, write the state access in it by hand');
        }
        return one(c.file, first?.start ?? 0, first?.end ?? 0, 'parse-degraded', 'error',
          `this file is a code fragment #included inside a function body (${where}), and it names ${fragment.hazards.map((h) => `'${h}'`).join(', ')}: the tool does not rewrite a fragment's text at its inclusion site, so what it names there is not converted`,
          `expand the fragment at its #include by hand (or make it a list of plain values the function loops over), then run again`);
      }
      if (damageCannotHideState(c.file, ctx.ext)) {
        return one(c.file, first?.start ?? 0, first?.end ?? 0, 'parse-degraded', 'info',
          `${pct}% of this file could not be parsed, all of it inside function bodies of plain C that names nothing of Python (nor do the extension's headers it includes), and the damaged code declares no static and names no global: it cannot hide Python state or shared C data, so it blocks nothing`,
          'to have every line read, add the macro to [tool.pyext-isolate] macros (kind hole or hole-call); `check --stats` shows the share');
      }
      const templates = damageOnlyInTemplateUses(c.file, ctx.ext);
      if (templates) {
        const names = templates.map((n) => `${n}()`).join(', ');
        return one(c.file, first?.start ?? 0, first?.end ?? 0, 'parse-degraded', 'info',
          `${pct}% of this file could not be parsed, all of it in the arguments of file-scope uses of ${names}, whose body defines a function: what that body names is read at the macro's #define, and the arguments name no global or static type of the extension, so the damage blocks nothing`,
          'nothing to do; should an argument ever name a global of the module, convert that expansion by hand');
      }
      if (c.file.damageShare <= DAMAGE_THRESHOLD) {
        const line = first ? c.file.source.position(first.start).line : 1;
        return one(c.file, first?.start ?? 0, first?.end ?? 0, 'parse-degraded', 'error',
          `the parse lost a closing brace (its first damage is at line ${line}; an unknown statement macro?): everything after the break may be read as part of one function, so file-scope definitions there (types, globals) can be missed`,
          'add the project\'s macros to [tool.pyext-isolate] macros (kind hole, hole-call or decl-prefix); `check --stats` shows the share before and after');
      }
      return one(c.file, first?.start ?? 0, first?.end ?? 0, 'parse-degraded', 'error',
        `${pct}% of this file could not be parsed (unknown macros?): hazards inside the damaged parts are not reported and they are never rewritten`,
        'add the project\'s macros to [tool.pyext-isolate] macros (kind hole, hole-call or decl-prefix); `check --stats` shows the share before and after');
    }
    case 'splice':
      return one(c.file, c.at, c.at + 1, 'line-splice', 'error', spliceMessage(c.file, c.at),
        'join the two lines (the backslash-newline sits inside a name or operator); then run again');
    case 'dependency': {
      const lib = libraryImport(c.call.api)!;
      // Loads in isolated subinterpreters from a version on, with one table for every interpreter:
      // the slot's value is split on that version (plan/interpreters-slot.ts); nothing blocks.
      if (lib.ownGilFrom !== undefined) {
        const split = !atLeast(ctx.options.minPython, lib.ownGilFrom);
        return one(c.file, c.call.start, c.call.end, 'dependency-api-table', 'info',
          `${c.call.api}() fills ${lib.library}'s C-API table ${lib.table} once per process, not per interpreter; ${lib.sameTableBecause}: ${split ? `the module declares own-GIL support from ${lib.ownGilFrom} (#if PY_VERSION_HEX >= ${versionHex(lib.ownGilFrom)}) and below it Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED (shared-GIL subinterpreters only)` : `the module declares own-GIL support`}`,
          `nothing to do for ${lib.library}; this holds for its table only: NumPy's (PyArray_API, PyUFunc_API) and pygame's still keep a consumer loaded once per process (checks/dependency-api-table errors), and another extension's capsule kept in a static of this module is moved into the module state (capsule-api-to-state)`);
      }
      // The table lives in the library's header, one per process; the library itself does not
      // load in isolated subinterpreters, so neither can its consumer, whatever else is fixed.
      return one(c.file, c.call.start, c.call.end, 'dependency-api-table', 'error',
        `${c.call.api}() fills ${lib.library}'s C-API table ${lib.table} once per process, not per interpreter, and ${lib.notIsolatedBecause ?? `${lib.library} does not support isolated subinterpreters yet`}: this module cannot declare own-GIL support while it depends on it`,
        `nothing to change here for now: the module keeps declaring Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED (loaded once per process) until ${lib.library} loads in isolated subinterpreters; then import its API per interpreter (the table in the module state)`);
    }
    case 'method-def-write':
      return one(c.file, c.start, c.end, 'patches-method-def', 'error',
        `writes ${c.target} of a function object: a PyMethodDef is a C static of the module that defined the function, one per process, so patching it in one interpreter patches (and races with) every other`,
        'keep the module loaded once per process (it then declares Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED), or patch per interpreter at the Python level (replace the module attribute with a function of your own)');
    case 'outside-static': {
      const names = c.statics.map((x) => `'${x.name}' (line ${x.line})`);
      const shown = names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
      return one(c.file, c.start, c.end, 'outside-header-static', 'error',
        `${c.header}, included here but not among the files given, defines static ${names.length > 1 ? 'variables' : 'variable'} ${shown} that its own code writes: every file that includes it keeps a copy shared by every interpreter (a C-API table of another extension cached per process, a flag), which this tool neither sees nor moves`,
        `give ${c.header} to pyext-isolate too; if it is another extension's consumer header (import_xxx()), keep that table in this module's state, imported in exec, instead of the header's global (see capsule-api-to-state/consumer-global)`);
    }
    case 'limited-api':
      return one(c.file, c.start, c.end, 'limited-api', 'error',
        `the module is built for the limited API ${c.value}: Py_mod_multiple_interpreters is in the limited API only from 3.12 (0x030C0000), so this build cannot declare per-interpreter GIL support`,
        'build 3.12+ with Py_LIMITED_API >= 0x030C0000 (or without the limited API); until then the module loads once per process');
    case 'api': {
      const { call, file } = c;
      if (call.api.startsWith('PyGILState_')) {
        return one(file, call.start, call.end, 'gilstate', 'error',
          `${call.api}() always attaches to the main interpreter: a callback taking it in a subinterpreter deadlocks or runs in the wrong interpreter`,
          'keep the interpreter (PyInterpreterState) or thread state of the module that registered the callback, and use PyThreadState_New/PyEval_RestoreThread with it');
      }
      if (call.api === 'Py_AtExit') {
        return one(file, call.start, call.end, 'process-exit-hook', 'warning', 'Py_AtExit() registers a process-wide hook: it runs once, for all interpreters', 'release per-module resources in m_free instead');
      }
      if (call.api === 'Py_mod_gil') {
        return one(file, call.start, call.end, 'free-threading', 'info', 'the module declares Py_mod_gil: free-threading needs its own audit; pyext-isolate never adds it', 'nothing to do for isolation');
      }
      return { action: 'skip', findings: [] };
    }
  }
}

/**
 * Written static variables of headers outside the files given (model/header-statics.ts), once per
 * header, at the first `#include` of it; those under an `#ifdef`/`#ifndef` that the including file's
 * own `#define`s (above the include) or the build's defines switch off are left out.
 */
function outsideHeaderStatics(ctx: TransformContext): Candidate[] {
  const out: Candidate[] = [];
  const seen = new Set<string>();
  const built = new Set((ctx.options.defines ?? []).map((d) => d.define.replace(/=.*$/, '').trim()));
  for (const file of ctx.ext.files) {
    for (const h of file.outsideHeaders ?? []) {
      if (seen.has(h.path) || h.statics.length === 0) continue;
      const base = h.path.replace(/^.*[\\/]/, '');
      const inc = new RegExp(`^[ \\t]*#[ \\t]*include[ \\t]*"(?:[^"]*/)?${base.replace(/[.]/g, '\\.')}"`, 'm').exec(file.source.text);
      if (!inc) continue;
      const definedHere = (name: string): boolean => built.has(name) || [...file.macros.values()].some((m) => m.name === name && !m.file && m.start < inc.index);
      const active = h.statics.filter((x) => x.guards.every((g) => g.defined === definedHere(g.macro)));
      if (active.length === 0) continue;
      seen.add(h.path);
      out.push({ kind: 'outside-static', file, start: inc.index, end: inc.index + inc[0].length, header: base, statics: active });
    }
  }
  return out;
}

/**
 * Assignments through a builtin function's `m_ml` (`((PyCFunctionObject *)f)->m_ml->ml_meth = fake`,
 * time-machine's way of patching time.time): the PyMethodDef written is another module's C static.
 */
function methodDefWrites(file: FileModel): Candidate[] {
  if (!file.allIdentifiers.has('m_ml')) return [];
  const out: Candidate[] = [];
  const text = file.source.text;
  const re = /->\s*m_ml\b(\s*->\s*(ml_\w+))?\s*=(?!=)/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    if (isInert(file.parsed.lex, m.index)) continue;
    out.push({ kind: 'method-def-write', file, start: m.index, end: m.index + m[0].length, target: m[2] ? `m_ml->${m[2]}` : 'm_ml' });
  }
  return out;
}

/**
 * `#define Py_LIMITED_API <version>` below 3.12 in the source (a bare `#define Py_LIMITED_API` is the
 * 3.2 stable ABI). A value that is not a number (another macro) is not judged.
 */
function limitedApiBelow312(file: FileModel): Candidate | undefined {
  for (const d of limitedApiDefines(file)) {
    const body = /^Py_LIMITED_API\b\s*(\S*)/.exec(d.rest)![1].replace(/\/\*.*$/, '');
    const value = limitedApiBelow312Value(body, '');
    if (value) return { kind: 'limited-api', file, start: d.start, end: d.end, value: `${value} (Py_LIMITED_API${body === '' ? ' without a version' : ` ${body}`})` };
  }
  return undefined;
}

/**
 * `of 3.8` for the text a Py_LIMITED_API is defined to when it selects a limited API below 3.12;
 * `bare` is what an empty definition means (nothing in the source, `1` for `-DPy_LIMITED_API`).
 */
function limitedApiBelow312Value(body: string, bare: string): string | undefined {
  const value = limitedApiValue(body, bare);
  if (value === undefined || value >= 0x030c0000) return undefined;
  return limitedApiLabel(value);
}

/**
 * Py_LIMITED_API among the defines the build gives (config `defines`, compile_commands.json), read as a `#define` before
 * every file: reported once, at the init function, unless a file of the extension defines it itself.
 */
function configuredLimitedApiBelow312(ctx: TransformContext): Candidate | undefined {
  const given = ctx.options.defines.find((d) => /^Py_LIMITED_API(=|$)/.test(d.define));
  if (given === undefined || ctx.ext.files.some((f) => limitedApiDefines(f).length > 0)) return undefined;
  const def = given.define;
  const body = def.slice('Py_LIMITED_API='.length);
  const value = limitedApiBelow312Value(body, '1');
  const at = ctx.ext.init?.entry ?? ctx.ext.init?.func;
  if (!value || !at) return undefined;
  return { kind: 'limited-api', file: at.file, start: at.declStart, end: at.bodyStart, value: `${value} (${def} in ${given.from})` };
}

/**
 * A closing brace tree-sitter had to invent at the very end of the file: some earlier brace was
 * never closed in its reading, so what followed it was nested — little damage, much lost. (A
 * missing `;` after a last macro call does not mean lost nesting.)
 */
function lostBrace(file: FileModel): boolean {
  const text = file.source.text;
  let end = text.length;
  while (end > 0 && /\s/.test(text[end - 1])) end--;
  return file.parsed.damage.some((d) => d.missing === '}' && d.start >= end - 1);
}

/** Why a file with a token split by backslash-newline is not read further (also the rewrite's refusal). */
export function spliceMessage(file: FileModel, at: number): string {
  const n = file.parsed.lex.splices.length;
  return `a backslash-newline splits a name or operator here${n > 1 ? ` (and ${n - 1} more time(s))` : ''}: the compiler joins the lines, this tool would misread them, so the file is not rewritten and hazards in it may be missed`;
}
