/**
 * Decoding of struct initializers: PyTypeObject (positional, designated or mixed, with the
 * head-init macro cut out as a hole and `#if` lines inside), PyModuleDef, and the protocol
 * sub-structs (PyNumberMethods & co.).
 */
import type { SyntaxNode } from '../core/parse';
import { activeBranch, evalPythonCondition } from '../core/version-conditions';
import type { CondGroup, CondBranch } from '../core/lex';
import { isInert } from '../core/lex';
import { codeOfBody } from '../core/macro-scan';
import type { FieldInit, FileModel, StaticType } from './types';
import { isZeroExpr, nodeText } from './cnodes';
import { fieldsOfMacro } from './field-macros';

/** PyTypeObject fields in declaration order (3.8+; tp_vectorcall_offset was tp_print before). */
export const TYPE_FIELDS = [
  'tp_name', 'tp_basicsize', 'tp_itemsize', 'tp_dealloc', 'tp_vectorcall_offset', 'tp_getattr', 'tp_setattr',
  'tp_as_async', 'tp_repr', 'tp_as_number', 'tp_as_sequence', 'tp_as_mapping', 'tp_hash', 'tp_call', 'tp_str',
  'tp_getattro', 'tp_setattro', 'tp_as_buffer', 'tp_flags', 'tp_doc', 'tp_traverse', 'tp_clear', 'tp_richcompare',
  'tp_weaklistoffset', 'tp_iter', 'tp_iternext', 'tp_methods', 'tp_members', 'tp_getset', 'tp_base', 'tp_dict',
  'tp_descr_get', 'tp_descr_set', 'tp_dictoffset', 'tp_init', 'tp_alloc', 'tp_new', 'tp_free', 'tp_is_gc', 'tp_bases',
  'tp_mro', 'tp_cache', 'tp_subclasses', 'tp_weaklist', 'tp_del', 'tp_version_tag', 'tp_finalize', 'tp_vectorcall',
  'tp_watched', 'tp_versions_used',
];

export const MODULEDEF_FIELDS = ['m_base', 'm_name', 'm_doc', 'm_size', 'm_methods', 'm_slots', 'm_traverse', 'm_clear', 'm_free'];

export const SUB_STRUCT_FIELDS: Record<string, string[]> = {
  PyNumberMethods: [
    'nb_add', 'nb_subtract', 'nb_multiply', 'nb_remainder', 'nb_divmod', 'nb_power', 'nb_negative', 'nb_positive',
    'nb_absolute', 'nb_bool', 'nb_invert', 'nb_lshift', 'nb_rshift', 'nb_and', 'nb_xor', 'nb_or', 'nb_int',
    'nb_reserved', 'nb_float', 'nb_inplace_add', 'nb_inplace_subtract', 'nb_inplace_multiply', 'nb_inplace_remainder',
    'nb_inplace_power', 'nb_inplace_lshift', 'nb_inplace_rshift', 'nb_inplace_and', 'nb_inplace_xor', 'nb_inplace_or',
    'nb_floor_divide', 'nb_true_divide', 'nb_inplace_floor_divide', 'nb_inplace_true_divide', 'nb_index',
    'nb_matrix_multiply', 'nb_inplace_matrix_multiply',
  ],
  PySequenceMethods: ['sq_length', 'sq_concat', 'sq_repeat', 'sq_item', 'was_sq_slice', 'sq_ass_item', 'was_sq_ass_slice', 'sq_contains', 'sq_inplace_concat', 'sq_inplace_repeat'],
  PyMappingMethods: ['mp_length', 'mp_subscript', 'mp_ass_subscript'],
  PyAsyncMethods: ['am_await', 'am_aiter', 'am_anext', 'am_send'],
  PyBufferProcs: ['bf_getbuffer', 'bf_releasebuffer'],
};

interface Decoded {
  style: 'designated' | 'positional' | 'mixed';
  fields: Map<string, FieldInit>;
  problems: string[];
}

/** The guard expression under which branch k of a group is compiled. */
export function branchGuard(g: CondGroup, k: number): string {
  const cond = (b: CondBranch): string => {
    const d = b.directive;
    const rest = d.rest.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/, '').trim();
    if (d.kind === 'ifdef') return `defined(${rest})`;
    if (d.kind === 'ifndef') return `!defined(${rest})`;
    return rest;
  };
  const parts: string[] = [];
  for (let i = 0; i < k; i++) parts.push(`!(${cond(g.branches[i])})`);
  if (g.branches[k].directive.kind !== 'else') parts.push(parts.length === 0 ? cond(g.branches[k]) : `(${cond(g.branches[k])})`);
  return parts.join(' && ');
}

interface ElementInfo {
  node: SyntaxNode;
  group?: CondGroup;
  branch: number;
}

/**
 * Elements of an initializer list with the (innermost) `#if` group branch each sits in. A group the
 * parse resolved for the supported Python range is no condition: its dead branches are blanked and
 * its live one is compiled by every supported version.
 */
function elementsWithBranches(fm: FileModel, list: SyntaxNode): ElementInfo[] {
  const groups = fm.parsed.lex.groups.filter((g) => g.resolvedBranch === undefined && g.start > list.startIndex && g.end < list.endIndex);
  const out: ElementInfo[] = [];
  for (const node of list.namedChildren) {
    if (node.type === 'comment') continue;
    let group: CondGroup | undefined;
    let branch = -1;
    for (const g of groups) {
      for (let k = 0; k < g.branches.length; k++) {
        const b = g.branches[k];
        if (node.startIndex >= b.bodyStart && node.startIndex < b.bodyEnd) {
          if (!group || g.depth > group.depth) {
            group = g;
            branch = k;
          }
        }
      }
    }
    out.push({ node, group, branch });
  }
  return out;
}

function isDecidable(g: CondGroup): boolean {
  return g.branches.every((b) => b.directive.kind === 'else' || evalPythonCondition(b.directive.kind, b.directive.rest) !== undefined);
}

function decodeGeneric(fm: FileModel, list: SyntaxNode, order: string[], skipFirstPositional: number): Decoded {
  const text = fm.source.text;
  const fields = new Map<string, FieldInit>();
  const problems: string[] = [];
  let positional = 0;
  let designated = 0;
  let index = 0;
  let skip = skipFirstPositional;
  const elements = elementsWithBranches(fm, list);
  // Positional counts per branch, to see whether `#if` branches keep positions aligned.
  const counts = new Map<CondGroup, number[]>();
  for (const e of elements) {
    if (!e.group || e.node.type === 'initializer_pair') continue;
    const c = counts.get(e.group) ?? new Array(e.group.branches.length).fill(0);
    c[e.branch]++;
    counts.set(e.group, c);
  }
  const groupActive = new Map<CondGroup, number>();
  for (const [g, c] of counts) {
    const active = activeBranch(g);
    groupActive.set(g, active);
    const aligned = c.every((n) => n === c[0]) && c.length > 1;
    if (!aligned && !isDecidable(g)) {
      problems.push(`positional fields differ between the branches of '#${g.branches[0].directive.kind} ${g.branches[0].directive.rest}'`);
    }
  }
  const positionalAt = new Map<string, { value: string; group: CondGroup; branch: number }>();
  for (const e of elements) {
    const node = e.node;
    const conditional = e.group !== undefined;
    const guard = e.group ? branchGuard(e.group, e.branch) : undefined;
    if (node.type === 'initializer_pair') {
      designated++;
      const des = node.childForFieldName('designator');
      const val = node.childForFieldName('value');
      if (!des || !val) continue;
      const desText = nodeText(des, text).trim();
      const field = desText.replace(/^\./, '');
      if (!/^\w+$/.test(field)) {
        problems.push(`unsupported designator '${desText}'`);
        continue;
      }
      const prev = fields.get(field);
      if (prev && prev.value !== nodeText(val, text)) {
        if (!(prev.conditional && conditional)) problems.push(`${field} is initialized twice`);
        else problems.push(`${field} has different values in different #if branches`);
      }
      fields.set(field, mkField(field, val, node, true, conditional, guard, text));
      index = order.indexOf(field) + 1;
      continue;
    }
    // `VIEW_SHARED_SLOTS` standing for several designated fields: as if they were written here.
    const supplied = node.type === 'identifier' ? fieldsOfMacro(fm, nodeText(node, text)) : undefined;
    if (supplied) {
      designated += supplied.length;
      for (const f of supplied) {
        const prev = fields.get(f.field);
        if (prev && prev.value !== f.value) problems.push(`${f.field} is initialized twice`);
        fields.set(f.field, { ...f, conditional, ...(conditional && guard ? { guard } : {}), fromMacro: nodeText(node, text) });
        index = order.indexOf(f.field) + 1;
      }
      continue;
    }
    // A positional element.
    if (e.group) {
      const active = groupActive.get(e.group) ?? 0;
      const c = counts.get(e.group)!;
      const aligned = c.every((n) => n === c[0]);
      if (aligned && e.branch !== 0) {
        // Same position as branch 0's element of the same rank: values must agree or be zero.
        const rank = elements.filter((x) => x.group === e.group && x.branch === e.branch && x.node.type !== 'initializer_pair').indexOf(e);
        const key = `${e.group.start}:${rank}`;
        const first = positionalAt.get(key);
        const value = nodeText(node, text);
        if (first && first.value !== value && !(isZeroExpr(first.value) && isZeroExpr(value))) {
          problems.push(`position ${rank} differs between #if branches ('${first.value}' vs '${value}')`);
        }
        continue;
      }
      if (!aligned && e.branch !== active) continue;
      if (aligned && e.branch === 0) {
        const rank = elements.filter((x) => x.group === e.group && x.branch === 0 && x.node.type !== 'initializer_pair').indexOf(e);
        positionalAt.set(`${e.group.start}:${rank}`, { value: nodeText(node, text), group: e.group, branch: 0 });
      }
    }
    positional++;
    if (skip > 0) {
      skip--;
      continue;
    }
    if (index >= order.length) {
      problems.push(`more positional initializers than fields`);
      break;
    }
    const field = order[index++];
    const alignedGroup = e.group ? counts.get(e.group)!.every((n) => n === counts.get(e.group!)![0]) : false;
    fields.set(field, mkField(field, node, node, false, conditional && !alignedGroup, alignedGroup ? undefined : guard, text));
  }
  const style = designated > 0 && positional > skipFirstPositional ? 'mixed' : designated > 0 ? 'designated' : 'positional';
  return { style, fields, problems };
}

function mkField(field: string, val: SyntaxNode, elem: SyntaxNode, designated: boolean, conditional: boolean, guard: string | undefined, text: string): FieldInit {
  // An unterminated literal at a line end takes the CR of a CRLF with it: never end between CR and LF.
  const end = (e: number): number => (text.charCodeAt(e - 1) === 13 && text.charCodeAt(e) === 10 ? e - 1 : e);
  const f: FieldInit = {
    field,
    value: text.slice(val.startIndex, end(val.endIndex)),
    valueStart: val.startIndex,
    valueEnd: end(val.endIndex),
    elemStart: elem.startIndex,
    elemEnd: end(elem.endIndex),
    designated,
    conditional,
  };
  if (conditional && guard) f.guard = guard;
  return f;
}

/** Elements that are macros standing for several fields, and values that contain `#if` lines. */
function macroAndDirectiveProblems(fm: FileModel, list: SyntaxNode, allowed?: { start: number; end: number }): string[] {
  const text = fm.source.text;
  const problems: string[] = [];
  const inAllowed = (at: number): boolean => allowed !== undefined && at >= allowed.start && at < allowed.end;
  for (const e of list.namedChildren) {
    if (e.type === 'identifier') {
      const m = fm.macros.get(nodeText(e, text));
      if (m && !m.params && /[,=]|\.tp_/.test(codeOfBody(m.body)) && !fieldsOfMacro(fm, m.name)) problems.push(`macro ${m.name} supplies several fields`);
    }
    if (e.type === 'initializer_pair') {
      const v = e.childForFieldName('value');
      if (v && fm.parsed.lex.directives.some((d) => d.start > v.startIndex && d.start < v.endIndex && !inAllowed(d.start))) problems.push(`the value of ${nodeText(e.childForFieldName('designator') ?? e, text)} contains #if lines`);
    }
  }
  // A directive between an element's value and the comma that ends it (`.tp_flags = A #ifdef X | B #endif ,`).
  for (const d of fm.parsed.lex.directives) {
    if (d.start <= list.startIndex || d.start >= list.endIndex || d.kind === 'define' || inAllowed(d.start)) continue;
    const before = text.slice(list.startIndex, d.start).replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '').trimEnd();
    const after = text.slice(d.end, list.endIndex).replace(/\/\*[\s\S]*?\*\//g, '').trimStart();
    if (!before.endsWith(',') && !before.endsWith('{') && !/^#/.test(after) && /^[|&+*-]/.test(after)) problems.push('an #if splits a field value');
  }
  return problems;
}

/**
 * `.tp_flags = A | B #ifdef Py_TPFLAGS_MAPPING | Py_TPFLAGS_MAPPING #endif ,` (immutables): whole `#if`
 * groups inside a flags value are valid inside any initializer expression, so the value keeps them
 * (the field is extended over them). Undefined when the value has no directive, or one whose group
 * reaches outside it.
 */
function withWholeGroups(fm: FileModel, f: FieldInit): { start: number; end: number } | undefined {
  const text = fm.source.text;
  const lx = fm.parsed.lex;
  // The end of the element: the next `,` or `}` outside comments, strings and directive lines.
  let stop = f.valueEnd;
  for (; stop < text.length; stop++) {
    const c = text[stop];
    if (c === ',' || c === '}') {
      const inDirective = lx.directives.some((d) => stop >= d.start && stop < d.end);
      if (!inDirective && !isInert(lx, stop)) break;
    }
  }
  const inside = lx.directives.filter((d) => d.start > f.valueStart && d.start < stop && d.kind !== 'define');
  if (inside.length === 0) return undefined;
  let end = f.valueEnd;
  for (const d of inside) {
    const g = lx.groups.find((x) => x.branches.some((b) => b.directive === d) || x.endif === d);
    if (!g || !g.endif || g.start <= f.valueStart || g.endif.end > stop) return undefined;
    end = Math.max(end, g.endif.end);
  }
  f.value = text.slice(f.valueStart, end);
  f.valueEnd = end;
  return { start: f.valueStart, end };
}

/** Inside a branch of a Python-version `#if` that the parse blanked (never compiled in range). */
function inResolvedDeadBranch(fm: FileModel, offset: number): boolean {
  return fm.parsed.lex.groups.some((g) => g.resolvedBranch !== undefined && offset >= g.start && offset < g.end && g.branches.some((b, k) => k !== g.resolvedBranch && offset >= b.bodyStart && offset < b.bodyEnd));
}

export function decodeTypeInitializer(fm: FileModel, list: SyntaxNode): Decoded & { head?: StaticType['head'] } {
  const text = fm.source.text;
  // `#if PY_MAJOR_VERSION >= 3 PyVarObject_HEAD_INIT(NULL, 0) #else PyObject_HEAD_INIT(NULL) 0, #endif`:
  // the Python 2 head is in a branch no supported version compiles.
  const holes = fm.parsed.holes.filter((h) => h.start > list.startIndex && h.end < list.endIndex && (h.name === 'PyVarObject_HEAD_INIT' || h.name === 'PyObject_HEAD_INIT' || h.headInit !== undefined) && !inResolvedDeadBranch(fm, h.start));
  let head: StaticType['head'];
  let skip = 0;
  const first = list.namedChildren.find((c) => c.type !== 'comment');
  if (holes.length > 0 && (!first || holes[0].start < first.startIndex)) {
    const h = holes[0];
    const args = h.headInit ? h.headInit.args : text.slice(h.start, h.end).replace(/^[A-Za-z_]+\s*\(/, '').replace(/\)$/, '');
    const metaclass = args.split(',')[0].trim();
    const legacy = (h.headInit?.base ?? h.name) === 'PyObject_HEAD_INIT';
    head = { macro: h.name, start: h.start, end: h.end, metaclass, legacyObSize: legacy };
    // `PyObject_HEAD_INIT(NULL) 0,`: the 0 is ob_size (brace elision), not tp_name.
    if (legacy && first && first.type !== 'initializer_pair') skip = 1;
  } else if (first && first.type === 'initializer_list') {
    skip = 1; // an explicit ob_base initializer
  }
  const d = decodeGeneric(fm, list, TYPE_FIELDS, skip);
  const flags = d.fields.get('tp_flags');
  const flagGroups = flags ? withWholeGroups(fm, flags) : undefined;
  const problems = [...d.problems, ...macroAndDirectiveProblems(fm, list, flagGroups)];
  if (holes.length > 1) problems.push('several head-init macros in one initializer');
  // `MY_HEAD "mod.Name",` with MY_HEAD defined in another file: the parse saw one string element.
  const nameField = d.fields.get('tp_name');
  const unknownHead = !head && nameField && !nameField.designated ? /^\s*([A-Za-z_]\w*)\s*(?:\([^()]*\)\s*)?"/.exec(nameField.value) : null;
  if (unknownHead) {
    problems.push(`its head-init macro ${unknownHead[1]} is not known here (defined in another file?): declare it in [tool.pyext-isolate] macros as { name = "${unknownHead[1]}", kind = "${/\(/.test(nameField!.value.slice(0, nameField!.value.indexOf('"'))) ? 'hole-call' : 'hole'}" }`);
  }
  for (const [name, f] of d.fields) {
    if (['tp_dict', 'tp_mro', 'tp_cache', 'tp_subclasses', 'tp_weaklist', 'tp_bases', 'tp_version_tag', 'tp_watched', 'tp_versions_used'].includes(name) && !isZeroExpr(f.value)) {
      problems.push(`${name} is set in the static initializer (no heap-type equivalent)`);
    }
  }
  return { ...d, problems, head };
}

export function decodeModuleDefInitializer(fm: FileModel, list: SyntaxNode): Decoded {
  return decodeGeneric(fm, list, MODULEDEF_FIELDS, 0);
}

export function decodeStructInitializer(fm: FileModel, list: SyntaxNode, structType: string): Map<string, FieldInit> {
  return decodeGeneric(fm, list, SUB_STRUCT_FIELDS[structType] ?? [], 0).fields;
}

/**
 * The initializer of any struct whose fields are known in declaration order (a C-API table of a
 * public header): positional, designated or mixed, with the problems that keep it from being
 * read member by member.
 */
export function decodeFieldsInitializer(fm: FileModel, list: SyntaxNode, order: string[]): { fields: Map<string, FieldInit>; problems: string[] } {
  const d = decodeGeneric(fm, list, order, 0);
  return { fields: d.fields, problems: [...d.problems, ...macroAndDirectiveProblems(fm, list)] };
}
