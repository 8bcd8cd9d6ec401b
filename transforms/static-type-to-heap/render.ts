/**
 * Rendering of a static type as `PyType_Slot[]` + `PyType_Spec` (rewrite spec §4.2): slots in
 * PyTypeObject field order, sub-structs expanded, offsets as `__dictoffset__`-style members,
 * defaults that heap types inherit left out.
 */
import type { FieldInit, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import type { TypeCandidate } from './type-candidate';
import { readiedThroughMacro } from './macro-ready';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { TYPE_FIELDS, SUB_STRUCT_FIELDS } from '../../src/model/initializers';
import { SUB_STRUCT_TYPES } from '../../src/model/declaration-reading';
import { styled } from '../../src/plan/code-style';
import { atLeast } from '../../src/core/pyversion';

export interface SpecNames {
  base: string;
  slots: string;
  spec: string;
  traverse: string;
  members: string;
}

export function specNames(t: StaticType): SpecNames {
  const taken = (n: string): boolean => t.file.functionsByName.has(n) || t.file.globals.some((g) => g.name === n) || t.file.types.some((x) => x.name === n);
  let base = t.name.replace(/_?Type$/, '');
  // A macro that creates whichever type it is given names the spec by pasting: `type##_spec`.
  if (base === '' || taken(`${base}_slots`) || taken(`${base}_spec`) || readiedThroughMacro(t)) base = t.name;
  const traverse = taken(`${base}_traverse`) ? `${base}_traverse_type` : `${base}_traverse`;
  return { base, slots: `${base}_slots`, spec: `${base}_spec`, traverse, members: taken(`${base}_members`) ? `${base}_members_heap` : `${base}_members` };
}

/** Fields that never become slots: in the spec, the bases, members, or inherited defaults. */
const NOT_SLOTS = new Set([
  'tp_name', 'tp_basicsize', 'tp_itemsize', 'tp_flags', 'tp_base', 'tp_dictoffset', 'tp_weaklistoffset', 'tp_vectorcall_offset',
  'tp_as_async', 'tp_as_number', 'tp_as_sequence', 'tp_as_mapping', 'tp_as_buffer', 'tp_dict', 'tp_bases', 'tp_mro', 'tp_cache',
  'tp_subclasses', 'tp_weaklist', 'tp_version_tag', 'tp_vectorcall', 'tp_watched', 'tp_versions_used',
]);

const DEFAULT_ALLOC = new Set(['PyType_GenericAlloc']);
const DEFAULT_FREE = new Set(['PyObject_Del', 'PyObject_DEL', 'PyObject_Free', 'PyObject_FREE', 'PyObject_GC_Del']);

/**
 * A tp_dealloc that is CPython's free function itself (`PyObject_Del`, as unicodedata's UCD type has):
 * the instances hold no references, so the heap type's default dealloc (subtype_dealloc: untrack,
 * tp_free, drop the type) does all it did and what a heap type needs more.
 */
export function freeOnlyDealloc(value: string): boolean {
  return DEFAULT_FREE.has(stripCasts(value));
}

export function wasGC(t: StaticType, folded: StaticType['runtimeFields'] = []): boolean {
  const flags = t.fields.get('tp_flags')?.value ?? '';
  return /Py_TPFLAGS_HAVE_GC/.test(flags) || folded.some((r) => r.field === 'tp_flags' && /Py_TPFLAGS_HAVE_GC/.test(r.value));
}

interface SlotLine {
  slot: string;
  value: string;
  guard?: string;
}

/** The traverse function a type ends up with (its own, the base's, or a generated one). */
export function traverseOf(t: StaticType, ctx: TransformContext, base?: string, runtimeBase?: string): { fn?: string; generate: boolean; baseExpr?: string } {
  const own = effectiveField(t, 'tp_traverse');
  if (own && !isZeroExpr(own.value)) return { fn: stripCasts(own.value), generate: false };
  if (runtimeBase) return { generate: true, baseExpr: `(${runtimeBase})` };
  if (base) {
    const b = ctx.ext.typesByName.get(base);
    if (b && ctx.heapTypes.has(base)) {
      const bt = traverseOf(b, ctx, baseOfType(b));
      if (bt.fn && !bt.generate) return { fn: bt.fn, generate: false };
      return { fn: specNames(b).traverse, generate: false };
    }
    if (!b) return { generate: true, baseExpr: `(&${base})` };
  }
  return { generate: true };
}

/**
 * The dealloc a subtype without one of its own inherited, as a static type, from its base among
 * the types that become heap types (`Square_Type.tp_base = &Rect_Type` gave Square rect_dealloc):
 * named in its slots, because a heap type without one gets subtype_dealloc instead, which is
 * slower and tells the binary operators' dealloc test that its objects are not the base's.
 * Only when the base's dealloc is defined or declared in this file before the type, and the
 * subtype adds no __dict__ or weak references of its own.
 */
function inheritedDealloc(t: StaticType, c: TypeCandidate, ctx: TransformContext): string | undefined {
  // A __dict__ or weak references of its own: subtype_dealloc clears them, the base's dealloc does not know them.
  if (['tp_dictoffset', 'tp_weaklistoffset'].some((x) => { const v = effectiveField(t, x); return v && !isZeroExpr(v.value); })) return undefined;
  let base = c.base;
  for (let depth = 0; base && depth < 10; depth++) {
    const b = ctx.ext.typesByName.get(base);
    if (!b || !ctx.heapTypes.has(base)) return undefined;
    const own = effectiveField(b, 'tp_dealloc');
    if (own && !isZeroExpr(own.value)) {
      const fn = stripCasts(own.value);
      if (!/^[A-Za-z_]\w*$/.test(fn)) return undefined;
      const def = t.file.functionsByName.get(fn);
      const proto = t.file.prototypes.get(fn);
      const before = (def !== undefined && def.declStart < t.declStart) || (proto !== undefined && proto.start < t.declStart);
      return before ? fn : undefined;
    }
    base = baseOfType(b);
  }
  return undefined;
}

/**
 * A field's value as the type is readied: the last assignment in the init function (folded into
 * the spec) wins over the initializer, where a positional `0` often only holds the place.
 */
export function effectiveField(t: StaticType, field: string): { value: string } | undefined {
  const runtime = t.runtimeFields.filter((r) => r.field === field);
  return runtime.length > 0 ? runtime[runtime.length - 1] : t.fields.get(field);
}

export function baseOfType(t: StaticType): string | undefined {
  const v = effectiveField(t, 'tp_base')?.value;
  if (!v || isZeroExpr(v)) return undefined;
  return stripCasts(v).replace(/^&\s*/, '');
}

/** The entry of the type's tp_members or tp_getset that gives its instances a `__module__`, if any. */
export function moduleDescriptor(t: StaticType, ctx: TransformContext): InstanceDescriptor | undefined {
  return instanceDescriptor(t, ctx, '__module__');
}

type InstanceDescriptor = { field: string; table: TransformContext['ext']['tables'][number]; at: number };

/**
 * A `__doc__` member or getter for the instances (a wrapper's doc is its function's): on 3.10+ a
 * heap type made with a Py_tp_doc slot writes its doc text over that descriptor in its dict, so
 * the spec leaves the slot out (renderTypeSpec).
 */
export function docDescriptor(t: StaticType, ctx: TransformContext): InstanceDescriptor | undefined {
  const doc = effectiveField(t, 'tp_doc')?.value;
  return doc && !isZeroExpr(doc) ? instanceDescriptor(t, ctx, '__doc__') : undefined;
}

function instanceDescriptor(t: StaticType, ctx: TransformContext, pyName: string): InstanceDescriptor | undefined {
  for (const field of ['tp_members', 'tp_getset']) {
    const v = effectiveField(t, field)?.value;
    const table = v && !isZeroExpr(v) ? ctx.ext.tables.find((x) => x.name === stripCasts(v).replace(/^&\s*/, '')) : undefined;
    const own = table?.entries.find((e) => e.pyName?.replace(/^"|"$/g, '') === pyName);
    if (own) return { field, table: table!, at: own.start };
  }
  return undefined;
}

export function renderTypeSpec(c: TypeCandidate, ctx: TransformContext, exported = false): string {
  const { t } = c;
  const n = specNames(t);
  const fields = new Map<string, FieldInit | { value: string; guard?: string }>(t.fields);
  for (const rf of c.folded) {
    // `X.tp_new = PyBaseObject_Type.tp_new;` is what a heap type with base object inherits anyway.
    if (stripCasts(rf.value) === `PyBaseObject_Type.${rf.field}`) {
      fields.delete(rf.field);
      continue;
    }
    fields.set(rf.field, { value: rf.value });
  }
  const lines: string[] = [];
  const slots: SlotLine[] = [];
  const val = (f: { value: string }): string => stripCasts(f.value);
  const gc = wasGC(t, c.folded);
  const trav = traverseOf(t, ctx, c.base, c.baseExpr);
  for (const name of TYPE_FIELDS) {
    const f = fields.get(name);
    if (name === 'tp_as_async' || name === 'tp_as_number' || name === 'tp_as_sequence' || name === 'tp_as_mapping' || name === 'tp_as_buffer') {
      const sub = c.subStructs.find((g) => SUB_STRUCT_TYPES[g.baseType] === name);
      if (!sub || !sub.subStruct) continue;
      for (const member of SUB_STRUCT_FIELDS[sub.baseType]) {
        const sf = sub.subStruct.get(member);
        // `was_sq_slice`, `was_sq_ass_slice`: placeholders Python 3 never reads, with no slot (see unreadSlots).
        if (!sf || isZeroExpr(sf.value) || member === 'nb_reserved' || member.startsWith('was_')) continue;
        const guard = member === 'am_send' && !atLeast(ctx.options.minPython, '3.10') ? 'PY_VERSION_HEX >= 0x030A0000' : sf.guard;
        slots.push({ slot: `Py_${member}`, value: val(sf), guard });
      }
      continue;
    }
    if (name === 'tp_traverse') {
      if (trav.generate) slots.push({ slot: 'Py_tp_traverse', value: n.traverse });
      else if (trav.fn) slots.push({ slot: 'Py_tp_traverse', value: trav.fn });
      continue;
    }
    if (name === 'tp_dealloc' && (!f || isZeroExpr(f.value) || freeOnlyDealloc(f.value))) {
      const inherited = inheritedDealloc(t, c, ctx);
      if (inherited) slots.push({ slot: 'Py_tp_dealloc', value: inherited });
      continue;
    }
    if (!f || isZeroExpr(f.value) || NOT_SLOTS.has(name)) continue;
    const v = val(f);
    if (name === 'tp_alloc' && DEFAULT_ALLOC.has(v)) continue;
    if (name === 'tp_free' && DEFAULT_FREE.has(v)) continue;
    if (name === 'tp_members' && memberOffsets(t).length > 0) continue; // emitted below with the offsets
    if (name === 'tp_doc' && docDescriptor(t, ctx)) continue; // the instances' own __doc__ descriptor stays in the dict
    slots.push({ slot: `Py_${name}`, value: v, guard: 'guard' in f ? f.guard : undefined });
  }
  const offsets = memberOffsets(t);
  if (offsets.length > 0) {
    const existing = fields.get('tp_members');
    slots.push({ slot: 'Py_tp_members', value: existing && !isZeroExpr(existing.value) ? val(existing) : n.members });
  }
  // Generated pieces first: traverse, then a members array when the type had none.
  if (trav.generate) {
    const chain = trav.baseExpr ? `\n    return ${trav.baseExpr}->tp_traverse != NULL ? ${trav.baseExpr}->tp_traverse(self, visit, arg) : 0;` : '\n    return 0;';
    lines.push(
      `/* Heap types are GC types: instances keep their type alive, the collector must see it (pyext-isolate). */`,
      `static int`,
      `${n.traverse}(PyObject *self, visitproc visit, void *arg)`,
      `{`,
      `    Py_VISIT(Py_TYPE(self));${chain}`,
      `}`,
      ``,
    );
  }
  const existingMembers = fields.get('tp_members');
  if (offsets.length > 0 && (!existingMembers || isZeroExpr(existingMembers.value))) {
    lines.push(`static PyMemberDef ${n.members}[] = {`);
    for (const o of offsets) lines.push(`    {"${o.name}", T_PYSSIZET, ${o.value}, READONLY, NULL},`);
    lines.push(`    {NULL},`, `};`, ``);
  }
  lines.push(`static PyType_Slot ${n.slots}[] = {`);
  for (const s of slots) {
    if (s.guard) lines.push(`#if ${s.guard}`);
    lines.push(`    {${s.slot}, (void *)${s.value}},`);
    if (s.guard) lines.push(`#endif`);
  }
  lines.push(`    {0, NULL},`, `};`, ``);
  const flags = specFlags(t, c, gc, ctx);
  const size = fields.get('tp_basicsize');
  const item = fields.get('tp_itemsize');
  lines.push(
    `${exported ? '' : 'static '}PyType_Spec ${n.spec} = {`,
    `    .name = ${fields.get('tp_name')?.value ?? `"${t.name}"`},`,
    `    .basicsize = ${size && !isZeroExpr(size.value) ? size.value : '0'},`,
    `    .itemsize = ${item && !isZeroExpr(item.value) ? item.value : '0'},`,
    `    .flags = ${flags},`,
    `    .slots = ${n.slots},`,
    `};`,
  );
  return styled(t.file, lines.join('\n'));
}

function specFlags(t: StaticType, c: TypeCandidate, gc: boolean, ctx: TransformContext): string {
  const raw = c.folded.find((r) => r.field === 'tp_flags')?.value ?? t.fields.get('tp_flags')?.value;
  let flags = raw && !isZeroExpr(raw) ? raw.replace(/\s*\|\s*Py_TPFLAGS_HEAPTYPE\b|\bPy_TPFLAGS_HEAPTYPE\s*\|\s*/g, '').trim() : 'Py_TPFLAGS_DEFAULT';
  const add: string[] = [];
  if (!gc) add.push('Py_TPFLAGS_HAVE_GC');
  if (!/Py_TPFLAGS_IMMUTABLETYPE/.test(flags)) add.push('Py_TPFLAGS_IMMUTABLETYPE');
  if (disallowInstantiation(t, c) && !/Py_TPFLAGS_DISALLOW_INSTANTIATION/.test(flags)) add.push('Py_TPFLAGS_DISALLOW_INSTANTIATION');
  if (add.length > 0 && !atLeast(ctx.options.minPython, '3.10')) ctx.plan.compat.add('IMMUTABLETYPE');
  if (/^[ \t]*#/m.test(flags)) {
    // `#ifdef Py_TPFLAGS_MAPPING | Py_TPFLAGS_MAPPING #endif` inside the value: directives keep
    // lines of their own, the rest is continued two levels in.
    // Positional labels (`/* tp_flags */`) name a field the spec names itself.
    const lines = flags.split(/\r?\n/).map((l) => (l.trim().startsWith('#') ? l.trim() : l.replace(/\/\*.*?\*\//g, '').replace(/\s+/g, ' ').trim())).filter((l) => l !== '');
    const out = lines.map((l, i) => (i === 0 || l.startsWith('#') ? l : `        ${l}`));
    if (add.length > 0) out.push(`        | ${add.join(' | ')}`);
    else if (out[out.length - 1].startsWith('#')) out.push('        0');
    return out.join('\n');
  }
  flags = flags.replace(/\s*\n\s*/g, ' ');
  return [flags, ...add].join(' | ');
}

/** tp_dictoffset & co. as `__dictoffset__` members (3.9+). */
export function memberOffsets(t: StaticType): { name: string; value: string }[] {
  const out: { name: string; value: string }[] = [];
  const map: [string, string][] = [['tp_dictoffset', '__dictoffset__'], ['tp_weaklistoffset', '__weaklistoffset__'], ['tp_vectorcall_offset', '__vectorcalloffset__']];
  for (const [field, member] of map) {
    // An offset set in the init function (`X.tp_weaklistoffset = offsetof(...)`) counts too: it is
    // folded into the spec, and a heap type only gets it through the member.
    const f = effectiveField(t, field);
    if (f && !isZeroExpr(f.value)) out.push({ name: member, value: f.value.trim() });
  }
  return out;
}

/** Created from Python never: no tp_new of its own (in the initializer or folded in) and no base but object. */
export function disallowInstantiation(t: StaticType, c: { base?: string; baseExpr?: string; folded: StaticType['runtimeFields'] }): boolean {
  const tpNew = t.fields.get('tp_new');
  const newFolded = c.folded.find((r) => r.field === 'tp_new');
  const hasNew = (tpNew && !isZeroExpr(tpNew.value)) || (newFolded && !isZeroExpr(newFolded.value));
  return !hasNew && !c.baseExpr && (!c.base || c.base === 'PyBaseObject_Type');
}
