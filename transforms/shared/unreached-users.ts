/**
 * C data only code nothing calls uses (a vendored library's unused variant): nothing writes it at run time.
 */
import type { FunctionInfo, GlobalVar } from '../../src/model/types';
import { pastingMacro } from '../../src/model/pasting-macros';
import type { TransformContext } from '../types';
import { isHeaderPath } from '../../src/core/parse';
import { exportMark } from '../../src/plan/export-marks';

/**
 * The functions that use `g`, when every one of them is code nothing in the extension reaches: no
 * call, no address taken, no slot or table entry, no export mark, not the init function (a vendored
 * library's non-reentrant variant that the module never calls: `struct tm *lib_localtime(t)` with
 * its static result). Under assume-internal every caller is among the files given, so nothing
 * writes `g` at run time; undefined otherwise.
 */
export function unreachedUsers(g: GlobalVar, ctx: TransformContext): FunctionInfo[] | undefined {
  if (!ctx.options.assumeInternal) return undefined;
  const funcs = new Set<FunctionInfo>();
  for (const u of g.uses) {
    if (u.kind === 'decl') continue;
    if (!u.func) return undefined;
    funcs.add(u.func);
  }
  if (g.scope === 'function' && g.func) funcs.add(g.func);
  if (funcs.size === 0) return undefined;
  for (const f of funcs) {
    if (f === ctx.ext.init?.func || f === ctx.ext.init?.entry || /^PyInit_/.test(f.name) || ctx.roles.of(f).length > 0 || ctx.roles.referencedAsValue.has(f.name)) return undefined;
    const sites = ctx.access.callSites(f);
    if (sites.calls.length > 0 || sites.valueUses.length > 0 || sites.macroCalls.length > 0) return undefined;
    // Another .c file of the tree names it (pycurl's `PYCURL_INTERNAL int pycurl_ssl_init(void)`, static only in
    // single-file builds, called from module.c): it may well be called.
    if ([...ctx.ext.files, ...(ctx.ext.otherFiles ?? [])].some((x) => x !== f.file && !isHeaderPath(x.path) && x.allIdentifiers.has(f.name))) return undefined;
    if (!f.isStatic && exportMark(ctx.ext, f.name, f.file, f.declStart, f.paramsStart)) return undefined;
    if (pastingMacro(ctx.ext.files, f.name)) return undefined;
  }
  return [...funcs].sort((a, b) => (a.name < b.name ? -1 : 1));
}

/** A function using `g` that nothing calls or lists where the tool can see, and whose name a pasting macro could form. */
export function hiddenUser(g: GlobalVar, ctx: TransformContext): FunctionInfo | undefined {
  for (const u of g.uses) {
    const f = u.func;
    if (!f || f === ctx.ext.init?.func || f === ctx.ext.init?.entry || ctx.roles.of(f).length > 0 || ctx.roles.referencedAsValue.has(f.name)) continue;
    const sites = ctx.access.callSites(f);
    if (sites.calls.length > 0 || sites.valueUses.length > 0 || sites.macroCalls.length > 0) continue;
    if (pastingMacro(ctx.ext.files, f.name)) return f;
  }
  return undefined;
}
