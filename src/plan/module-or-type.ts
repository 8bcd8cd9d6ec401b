/**
 * One C function that is both a module function (self is the module) and a method of the module's
 * types (self is one of their objects): CPython's unicodedata and unicodedata2 list one method table
 * as the module's functions and as their UCD type's methods. `PyModule_Check(self)` tells the two
 * roles apart exactly when none of those types is a module type itself, so the state comes from the
 * module in one role and from the object's type in the other.
 */
import type { ExtensionModel } from '../model/types';
import type { Role } from '../model/roles';
import { stripCasts } from '../model/cnodes';
import type { Access } from './access-kinds';

type TypeAccess = Extract<Access, { kind: 'by-type' | 'own-type' }>;

/**
 * The access that serves every role, when the roles are module functions (the module as `self`, never
 * called from C with anything else) and methods or slots reading the state through `Py_TYPE(self)`.
 */
export function moduleOrTypeAccess(ext: ExtensionModel, roles: Role[], answers: Access[], self: string | undefined): Access | undefined {
  if (!self) return undefined;
  const typeExpr = `Py_TYPE(${self})`;
  const module: Access[] = [];
  const typed: Access[] = [];
  answers.forEach((a, i) => (roles[i].kind === 'module-method' ? module : typed).push(a));
  if (module.length === 0 || typed.length === 0) return undefined;
  // `module-split` (C code calls it with NULL or another object) and added parameters are no module argument.
  if (!module.every((a) => a.kind === 'module' && a.param === self && a.paramIndex === 0 && !a.added)) return undefined;
  if (!roles.every((r) => r.kind === 'module-method' || !r.type || r.heapType || !moduleSubtype(ext, r.type))) return undefined;
  const byType = typeAccess(typed, typeExpr);
  return byType && { kind: 'module-or-type', param: self, paramIndex: 0, byType };
}

/** One type lookup for every typed role: the module at hand when all are final types, else the MRO search. */
function typeAccess(typed: Access[], typeExpr: string): TypeAccess | undefined {
  if (typed.every((a) => a.kind === 'own-type' && a.typeExpr === typeExpr && !a.specs)) return { kind: 'own-type', typeExpr, paramIndex: 0 };
  const fromSelf = typed.every((a) => ((a.kind === 'by-type' || a.kind === 'own-type') && a.typeExpr === typeExpr && !a.specs) || (a.kind === 'by-instance' && `Py_TYPE(${a.param})` === typeExpr));
  const errorValue = typed.map((a) => ('errorValue' in a ? a.errorValue : undefined)).find((e) => e !== undefined);
  return fromSelf && errorValue !== undefined ? { kind: 'by-type', typeExpr, errorValue, paramIndex: 0 } : undefined;
}

/** A static type whose base is a module type: its objects pass PyModule_Check. */
function moduleSubtype(ext: ExtensionModel, type: string): boolean {
  const t = ext.typesByName.get(type);
  if (!t) return true;
  const base = t.fields.get('tp_base')?.value ?? t.runtimeFields.find((r) => r.field === 'tp_base')?.value;
  return base !== undefined && /\bPyModule_Type\b/.test(stripCasts(base));
}
