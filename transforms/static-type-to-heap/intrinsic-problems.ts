/**
 * What keeps a type static whatever its uses: its initializer, #if, metaclass, a `__module__`
 * descriptor, its address stored outside functions or in a global, its lifecycle. The pipeline asks
 * this first, to settle which types become heap types.
 */
import * as path from 'path';
import { localTableOf, staticTypeTable } from '../shared/type-tables';
import type { FileModel, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { atLeast } from '../../src/core/pyversion';
import { moduleDescriptor } from './render';
import { publishingUse } from './class-published';
import { lifecycleProblem } from './lifecycle';
import { outsideHeaderProblem } from '../../src/model/outside-headers';
import { guardAt, impliedBy } from '../../src/core/conditions';
import { movingObjectAt, staticObjectOf } from '../shared/static-objects';

/** Problems that no use site can fix: the type itself cannot become a heap type here. */
export function intrinsicProblem(t: StaticType, ctx: TransformContext): { reason: string; steps: string; at?: number; file?: FileModel } | undefined {
  if (t.inTemplate) return { reason: 'it is defined inside a .c.src template block', steps: 'convert it by hand' };
  const outside = outsideHeaderProblem(ctx.ext, t.name);
  if (outside) return outside;
  if (t.problems.length > 0) {
    const unknownHead = t.problems.some((p) => p.startsWith('its head-init macro'));
    const damaged = t.problems.some((p) => p.startsWith('it has code that could not be parsed'));
    return {
      reason: `its initializer cannot be mapped: ${t.problems.join('; ')}`,
      steps: unknownHead && t.problems.length === 1 ? 'declare the macro as the message says, then run again' : damaged ? 'fix the initializer (or add the macro that breaks its parse to [tool.pyext-isolate] macros), then run again' : 'simplify the initializer (no #if around positional fields), then run again',
    };
  }
  if (t.conditional) {
    // Converted under its #if (state field, creation, GC lines) when everything that uses it is under it too.
    const g = t.guard!;
    if (g.names.includes('PY_VERSION_HEX')) return { reason: `its definition is inside a Python-version #if (${g.expr})`, steps: 'convert it by hand' };
    const twin = ctx.ext.types.find((x) => x !== t && x.name === t.name);
    if (twin) return { reason: `it is defined in more than one #if branch (${g.expr} and another), and one state field cannot stand for both`, steps: 'define it once, outside the #if, then run again', at: twin.declStart, file: twin.file };
    const outside = t.uses.find((u) => u.kind !== 'decl' && !impliedBy(g, guardAt(u.file.parsed.lex, u.start, u.file.source.text)));
    if (outside) return { reason: `its definition is inside #if ${g.expr}, but it is used where that condition may not hold`, steps: `put that use under the same #if (or convert it by hand), then run again`, at: outside.start, file: outside.file };
  }
  const meta = t.head?.metaclass;
  const metaMacro = meta ? t.file.macros.get(meta.replace(/\(.*$/, '').trim()) : undefined;
  const defaultMeta = !meta || /^(NULL|0|&\s*PyType_Type)$/.test(meta) || /^\w+\(\s*&?\s*PyType_Type\s*\)$/.test(meta) || (metaMacro !== undefined && /^\(?\s*(0|NULL)\s*\)?$/.test(metaMacro.body));
  if (!defaultMeta && meta) {
    return atLeast(ctx.options.minPython, '3.12')
      ? { reason: `it has a custom metaclass (${meta})`, steps: 'create it with PyType_FromMetaclass(meta, module, &spec, bases) by hand' }
      : { reason: `it has a custom metaclass (${meta}); PyType_FromMetaclass needs Python 3.12`, steps: 'raise --min-python to 3.12 and convert it with PyType_FromMetaclass, or keep it static' };
  }
  const runtimeMeta = t.runtimeFields.find((r) => r.field === 'ob_type');
  if (runtimeMeta) return { reason: 'its metaclass is set at run time', steps: 'convert it by hand' };
  for (const [name, f] of t.fields) {
    if (name === 'tp_vectorcall' && !isZeroExpr(f.value)) return { reason: 'it sets tp_vectorcall, which has no slot before Python 3.14', steps: 'convert it by hand (set it after creation)' };
  }
  // A `__module__` member or getter for the instances: a heap type's own __module__ is read from
  // its dict, where that descriptor sits (zope.interface's InterfaceBase, wrapt's proxies): the
  // class's __module__ reads as the descriptor. Instances and repr (tp_name) are unchanged on
  // 3.9-3.13. What a dotted tp_name's module part still does is let pickle, copyreg and inspect find
  // the class by name: lost only if the class can reach Python code by name, so manual then. A class
  // only readied, allocated and checked (fastcache's clru_cache) converts with a warning, as one
  // without a module part, which said 'builtins' (moduleDescriptor).
  const own = moduleDescriptor(t, ctx);
  const published = own && t.tpName?.includes('.') !== false ? publishingUse(t) : undefined;
  if (own && published) {
    const was = t.tpName ? `'${t.tpName.slice(0, t.tpName.lastIndexOf('.'))}'` : 'the module part of its tp_name';
    return { reason: `its ${own.field} give its instances a '__module__' (${own.table.name}): a heap type reads its own __module__ from its dict, where that descriptor would be, so ${t.name}.__module__ would be that descriptor instead of ${was}, and the class is handed on here (${lineOf(published)}), so pickle and inspect could no longer find it by name`, steps: 'keep it static, or rename the instance attribute (or provide it from a subclass) before converting', at: own.at, file: own.table.file };
  }
  // Exported by address: a capsule table or an initializer outside functions holds &X.
  const exported = t.uses.find((u) => !u.func && !u.inMacro && !subtypeNaming(t, u, ctx) && !inMovingTable(u, ctx) && !movingObjectAt(t, u, ctx) && !inLocalTable(u, ctx));
  const holder = exported && ctx.ext.globals.find((g) => g.file === exported.file && g.init && exported.start >= g.init.start && exported.start < g.init.end);
  const table = holder && staticTypeTable(holder, ctx);
  if (exported && holder && table) {
    return { reason: `its address is stored in '${holder.name}', a static table of the module's types (${table.types.join(', ')}), which stays one per process`, steps: `move that table into the module state first (see its own finding), then run again; or keep ${t.name} static (immortal, shared)`, at: exported.start, file: exported.file };
  }
  const object = holder && staticObjectOf(holder, ctx);
  if (exported && object && object.type === t) return { reason: `its static object '${holder.name}' names it as its type and stays one per process (see the finding of '${holder.name}'), and a heap type of each module cannot be the type of that one object`, steps: `resolve the finding of '${holder.name}', then run again; or keep both static (immortal, shared)`, at: exported.start, file: exported.file };
  if (exported) return { reason: `its address is stored outside any function (${holder ? `in the static initializer of '${holder.name}'${holder.category === 'capsule-table' ? ', a C-API table that stays one per process' : ''}` : 'a C-API table or static initializer'}), so other code may use it by address`, steps: 'keep it static (immortal, shared), or export st->' + t.name + ' through the per-module C-API table (capsule-api-to-state)', at: exported.start, file: exported.file };
  const stored = t.uses.find((u) => u.func && u.kind === 'address' && storedInGlobal(u, ctx));
  if (stored) return { reason: `its address is stored in a C global (${storedInGlobal(stored, ctx)}) that outlives any one module`, steps: 'export it through the per-module C-API table instead (capsule-api-to-state), or keep it static', at: stored.start, file: stored.file };
  const lc = lifecycleProblem(t, ctx);
  if (lc) return lc;
  if (ctx.moduleReady !== true) return { reason: `the module cannot get a state yet: ${ctx.moduleReady}`, steps: 'resolve the multi-phase-init finding first' };
  return undefined;
}

/** The static type whose initializer names `t` as its tp_base at this use (`.tp_base = &Base`), if any. */
export function subtypeNaming(t: StaticType, u: StaticType['uses'][number], ctx: TransformContext): StaticType | undefined {
  if (u.func) return undefined;
  return ctx.ext.types.find((s) => {
    const f = s !== t && s.file === u.file ? s.fields.get('tp_base') : undefined;
    return !!f && u.start >= f.valueStart && u.start < f.valueEnd && stripCasts(f.value).replace(/^&\s*/, '') === t.name;
  });
}

/** A use in a file-scope table of type addresses that becomes a local array of the one function that loops over it. */
function inLocalTable(u: StaticType['uses'][number], ctx: TransformContext): boolean {
  const g = ctx.ext.globals.find((x) => x.scope === 'file' && x.file === u.file && x.init && u.start >= x.init.start && u.start < x.init.end);
  return !!g && !!staticTypeTable(g, ctx) && !!localTableOf(g, ctx);
}

/** A use in the static initializer of a C-API struct table that becomes a state field (capsule-api-to-state fills it in exec). */
export function inMovingTable(u: StaticType['uses'][number], ctx: TransformContext): boolean {
  return ctx.ext.globals.some((g) => g.file === u.file && g.init && u.start >= g.init.start && u.start < g.init.end && ctx.capsuleTables.has(g.name));
}

/** `API[0] = (void *)&X;` or `table.type = &X;` where the left side is a file-scope variable. */
function storedInGlobal(u: StaticType['uses'][number], ctx: TransformContext): string | undefined {
  const text = u.file.source.text;
  const ls = Math.max(text.lastIndexOf(';', u.start), text.lastIndexOf('{', u.start), text.lastIndexOf('}', u.start)) + 1;
  const m = /^\s*([A-Za-z_]\w*)\s*(?:\[[^\]]*\]|\.\w+|->\w+)*\s*=(?!=)[^;]*$/.exec(text.slice(ls, u.start));
  if (!m) return undefined;
  const target = m[1];
  if (ctx.capsuleTables.has(target)) return undefined; // the table becomes a state field too
  const g = ctx.ext.globals.find((x) => x.name === target && (x.scope === 'file' || x.category === 'capsule-table' || (x.scope === 'function' && /static/.test(text.slice(x.declStart, x.declaratorStart)))));
  return g ? target : undefined;
}

/** `file:line` of a use, for a reason that points at a second place. */
function lineOf(u: StaticType['uses'][number]): string {
  return `${path.basename(u.file.path)}:${u.file.source.text.slice(0, u.start).split('\n').length}`;
}
