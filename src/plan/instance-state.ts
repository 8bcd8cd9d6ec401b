/**
 * Objects that keep a pointer to their module's state (the cheapest state access, issue 15).
 * The object struct of a converted type that the module owns (defined in its own files, not a
 * public header) gets a `void *module_state` field after PyObject_HEAD: NULL in a new object
 * (tp_alloc zeroes the memory) and filled by the first lookup through the type's MRO, so methods,
 * slots and binary operators of its instances pay one load instead of a search.
 *
 * Only where every object of the struct is made by tp_alloc: PyObject_New & co. leave the memory
 * as it was, PyObject_Init and free lists reuse objects (the pointer would be another module's).
 */
import type { ExtensionModel, FileModel, StaticType, StructDef } from '../model/types';
import { isZeroExpr, stripCasts, functionName } from '../model/cnodes';

export interface InstanceState {
  /** The object struct (typedef name) and where it is defined. */
  struct: string;
  file: FileModel;
  /** Where the struct's definition ends: functions after it may use the accessor. */
  structEnd: number;
  /** Offset where the new field's line goes (the line after PyObject_HEAD). */
  fieldAt: number;
  fieldIndent: string;
  field: string;
  /** The types whose objects have this struct (converted heap types; spec types by their slot table). */
  types: string[];
  /** An earlier run gave the struct its field already (the accessors it wrote may be there too). */
  existing?: boolean;
  /**
   * The dealloc function only these types have: it tells an operand of a binary operator that is
   * one of them without a search (subclasses defined in Python have another dealloc).
   */
  dealloc?: string;
}

const NEW_OBJECT = /\b(?:PyObject_(?:GC_)?(?:New|NEW|NewVar|NEW_VAR)\s*\(\s*([A-Za-z_]\w*)|PyObject_(?:Init|INIT|InitVar|INIT_VAR)\s*\(|_Py_NewReference\s*\()/g;

/**
 * A type made from a spec with the module (an earlier run's conversion, or a spec this run creates with
 * it): its slot table's name, its objects' struct, and its tp_alloc and tp_dealloc slots.
 */
export interface SpecObjectType {
  slots: string;
  struct: string;
  alloc?: string;
  dealloc?: string;
}

/** The field line an earlier run added after PyObject_HEAD. */
const OWN_FIELD = /^[ \t]*void \*(\w+); \/\* the module state, once looked up \(pyext-isolate\) \*\/[ \t]*\r?$/m;

/** The structs whose objects can carry the state pointer, by struct name. */
export function instanceStates(ext: ExtensionModel, heapTypes: ReadonlySet<string>, specTypes: readonly SpecObjectType[] = []): Map<string, InstanceState> {
  const out = new Map<string, InstanceState>();
  const structs = new Map<string, { def: StructDef; file: FileModel }>();
  for (const f of ext.files) for (const [name, def] of f.structs) if (def.isPyObject) structs.set(name, { def, file: f });
  // Objects made other than by tp_alloc, anywhere in the extension.
  const otherwiseMade = new Set<string>();
  let initAnywhere = false;
  for (const f of ext.files) {
    for (const m of f.source.text.matchAll(NEW_OBJECT)) {
      if (m[1]) otherwiseMade.add(m[1]);
      else initAnywhere = true;
    }
  }
  if (initAnywhere) return out;
  const typesOf = new Map<string, StaticType[]>();
  for (const t of ext.types) {
    const size = t.fields.get('tp_basicsize')?.value;
    const m = size ? /^sizeof\s*\(\s*(?:struct\s+)?([A-Za-z_]\w*)\s*\)$/.exec(size.trim()) : null;
    if (!m) continue;
    if (!typesOf.has(m[1])) typesOf.set(m[1], []);
    typesOf.get(m[1])!.push(t);
  }
  const specsOf = new Map<string, SpecObjectType[]>();
  for (const t of specTypes) specsOf.set(t.struct, [...(specsOf.get(t.struct) ?? []), t]);
  for (const name of new Set([...typesOf.keys(), ...specsOf.keys()])) {
    const types = typesOf.get(name) ?? [];
    const specs = specsOf.get(name) ?? [];
    const s = structs.get(name);
    if (!s || otherwiseMade.has(name) || ext.publicHeaders?.has(s.file)) continue;
    if (!types.every((t) => heapTypes.has(t.name) && allocatesByDefault(t))) continue;
    if (!specs.every((t) => !t.alloc || stripCasts(t.alloc) === 'PyType_GenericAlloc')) continue;
    // A free list or a static object of the struct would reuse objects across modules.
    if (ext.globals.some((g) => g.baseType === name || g.baseType === `struct ${name}`)) continue;
    const head = headLine(s.file, s.def);
    if (!head) continue;
    // The field an earlier run added (right after the head): kept, with its accessors.
    const own = OWN_FIELD.exec(s.file.source.text.slice(head.next, s.def.end));
    const existing = own && s.file.source.text.slice(head.next, s.def.end).indexOf(own[0]) === 0 ? own[1] : undefined;
    const field = existing ?? (s.def.fields.some((f) => f.name === 'module_state') ? `${ext.name ?? 'module'}_module_state` : 'module_state');
    if (!existing && s.def.fields.some((f) => f.name === field)) continue;
    const dealloc = ownDealloc(ext, types, specs);
    out.set(name, { struct: name, file: s.file, structEnd: s.def.end, fieldAt: head.next, fieldIndent: head.indent, field, types: [...types.map((t) => t.name), ...specs.map((t) => t.slots)], ...(existing ? { existing: true } : {}), dealloc });
  }
  return out;
}

/** tp_alloc is the default (absent or PyType_GenericAlloc): it zeroes the new object. */
function allocatesByDefault(t: StaticType): boolean {
  const alloc = [...t.runtimeFields].reverse().find((r) => r.field === 'tp_alloc')?.value ?? t.fields.get('tp_alloc')?.value;
  return !alloc || isZeroExpr(alloc) || stripCasts(alloc) === 'PyType_GenericAlloc';
}

/** The line after `PyObject_HEAD` (or `PyObject_VAR_HEAD`) as the struct's first member. */
function headLine(file: FileModel, def: StructDef): { next: number; indent: string } | undefined {
  const text = file.source.text;
  const body = text.slice(def.start, def.end);
  const m = /\{\s*(PyObject_HEAD|PyObject_VAR_HEAD)\b[ \t;]*(?:\/\*[^\n]*?\*\/|\/\/[^\n]*)?[ \t]*\r?\n/.exec(body);
  if (!m) return undefined;
  const headAt = def.start + m.index + m[0].indexOf(m[1]);
  return { next: def.start + m.index + m[0].length, indent: file.source.indentAt(headAt) };
}

/**
 * The dealloc function of these types (their own, or inherited from a base among them), when no
 * other type of the extension has it.
 */
function ownDealloc(ext: ExtensionModel, types: StaticType[], specs: readonly SpecObjectType[] = []): string | undefined {
  const field = (t: StaticType, name: string): string | undefined => {
    const v = [...t.runtimeFields].reverse().find((r) => r.field === name)?.value ?? t.fields.get(name)?.value;
    return v && !isZeroExpr(v) ? v : undefined;
  };
  const deallocOf = (t: StaticType, depth = 0): string | undefined => {
    const own = field(t, 'tp_dealloc');
    if (own) return functionName(own);
    const base = field(t, 'tp_base');
    const b = base ? ext.typesByName.get(stripCasts(base).replace(/^&\s*/, '')) : undefined;
    return b && depth < 10 ? deallocOf(b, depth + 1) : undefined;
  };
  const specDealloc = (t: SpecObjectType): string | undefined => (t.dealloc && !isZeroExpr(t.dealloc) ? functionName(t.dealloc) : undefined);
  const ds = new Set([...types.map((t) => deallocOf(t)), ...specs.map(specDealloc)]);
  if (ds.size !== 1) return undefined;
  const d = [...ds][0];
  if (!d || !ext.functionsByName.has(d)) return undefined;
  if (ext.types.some((t) => !types.includes(t) && deallocOf(t) === d)) return undefined;
  // (Any slot table's: a spec made without the module shares nothing with these either.)
  if (ext.tables.some((t) => t.kind === 'type-slots' && !specs.some((x) => x.slots === t.name) && t.entries.some((e) => e.pyName === 'Py_tp_dealloc' && e.func === d))) return undefined;
  return d;
}
