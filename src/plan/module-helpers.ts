/**
 * Static helpers the init function calls once to ready types: as heap types those are created
 * there, so the helper works with the module (its parameter, or one added).
 */
import type { ExtensionModel, FunctionInfo } from '../model/types';
import { Roles } from '../model/roles';
import { namesDeclaredIn } from '../model/declared-names';
import { callArguments } from '../model/init-macros';
import { stripCasts } from '../model/cnodes';
import { exportedBy } from './export-marks';
import { CallSites, type CallSite } from './call-sites';

/** A static helper called once from the init function that creates types: it works with the module. */
export interface ModuleHelper {
  /** The parameter that holds the module (existing, or added when none does). */
  param: string;
  paramIndex: number;
  added: boolean;
  /** Its one call in the init function. */
  call: CallSite;
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
  const sites = new CallSites(ext);
  // Functions that ready a type by name, or hold a table of type addresses they loop over
  // (function-level static, or a file-scope one only they use).
  const candidates: FunctionInfo[] = [];
  const tables = ext.globals.filter((g) => g.baseType === 'PyTypeObject' && g.arrayLen !== undefined && !!g.init);
  for (const t of ext.types) {
    for (const u of t.uses) {
      const h = u.func;
      if (!h || u.kind !== 'address') continue;
      const inTable = tables.some((g) => g.scope === 'function' && g.func === h && g.file === u.file && u.start >= g.init!.start && u.start < g.init!.end);
      if (inTable || /PyType_Ready\s*\(\s*&?\s*$/.test(u.file.source.text.slice(Math.max(0, u.start - 30), u.start))) candidates.push(h);
    }
  }
  for (const g of tables) {
    if (g.scope !== 'file' || !g.init || g.uses.length === 0) continue;
    const h = g.uses[0].func;
    if (h && g.uses.every((u) => u.func === h) && [...g.init.text.matchAll(/&\s*([A-Za-z_]\w*)/g)].some((m) => ext.typesByName.has(m[1]))) candidates.push(h);
  }
  for (const h of candidates) {
    if (h === init || out.has(h)) continue;
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
  return out;
}
