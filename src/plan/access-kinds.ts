/**
 * The ways a function can reach its module state (Access) and the options that decide them.
 */
import type { FunctionInfo } from '../model/types';
import type { InstanceState } from './instance-state';
import type { ArgConverter, ConverterRoute } from './converter-routes';
import type { ModuleHelper } from './module-helpers';

export type Access =
  /**
   * `get_<mod>_state(<param>)`: the parameter is the module. `added`: a static helper the init
   * function calls that needs the module itself (it creates types): the parameter is new, and
   * each call passes the caller's module (or a module hook written without parameters:
   * parameterless-hook.ts). `paramType`: the new parameter's type when not `PyObject *`.
   */
  | { kind: 'module'; param: string; paramIndex: number; added?: boolean; paramType?: string }
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
   * A module function that is also a method of the module's types (plan/module-or-type.ts): the
   * module's state when `PyModule_Check(<param>)`, else `byType`'s lookup from the object's type.
   */
  | { kind: 'module-or-type'; param: string; paramIndex: number; byType: Extract<Access, { kind: 'by-type' | 'own-type' }> }
  /**
   * No way to the state. `converter`: the chain starts at a PyArg_Parse* "O&" converter, which the
   * argument parser calls with the object and its output pointer only (the fix is in its callers).
   */
  | { kind: 'none'; reason: string; chain: string[]; converter?: ArgConverter; step?: string };

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
  /** A spec's slot table (by name) whose type is made with no module at hand, or by a creation not found: why (plan/spec-creations). */
  specWithoutModule?: (slots: string) => string | undefined;
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
