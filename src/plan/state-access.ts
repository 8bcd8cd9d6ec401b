/**
 * How a function reaches its module state (rewrite spec §2.1), or why it cannot. Static
 * helpers get a `<mod>_state *st` parameter when every caller can pass one; public C-API
 * functions and callbacks get nothing, and the answer carries the call chain for the finding.
 */
import type { CapsuleExport, ExtensionModel, FileModel, FunctionInfo, PyTable, StaticType } from '../model/types';
import { Roles, BINARY_SLOTS, TEARDOWN_SLOTS } from '../model/roles';
import { namesDeclaredIn } from '../model/globals';
import { macroAt, macroUsers, usesOf } from '../model/macro-users';
import { callArguments } from '../model/init-macros';
import { isHeaderPath } from '../core/parse';
import type { SyntaxNode } from '../core/parse';
import { basename } from 'path';
import { stripCasts } from '../model/cnodes';
import type { InstanceState } from './instance-state';
import { enclosingFunction, inBody } from '../model/functions';
import { namedOutside } from '../model/outside-headers';
import { includersOf } from '../model/extension';
import { GUARDED_TEARDOWN_SLOTS, heapTypeWithModule, stateMayBeMissing } from './teardown';
import { pointerStore } from './pointer-stores';
import { expandedName } from '../core/function-macros';
import { definitionsOf as definitionsOfMacro } from '../core/lex';

export type Access =
  /**
   * `get_<mod>_state(<param>)`: the parameter is the module. `added`: a static helper the init
   * function calls that needs the module itself (it creates types): the parameter is new, and
   * each call passes the caller's module.
   */
  | { kind: 'module'; param: string; paramIndex: number; added?: boolean }
  /**
   * `<mod>_get_state_by_type(<typeExpr>)`, NULL-checked. `specs`: slot tables of spec types whose
   * objects the parameter points to; their PyType_FromSpec() creations must get the module.
   */
  | { kind: 'by-type'; typeExpr: string; errorValue: string; paramIndex: number; specs?: string[] }
  /**
   * `<mod>_get_state_of_type(<typeExpr>)`: a type of this module that cannot be subclassed has the
   * module at hand (PyType_GetModuleState); it cannot fail.
   */
  | { kind: 'own-type'; typeExpr: string; paramIndex: number; specs?: string[] }
  /**
   * `<mod>_get_state_in_teardown(<typeExpr>)` in a teardown slot (tp_dealloc, tp_clear, ...) of a
   * type that becomes a heap type with a module: NULL once that module is gone (plan/teardown.ts),
   * so every use of the state on the path is guarded; never raises.
   */
  | { kind: 'teardown'; typeExpr: string; paramIndex: number }
  /** `<mod>_get_state_of_<S>(<param>)`: kept in the object once looked up (instance-state.ts); NULL-checked. */
  | { kind: 'by-instance'; param: string; struct: string; cast: boolean; errorValue: string; paramIndex: number }
  /**
   * Binary number slots: whichever operand (objects `left`, `right`) is of this module's types; with
   * `struct`, one of that struct is told by its dealloc and keeps the state.
   */
  | { kind: 'by-operands'; left: string; right: string; errorValue: string; struct?: string; /** nb_power's modulus: the module's object may be it alone (`pow(2, 3, m)`). */ third?: string }
  /**
   * A static helper: a new first parameter `st`, passed by every caller. `existing`: an earlier
   * run gave it the parameter, and its callers pass it already.
   */
  | { kind: 'param'; existing?: boolean; makeStatic?: boolean; parsedBy?: ConverterRoute }
  /**
   * A function of an exported C-API table that gets no module: split into `F_impl(st, ...)` for
   * callers that have a state, and `F(...)` for the table, bound to the main interpreter's module
   * (and, when its first parameter is an object, to that object's module first).
   */
  | { kind: 'split'; objectParam?: string; errorValue: string }
  /**
   * A module function that C code of the extension also calls with something that is not its
   * module (`f(NULL, x)`, zope.interface's shape): its body becomes `F_impl(st, ...)`, which those
   * callers call with their own state, and `F` stays for the method table, taking the state from
   * its module. `get_state(NULL)` would crash.
   */
  | { kind: 'module-split'; param: string; paramIndex: number }
  /**
   * No way to the state. `converter`: the chain starts at a PyArg_Parse* "O&" converter, which the
   * argument parser calls with the object and its output pointer only (the fix is in its callers).
   */
  | { kind: 'none'; reason: string; chain: string[]; converter?: ArgConverter; step?: string };

/**
 * A PyArg "O&" converter that takes the state as a parameter: the parser calls an adapter
 * (`<conv>_with_state(PyObject *, void *)`) instead, given `&(<conv>_arg){st, <address>}`, which
 * passes the state on. The parser calls it exactly where and how it called the converter (same
 * object, same order, the cleanup call of a Py_CLEANUP_SUPPORTED converter with the same address),
 * so no error or its order changes.
 */
export interface ConverterRoute {
  /** The converter's output pointer type (its second parameter). */
  outType: string;
  sites: ConverterSite[];
}

export interface ConverterSite {
  file: FileModel;
  caller: FunctionInfo;
  /** The converter's name in the parser's arguments, and the whole address argument after it. */
  nameAt: number;
  addrStart: number;
  addrEnd: number;
}

/**
 * What makes a PyArg "O&" converter reach the state without changing when the parser calls it
 * (parsing with "O" and converting afterwards would change which error wins when two arguments
 * are bad, and skip the cleanup call of a Py_CLEANUP_SUPPORTED converter).
 */
export function converterStep(conv: { name: string; parser: string; caller: string }): string {
  return `make ${conv.name}() a static function of the file that parses with it, of the form int (PyObject *, T *), defined above every PyArg_ParseTuple(), PyArg_ParseTupleAndKeywords() or PyArg_Parse() call that passes it (as ${conv.parser}() does in ${conv.caller}()) and passed nowhere else: the tool then gives it the state through its address argument (a struct of the state and the output, and an adapter the parser calls), which keeps when and in which order the parser converts`;
}

/**
 * What makes a METH_STATIC method reach the state. There is no way that keeps it a staticmethod
 * for Python: the type is bound into the function object, but its C function gets NULL as self.
 */
export function staticMethodStep(name: string, type: string | undefined): string {
  return `either make ${name}() METH_CLASS${type ? ` in ${type}'s methods` : ''} (its first parameter is then the class, and the tool finds the state through it; Python callers see a classmethod: the method's __self__ is the class instead of None, a subclass passes itself, and the type's __dict__ holds a classmethod_descriptor), or move it to the module's functions (a module function gets its module); then run again`;
}

/** A function whose address a PyArg_Parse* call takes as an "O&" converter. */
export interface ArgConverter {
  name: string;
  /** The parsing call (`PyArg_ParseTupleAndKeywords`) and the function it is in. */
  parser: string;
  caller: string;
}

export interface AccessOptions {
  /** Whether a static type will be a heap type with a module after the rewrite. */
  typeHasModule: (typeName: string) => boolean;
  /** Functions that become the exec function (the converted PyInit). */
  execFunctions: Set<FunctionInfo>;
  /** The parameter name of the exec function. */
  execParam: (f: FunctionInfo) => string;
  /** Functions of C-API tables that capsule-api-to-state makes per module. */
  exportedFunctions?: Set<string>;
  /** Non-static functions only this extension uses get the state like static helpers (config `assume-internal`). */
  assumeInternal?: boolean;
  /** Static helpers the init function calls that get the module (see moduleHelpers). */
  moduleHelpers?: Map<FunctionInfo, ModuleHelper>;
  /** Object structs whose objects keep the state (instance-state.ts), by struct name. */
  instanceStates?: () => ReadonlyMap<string, InstanceState>;
  /** The function has the state as a parameter already (an earlier run threaded it). */
  hasStateParam?: (f: FunctionInfo) => boolean;
  /** A spec's slot table (by name) whose type some PyType_FromSpec() call creates with no module at hand (plan/spec-creations). */
  specWithoutModule?: (slots: string) => boolean;
  /**
   * A function stored only in a function pointer that moves into the state and passes it on every
   * call (CPU dispatch): the functions that call through the pointer.
   */
  dispatchCallers?: (f: FunctionInfo) => FunctionInfo[] | undefined;
  /** PyMethodDef tables outside m_methods/tp_methods made into functions at run time (plan/loose-method-tables). */
  looseTables?: () => import('./loose-method-tables').LooseTables | undefined;
  /** Spec types (by slot table) whose spec's basic size is sizeof(struct), and whether every creation of each gets the module. */
  specsOfStruct?: (struct: string) => { slots: string; withModule: boolean }[];
  /**
   * A spec type (by slot table) whose every creation gets the module (one an earlier run made, or one
   * this run creates with its module): whether Python code can subclass it, by its spec's flags.
   */
  specType?: (slots: string) => { subclassable: boolean } | undefined;
}

/** A static helper called once from the init function that creates types: it works with the module. */
export interface ModuleHelper {
  /** The parameter that holds the module (existing, or added when none does). */
  param: string;
  paramIndex: number;
  added: boolean;
  /** Its one call in the init function. */
  call: CallSite;
}

export interface CallSite {
  caller: FunctionInfo;
  at: number;
  file: FileModel;
  /** Called through an object-like alias macro (`#define join_list_string join_list_unicode`): its name. */
  alias?: string;
}

export interface MacroCallSite {
  macro: string;
  at: number;
  file: FileModel;
}

export class StateAccess {
  private cache = new Map<FunctionInfo, Access>();
  private inProgress = new Set<FunctionInfo>();

  constructor(
    private readonly ext: ExtensionModel,
    private readonly roles: Roles,
    private readonly opts: AccessOptions,
  ) {}

  resolve(f: FunctionInfo): Access {
    const cached = this.cache.get(f);
    if (cached) return cached;
    if (this.inProgress.has(f)) return { kind: 'param' }; // a cycle among helpers: decided by the outer call
    this.inProgress.add(f);
    let a = this.compute(f);
    // Defined once per #if branch (pyinstrument's _get_class_name_of_frame for 3.11+ and before): the
    // calls and prototypes are shared, so every definition must reach the state the same way.
    const twins = definitionsOf(f).filter((g) => g !== f);
    if (twins.length > 0 && a.kind !== 'none') {
      for (const g of twins) {
        this.inProgress.add(g);
        const b = this.compute(g);
        this.inProgress.delete(g);
        if (JSON.stringify(b) !== JSON.stringify(a)) {
          a = none(`it is defined ${twins.length + 1} times (in #if branches), and the definitions would reach the state differently (${describeAccess(a)}; ${describeAccess(b)} at line ${g.file.source.position(g.start).line})`, f);
          break;
        }
      }
    }
    // The body of a function-defining macro: say which macro, and which functions it stands for.
    if (a.kind === 'none' && f.macroTemplate) a = { ...a, reason: `it is the body of macro ${f.macroTemplate.macro}() (${f.macroTemplate.names.join(', ')}), and ${a.reason}` };
    this.inProgress.delete(f);
    this.cache.set(f, a);
    return a;
  }

  private compute(f: FunctionInfo): Access {
    if (f.inTemplate) return none('it is inside a .c.src template block (one C function per expansion)', f);
    if (this.opts.execFunctions.has(f)) return { kind: 'module', param: this.opts.execParam(f), paramIndex: 0 };
    const alsoIn = this.ext.sharedFiles?.get(f.file);
    if (alsoIn) return none(`its file ${f.file.path.replace(/^.*[\\/]/, '')} is linked into ${alsoIn.join(', ')} too, whose state is another struct`, f);
    // A function a header defines is compiled into every module whose files include the header:
    // its one text cannot take the state struct of one of them.
    const headerOf = this.ext.sharedHeaders?.get(f.file);
    if (headerOf) {
      const modules = [this.ext.name ?? '?', ...headerOf];
      return none(
        `it is defined in ${f.file.path.replace(/^.*[\\/]/, '')}, which the files of ${modules.slice(0, -1).join(', ')} and ${modules[modules.length - 1]} include: each module compiles its own copy of it, but from one text, which cannot take the state struct of one of them (this is ${modules[0]}'s copy)`,
        f,
        `give ${f.name}() what it reads of the header's globals as parameters (each module's callers pass their own), or define it in each module's own file; then run again`,
      );
    }
    // A function that hands the module down to where a loose table's functions are made.
    const carrier = this.opts.looseTables?.()?.carriers.get(f);
    if (carrier && !this.roles.of(f).length) return carrier.added ? { kind: 'module', param: carrier.param, paramIndex: carrier.paramIndex, added: true } : { kind: 'module', param: carrier.param, paramIndex: carrier.paramIndex };
    const mh = this.opts.moduleHelpers?.get(f);
    if (mh) return mh.added ? { kind: 'module', param: mh.param, paramIndex: mh.paramIndex, added: true } : { kind: 'module', param: mh.param, paramIndex: mh.paramIndex };
    const roles = this.roles.of(f);
    if (roles.length > 1) {
      // The same function in several places: every role must give the same answer, or one that
      // serves them all (the MRO search from the same object, for types that differ).
      // What is compared is the access path each role gives, never the roles themselves: tp_repr of
      // two types that both read Py_TYPE(self) is one path.
      const answers = roles.map((r) => this.forRole(f, r));
      const first = JSON.stringify(answers[0]);
      if (answers.every((a) => JSON.stringify(a) === first)) return answers[0];
      // A role that cannot reach the state at all is the reason, named with its type.
      const blocked = answers.findIndex((a) => a.kind === 'none');
      if (blocked !== -1) {
        const a = answers[blocked] as Extract<Access, { kind: 'none' }>;
        const r = roles[blocked];
        return { kind: 'none', reason: `as ${r.slot ?? r.kind}${r.type ? ` of ${r.type}` : ''} (one of its ${roles.length} roles): ${a.reason}`, chain: a.chain };
      }
      // Objects of one struct that keeps the state: the kept state serves a final type of that struct too.
      const inst = answers.find((a): a is Extract<Access, { kind: 'by-instance' }> => a.kind === 'by-instance');
      if (inst && answers.every((a, i) => (a.kind === 'by-instance' ? JSON.stringify(a) === JSON.stringify(inst) : a.kind === 'own-type' && a.typeExpr === `Py_TYPE(${inst.param})` && this.keepsState(roles[i].type, inst.struct)))) return inst;
      const common = commonAccess(answers);
      if (common) return common;
      return none(`it is used in several roles that reach the state differently (${roles.map((r, i) => `${r.slot ?? r.kind}${r.type ? ` of ${r.type}` : ''}: ${describeAccess(answers[i])}`).join('; ')})`, f);
    }
    if (roles.length === 1) return this.forRole(f, roles[0]);
    return this.forHelper(f);
  }

  private forRole(f: FunctionInfo, r: ReturnType<Roles['of']>[number]): Access {
    const p0 = f.params[0]?.name;
    const p1 = f.params[1]?.name;
    switch (r.kind) {
      case 'init':
        return none('it is the single-phase init function (convert it with multi-phase-init)', f);
      case 'exec':
      case 'module-hook':
        if (!p0) return unnamed('its first parameter (the module)', f);
        return { kind: 'module', param: p0, paramIndex: 0 };
      case 'module-method':
        if (!p0) return unnamed('its first parameter (the module)', f);
        return this.forModuleFunction(f, p0);
      case 'static-method':
        // type_add_method binds the type into the function object, but PyCFunction_GET_SELF hides it for
        // METH_STATIC: the C function gets NULL as self (measured on 3.9-3.13).
        return none('it is a METH_STATIC method: CPython calls it with NULL as self (the type is kept in the function object, but hidden from METH_STATIC functions), so it receives no object to find the module from', f);
      default:
        break;
    }
    if (r.type && !r.heapType && !this.opts.typeHasModule(r.type)) {
      return none(`its type ${r.type} stays a static type, which has no module to find the state from`, f);
    }
    if (r.type && r.heapType && this.opts.specWithoutModule?.(r.type)) {
      return none(`its type (slots ${r.type}) is created by PyType_FromSpec() where no module is at hand, so it has no module to find the state from`, f);
    }
    const err = errorValue(f.returnType);
    if (r.slot && TEARDOWN_SLOTS.has(r.slot)) {
      // A type this run makes a heap type holds its module: the slot looks it up (NULL once it is gone);
      // the lookup accepts any type of the module, so the same slot of several types answers alike.
      if (r.type && (!r.heapType || heapTypeWithModule(this.ext, r.type)) && p0 && GUARDED_TEARDOWN_SLOTS.has(r.slot)) return { kind: 'teardown', typeExpr: `Py_TYPE(${p0})`, paramIndex: 0 };
      return none(`it is the ${r.slot} slot of ${r.type ? `${r.type}, ${r.heapType ? 'a heap type created without its module' : 'a static type'}` : 'a type'}: it runs during teardown, when the module may already be gone`, f);
    }
    if (err === undefined) return none(`it returns ${f.returnType}, so a failed state lookup cannot be reported`, f);
    if (!p0) return unnamed('its first parameter', f);
    const type = r.type && !r.heapType ? this.ext.typesByName.get(r.type) : undefined;
    // A spec type made with the module (an earlier run's conversion) is one of the module's types as a static type it converts is.
    const spec = r.type && r.heapType ? this.opts.specType?.(r.type) : undefined;
    const final = type ? !subclassable(type) : !!spec && !spec.subclassable;
    if (r.kind === 'class-method' || r.slot === 'tp_new') {
      const typeExpr = castTo('PyTypeObject *', f.params[0].type, p0);
      return final ? { kind: 'own-type', typeExpr, paramIndex: 0 } : { kind: 'by-type', typeExpr, errorValue: err, paramIndex: 0 };
    }
    const instance = type || spec ? this.instanceStateOf(r.type!, f) : undefined;
    if (r.slot && BINARY_SLOTS.has(r.slot)) {
      if (!p1) return unnamed('its second parameter', f);
      // `pow(2, 3, m)` calls m's nb_power with m as the third operand only.
      const p2 = r.slot === 'nb_power' ? f.params[2]?.name : undefined;
      if (r.slot === 'nb_power' && f.params.length > 2 && !p2) return unnamed('its third parameter', f);
      if (p2) return { kind: 'by-operands', left: p0, right: p1, third: p2, errorValue: err };
      return { kind: 'by-operands', left: p0, right: p1, errorValue: err, ...(instance?.dealloc ? { struct: instance.struct } : {}) };
    }
    // A type that cannot be subclassed has its module at hand; objects of others keep the state.
    const typeExpr = `Py_TYPE(${p0})`;
    if (final) return { kind: 'own-type', typeExpr, paramIndex: 0 };
    if (instance) return { kind: 'by-instance', param: p0, struct: instance.struct, cast: !sameType(f.params[0].type, `${instance.struct} *`), errorValue: err, paramIndex: 0 };
    return { kind: 'by-type', typeExpr, errorValue: err, paramIndex: 0 };
  }

  /** Objects of `type` are of the instance-state struct `struct` (they keep the state once looked up). */
  private keepsState(type: string | undefined, struct: string): boolean {
    return !!type && !!this.opts.instanceStates?.().get(struct)?.types.includes(type);
  }

  /** The instance-state struct of a type's objects, when `f` may use it (defined after the struct, in its file). */
  private instanceStateOf(type: string, f: FunctionInfo): InstanceState | undefined {
    for (const st of this.opts.instanceStates?.().values() ?? []) {
      if (st.types.includes(type) && st.file === f.file && f.declStart > st.structEnd) return st;
    }
    return undefined;
  }

  private forHelper(f: FunctionInfo): Access {
    const plain = this.forPlainHelper(f);
    return plain.kind === 'none' ? this.typedObjectAccess(f) ?? plain : plain;
  }

  private forPlainHelper(f: FunctionInfo): Access {
    // The C runtime calls main(): a file that defines it is a program of its own (inflate64's table
    // generator under #ifdef GEN_TREES_H), never called with a state, and must keep its signature.
    if (f.name === 'main' && !f.isStatic) return none("it is main(), which the C runtime calls: that file builds a program of its own, whose signature cannot take the state", f);
    if (this.opts.exportedFunctions?.has(f.name)) return this.forExported(f);
    let internalized = false;
    const existing = !!this.opts.hasStateParam?.(f);
    // A helper that gets an object which keeps the state reads it there: no new parameter, and its
    // callers need no state for it (an error path of the helper costs them nothing).
    const byObject = existing ? undefined : this.objectParamAccess(f);
    if (byObject) return byObject;
    // Called from another file with the caller's module (Argument Clinic's `x.c.h` wrappers call
    // `x_impl(module, ...)`): reading the state from the module it is handed leaves that file, and
    // its prototype there, as they are.
    if (f.isStatic && !existing && this.callSites(f).calls.some((c) => c.file !== f.file)) {
      const byModule = this.moduleParamAccess(f);
      if (byModule) return byModule;
    }
    // A header not given that names it (clinic/x.c.h calling x_impl, or its prototype there) could
    // not pass the state, nor take a new parameter in its prototype.
    const namedBy = f.isStatic && !existing ? namedOutside(this.ext, f.name) : undefined;
    if (namedBy) return none(`${basename(namedBy.header)}, which ${basename(namedBy.includer)} includes and is not among the files given, names it (a call or its prototype): that code could not pass the state`, f, `give ${basename(namedBy.header)} to pyext-isolate as well (with the paths or in the module's sources), then run again`);
    if (!f.isStatic) {
      if (!this.opts.assumeInternal) return none('it is not static: other translation units or the public C-API may call it, and it receives no module or object (assume-internal is off)', f);
      // Handed the module by every caller (`zstd_module_init(m)` from the init): it reads the state
      // there, its signature stays, as a non-static module function's does.
      const byModule = existing ? undefined : this.moduleParamAccess(f);
      if (byModule && !exportMark(this.ext, f.name, f.file, f.declStart, f.paramsStart)) return byModule;
      const exported = exportedBy(this.ext, f.name, f.file, f.declStart, f.paramsStart);
      // Called only in its own file, with no mark of export and no prototype elsewhere (sysv_ipc's,
      // fastrand's helpers): under assume-internal it becomes static as it takes the state, so a
      // caller outside the files given would fail to link, loudly, never call it without the state.
      internalized = exported === ONLY_OWN_FILE && !exportMark(this.ext, f.name, f.file, f.declStart, f.paramsStart) && this.canBecomeStatic(f);
      if (exported && !internalized) return none(`it is not static and ${exported}, so code outside this extension may call it`, f);
      // Its prototype would take the state too, and a header not given cannot be rewritten.
      const outside = namedOutside(this.ext, f.name);
      if (outside) return none(`it is not static and ${basename(outside.header)}, which is not among the files given, declares it: that prototype could not take the state (give ${basename(outside.header)} too)`, f);
    }
    if (this.roles.referencedAsValue.has(f.name)) {
      // A PyMethodDef table that is not the module's or a type's (python-ldap's functions.c
      // `methods`, made into functions with PyCFunction_New(meth, NULL)): its self is what that code passes.
      // (Its own file's table first: a static function of the same name elsewhere is another function.)
      const inTable = (t: PyTable): boolean => t.kind === 'methods' && t.entries.some((e) => e.func === f.name);
      const table = this.ext.tables.find((t) => inTable(t) && t.file === f.file) ?? this.ext.tables.find(inTable);
      const loose = this.opts.looseTables?.();
      // Made with the module as self at every creation (the edit passes it): a module function.
      if (table && loose?.bound.has(table) && f.params[0]?.name) return this.forModuleFunction(f, f.params[0].name);
      if (table) {
        const where = `'${table.name}' (${basename(table.file.path)})`;
        const why = loose?.refused.get(table);
        return none(`it is in the PyMethodDef table ${where}, which is neither the module's m_methods nor a type's tp_methods, so its self is whatever the code that makes functions of that table passes (NULL with PyCFunction_New(def, NULL))${why ? `, and the module cannot be passed there instead: ${why}` : ''}`, f, `move the entries of ${where} into the module's m_methods table (its functions then get the module as self, and the tool reaches the state through it), then run again`);
      }
      return none('its address is stored in a table (a callback)', f);
    }
    if (isConverterAdapter(f)) return { kind: 'param', existing: true }; // an earlier run's: the state comes in its argument
    const sites = this.callSites(f);
    const dispatched = sites.valueUses.length > 0 ? this.opts.dispatchCallers?.(f) : undefined;
    let parsedBy: ConverterRoute | undefined;
    if (sites.valueUses.length > 0 && !dispatched) {
      const converter = this.argConverter(f);
      const route = converter && !existing ? converterRoute(this.ext, f, sites.valueUses) : undefined;
      if (converter && typeof route !== 'object') return { kind: 'none', reason: `it is a PyArg "O&" converter (${converter.parser}() in ${converter.caller}() passes it), which the argument parser calls with the object and its output pointer only${route ? `, and the parser cannot pass the state on to it: ${route}` : ''}`, chain: [f.name], converter };
      if (typeof route === 'object') parsedBy = route;
    }
    if (sites.valueUses.length > 0 && !dispatched && !parsedBy) {
      const store = pointerStore(this.ext, f, sites.valueUses);
      if (store?.struct) {
        const back = store.param ? `; it gets that struct back as '${store.param}', so a member of ${store.struct} set to the module${store.func ? ` in ${store.func}()` : ''} would carry it there` : '';
        return none(`its address is stored in '${store.into}' (of type ${store.struct}${store.func ? `, in ${store.func}()` : ''}), and the code that calls it through that struct passes no module or state${back}`, f, store.param ? `add a member for the module to ${store.struct}${store.func ? `, set it in ${store.func}() where the module is at hand` : ''}, pass it from '${store.param}' to where the state is used, then run again (or give the tool the module through an object of the module's types that the callback receives)` : undefined);
      }
      if (store) return none(`its address is stored in the function pointer '${store.into}'${store.func ? ` (in ${store.func}())` : ''}, and the calls through that pointer pass no module or state (the pointer's type would need the state as a parameter)`, f);
      return none('its address is taken (a callback with no module or object)', f);
    }
    // Calls inside macro bodies: the macro passes the `st` of whichever function expands it.
    const callers = [...sites.callers, ...(dispatched ?? []), ...(parsedBy?.sites.map((p) => p.caller) ?? [])];
    for (const m of sites.macroCalls) {
      const users = macroUsers(this.ext, m.macro);
      if (users.outside > 0) return none(`it is called from macro ${m.macro}(), which is used outside any function`, f);
      callers.push(...users.funcs);
    }
    if (callers.length === 0) {
      // Referenced nowhere (a slot commented out of its type, a leftover): the parameter costs no caller anything.
      if (sites.calls.length === 0 && sites.macroCalls.length === 0 && this.unreferenced(f)) return existing ? { kind: 'param', existing } : { kind: 'param', ...(internalized ? { makeStatic: true } : {}) };
      return none('it is never called from code we can see', f);
    }
    for (const caller of new Set(callers)) {
      if (caller === f) continue;
      const a = this.resolve(caller);
      if (a.kind === 'none') {
        const how = parsedBy?.sites.some((p) => p.caller === caller) && !sites.callers.includes(caller) ? `it is a PyArg "O&" converter, and ${caller.name}(), which parses with it, cannot reach the state (${a.reason})` : `its caller ${caller.name} cannot reach the state (${a.reason})`;
        return { kind: 'none', reason: how, chain: [f.name, ...a.chain], converter: a.converter, ...(a.step ? { step: a.step } : {}) };
      }
    }
    return existing ? { kind: 'param', existing } : { kind: 'param', ...(internalized ? { makeStatic: true } : {}), ...(parsedBy ? { parsedBy } : {}) };
  }

  /** The PyArg_Parse* call that takes `f`'s address as an "O&" converter, if one does. */
  private argConverter(f: FunctionInfo): ArgConverter | undefined {
    for (const fm of this.ext.files) {
      if (fm !== f.file && !fm.allIdentifiers.has(f.name)) continue;
      for (const at of usesOf(fm, f.name)) {
        let n: SyntaxNode | null = fm.parsed.tree.rootNode.descendantForIndex(at, at + f.name.length);
        if (!n || n.type !== 'identifier') continue;
        // The name is an argument of the call: directly, with &, or under a cast.
        while (n.parent && (n.parent.type === 'cast_expression' || n.parent.type === 'parenthesized_expression' || n.parent.type === 'pointer_expression')) n = n.parent;
        const call = n.parent?.type === 'argument_list' ? n.parent.parent : null;
        const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
        const parser = callee ? fm.source.text.slice(callee.startIndex, callee.endIndex) : '';
        if (!/^_?PyArg_\w*Parse\w*$/.test(parser)) continue;
        const caller = inBody(enclosingFunction(fm, at), at);
        if (caller) return { name: f.name, parser, caller: caller.name };
      }
    }
    return undefined;
  }

  /**
   * A module function whose C callers all pass their own module keeps reading the state from its
   * module argument; one that C code calls with NULL or another object is split (see
   * 'module-split'), when every such caller can reach the state.
   */
  private forModuleFunction(f: FunctionInfo, param: string): Access {
    const { calls, macroCalls } = this.callsWithoutModule(f);
    if (calls.length === 0 && macroCalls.length === 0) return { kind: 'module', param, paramIndex: 0 };
    const callers: { caller: FunctionInfo; how: string }[] = calls.map((c) => ({ caller: c.caller, how: `${f.name}(${c.firstArg}, ...) in ${c.caller.name}()` }));
    for (const m of macroCalls) {
      const users = macroUsers(this.ext, m.macro);
      if (users.outside > 0) return none(`it is also called from C without its module, in macro ${m.macro}(), which is used outside any function`, f);
      callers.push(...users.funcs.map((u) => ({ caller: u, how: `${f.name}(${m.firstArg}, ...) through macro ${m.macro}() in ${u.name}()` })));
    }
    for (const { caller, how } of callers) {
      if (caller === f) continue;
      const a = this.resolve(caller);
      if (a.kind === 'none') return { kind: 'none', reason: `C code calls it without its module (${how}), and ${caller.name}() cannot reach the state either (${a.reason})`, chain: [f.name, ...a.chain], converter: a.converter };
    }
    return { kind: 'module-split', param, paramIndex: 0 };
  }

  /**
   * Calls of a module function from C whose first argument is not the calling function's own
   * module parameter (NULL, `self`, some other object), with that argument's text. With
   * `withSelf`, the function's calls of itself too (inside the split body the module argument
   * may be NULL, so they go to the `_impl` as well).
   */
  callsWithoutModule(f: FunctionInfo, withSelf = false): { calls: (CallSite & { firstArg: string })[]; macroCalls: (MacroCallSite & { firstArg: string })[] } {
    const calls: (CallSite & { firstArg: string })[] = [];
    const macroCalls: (MacroCallSite & { firstArg: string })[] = [];
    const files = this.filesCalling(f);
    const valueUses: number[] = [];
    const direct: CallSite[] = [];
    const viaMacro: MacroCallSite[] = [];
    for (const fm of files) for (const name of f.macroTemplate?.names ?? [f.name]) this.sitesIn(fm, f, direct, valueUses, viaMacro, name);
    const own = f.params[0]?.name;
    for (const c of direct) {
      const arg = firstArgument(c.file.source.text, c.at + f.name.length);
      if (arg === undefined) continue;
      const good = c.caller === f ? !withSelf && arg === own : this.passesOwnModule(c.caller, arg);
      if (!good) calls.push({ ...c, firstArg: arg });
    }
    for (const m of viaMacro) macroCalls.push({ ...m, firstArg: firstArgument(m.file.source.text, m.at + f.name.length) ?? '?' });
    return { calls, macroCalls };
  }

  /**
   * `static` can go in front of `f`'s definition: no header of the extension declares it (other
   * files would see a non-static prototype), and nothing between its start and its name says
   * `extern` or is a macro the tool does not know (a visibility or calling-convention macro).
   */
  private canBecomeStatic(f: FunctionInfo): boolean {
    if (this.ext.files.some((x) => x !== f.file && x.prototypes.has(f.name))) return false;
    const head = f.file.source.text.slice(f.declStart, f.paramsStart);
    return !/\bextern\b/.test(head) && !/\b[A-Z][A-Z0-9_]{2,}\b/.test(head.replace(/\b(PyObject|Py_ssize_t|PyTypeObject)\b/g, ''));
  }

  /** A `PyObject *` parameter of `f` that every call fills with the caller's own module and `f` never reassigns. */
  private moduleParamAccess(f: FunctionInfo): Access | undefined {
    const sites = this.callSites(f);
    if (sites.calls.length === 0 || sites.valueUses.length > 0 || sites.macroCalls.length > 0) return undefined;
    const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
    for (const [i, p] of f.params.entries()) {
      if (!p.name || !/^PyObject\s*\*$/.test(p.type.trim()) || new RegExp(`&\\s*${p.name}\\b|\\b${p.name}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)`).test(body)) continue;
      const every = sites.calls.every((c) => {
        if (c.alias || c.caller === f) return false;
        let open = c.at + f.name.length;
        while (/\s/.test(c.file.source.text[open] ?? '')) open++;
        const arg = callArguments(c.file.source.text, open)?.args[i];
        return arg !== undefined && this.passesOwnModule(c.caller, stripCasts(arg.trim()));
      });
      if (every) return { kind: 'module', param: p.name, paramIndex: i };
    }
    return undefined;
  }

  /** The argument is the caller's own module parameter (a module function or the exec function). */
  private passesOwnModule(caller: FunctionInfo, arg: string): boolean {
    if (!/^[A-Za-z_]\w*$/.test(arg)) return false;
    if (this.opts.execFunctions.has(caller)) return arg === this.opts.execParam(caller);
    const a = this.resolve(caller);
    return a.kind === 'module' && a.param === arg;
  }

  /**
   * A helper that gets an object which keeps the state reads it there.
   * Not for an object that may be NULL (the body tests it), nor when a caller could not reach the
   * state itself (a dealloc: the helper would then read it during teardown).
   */
  private objectParamAccess(f: FunctionInfo): Access | undefined {
    const obj = objectParams(f);
    if (!obj) return undefined;
    const { err } = obj;
    for (const { i, p } of obj.params) {
      if (this.givenAddressOf(f, i)) continue;
      for (const st of this.opts.instanceStates?.().values() ?? []) {
        if (st.file === f.file && f.declStart > st.structEnd && sameType(p.type, `${st.struct} *`)) {
          if (!this.callersReachState(f)) return undefined;
          return { kind: 'by-instance', param: p.name, struct: st.struct, cast: false, errorValue: err, paramIndex: i };
        }
      }
    }
    return undefined;
  }

  /**
   * An object of one of the module's types (`CTracer *self` of a trace callback registered with
   * that object, an exported helper given one): its type leads to the module, whoever calls it. A
   * lookup per call, so only where the state cannot come as a parameter.
   */
  private typedObjectAccess(f: FunctionInfo): Access | undefined {
    const obj = objectParams(f);
    if (!obj) return undefined;
    const { err, body } = obj;
    for (const { i, p } of obj.params) {
      if (this.givenAddressOf(f, i)) continue;
      // `PyObject *op` that the body takes as its object at once (`Profiler *self = (Profiler *)op;`).
      const cast = sameType(p.type, 'PyObject *') ? new RegExp(`^\\s*\\{\\s*(?:struct\\s+)?(\\w+)\\s*\\*\\s*\\w+\\s*=\\s*\\(\\s*(?:struct\\s+)?\\1\\s*\\*\\s*\\)\\s*${p.name}\\s*;`).exec(body) : null;
      const found = this.typesOfObjects(cast ? `${cast[1]} *` : p.type);
      if (!found) continue;
      const typeExpr = `Py_TYPE(${p.name})`;
      const { types, specs } = found;
      // (Spec types whose flags cannot be read count as subclassable: the MRO search serves subclasses too.)
      const open = types.some(subclassable) || specs.some((x) => this.opts.specType?.(x)?.subclassable !== false);
      if (open) return { kind: 'by-type', typeExpr, errorValue: err, paramIndex: i, ...(specs.length > 0 ? { specs } : {}) };
      return { kind: 'own-type', typeExpr, paramIndex: i, ...(specs.length > 0 ? { specs } : {}) };
    }
    return undefined;
  }

  /**
   * A call passes `&x` as parameter `index` of `f`: a struct on the stack or in static data (pyzstd's
   * one-shot decompress() hands decompress_impl() a `ZstdDecompressor self = {0}` of its own), not an
   * object of a type, so its type cannot lead to the module.
   */
  private givenAddressOf(f: FunctionInfo, index: number): boolean {
    return this.callSites(f).calls.some((c) => {
      let open = c.at + (c.alias ?? f.name).length;
      while (/\s/.test(c.file.source.text[open] ?? '')) open++;
      const arg = callArguments(c.file.source.text, open)?.args[index];
      return arg !== undefined && /^&/.test(stripCasts(arg.trim()));
    });
  }

  /**
   * The module's types whose objects a parameter of C type `ptrType` points to (by tp_basicsize), when
   * every one gets a module: whichever is at hand leads to the same module (one struct of two types,
   * regex's MatchObject for Match and Capture).
   */
  private typesOfObjects(ptrType: string): { types: StaticType[]; specs: string[] } | undefined {
    const m = /^\s*(?:struct\s+)?(\w+)\s*\*\s*$/.exec(ptrType.replace(/\bconst\b/g, ''));
    if (!m || /^(PyObject|PyTypeObject|void|char)$/.test(m[1])) return undefined;
    const found = this.ext.types.filter((t) => {
      const size = /^\s*sizeof\s*\(\s*(?:struct\s+)?(\w+)\s*\)\s*$/.exec(t.fields.get('tp_basicsize')?.value ?? '');
      return size?.[1] === m[1];
    });
    // Heap types from a spec (zstandard's ZstdDecompressor): each creation must get the module.
    const specs = this.opts.specsOfStruct?.(m[1]) ?? [];
    if (found.length + specs.length === 0 || !found.every((t) => this.opts.typeHasModule(t.name)) || !specs.every((s) => s.withModule)) return undefined;
    return { types: found, specs: specs.map((s) => s.slots) };
  }

  /**
   * Every caller (also through macros) can reach the state itself, and none may pass a NULL state
   * (a teardown path: the helper would then look the state up through its object's type, whose
   * module may be gone).
   */
  private callersReachState(f: FunctionInfo): boolean {
    const sites = this.callSites(f);
    const callers = [...sites.callers];
    for (const m of sites.macroCalls) {
      const users = macroUsers(this.ext, m.macro);
      if (users.outside > 0) return false;
      callers.push(...users.funcs);
    }
    return callers.every((c) => c === f || (this.resolve(c).kind !== 'none' && !stateMayBeMissing(this, c)));
  }

  private forExported(f: FunctionInfo): Access {
    const err = errorValue(f.returnType);
    if (err === undefined) return none(`it is a C-API function returning ${f.returnType}: a failed state lookup could not be reported`, f);
    if (f.params.some((p) => p.name === '' || p.type.includes('...'))) return none('it is a C-API function with unnamed or variable parameters', f);
    const p0 = f.params[0];
    // Its object's type can lead to the module only when one of the module's types is a heap type:
    // else the lookup would raise (and be cleared) on every call before the fallback.
    const heapTypes = this.ext.types.some((t) => this.opts.typeHasModule(t.name));
    const objectParam = heapTypes && p0 && /^(PyObject|PyTypeObject)\s*\*$/.test(p0.type.replace(/\s+/g, ' ').trim()) ? p0.name : undefined;
    return { kind: 'split', objectParam, errorValue: err };
  }

  /**
   * No file of the extension names `f` but its own definition and prototype: it lives in a .c file
   * that no other file includes (a header's static functions are called from its includers, and so
   * are those of an `.inc`/`.inc.src` fragment, which is never compiled on its own).
   */
  private unreferenced(f: FunctionInfo): boolean {
    if (isHeaderPath(f.file.path) || /\.inc(\.src)?$/.test(f.file.path)) return false;
    const base = basename(f.file.path);
    return this.ext.files.every((x) => x === f.file || (!x.allIdentifiers.has(f.name) && !x.localIncludes.some((inc) => basename(inc) === base)));
  }

  /**
   * The files that can call `f`: static functions of a header, or of a .c/.inc file another file
   * #includes, are called from the files that include it; non-static ones from any file; a static
   * one of a .c file also from the files it includes (Argument Clinic's `clinic/x.c.h` wrappers
   * call the `_impl` functions, helpers in an `#include`d `.inc` call the file's functions).
   */
  private filesCalling(f: FunctionInfo): FileModel[] {
    if (f.file.path.endsWith('.h') || !f.isStatic || this.includedFile(f.file)) return this.ext.files.filter((x) => x === f.file || x.allIdentifiers.has(f.name));
    return this.ext.files.filter((x) => x === f.file || (x.allIdentifiers.has(f.name) && includersOf(this.ext, x).has(f.file)));
  }

  /** Direct callers of f (functions whose body calls it) and other uses of its name. */
  callSites(f: FunctionInfo): { callers: FunctionInfo[]; calls: CallSite[]; valueUses: number[]; macroCalls: MacroCallSite[] } {
    const calls: CallSite[] = [];
    const valueUses: number[] = [];
    const macroCalls: MacroCallSite[] = [];
    // A function-defining macro's body is called by the names its expansions give it.
    for (const fm of this.filesCalling(f)) for (const name of f.macroTemplate?.names ?? [f.name]) this.sitesIn(fm, f, calls, valueUses, macroCalls, name);
    this.pastedSites(f, calls, valueUses);
    const callers = [...new Set(calls.map((c) => c.caller))];
    return { callers, calls, valueUses, macroCalls };
  }

  /**
   * Calls of `f` by a pasted name in the body of a function-defining macro (`read_##FIELD(o, &v)`
   * in MAX_COORD): a call of `f` when every expansion of that macro names one of `f`'s names;
   * when only some do, a use of another kind (the state cannot be passed to some of them).
   */
  private pastedSites(f: FunctionInfo, calls: CallSite[], valueUses: number[]): void {
    const names = new Set(f.macroTemplate?.names ?? [f.name]);
    for (const fm of this.ext.files) {
      for (const m of fm.parsed.functionMacros) {
        const caller = fm.functions.find((fn) => fn.macroTemplate?.macro === m.name && fn.start > m.start && fn.start < m.end);
        if (!caller) continue;
        const text = fm.source.text;
        const re = /\b[A-Za-z_]\w*(?:\s*##\s*[A-Za-z_]\w*)+/g;
        const body = text.slice(caller.bodyStart, caller.bodyEnd);
        let x: RegExpExecArray | null;
        while ((x = re.exec(body)) !== null) {
          const at = caller.bodyStart + x.index;
          const expanded = m.expansions.map((e) => expandedName(x![0], m.params, e.args));
          const hits = expanded.filter((n) => n !== undefined && names.has(n)).length;
          if (hits === 0) continue;
          let j = at + x[0].length;
          while (j < text.length && /[ \t]/.test(text[j])) j++;
          if (hits === expanded.length && text[j] === '(') calls.push({ caller, at, file: fm, alias: x[0] });
          else valueUses.push(at);
        }
      }
    }
  }

  private includedCache = new Map<FileModel, boolean>();
  /** Another file of the extension #includes this one (`#include "helpers.inc"`, its `.src` template too). */
  private includedFile(file: FileModel): boolean {
    let v = this.includedCache.get(file);
    if (v === undefined) {
      const base = file.path.replace(/^.*[\\/]/, '');
      v = this.ext.files.some((x) => x !== file && x.localIncludes.some((inc) => {
        const b = inc.replace(/^.*[\\/]/, '');
        return b === base || `${b}.src` === base;
      }));
      this.includedCache.set(file, v);
    }
    return v;
  }

  private sitesIn(fm: FileModel, f: FunctionInfo, calls: CallSite[], valueUses: number[], macroCalls: MacroCallSite[], name = f.name): void {
    const text = fm.source.text;
    for (const at of usesOf(fm, name)) {
      if (fm === f.file && at >= f.start && at < f.paramsStart) continue; // its own declarator
      // The declarator of its other definition (another #if branch): no use of its address.
      if (twinNames(fm).has(name) && fm.functions.some((g) => g !== f && g.name === name && at >= g.start && at < g.paramsStart)) continue;
      const proto = fm.prototypes.get(name);
      if (proto && at >= proto.start && at < proto.end) continue;
      let j = at + name.length;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t' || text[j] === '\n' || text[j] === '\r')) j++;
      const caller = inBody(enclosingFunction(fm, at), at);
      if (!caller) {
        const m = macroAt(fm, at);
        // `#define join_list_string join_list_unicode`: the alias's calls are calls of f.
        if (m && !m.params && m.name !== name && m.body.trim() === name && name === f.name) {
          this.sitesIn(fm, f, calls, valueUses, macroCalls, m.name);
          continue;
        }
        if (m && text[j] === '(') macroCalls.push({ macro: m.name, at, file: fm });
        else if (!(m && name !== f.name && at >= m.start && at < m.end && m.name === name)) valueUses.push(at);
        continue;
      }
      if (text[j] === '(') calls.push(name === f.name ? { caller, at, file: fm } : { caller, at, file: fm, alias: name });
      else valueUses.push(at);
    }
  }

  /** Object structs whose objects keep the state. */
  instanceStates(): ReadonlyMap<string, InstanceState> {
    return this.opts.instanceStates?.() ?? new Map();
  }

  get extension(): ExtensionModel {
    return this.ext;
  }
}

/**
 * The text of the first argument of the call whose `(` follows `from` (after blanks), or
 * undefined when there is none: a lexical scan that skips nested parentheses, literals and comments.
 */
export function firstArgument(text: string, from: number): string | undefined {
  let i = from;
  while (i < text.length && /\s/.test(text[i])) i++;
  if (text[i] !== '(') return undefined;
  const start = i + 1;
  let depth = 0;
  for (i = start; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      for (i++; i < text.length && text[i] !== c; i++) if (text[i] === '\\') i++;
    } else if (c === '/' && text[i + 1] === '*') {
      const e = text.indexOf('*/', i + 2);
      i = e === -1 ? text.length : e + 1;
    } else if (c === '(' || c === '[' || c === '{') depth++;
    else if ((c === ')' || c === ']' || c === '}') && depth > 0) depth--;
    else if ((c === ',' || c === ')') && depth === 0) {
      const arg = text.slice(start, i).replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\\\r?\n/g, ' ').replace(/\s+/g, ' ').trim();
      return arg === '' ? undefined : arg;
    }
  }
  return undefined;
}

/**
 * Static helpers that ready a type (`PyType_Ready(&X)`) and are called exactly once, directly, from
 * the init function (`if (add_types(m) < 0) ...`, `views_init()` before PyModule_Create): as a
 * heap type, X is created there, which needs the module. The helper's parameter that every call
 * fills with the init's module variable serves; without one, a `PyObject *module` parameter is
 * added (the exec function has the module from its first line on).
 */
export function findModuleHelpers(ext: ExtensionModel, roles: Roles, init: FunctionInfo, moduleVar: string, assumeInternal = true): Map<FunctionInfo, ModuleHelper> {
  const out = new Map<FunctionInfo, ModuleHelper>();
  const sites = new StateAccess(ext, roles, { typeHasModule: () => false, execFunctions: new Set(), execParam: () => moduleVar });
  for (const t of ext.types) {
    for (const u of t.uses) {
      const h = u.func;
      if (!h || h === init || out.has(h) || u.kind !== 'address') continue;
      if (!/PyType_Ready\s*\(\s*&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 30), u.start))) continue;
      if (h.inTemplate || roles.of(h).length > 0 || roles.referencedAsValue.has(h.name)) continue;
      // A non-static helper of another file (`int init_types(PyObject *module)` declared in a header) serves
      // when nothing exports it and it already gets the module: its signature stays.
      const internal = h.isStatic || (assumeInternal && !exportedBy(ext, h.name, h.file, h.declStart, h.paramsStart));
      const s = sites.callSites(h);
      if (s.calls.length !== 1 || s.valueUses.length > 0 || s.macroCalls.length > 0 || s.calls[0].caller !== init || s.calls[0].alias) continue;
      const call = s.calls[0];
      const text = call.file.source.text;
      let open = call.at + h.name.length;
      while (/\s/.test(text[open] ?? '')) open++;
      const args = callArguments(text, open)?.args.map((a) => stripCasts(a)) ?? [];
      const i = args.indexOf(moduleVar);
      if (i !== -1 && h.params[i]?.name && internal) {
        out.set(h, { param: h.params[i].name, paramIndex: i, added: false, call });
        continue;
      }
      // A non-static one gets the module too when nothing outside the extension may call it: its
      // prototypes in the extension's headers take the new parameter with it.
      if (!internal) continue;
      const taken = new Set(namesDeclaredIn(h));
      for (const p of h.params) taken.add(p.name);
      const param = ['module', 'mod', 'pyext_module'].find((n) => !taken.has(n) && !new RegExp(`\\b${n}\\b`).test(h.file.source.text.slice(h.bodyStart, h.bodyEnd)));
      if (param) out.set(h, { param, paramIndex: 0, added: true, call });
    }
  }
  return out;
}

const twins = new WeakMap<FileModel, Set<string>>();
/** Names a file defines more than once (one definition per #if branch). */
function twinNames(fm: FileModel): Set<string> {
  let t = twins.get(fm);
  if (!t) {
    const seen = new Set<string>();
    t = new Set();
    // (The bodies of function-defining macros are templates, not definitions: two macros may paste the same name.)
    for (const g of fm.functions) if (g.macroTemplate) continue; else if (seen.has(g.name)) t.add(g.name); else seen.add(g.name);
    twins.set(fm, t);
  }
  return t;
}

/** The definitions of f's name in its file (more than one: one per #if branch). */
export function definitionsOf(f: FunctionInfo): FunctionInfo[] {
  return !f.macroTemplate && twinNames(f.file).has(f.name) ? f.file.functions.filter((g) => g.name === f.name && !g.macroTemplate) : [f];
}

/**
 * A parameter without a name: either written so, or the parameter list is a macro whose body is not
 * a plain list of declarations (`f(ARGS)`), when the parameters do have names, behind the macro.
 */
function unnamed(which: string, f: FunctionInfo): Access {
  const only = f.params.length === 1 ? f.file.source.text.slice(f.params[0].start, f.params[0].end).trim() : '';
  if (/^[A-Za-z_]\w*$/.test(only) && only !== 'void') return none(`its parameter list is the macro ${only}, which was not read as plain parameter declarations, so ${which} has no name here`, f, `write the parameters of ${f.name}() out instead of ${only}, then run again`);
  return none(`${which} has no name`, f);
}

function none(reason: string, f: FunctionInfo, step?: string): Access {
  return { kind: 'none', reason, chain: [f.name], ...(step ? { step } : {}) };
}

/** Visibility attributes and export macros before a declaration (`PyAPI_FUNC(int)`, `MYLIB_API`, `__attribute__((visibility("default")))`). */
// (The attribute alternatives end in a quote: no word boundary after them.)
const EXPORTING = /\b(?:PyMODINIT_FUNC|PyAPI_FUNC|PyAPI_DATA|[A-Z][A-Z0-9_]*_(?:API|EXPORT|PUBLIC)|DLL_EXPORT|EXPORT)\b|__declspec\s*\(\s*dllexport\b|\bvisibility\s*\(\s*"(?:default|protected)"/;

/** exportedBy's reason for a function that only its own file calls (the evidence rule, see there). */
const ONLY_OWN_FILE = 'no other file of the extension uses it';

/** `NPY_NO_EXPORT`, `MYLIB_HIDDEN`: internal visibility, the opposite. */
const HIDING = /NO_EXPORT|HIDDEN|INTERNAL|PRIVATE|LOCAL/;

/**
 * Why a non-static symbol counts as exported under assume-internal (an export macro or visibility
 * attribute on its definition or a declaration, a declaration in a public header of the extension, a
 * capsule; for a function also: no other file of the extension calls it), or undefined when every
 * use is the extension's own.
 *
 * Data (`what` 'data': an object global, a type pointer, mutable C data) needs an explicit mark:
 * moved into the state, it no longer exists as a symbol, so code outside the files given that did
 * name it fails to link, loudly. A function keeps its symbol with a new `st` parameter, and a
 * caller the tool cannot see would pass one argument less without a word: it counts as internal
 * only when another file of the extension uses it (evidence that it is a helper of the extension).
 */
export function exportedBy(ext: ExtensionModel, name: string, file: FileModel, declStart: number, nameAt: number, what: 'function' | 'data' = 'function'): string | undefined {
  // (A header that only declares it does not count: it is there for whoever includes it.)
  if (what === 'function' && !ext.files.some((x) => x !== file && !isHeaderPath(x.path) && x.allIdentifiers.has(name))) return ONLY_OWN_FILE;
  const outsider = namedByOtherFiles(ext, name);
  if (outsider) return outsider;
  return exportMark(ext, name, file, declStart, nameAt);
}

/**
 * A file of the tree that the linking left out of this extension (pycurl's easycb.c, reached only
 * through hidden-visibility symbols) names a non-static symbol: that use would not be rewritten.
 */
export function namedByOtherFiles(ext: ExtensionModel, name: string): string | undefined {
  const outsider = ext.otherFiles?.find((x) => !isHeaderPath(x.path) && x.allIdentifiers.has(name));
  return outsider ? `${basename(outsider.path)}, which is not linked into this extension, names it` : undefined;
}

/**
 * The explicit marks of export on a symbol: an export macro or visibility attribute on its
 * definition or a declaration, a declaration in a public header, a capsule; undefined when none.
 */
export function exportMark(ext: ExtensionModel, name: string, file: FileModel, declStart: number, nameAt: number): string | undefined {
  const head = withLinkageMacros(ext, file.source.text.slice(declStart, nameAt));
  const m = EXPORTING.exec(head);
  if (m && !HIDING.test(m[0])) return `is marked for export (${m[0].trim()})`;
  for (const f of ext.files) {
    const proto = f.prototypes.get(name);
    const decl = f.externDecls.find((d) => d.name === name);
    const at = proto?.start ?? decl?.declStart;
    if (at === undefined) continue;
    const end = proto ? proto.end : decl!.declEnd;
    // From the line start: an export macro before the declaration is blanked out of its node.
    const x = EXPORTING.exec(withLinkageMacros(ext, f.source.text.slice(f.source.lineStart(at), end)));
    if (x && !HIDING.test(x[0])) return `is declared for export (${x[0].trim()} in ${f.path.replace(/^.*[\\/]/, '')})`;
    if (isPublicHeader(ext, f)) return `is declared in the public header ${f.path.replace(/^.*[\\/]/, '')}`;
  }
  for (const c of ext.capsuleExports) if (new RegExp(`\\b${name}\\b`).test(c.pointerExpr)) return 'is exported through a capsule';
  return undefined;
}

/**
 * A header other extensions compile: one that several extensions of the tree include or that
 * imports a capsule (ext.publicHeaders), or one under an `include/` directory that spells out the
 * C-API the extension exports through a capsule (the capsule's name, or the type of the table it
 * points at). The directory alone says nothing: a project's `include/` holds its private headers
 * as often as its installed ones (`include/*.h` that only the extension's `src/*.c` include).
 */
function isPublicHeader(ext: ExtensionModel, f: FileModel): boolean {
  if (ext.publicHeaders?.has(f)) return true;
  if (!/(^|[\\/])include[\\/]/.test(f.path)) return false;
  const text = f.source.text;
  return ext.capsuleExports.some((c) => namesCapsule(c.capsuleName, text) || (c.table !== undefined && tableTypeDefinedIn(c, text)));
}

/** The capsule's name as written at the export (a string literal, or the macro that spells it) occurs in `text`. */
function namesCapsule(name: string, text: string): boolean {
  if (name.startsWith('"')) return text.includes(name);
  return /^[A-Za-z_]\w*$/.test(name) && new RegExp(`\\b${name}\\b`).test(text);
}

/** `typedef struct {...} Spam_CAPI;` / `struct spam_capi {...}` of the type the exported table is declared with, in `text`. */
function tableTypeDefinedIn(c: CapsuleExport, text: string): boolean {
  const decl = new RegExp(`\\b((?:struct\\s+)?[A-Za-z_]\\w*)\\s+${c.table}\\s*(?:\\[[^\\]]*\\]\\s*)?[=;]`).exec(c.file.source.text);
  if (!decl) return false;
  const type = decl[1].replace(/^struct\s+/, '');
  return new RegExp(`\\}\\s*${type}\\s*;|\\bstruct\\s+${type}\\s*\\{`).test(text);
}

/**
 * `text` followed by the bodies of the extension's object-like macros it names (`RING_API int f(void)`
 * with `#define RING_API __attribute__((visibility("default")))`, in any #if branch): a linkage
 * macro of the project's own marks the symbol as its body does.
 */
function withLinkageMacros(ext: ExtensionModel, text: string): string {
  const bodies: string[] = [];
  for (const word of new Set(text.match(/\b[A-Z_][A-Z0-9_]{2,}\b/g) ?? [])) {
    for (const f of ext.files) for (const d of definitionsOfMacro(f.parsed.lex, word)) if (d.parts && !d.parts.params) bodies.push(d.parts.body);
  }
  return bodies.length > 0 ? `${text} ${bodies.join(' ')}` : text;
}

/** The value a function returns on error, by its return type. */
export function errorValue(returnType: string): string | undefined {
  const t = returnType.replace(/\b(static|inline|const|NPY_INLINE|Py_LOCAL_INLINE)\b/g, '').trim();
  if (t.includes('*')) return 'NULL';
  if (/^(int|long|Py_ssize_t|Py_hash_t|ssize_t|long long|npy_intp|Py_intptr_t)$/.test(t)) return '-1';
  if (/^(PyObject|PyTypeObject)\b/.test(t)) return 'NULL';
  return undefined;
}

/** How an access reaches the state, in words (for a finding). */
function describeAccess(a: Access): string {
  switch (a.kind) {
    case 'module':
    case 'module-split':
      return `from its module argument ${a.param}`;
    case 'by-type':
    case 'own-type':
      return `from the type ${a.typeExpr}`;
    case 'teardown':
      return `from the type ${a.typeExpr}, in teardown`;
    case 'by-instance':
      return `from the object ${a.param}`;
    case 'by-operands':
      return `from either operand (${a.left}, ${a.right}${a.third ? `, ${a.third}` : ''})`;
    case 'param':
      return 'from a state parameter';
    case 'split':
      return 'from the main interpreter';
    case 'none':
      return 'not at all';
  }
}

/** Several roles of one function that reach the state from the same object: the MRO search serves them all. */
function commonAccess(answers: Access[]): Access | undefined {
  const selfBased = answers.every((a) => a.kind === 'by-type' || a.kind === 'own-type' || a.kind === 'by-instance');
  if (selfBased) {
    const exprs = new Set(answers.map((a) => (a.kind === 'by-instance' ? `Py_TYPE(${a.param})` : (a as { typeExpr: string }).typeExpr)));
    const err = answers.map((a) => ('errorValue' in a ? a.errorValue : undefined)).find((e) => e !== undefined);
    if (exprs.size === 1 && err !== undefined) return { kind: 'by-type', typeExpr: [...exprs][0], errorValue: err, paramIndex: 0 };
    return undefined;
  }
  const ops = answers.filter((a): a is Extract<Access, { kind: 'by-operands' }> => a.kind === 'by-operands');
  if (ops.length > 0) {
    const a = ops[0];
    if (!ops.every((b) => b.left === a.left && b.right === a.right && b.third === a.third && b.errorValue === a.errorValue)) return undefined;
    // A slot whose own object is the left operand (nb_inplace_and beside nb_and, one function of a
    // macro): the operand search finds the state there first.
    const selfIsLeft = answers.every((b) => b.kind === 'by-operands' || ((b.kind === 'by-type' || b.kind === 'own-type') && b.typeExpr === `Py_TYPE(${a.left})`) || (b.kind === 'by-instance' && b.param === a.left));
    if (!selfIsLeft) return undefined;
    const struct = ops.every((b) => b.struct !== undefined && b.struct === a.struct) && answers.every((b) => b.kind !== 'by-instance' || b.struct === a.struct) ? a.struct : undefined;
    if (a.third) return { kind: 'by-operands', left: a.left, right: a.right, third: a.third, errorValue: a.errorValue };
    return { kind: 'by-operands', left: a.left, right: a.right, errorValue: a.errorValue, ...(struct ? { struct } : {}) };
  }
  return undefined;
}

/** A type that Python code can subclass (Py_TPFLAGS_BASETYPE, or flags we cannot read). */
export function subclassable(t: StaticType): boolean {
  return flagsSubclassable([t.fields.get('tp_flags')?.value ?? '', ...t.runtimeFields.filter((r) => r.field === 'tp_flags').map((r) => r.value)].join(' | '));
}

/** Type flags (C text) that let Python code subclass the type (Py_TPFLAGS_BASETYPE, or words we cannot read). */
export function flagsSubclassable(flags: string): boolean {
  const words = flags.match(/[A-Za-z_]\w*/g) ?? [];
  if (words.some((w) => w === 'Py_TPFLAGS_BASETYPE')) return true;
  // Flags we cannot read (a project macro) may hold it.
  return words.some((w) => !/^Py_TPFLAGS_\w+$/.test(w));
}

/**
 * The parameters a helper may read its state through: named, never tested against NULL by the
 * body; with the value the helper returns on error (none: no failed lookup could be reported).
 */
function objectParams(f: FunctionInfo): { err: string; body: string; params: { i: number; p: FunctionInfo['params'][number] }[] } | undefined {
  const type = errorValue(f.returnType);
  if (type === undefined) return undefined;
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  const err = type === '-1' ? ownErrorReturn(body) ?? type : type;
  return { err, body, params: f.params.map((p, i) => ({ i, p })).filter(({ p }) => !!p.name && !mayBeNull(body, p.name)) };
}

/**
 * What an int function returns right after it raises (`PyErr_Format(...); return 1;`, zstandard's
 * ensure_dctx), when every such return agrees: a failed lookup reports the error the same way.
 */
function ownErrorReturn(body: string): string | undefined {
  const values = new Set([...body.matchAll(/\bPyErr_\w+\s*\([^;]*\)\s*;\s*return\s+(-?\d+)\s*;/g)].map((m) => m[1]));
  const [v] = values;
  return values.size === 1 && v !== '0' ? v : undefined;
}

/** The body tests `name` against NULL (`!name`, `name == NULL`, `if (name)`, `name ? ...`). */
function mayBeNull(body: string, name: string): boolean {
  const n = name.replace(/[^\w]/g, '');
  return new RegExp(`\\b${n}\\s*[!=]=\\s*(NULL|0)\\b|\\b(NULL|0)\\s*[!=]=\\s*${n}\\b|!\\s*${n}\\b(?!\\s*->)|\\(\\s*${n}\\s*\\)\\s*(\\?|&&|\\|\\||\\{|[A-Za-z_])|\\b${n}\\s*(&&|\\|\\||\\?)`).test(body);
}

function sameType(a: string, b: string): boolean {
  const norm = (t: string): string => t.replace(/\bstruct\s+/g, '').replace(/\s+/g, '').trim();
  return norm(a) === norm(b);
}

/** `expr` as `type`: as it is when it already has that type, else with a cast. */
function castTo(type: string, has: string, expr: string): string {
  return sameType(type, has) ? expr : `(${type})${expr}`;
}

/** The parsers whose variable arguments pair an "O&" converter with the address after it. */
const CONVERTER_PARSERS = /^PyArg_(?:ParseTuple|ParseTupleAndKeywords|Parse)$/;

/**
 * How the argument parser can pass the state to converter `f` (see ConverterRoute), or why it
 * cannot: every use of its name that is not a call must be a converter argument of a
 * PyArg_ParseTuple(AndKeywords)/PyArg_Parse call in a function of its file, after its definition
 * (the adapter goes right below it), followed by the address argument.
 */
function converterRoute(ext: ExtensionModel, f: FunctionInfo, valueUses: number[]): ConverterRoute | string {
  if (!f.isStatic || isHeaderPath(f.file.path) || /\.inc(\.src)?$/.test(f.file.path)) return 'it is not a static function of a .c file';
  const [obj, out] = f.params;
  if (f.params.length !== 2 || !obj.name || !out.name || !sameType(obj.type, 'PyObject *') || !/^(?:const\s+)?(?:struct\s+)?\w+(?:\s*\*\s*(?:const\s*)?)+$/.test(out.type.trim()) || errorValue(f.returnType) !== '-1') return 'its signature is not int (PyObject *, T *)';
  const fm = f.file;
  for (const n of [`${f.name}_with_state`, `${f.name}_arg`]) if (ext.files.some((x) => x.allIdentifiers.has(n))) return `the name ${n} is taken`;
  const sites: ConverterSite[] = [];
  for (const at of valueUses) {
    let n: SyntaxNode | null = fm.parsed.tree.rootNode.descendantForIndex(at, at + f.name.length);
    if (!n || n.type !== 'identifier') return 'a use of its name is not a plain identifier';
    while (n.parent && (n.parent.type === 'cast_expression' || n.parent.type === 'parenthesized_expression' || n.parent.type === 'pointer_expression')) n = n.parent;
    const list = n.parent?.type === 'argument_list' ? n.parent : null;
    const call = list?.parent?.type === 'call_expression' ? list.parent : null;
    const callee = call?.childForFieldName('function');
    const parser = callee ? fm.source.text.slice(callee.startIndex, callee.endIndex) : '';
    if (!list || !CONVERTER_PARSERS.test(parser)) return 'its address is also used elsewhere than as a converter of PyArg_ParseTuple(), PyArg_ParseTupleAndKeywords() or PyArg_Parse()';
    const args = list.namedChildren.filter((c) => c.type !== 'comment');
    const k = args.findIndex((c) => c.startIndex === n!.startIndex && c.endIndex === n!.endIndex);
    const addr = k === -1 ? undefined : args[k + 1];
    const caller = inBody(enclosingFunction(fm, at), at);
    if (!addr || !caller) return `its use in ${parser}() has no address argument after it`;
    if (at < f.end) return `${parser}() in ${caller.name}() comes before its definition`;
    sites.push({ file: fm, caller, nameAt: at, addrStart: addr.startIndex, addrEnd: addr.endIndex });
  }
  return { outType: out.type.trim(), sites };
}

/** `static int conv_with_state(PyObject *o, void *arg) { conv_arg *a = (conv_arg *)arg; return conv(a->st, o, a->out); }`, as a run writes it. */
function isConverterAdapter(f: FunctionInfo): boolean {
  if (!f.name.endsWith('_with_state') || f.params.length !== 2) return false;
  const base = f.name.slice(0, -'_with_state'.length);
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd).replace(/\/\*[^]*?\*\//g, ' ');
  return new RegExp(`^\\{\\s*${base}_arg\\s*\\*\\s*(\\w+)\\s*=\\s*\\(\\s*${base}_arg\\s*\\*\\s*\\)\\s*${f.params[1].name}\\s*;\\s*return\\s+${base}\\s*\\(\\s*\\1->st\\s*,\\s*${f.params[0].name}\\s*,\\s*\\1->out\\s*\\)\\s*;\\s*\\}$`).test(body);
}
