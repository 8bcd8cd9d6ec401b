/**
 * What each function of an extension is to CPython: a module method, a method or slot of a
 * type, a module-def hook, the init function, or a plain C helper. This decides how the
 * function can reach its module state (rewrite spec §2.1).
 */
import type { ExtensionModel, FileModel, FunctionInfo, PyTable, StaticType } from './types';
import { stripCasts, functionName } from './cnodes';

export type RoleKind =
  | 'init' // PyInit_<name>
  | 'exec' // a Py_mod_exec function
  | 'module-method' // in the module's PyMethodDef table: first parameter is the module
  | 'module-hook' // m_traverse / m_clear / m_free
  | 'type-method' // in a type's PyMethodDef table
  | 'class-method' // METH_CLASS: first parameter is the type
  | 'static-method' // METH_STATIC: no object at all
  | 'getter'
  | 'setter'
  | 'slot'; // a tp_* / nb_* / sq_* / mp_* / am_* / bf_* slot

export interface Role {
  kind: RoleKind;
  /** The slot name for 'slot' (tp_new, nb_add, ...). */
  slot?: string;
  /** The static type (or heap-type spec name) the function belongs to. */
  type?: string;
  /** True when the owner is a heap type already created from a spec (has a module). */
  heapType?: boolean;
}

export interface Roles {
  of(f: FunctionInfo): Role[];
  /** Functions referenced by name from a table/initializer but not in a role: callbacks. */
  referencedAsValue: Set<string>;
}

export function computeRoles(ext: ExtensionModel): Roles {
  const byName = new Map<string, Role[]>();
  // The file of the table that gave a role: a static function of another file with the same name
  // (python-ldap's l_ldap_get_option in functions.c and in LDAPObject.c) is not the one it names.
  const tableFile = new WeakMap<Role, FileModel>();
  const add = (name: string | undefined, role: Role, from?: FileModel): void => {
    if (!name) return;
    if (!byName.has(name)) byName.set(name, []);
    byName.get(name)!.push(role);
    if (from) tableFile.set(role, from);
  };
  const names = (f: FunctionInfo, r: Role): boolean => {
    const from = tableFile.get(r);
    return !from || from === f.file || !from.functions.some((g) => g.name === f.name && !g.macroTemplate);
  };
  const tables = new Map<string, PyTable>(ext.tables.map((t) => [t.name, t]));
  // Static tables of one name in several files (python-ldap's `methods` in three): the one of the
  // file that names it.
  const tableOf = (expr: string | undefined, from?: FileModel): PyTable | undefined => {
    if (!expr) return undefined;
    const name = stripCasts(expr);
    return (from && ext.tables.find((t) => t.name === name && t.file === from)) || tables.get(name);
  };

  if (ext.init) add(ext.init.func.name, { kind: 'init' });
  const def = ext.moduleDef;
  if (def) {
    const methods = tableOf(def.fields.get('m_methods')?.value, def.file);
    for (const e of methods?.entries ?? []) add(e.func, { kind: 'module-method' }, methods?.file);
    for (const hook of ['m_traverse', 'm_clear', 'm_free']) add(fnName(def.fields.get(hook)?.value), { kind: 'module-hook', slot: hook });
    const slots = tableOf(def.fields.get('m_slots')?.value, def.file);
    for (const e of slots?.entries ?? []) if (e.pyName === 'Py_mod_exec') add(e.func, { kind: 'exec' });
  }
  // Module slot tables of already multi-phase modules.
  for (const t of ext.tables) {
    if (t.kind !== 'module-slots') continue;
    for (const e of t.entries) if (e.pyName === 'Py_mod_exec') add(e.func, { kind: 'exec' });
  }
  const globalsByName = new Map(ext.globals.map((g) => [g.name, g]));
  for (const type of ext.types) addTypeRoles(type, add, tableOf, globalsByName);
  // Heap types already written as PyType_Slot arrays.
  for (const t of ext.tables) {
    if (t.kind !== 'type-slots') continue;
    const owner = t.name;
    for (const e of t.entries) {
      const slot = (e.pyName ?? '').replace(/^Py_/, '');
      if (slot === 'tp_methods') {
        const table = tableOf(e.func, t.file);
        for (const m of table?.entries ?? []) add(m.func, methodRole(m.flags, owner, true), table?.file);
      } else if (slot === 'tp_getset') {
        for (const g of tableOf(e.func, t.file)?.entries ?? []) {
          add(g.func, { kind: 'getter', type: owner, heapType: true });
          add(g.func2, { kind: 'setter', type: owner, heapType: true });
        }
      } else if (/^(tp|nb|sq|mp|am|bf)_/.test(slot)) add(e.func, { kind: 'slot', slot, type: owner, heapType: true });
    }
  }
  const referencedAsValue = new Set<string>();
  for (const t of ext.tables) for (const e of t.entries) for (const f of [e.func, e.func2]) if (f) referencedAsValue.add(f);
  // A function-defining macro's body has the roles of every function its expansions define.
  const of = (f: FunctionInfo): Role[] => (f.macroTemplate ? f.macroTemplate.names.flatMap((n) => byName.get(n) ?? []) : (byName.get(f.name) ?? []).filter((r) => names(f, r)));
  return { of, referencedAsValue };
}

function fnName(expr: string | undefined): string | undefined {
  return expr ? functionName(expr) : undefined;
}

function methodRole(flags: string | undefined, type: string, heapType: boolean): Role {
  if (flags && /METH_CLASS/.test(flags)) return { kind: 'class-method', type, heapType };
  if (flags && /METH_STATIC/.test(flags)) return { kind: 'static-method', type, heapType };
  return { kind: 'type-method', type, heapType };
}

function addTypeRoles(
  type: StaticType,
  add: (name: string | undefined, role: Role, from?: FileModel) => void,
  tableOf: (expr: string | undefined, from?: FileModel) => PyTable | undefined,
  globalsByName: Map<string, { subStruct?: Map<string, { value: string }> }>,
): void {
  // Fields from the initializer, then those set in the init function (`X.tp_methods = table;`).
  const fields: [string, { value: string }][] = [...type.fields, ...type.runtimeFields.map((r) => [r.field, r] as [string, { value: string }])];
  // A slot of the initializer names a function of the type's file (each of two files may define a static of that name).
  const initialized = new Set<{ value: string }>(type.fields.values());
  for (const [field, init] of fields) {
    if (field === 'tp_methods') {
      const table = tableOf(init.value, type.file);
      for (const m of table?.entries ?? []) add(m.func, methodRole(m.flags, type.name, false), table?.file);
    } else if (field === 'tp_getset') {
      for (const g of tableOf(init.value, type.file)?.entries ?? []) {
        add(g.func, { kind: 'getter', type: type.name });
        add(g.func2, { kind: 'setter', type: type.name });
      }
    } else if (/^tp_as_/.test(field)) {
      const sub = globalsByName.get(stripCasts(init.value).replace(/^&\s*/, ''));
      for (const [slot, v] of sub?.subStruct ?? []) add(fnName(v.value), { kind: 'slot', slot, type: type.name });
    } else if (/^tp_/.test(field)) {
      add(fnName(init.value), { kind: 'slot', slot: field, type: type.name }, initialized.has(init) ? type.file : undefined);
    }
  }
}

/** Binary and ternary number slots: our object may be either operand. */
export const BINARY_SLOTS = new Set([
  'nb_add', 'nb_subtract', 'nb_multiply', 'nb_remainder', 'nb_divmod', 'nb_power', 'nb_lshift', 'nb_rshift', 'nb_and',
  'nb_xor', 'nb_or', 'nb_floor_divide', 'nb_true_divide', 'nb_matrix_multiply',
]);

/** Slots that run while the object or its module is being torn down. */
export const TEARDOWN_SLOTS = new Set(['tp_dealloc', 'tp_finalize', 'tp_del', 'tp_free', 'tp_traverse', 'tp_clear', 'tp_is_gc', 'bf_releasebuffer']);
