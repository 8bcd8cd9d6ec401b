/**
 * Type checks of a slot's own object in the type's teardown slots (`assert(PyScanner_Check(self))`
 * in tp_traverse, tp_clear, tp_dealloc). Those slots cannot reach the module state, but need none:
 * the object is of the type (or a subtype) by construction, so `Py_TYPE(self)` serves where the
 * check names the type. Found here; the uses they cover need no state.
 */
import type { FileModel, FunctionInfo, MacroDef, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { TEARDOWN_SLOTS } from '../../src/model/roles';
import { functionName, stripCasts } from '../../src/model/cnodes';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { callArguments, substitute } from '../../src/model/init-macros';
import { effectiveField } from './render';
import { functionNamedIn } from '../../src/model/functions';

export interface OwnCheck {
  file: FileModel;
  start: number;
  end: number;
  text: string;
}

export interface OwnChecks {
  /** Teardown slots whose every use of the type is such a check. */
  funcs: Set<FunctionInfo>;
  /** The rewrites that make them name `Py_TYPE(<object>)` instead of the type. */
  sites: OwnCheck[];
}

const cache = new WeakMap<TransformContext, Map<StaticType, OwnChecks>>();

export function ownTypeChecks(t: StaticType, ctx: TransformContext): OwnChecks {
  let byType = cache.get(ctx);
  if (!byType) cache.set(ctx, (byType = new Map()));
  let found = byType.get(t);
  if (!found) byType.set(t, (found = find(t, ctx)));
  return found;
}

function find(t: StaticType, ctx: TransformContext): OwnChecks {
  const out: OwnChecks = { funcs: new Set(), sites: [] };
  const macros = new Map<string, MacroDef>();
  for (const u of t.uses) {
    const m = u.inMacro ? macroAt(u.file, u.start) : undefined;
    if (m) macros.set(m.name, m);
  }
  for (const slot of TEARDOWN_SLOTS) {
    const v = effectiveField(t, slot)?.value;
    const name = v ? functionName(v) : undefined;
    const f = name ? functionNamedIn(t.file, name, ctx.ext.functionsByName) : undefined;
    const self = f?.params[0]?.name;
    if (!f || !self || out.funcs.has(f) || ctx.roles.of(f).some((r) => r.type !== t.name)) continue;
    const sites: OwnCheck[] = [];
    let ok = true;
    for (const u of t.uses) {
      if (u.func !== f || u.inMacro) continue;
      const site = directCheck(u.file, u.start, u.end, self);
      if (site) sites.push(site);
      else ok = false;
    }
    for (const m of macros.values()) {
      for (const at of usesOf(f.file, m.name)) {
        if (at <= f.bodyStart || at >= f.bodyEnd) continue;
        const site = macroCheck(f.file, at, m, t.name, self);
        if (site) sites.push(site);
        else ok = false;
      }
    }
    if (ok && sites.length > 0) {
      out.funcs.add(f);
      out.sites.push(...sites);
    }
  }
  return out;
}

/** `PyObject_TypeCheck(self, &T)`, `Py_IS_TYPE(self, &T)`, `Py_TYPE(self) == &T`: `&T` -> `Py_TYPE(self)`. */
function directCheck(file: FileModel, start: number, end: number, self: string): OwnCheck | undefined {
  const text = file.source.text;
  const amp = text.lastIndexOf('&', start);
  if (amp === -1 || text.slice(amp + 1, start).trim() !== '' || !checksObject(text.slice(Math.max(0, amp - 200), amp), self)) return undefined;
  return { file, start: amp, end, text: `Py_TYPE(${self})` };
}

/** The text before an `&T` ends in a check of `self` against it. */
function checksObject(before: string, self: string): boolean {
  const arg = /(?:PyObject_TypeCheck|Py_IS_TYPE)\s*\(\s*([^,()]*(?:\([^()]*\)[^,()]*)*),\s*$/.exec(before)?.[1] ?? /Py_TYPE\s*\(\s*([^()]*(?:\([^()]*\))?[^()]*)\)\s*[!=]=\s*$/.exec(before)?.[1];
  return arg !== undefined && stripCasts(arg) === self;
}

/** `PyScanner_Check(self)` with `#define PyScanner_Check(op) PyObject_TypeCheck(op, &T)`: expanded, `&T` -> `Py_TYPE(self)`. */
function macroCheck(file: FileModel, at: number, m: MacroDef, type: string, self: string): OwnCheck | undefined {
  if (!m.params || m.params.length !== 1 || macroAt(file, at)) return undefined;
  const text = file.source.text;
  let open = at + m.name.length;
  while (/\s/.test(text[open] ?? '')) open++;
  const call = callArguments(text, open);
  if (!call || call.args.length !== 1 || stripCasts(call.args[0]) !== self) return undefined;
  const expanded = substitute(m, [self]).replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\s+/g, ' ').trim();
  const named = new RegExp(`&\\s*${type}\\b`, 'g');
  let found = 0;
  for (let x = named.exec(expanded); x !== null; x = named.exec(expanded)) {
    if (!checksObject(expanded.slice(0, x.index), self)) return undefined;
    found++;
  }
  const result = expanded.replace(named, `Py_TYPE(${self})`);
  if (found === 0 || new RegExp(`\\b${type}\\b`).test(result)) return undefined;
  return { file, start: at, end: call.close + 1, text: result };
}
