/**
 * The StatePlan: the one shared, append-only description of the module state that all
 * transforms build together (LibCST's AddImportsVisitor model). Transforms request fields
 * and state access; plan/emit renders the struct, accessors, GC hooks and `st` declarations.
 */
import type { ExtensionModel, FunctionInfo } from '../model/types';
import type { Guard } from '../core/conditions';
import { sameGuard, orGuards } from '../core/conditions';
import type { InterpCacheEntry } from './interp-cache';
import { namesDeclaredIn } from '../model/declared-names';
import { typeDefinitionSpan } from '../model/globals';
import { usesOf } from '../model/macro-users';
import type { LookupScope } from './existing-lookups';
import { mergeableLookups, scopedLookups, stateLookupCall } from './existing-lookups';

/** The state variable a function already has: a parameter, its leading lookup, or lookups in inner scopes. */
export interface ExistingState {
  name: string;
  param: boolean;
  scopes?: LookupScope[];
}

export interface FieldRequest {
  name: string;
  /** `PyObject *`, `PyTypeObject *`, or a C type for owns: 'none'. */
  ctype: string;
  /** strong: visited in m_traverse and cleared in m_clear. */
  owns: 'strong' | 'none';
  /** Short origin note, e.g. `static PyObject *SpamError`. */
  was: string;
  from: string;
  /** For arrays: the element count; the ctype is the element type. */
  arrayLen?: string;
  /** For arrays of arrays (C data): the dimensions after the first, as written (`[256]`). */
  innerDims?: string;
  /** An expression that fills the field eagerly in exec (new reference; NULL on error). */
  init?: string;
  /** C data: the value exec assigns first (the old static's initializer; zero needs none). */
  cInit?: string;
  /**
   * C data with an aggregate initializer: the `static const` template (the old declaration, renamed)
   * that exec copies first.
   */
  cCopy?: string;
  /** The comment that documented the old variable, moved above the field. */
  doc?: string;
  /**
   * The `#if` condition the old variable was compiled under (`#ifdef _WIN32`): the field, its
   * GC lines and its eager fill are written under the same condition.
   */
  guard?: Guard;
}

/** The name the emitter's edits carry (`by`): the state plan's own edits, next to each transform's. */
export const EMITTER = 'state-plan';

/** The `by` of state requests a dispatch pointer makes for the functions stored in it: the parameter may go unused. */
export const DISPATCH = 'pointer-dispatch';

export type CompatNeed = 'GetModuleByDef' | 'IMMUTABLETYPE' | 'DISALLOW_INSTANTIATION' | 'NewRef' | 'AddObjectRef';

export class StatePlan {
  readonly fields: FieldRequest[] = [];
  /** Functions whose body uses `st`, with the transforms that asked. */
  readonly stateUsers = new Map<FunctionInfo, Set<string>>();
  /**
   * The `#if` conditions inside a function under which it uses `st` (a use under `#ifdef _WIN32`
   * in a function compiled everywhere); `null` once one use is unconditional. `st` is declared
   * under their union, so no build declares it without a use (no unused-variable warning).
   */
  private readonly stateGuards = new Map<FunctionInfo, Guard[] | null>();
  readonly compat = new Set<CompatNeed>();
  /** Creations of types nothing readied (static-type-to-heap): lines at the top of exec, before the eager fills. */
  readonly eagerTypeCreations: string[] = [];
  /**
   * Arrays of type addresses exec declared with an initializer (`PyTypeObject *types[] = {&A, NULL};`,
   * static-type-to-heap): their fill lines, one list per array, written right after the creations.
   */
  readonly typeArrayFills = new Map<string, string[]>();
  /** The helper (not exec) whose array a fill of typeArrayFills belongs to: written first in it. */
  readonly typeArrayFillFuncs = new Map<string, FunctionInfo>();
  /** A file-scope table of typeArrayFills that its one function now declares: that declaration, after its own. */
  readonly typeArrayDecls = new Map<string, { func: FunctionInfo; text: string }>();
  /** A helper to create heap types from specs is needed (static-type-to-heap). */
  typeCreation = false;
  /** The files that call it (a helper of another file may ready a type for the init). */
  readonly typeCreationFiles = new Set<import('../model/types').FileModel>();
  /**
   * Check macros that test the exact type by its dealloc before the state (static-type-to-heap):
   * a function whose only use of the state is one passes the lookup into it (plan/check-lookups.ts).
   */
  readonly exactCheckMacros = new Set<string>();
  /** capsule-api-to-state: the main interpreter's first module serves the legacy C-API. */
  mainState = false;
  /** Specs defined in one file and used by exec in another: declared `extern` with the state. */
  readonly externSpecs: string[] = [];
  /** A module-slots table of an already multi-phase module that lacks Py_mod_multiple_interpreters. */
  interpretersSlotTable?: import('../model/types').PyTable;
  /**
   * The module's own state struct (`m_size = sizeof(S)`), when new fields go into it instead of a
   * generated one: its type as `sizeof` names it and where it is defined.
   */
  ownStruct?: { type: string; def: import('../model/types').StructDef; file: import('../model/types').FileModel };
  /** The own struct is defined below functions that need it: its definition moves up (plan/own-struct-move). */
  ownStructMoved?: import('./own-struct-move').OwnStructMove;
  /**
   * A partial run: where one run with every transform puts the state block, per file (plan-extension
   * oneRunBlock). A new block of this run goes no lower.
   */
  readonly laterState = new Map<import('../model/types').FileModel, number>();
  /**
   * A partial run: the fields one run writes, in its order (field-order-hints.ts), so that a later run
   * can put the fields it adds where one run has them.
   */
  oneRunFields?: string[];
  /** The fields of the struct this run writes, in its order, where it adds to an earlier run's (else the requests' order). */
  structOrder?: string[];
  /**
   * The generated struct gets a tag (`typedef struct <mod>_state {`): a function pointer type above it
   * takes `struct <mod>_state *` (a dispatch pointer whose implementations take the state).
   */
  structTag = false;
  /** Where the emitter put the state block in the def's file (a new generated struct only). */
  blockAt?: { file: import('../model/types').FileModel; at: number };
  /** Set by multi-phase-init when it converts the init function. */
  execFunction?: FunctionInfo;
  execParam?: string;
  /**
   * The init function's name and parameter list (with `prefix`: its whole header macro), rewritten
   * by the emitter to `<prefix><mod>_exec(PyObject *<param>)`.
   */
  execHeader?: { start: number; end: number; prefix: string };
  /** The module def is declared `extern` in the generated state header (multi-file extensions). */
  externDef = false;
  /** Creations of spec types by PyType_FromSpec(), by slot table (plan/spec-creations). */
  specCreations?: import('./spec-creations').SpecCreations;
  /** Loose PyMethodDef tables whose creations get the module (plan/loose-method-tables). */
  looseTables?: import('./loose-method-tables').LooseTables;
  /** Lazy caches of functions that cannot reach the state: kept per interpreter instead (plan/interp-cache). */
  readonly interpCaches: InterpCacheEntry[] = [];
  readonly names: StateNames;

  constructor(readonly ext: ExtensionModel) {
    this.names = stateNames(ext.name ?? 'module', ext.moduleDef?.name ?? 'module_def');
    // The extension's own type may have the struct's name (pybcj's `_bcj_state`, for a static
    // instance): take another. A later run finds the generated struct through m_size (adoptStruct).
    if (ext.files.some((f) => typeDefinitionSpan(f, this.names.struct))) this.names.struct = `${this.names.mod}_module_state`;
  }

  /** Adds (or finds) a field and returns its name. Same name with another ctype is a bug. */
  request(req: FieldRequest): string {
    const prev = this.fields.find((f) => f.name === req.name);
    if (prev) {
      if (prev.ctype !== req.ctype) throw new Error(`state field '${req.name}' requested as '${prev.ctype}' by ${prev.from} and as '${req.ctype}' by ${req.from}`);
      if (!sameGuard(prev.guard, req.guard)) throw new Error(`state field '${req.name}' requested under '${prev.guard?.expr ?? 'no condition'}' by ${prev.from} and under '${req.guard?.expr ?? 'no condition'}' by ${req.from}`);
      return prev.name;
    }
    // Fields under one condition stay together: one `#if` around them in the struct and the hooks.
    const last = req.guard ? this.fields.map((f) => sameGuard(f.guard, req.guard)).lastIndexOf(true) : -1;
    if (last !== -1) this.fields.splice(last + 1, 0, req);
    else this.fields.push(req);
    return req.name;
  }

  /** A field name not used yet: `name`, else `<prefix>_<name>`, else with a number. */
  freeFieldName(name: string, prefix?: string): string {
    const taken = new Set(this.fields.map((f) => f.name));
    if (!taken.has(name)) return name;
    if (prefix && !taken.has(`${prefix}_${name}`)) return `${prefix}_${name}`;
    for (let i = 2; ; i++) if (!taken.has(`${name}_${i}`)) return `${name}_${i}`;
  }

  /** New fields go into the module's own struct; `st` is a pointer to it. */
  adoptStruct(own: NonNullable<StatePlan['ownStruct']>): void {
    this.ownStruct = own;
    this.names.struct = own.type;
    this.existingCache.clear();
    this.varCache.clear();
  }

  /** Undoes adoptStruct: a premise under which the module converted did not hold. */
  dropAdoptedStruct(struct: string): void {
    this.ownStruct = undefined;
    this.names.struct = struct;
    this.existingCache.clear();
    this.varCache.clear();
  }

  /**
   * The state variable `f` already has: a parameter of type `S *` (a helper an earlier run gave
   * the state), or a leading declaration `S *x = <lookup>;` of its body (an earlier run's lookup, or
   * the module's own `S *st = get_state(module);`), S being the state struct. Its uses of moved
   * fields read through it; nothing is declared or threaded again. Else lookups an earlier run
   * declared in inner blocks or under an `#if` (`scopes`): reused when this run's uses are all in
   * their scope (emit checks; the plan is made again without them otherwise: `ignoredLookups`).
   */
  existingState(f: FunctionInfo): ExistingState | undefined {
    if (this.existingCache.has(f)) return this.existingCache.get(f);
    const type = this.names.struct.replace(/ /g, '\\s+');
    const isState = new RegExp(`^(?:const\\s+)?(?:struct\\s+)?${type}\\s*\\*$`);
    let found: ExistingState | undefined;
    const p = f.params.find((x) => x.name && isState.test(x.type.replace(/\s+/g, ' ').trim()));
    if (p) found = { name: p.name, param: true };
    else {
      const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
      // Statement by statement up to the first brace (each piece ends at its `;`: no backtracking between them).
      const decl = new RegExp(`^\\{(?:[^;{}]*;)*?\\s*(?:struct\\s+)?${type}\\s*\\*\\s*([A-Za-z_]\\w*)\\s*=([^;]*);`).exec(body);
      const p0 = f.params[0]?.name;
      const m = this.names.mod;
      // A lookup of this module's state, or (the module's own struct) one from the first parameter.
      if (decl && (new RegExp(`\\b${stateLookupCall(m)}`).test(decl[2]) || (!!p0 && new RegExp(`\\b${p0}\\b`).test(decl[2])))) found = { name: decl[1], param: false };
      else if (!this.ignoredLookups.has(f)) {
        const scoped = scopedLookups(f, this.names.struct, m);
        if (scoped) found = { name: scoped.name, param: false, scopes: scoped.scopes };
      }
    }
    this.existingCache.set(f, found);
    return found;
  }
  private readonly existingCache = new Map<FunctionInfo, ExistingState | undefined>();
  /** Functions whose inner or conditional lookups do not reach this run's uses (see existingState). */
  ignoredLookups: ReadonlySet<FunctionInfo> = new Set();

  /**
   * The name of the state variable in `f`, the one place that chooses it: the one `f` already has,
   * else `st`, else (the function has a variable of its own called `st`) a name nothing in the
   * function uses. Every generated line of `f` (its lookup, NULL check, field reads, the state it
   * passes to helpers and macros) writes this name; the declaration's type makes it ours on a re-run.
   */
  stateVar(f: FunctionInfo): string {
    let v = this.varCache.get(f);
    if (v !== undefined) return v;
    v = this.existingState(f)?.name ?? this.mergedLookups(f)?.name;
    if (v === undefined) {
      const declared = namesDeclaredIn(f);
      const text = f.file.source.text.slice(f.paramsStart, f.bodyEnd);
      const free = (n: string): boolean => !declared.has(n) && !new RegExp(`\\b${n}\\b`).test(text);
      // `st` unless the function declares it or names one (a global `st`, outside comments and literals).
      const src = f.file.source.text;
      const namesSt = usesOf(f.file, 'st').some((at) => at > f.paramsStart && at < f.bodyEnd && !/(\.|->)\s*$/.test(src.slice(Math.max(0, at - 4), at)));
      v = ['st', 'mod_st', 'module_st'].find((n) => (n === 'st' ? !declared.has(n) && !namesSt : free(n)));
      for (let i = 2; v === undefined; i++) if (free(`st${i}`)) v = `st${i}`;
    }
    this.varCache.set(f, v);
    return v;
  }
  private readonly varCache = new Map<FunctionInfo, string>();

  /**
   * An earlier run's inner lookups of a function whose lookup this run declares anew
   * (`ignoredLookups`), when that one can replace them (existing-lookups.mergeableLookups): its
   * `st` takes their name, and they go where it is declared at the top of the body.
   */
  mergedLookups(f: FunctionInfo): { name: string; scopes: LookupScope[] } | undefined {
    return this.ignoredLookups.has(f) ? mergeableLookups(f, this.names.struct, this.names.mod) : undefined;
  }

  /** `f` uses `st`; `guard`: only under that condition inside its body (none: unconditionally). */
  needState(f: FunctionInfo, by: string, guard?: Guard): void {
    if (!this.stateUsers.has(f)) this.stateUsers.set(f, new Set());
    this.stateUsers.get(f)!.add(by);
    const prev = this.stateGuards.get(f);
    if (!guard) this.stateGuards.set(f, null);
    else if (prev === undefined) this.stateGuards.set(f, [guard]);
    else if (prev !== null) prev.push(guard);
  }

  /** The condition under which `f` needs `st` (undefined: always). */
  stateGuard(f: FunctionInfo): Guard | undefined {
    const gs = this.stateGuards.get(f);
    return gs ? orGuards(gs) : undefined;
  }
}

export interface StateNames {
  mod: string;
  struct: string;
  getState: string;
  byType: string;
  byTypes: string;
  byTypes3: string;
  ofType: string;
  inTeardown: string;
  traverse: string;
  clear: string;
  free: string;
  exec: string;
  slots: string;
  def: string;
  header: string;
  createType: string;
  loadedFlag: string;
  mainState: string;
  legacyState: string;
}

export function stateNames(mod: string, def: string): StateNames {
  const m = mod.replace(/[^A-Za-z0-9_]/g, '_');
  return {
    mod: m,
    struct: `${m}_state`,
    getState: `get_${m}_state`,
    byType: `${m}_get_state_by_type`,
    byTypes: `${m}_get_state_by_types`,
    byTypes3: `${m}_get_state_by_types3`,
    ofType: `${m}_get_state_of_type`,
    inTeardown: `${m}_get_state_in_teardown`,
    traverse: `${m}_traverse`,
    clear: `${m}_clear`,
    free: `${m}_free`,
    exec: `${m}_exec`,
    slots: `${m}_slots`,
    def,
    header: `${m}_state.h`,
    createType: `${m}_create_type`,
    loadedFlag: `${m}_loaded_once`,
    mainState: `${m}_main_state`,
    legacyState: `${m}_legacy_state`,
  };
}
