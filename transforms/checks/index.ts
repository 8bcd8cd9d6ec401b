/**
 * checks: hazards no transform rewrites, reported so that a human can decide: mutable C data,
 * locks and thread-locals, PyGILState, process-wide callbacks, and files the parser could not
 * read well enough. Detect-only: no edit phase.
 */
import { libraryImport } from '../../src/model/library-imports';
import type { FileModel, GlobalVar, ApiCall } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';

export const ID = 'checks';

/** Files with more than this share of bytes in ERROR nodes are reported. */
export const DAMAGE_THRESHOLD = 0.02;

type Candidate =
  | { kind: 'mutable'; g: GlobalVar }
  | { kind: 'sync'; g: GlobalVar }
  | { kind: 'api'; call: ApiCall; file: FileModel }
  | { kind: 'damage'; file: FileModel }
  | { kind: 'splice'; file: FileModel; at: number }
  | { kind: 'dependency'; call: ApiCall; file: FileModel };

export const checks: Transform<Candidate> = {
  id: ID,
  title: 'Report hazards that need a human',
  minPython: '3.9',
  find(ctx) {
    const out: Candidate[] = [];
    for (const g of ctx.ext.globals) {
      if (g.category === 'mutable-c') out.push({ kind: 'mutable', g });
      else if (g.category === 'sync') out.push({ kind: 'sync', g });
    }
    for (const file of ctx.ext.files) {
      if (file.damageShare > DAMAGE_THRESHOLD || lostBrace(file)) out.push({ kind: 'damage', file });
      const splice = file.parsed.lex.splices[0];
      if (splice !== undefined) out.push({ kind: 'splice', file, at: splice });
      for (const call of file.apiCalls) {
        if (call.func && libraryImport(call.api)?.dependencyNotIsolated) out.push({ kind: 'dependency', call, file });
        if (/^PyGILState_(Ensure|Release|GetThisThreadState)$/.test(call.api) || call.api === 'Py_AtExit' || call.api === 'Py_mod_gil') out.push({ kind: 'api', call, file });
      }
    }
    return out;
  },
  decide,
  edit() {
    /* detect-only */
  },
};

function decide(c: Candidate, ctx: TransformContext): Decision {
  const one = (file: FileModel, s: number, e: number, check: string, sev: 'error' | 'warning' | 'info', msg: string, steps: string): Decision => ({
    action: sev === 'info' ? 'skip' : 'manual',
    findings: [ctx.finding(file, s, e, check, sev, sev === 'info' ? 'none' : 'manual', msg, steps)],
  });
  switch (c.kind) {
    case 'mutable': {
      const g = c.g;
      const m = g.mutatedBy;
      const where = g.scope === 'function' ? ` in ${g.func!.name}()` : '';
      const how = !m ? '' : m.how === 'address' ? ` (its address is taken in ${m.use.func!.name}())` : m.how === 'write' ? ` (written in ${m.use.func!.name}())` : ` (passed to code that may write it, in ${m.use.func!.name}())`;
      return one(g.file, g.declStart, g.declEnd, 'mutable-c-static', 'error',
        `mutable C ${g.scope === 'function' ? 'static' : 'global'} '${g.name}'${where} is shared by every interpreter${how}; with a per-interpreter GIL that is a data race`,
        'decide: a field of the module state (per module), a const table, or per-process data behind a lock or an atomic');
    }
    case 'sync':
      return one(c.g.file, c.g.declStart, c.g.declEnd, 'lock-or-thread-local', 'error',
        `'${c.g.name}' (${c.g.ctype}) is a process-wide lock or thread-local`,
        'review what it protects: per module (move it into the state) or per process (keep it, and make sure every interpreter may take it)');
    case 'damage': {
      const pct = (c.file.damageShare * 100).toFixed(1);
      const first = c.file.parsed.damage[0];
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
      // The table lives in the library's header, one per process; the library itself does not
      // load in isolated subinterpreters, so neither can its consumer, whatever else is fixed.
      const lib = libraryImport(c.call.api)!;
      return one(c.file, c.call.start, c.call.end, 'dependency-api-table', 'error',
        `${c.call.api}() fills ${lib.library}'s C-API table ${lib.table} once per process, not per interpreter, and ${lib.library} does not support isolated subinterpreters yet: this module cannot declare own-GIL support while it depends on it`,
        `nothing to change here for now: the module keeps declaring Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED (loaded once per process) until ${lib.library} loads in isolated subinterpreters; then import its API per interpreter (the table in the module state)`);
    }
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
