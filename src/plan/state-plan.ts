/**
 * The StatePlan: the one shared, append-only description of the module state that all
 * transforms build together (LibCST's AddImportsVisitor model). Transforms request fields
 * and state access; plan/emit renders the struct, accessors, GC hooks and `st` declarations.
 */
import type { ExtensionModel, FunctionInfo } from '../model/types';

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
  /** An expression that fills the field eagerly in exec (new reference; NULL on error). */
  init?: string;
  /** The comment that documented the old variable, moved above the field. */
  doc?: string;
}

export type CompatNeed = 'GetModuleByDef' | 'IMMUTABLETYPE' | 'DISALLOW_INSTANTIATION' | 'NewRef' | 'AddObjectRef';

export class StatePlan {
  readonly fields: FieldRequest[] = [];
  /** Functions whose body uses `st`, with the transforms that asked. */
  readonly stateUsers = new Map<FunctionInfo, Set<string>>();
  readonly compat = new Set<CompatNeed>();
  /** A helper to create heap types from specs is needed (static-type-to-heap). */
  typeCreation = false;
  /** capsule-api-to-state: the main interpreter's first module serves the legacy C-API. */
  mainState = false;
  /** Specs defined in one file and used by exec in another: declared `extern` with the state. */
  readonly externSpecs: string[] = [];
  /** A module-slots table of an already multi-phase module that lacks Py_mod_multiple_interpreters. */
  interpretersSlotTable?: import('../model/types').PyTable;
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
  readonly names: StateNames;

  constructor(readonly ext: ExtensionModel) {
    this.names = stateNames(ext.name ?? 'module', ext.moduleDef?.name ?? 'module_def');
  }

  /** Adds (or finds) a field and returns its name. Same name with another ctype is a bug. */
  request(req: FieldRequest): string {
    const prev = this.fields.find((f) => f.name === req.name);
    if (prev) {
      if (prev.ctype !== req.ctype) throw new Error(`state field '${req.name}' requested as '${prev.ctype}' by ${prev.from} and as '${req.ctype}' by ${req.from}`);
      return prev.name;
    }
    this.fields.push(req);
    return req.name;
  }

  /** A field name not used yet: `name`, else `<prefix>_<name>`, else with a number. */
  freeFieldName(name: string, prefix?: string): string {
    const taken = new Set(this.fields.map((f) => f.name));
    if (!taken.has(name)) return name;
    if (prefix && !taken.has(`${prefix}_${name}`)) return `${prefix}_${name}`;
    for (let i = 2; ; i++) if (!taken.has(`${name}_${i}`)) return `${name}_${i}`;
  }

  needState(f: FunctionInfo, by: string): void {
    if (!this.stateUsers.has(f)) this.stateUsers.set(f, new Set());
    this.stateUsers.get(f)!.add(by);
  }
}

export interface StateNames {
  mod: string;
  struct: string;
  getState: string;
  byType: string;
  byTypes: string;
  ofType: string;
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
    ofType: `${m}_get_state_of_type`,
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
