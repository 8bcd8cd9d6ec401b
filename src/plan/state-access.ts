/**
 * How a function reaches its module state (rewrite spec §2.1), or why it cannot. Static
 * helpers get a `<mod>_state *st` parameter when every caller can pass one; public C-API
 * functions and callbacks get nothing, and the answer carries the call chain for the finding.
 */
import { pastingMacro } from '../model/pasting-macros';
import type { ExtensionModel, FunctionInfo, PyTable, StaticType } from '../model/types';
import { Roles, BINARY_SLOTS, TEARDOWN_SLOTS } from '../model/roles';
import { macroUsers, usesOf } from '../model/macro-users';
import { callArguments } from '../model/init-macros';
import { isHeaderPath } from '../core/parse';
import type { SyntaxNode } from '../core/parse';
import { basename } from 'path';
import { stripCasts } from '../model/cnodes';
import type { InstanceState } from './instance-state';
import { enclosingFunction, inBody } from '../model/functions';
import { namedOutside } from '../model/outside-headers';
import { filesIncluding, filesNaming } from '../model/files-naming';
import { GUARDED_TEARDOWN_SLOTS, heapTypeWithModule, stateMayBeMissing } from './teardown';
import { pointerStore } from './pointer-stores';
import { definitionsOf } from './function-twins';
import { ONLY_OWN_FILE, exportMark, exportedBy } from './export-marks';
import { castTo, errorValue, objectParams, sameType } from './helper-signature';
import { subclassable } from './subclassable';
import { converterRoute, isConverterAdapter, type ArgConverter, type ConverterRoute } from './converter-routes';
import type { Access, AccessOptions } from './access-kinds';
import { CallSites, firstArgument, type CallSite, type MacroCallSite } from './call-sites';
import { moduleOrTypeAccess } from './module-or-type';
import { parameterlessHookAccess, takesNoParameters } from './parameterless-hook';

/**
 * What makes a METH_STATIC method reach the state. There is no way that keeps it a staticmethod
 * for Python: the type is bound into the function object, but its C function gets NULL as self.
 */
export function staticMethodStep(name: string, type: string | undefined): string {
  return `either make ${name}() METH_CLASS${type ? ` in ${type}'s methods` : ''} (its first parameter is then the class, and the tool finds the state through it; Python callers see a classmethod: the method's __self__ is the class instead of None, a subclass passes itself, and the type's __dict__ holds a classmethod_descriptor), or move it to the module's functions (a module function gets its module); then run again`;
}

export class StateAccess {
  private cache = new Map<FunctionInfo, Access>();
  private inProgress = new Set<FunctionInfo>();
  private readonly sites: CallSites;

  constructor(
    private readonly ext: ExtensionModel,
    private readonly roles: Roles,
    private readonly opts: AccessOptions,
  ) {
    this.sites = new CallSites(ext);
  }

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
      const dual = moduleOrTypeAccess(this.ext, roles, answers, f.params[0]?.name);
      if (dual) return dual;
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
        if (!p0) return unnamed('its first parameter (the module)', f);
        return { kind: 'module', param: p0, paramIndex: 0 };
      case 'module-hook': {
        if (p0) return { kind: 'module', param: p0, paramIndex: 0 };
        if (!takesNoParameters(f)) return unnamed('its first parameter (the module)', f);
        const sites = this.callSites(f);
        const added = parameterlessHookAccess(f, r.slot, { calls: sites.calls.length + sites.macroCalls.length, valueUses: sites.valueUses.length });
        return 'kind' in added ? added : none(added.reason, f);
      }
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
    const unmade = r.type && r.heapType ? this.opts.specWithoutModule?.(r.type) : undefined;
    if (unmade) return none(`its type (slots ${r.type}) ${unmade}, so it has no module to find the state from`, f);
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
      if (sites.calls.length === 0 && sites.macroCalls.length === 0 && this.unreferenced(f)) {
        // Unless a macro forms its name by pasting (`METER_FN(step)(self, args)` for meter_step): that
        // hidden call, or address, would not pass the new parameter.
        const paster = existing ? undefined : pastingMacro(this.ext.files, f.name);
        if (paster) return none(`no call or table entry of it can be seen, while macro ${paster}() forms names like it by token pasting: a call or address taken there could not pass the state`, f, `expand ${paster}() by hand where it names ${f.name}(), then run again`);
        return existing ? { kind: 'param', existing } : { kind: 'param', ...(internalized ? { makeStatic: true } : {}) };
      }
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
    const files = this.sites.filesCalling(f);
    const valueUses: number[] = [];
    const direct: CallSite[] = [];
    const viaMacro: MacroCallSite[] = [];
    for (const fm of files) for (const name of f.macroTemplate?.names ?? [f.name]) this.sites.sitesIn(fm, f, direct, valueUses, viaMacro, name);
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
      const args = sites.calls.map((c) => {
        if (c.alias || c.caller === f) return undefined;
        let open = c.at + f.name.length;
        while (/\s/.test(c.file.source.text[open] ?? '')) open++;
        const arg = callArguments(c.file.source.text, open)?.args[i];
        return arg === undefined ? undefined : { caller: c.caller, arg: stripCasts(arg.trim()) };
      });
      if (args.every((a) => a && this.passesOwnModule(a.caller, a.arg))) return { kind: 'module', param: p.name, paramIndex: i };
      // Handed the `self` of callers that are module functions and type methods at once (clinic's wrappers of
      // unicodedata's UCD functions): it tells the two apart from that argument as they would.
      const duals = args.map((a) => (a ? this.resolve(a.caller) : undefined));
      const byType = duals.every((d, k) => d?.kind === 'module-or-type' && d.param === args[k]!.arg && d.byType.kind === (duals[0] as { byType: { kind: string } }).byType.kind) ? (duals[0] as Extract<Access, { kind: 'module-or-type' }>).byType : undefined;
      const err = errorValue(f.returnType);
      if (byType?.kind === 'own-type') return { kind: 'module-or-type', param: p.name, paramIndex: i, byType: { kind: 'own-type', typeExpr: `Py_TYPE(${p.name})`, paramIndex: i } };
      if (byType && err !== undefined) return { kind: 'module-or-type', param: p.name, paramIndex: i, byType: { kind: 'by-type', typeExpr: `Py_TYPE(${p.name})`, errorValue: err, paramIndex: i } };
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
    return [...filesNaming(this.ext, f.name), ...filesIncluding(this.ext, base)].every((x) => x === f.file);
  }

  /** Direct callers of f (functions whose body calls it) and other uses of its name. */
  callSites(f: FunctionInfo): { callers: FunctionInfo[]; calls: CallSite[]; valueUses: number[]; macroCalls: MacroCallSite[] } {
    return this.sites.callSites(f);
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
    case 'module-or-type':
      return `from ${a.param} when it is a module, else from the type ${a.byType.typeExpr}`;
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
