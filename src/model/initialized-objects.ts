/** The objects read from their initializers: static types, module defs and C-API tables (methods, getset, slots, ...). */
import type { SyntaxNode } from '../core/parse';
import { guardAt } from '../core/conditions';
import { isInert } from '../core/lex';
import type { FileModel, ModuleDefInfo, PyTable, StaticType, TableEntry } from './types';
import { functionName, nodeText, stringLiteralValue } from './cnodes';
import { decodeTypeInitializer, decodeModuleDefInitializer } from './initializers';
import { inRegions } from './regions';
import { callArguments, macroLookup, substitute } from './init-macros';
import { splitArgs } from '../core/function-macros';

export function makeStaticType(fm: FileModel, decl: SyntaxNode, name: string, storage: StaticType['storage'], init: SyntaxNode): StaticType {
  const text = fm.source.text;
  // An export macro right before the declaration (blanked in the parse view).
  const before = fm.parsed.holes.filter((h) => (h.kind === 'decl-prefix' || h.kind === 'guessed-export') && h.end <= decl.startIndex + 64 && h.start >= fm.source.lineStart(decl.startIndex) - 1);
  const exportMacro = before.find((h) => h.start >= decl.startIndex - 1 || fm.source.lineStart(h.start) === fm.source.lineStart(decl.startIndex))?.name;
  const decoded = decodeTypeInitializer(fm, init);
  const t: StaticType = {
    name,
    file: fm,
    storage,
    exportMacro,
    declStart: exportMacro ? Math.min(decl.startIndex, before[0].start) : decl.startIndex,
    declEnd: decl.endIndex,
    initStart: init.startIndex,
    initEnd: init.endIndex,
    style: decoded.style,
    head: decoded.head,
    fields: decoded.fields,
    runtimeFields: [],
    metatypeStores: [],
    tpName: decoded.fields.has('tp_name') ? stringLiteralValue(decoded.fields.get('tp_name')!.value) : undefined,
    problems: [...decoded.problems, ...damageProblems(fm, init.startIndex, decl.endIndex)],
    uses: [],
    inTemplate: inRegions(fm.templateRegions, decl.startIndex),
    conditional: false,
    guard: guardAt(fm.parsed.lex, decl.startIndex, text),
  };
  t.conditional = t.guard !== undefined;
  return t;
}

/**
 * Code the parser could not read in a type's initializer (a statement spliced in, a stray brace): the
 * fields after it are misread, and a spec written from them would not be the type the compiler sees.
 */
function damageProblems(fm: FileModel, from: number, to: number): string[] {
  const broken = fm.parsed.damage.find((d) => d.start >= from && d.start < to);
  return broken ? [`it has code that could not be parsed (line ${fm.source.position(broken.start).line})`] : [];
}

export function makeModuleDef(fm: FileModel, decl: SyntaxNode, name: string, storage: ModuleDefInfo['storage'], init: SyntaxNode): ModuleDefInfo {
  const decoded = decodeModuleDefInitializer(fm, init);
  const nameField = decoded.fields.get('m_name');
  return {
    name,
    file: fm,
    storage,
    declStart: decl.startIndex,
    declEnd: decl.endIndex,
    initStart: init.startIndex,
    initEnd: init.endIndex,
    style: decoded.style,
    fields: decoded.fields,
    moduleName: nameField ? stringLiteralValue(nameField.value) : undefined,
  };
}

export function makeTable(fm: FileModel, name: string, kind: PyTable['kind'], init: SyntaxNode): PyTable {
  const text = fm.source.text;
  const entries: TableEntry[] = [];
  const push = (entry: TableEntry | undefined): void => {
    if (entry) entries.push(entry);
  };
  const lists = init.namedChildren.filter((e) => e.type === 'initializer_list');
  // Entries written by object-like macros (`FUNC_DEF_PARSE,`, or Argument Clinic's
  // `M_PARSE_METHODDEF` whose body ends with the comma, which the parse cannot read as an
  // element): the entry is the macro's body, found at the use, between the written entries.
  const macroUses = (from: number, to: number): void => {
    if (kind !== 'methods' && kind !== 'getset') return;
    const re = /[A-Za-z_]\w*/g;
    re.lastIndex = from;
    for (let m = re.exec(text); m && m.index < to; m = re.exec(text)) {
      if (isInert(fm.parsed.lex, m.index)) continue;
      const call = calledMacroEntries(fm, m[0], m.index + m[0].length);
      if (call) {
        for (const body of call.entries) push(tableEntry(kind, body.parts, body.designated, m.index, call.end, m[0]));
        re.lastIndex = call.end;
        continue;
      }
      for (const body of macroEntries(fm, m[0])) push(tableEntry(kind, body.parts, body.designated, m.index, m.index + m[0].length, m[0]));
    }
  };
  let from = init.startIndex + 1;
  for (const e of lists) {
    macroUses(from, e.startIndex);
    from = e.endIndex;
    const parts = e.namedChildren.filter((c) => c.type !== 'comment');
    const designated = new Map<string, string>();
    for (const p of parts) {
      if (p.type !== 'initializer_pair') continue;
      const des = p.childForFieldName('designator');
      const val = p.childForFieldName('value');
      if (des && val) designated.set(nodeText(des, text).replace(/^\./, ''), nodeText(val, text));
    }
    push(tableEntry(kind, parts.map((c) => nodeText(c, text)), designated, e.startIndex, e.endIndex));
  }
  macroUses(from, init.endIndex - 1);
  return { name, kind, file: fm, start: init.startIndex, end: init.endIndex, entries };
}


/** One entry of a table from its fields, or undefined for a sentinel. */
function tableEntry(kind: PyTable['kind'], parts: string[], designated: Map<string, string>, start: number, end: number, viaMacro?: string): TableEntry | undefined {
  const get = (i: number): string | undefined => (parts[i] !== undefined && !parts[i].trimStart().startsWith('.') ? parts[i] : undefined);
  const entry: TableEntry = { start, end };
  if (viaMacro) entry.viaMacro = viaMacro;
  const fn = (s: string | undefined): string | undefined => (s === undefined ? undefined : functionName(s));
  if (kind === 'methods') {
    entry.pyName = stringLiteralValue(designated.get('ml_name') ?? get(0) ?? '');
    entry.func = fn(designated.get('ml_meth') ?? get(1));
    entry.flags = designated.get('ml_flags') ?? get(2);
  } else if (kind === 'getset') {
    entry.pyName = stringLiteralValue(designated.get('name') ?? get(0) ?? '');
    entry.func = fn(designated.get('get') ?? get(1));
    entry.func2 = fn(designated.get('set') ?? get(2));
  } else if (kind === 'members') {
    entry.pyName = stringLiteralValue(designated.get('name') ?? get(0) ?? '');
  } else {
    entry.pyName = get(0)?.trim();
    entry.func = fn(get(1));
  }
  if (entry.pyName === undefined && entry.func === undefined && kind !== 'type-slots' && kind !== 'module-slots') return undefined; // sentinel
  if ((kind === 'type-slots' || kind === 'module-slots') && (entry.pyName === '0' || entry.pyName === undefined)) return undefined;
  return entry;
}

/**
 * The entries an object-like macro stands for in a table: its body is one or more `{...}`
 * groups separated by commas (a trailing comma allowed). Anything else gives none.
 */
function macroEntries(fm: FileModel, name: string): { parts: string[]; designated: Map<string, string> }[] {
  const def = macroLookup(fm)(name);
  if (!def || def.params) return [];
  return entriesOfBody(def.body);
}

/**
 * The entries a function-like macro's use stands for in a table (pybluez's `DECL_BT_METHOD(name,
 * flags)` for `{ #name, (PyCFunction)bt_ ##name, flags, bt_ ## name ## _doc }`): its body with the use's
 * arguments substituted, and where the use ends; undefined when `name` is no such macro called at `after`.
 */
function calledMacroEntries(fm: FileModel, name: string, after: number): { entries: { parts: string[]; designated: Map<string, string> }[]; end: number } | undefined {
  const def = macroLookup(fm)(name);
  if (!def || !def.params) return undefined;
  const text = fm.source.text;
  let open = after;
  while (open < text.length && /\s/.test(text[open])) open++;
  const call = callArguments(text, open);
  if (!call) return undefined;
  return { entries: entriesOfBody(substitute(def, call.args)), end: call.close + 1 };
}

function entriesOfBody(text: string): { parts: string[]; designated: Map<string, string> }[] {
  const body = text.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').trim().replace(/,\s*$/, '');
  const groups = initializerElements(body);
  if (groups.length === 0 || !groups.every((g) => /^\{[\s\S]*\}$/.test(g))) return [];
  return groups.map((g) => {
    const parts = initializerElements(g.slice(1, -1));
    const designated = new Map<string, string>();
    for (const p of parts) {
      const m = /^\.\s*([A-Za-z_]\w*)\s*=\s*([\s\S]*)$/.exec(p);
      if (m) designated.set(m[1], m[2].trim());
    }
    return { parts, designated };
  });
}

/** The elements of an initializer's text (a trailing comma ends no element). */
function initializerElements(s: string): string[] {
  const parts = splitArgs(s);
  if (parts[parts.length - 1] === '') parts.pop();
  return parts;
}
