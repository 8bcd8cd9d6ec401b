/**
 * buildFileModel: one walk over a file's top-level items plus one identifier pass, giving the
 * functions, globals, static types, module defs, init functions, tables and API calls that the
 * transforms need. Function bodies are not walked; uses are found through the identifier pass
 * and looked at in the tree only where needed. Each kind of thing has its reader beside this
 * file (api-calls, init-reading, capsule-reading, initialized-objects, type-uses, regions).
 */
import type { ParsedFile, SyntaxNode } from '../core/parse';
import { isHeaderPath } from '../core/parse';
import { isCKeyword } from '../core/c-keywords';
import { defineParts, definitionsOf, quotedInclude } from '../core/lex';
import { guardAt } from '../core/conditions';
import { FileModel, FunctionInfo, GlobalVar, MacroDef, ParamInfo, PyTable, StructDef } from './types';
import { declaratorsOf, hasQualifier, nodeText, storageOf, unwrapDeclarator } from './cnodes';
import { indexIdentifiers } from './identifiers';
import { decodeStructInitializer } from './initializers';
import { classifyGlobal, collectUses } from './globals';
import { enclosingFunction } from './functions';
import { fileScopeMacroDefs, initHeaderName, macroLookup } from './init-macros';
import { macroDeclaredGlobals, pasteChains, pastedUses } from './pasted-names';
import { templateRegions, inRegions, inDeadVersionBranch } from './regions';
import { API_NAMES, collectApiCalls, collectPyIdentifiers } from './api-calls';
import { collectTypeUses } from './type-uses';
import { collectInits } from './init-reading';
import { collectCapsules } from './capsule-reading';
import { makeModuleDef, makeStaticType, makeTable } from './initialized-objects';

export { enclosingFunction };

const TABLE_KINDS: Record<string, PyTable['kind']> = {
  PyMethodDef: 'methods',
  PyGetSetDef: 'getset',
  PyMemberDef: 'members',
  PyType_Slot: 'type-slots',
  PyModuleDef_Slot: 'module-slots',
};

export const SUB_STRUCT_TYPES: Record<string, string> = {
  PyNumberMethods: 'tp_as_number',
  PySequenceMethods: 'tp_as_sequence',
  PyMappingMethods: 'tp_as_mapping',
  PyAsyncMethods: 'tp_as_async',
  PyBufferProcs: 'tp_as_buffer',
};

export function buildFileModel(parsed: ParsedFile): FileModel {
  const source = parsed.source;
  const text = source.text;
  const fm: FileModel = {
    path: source.path,
    source,
    parsed,
    functions: [],
    functionsByName: new Map(),
    prototypes: new Map(),
    globals: [],
    types: [],
    moduleDefs: [],
    inits: [],
    tables: [],
    capsuleExports: [],
    capsuleImports: [],
    macros: new Map(),
    structs: new Map(),
    apiCalls: [],
    localIncludes: [],
    identifierUses: new Map(),
    exportedSymbols: new Set(),
    damageShare: damageShareOf(parsed.damageBytes, text),
    templateRegions: templateRegions(parsed),
    forwardTypeDecls: [],
    externDecls: [],
    allIdentifiers: new Set(),
    pasteChains: [],
  };
  collectDirectives(fm);
  const subStructs = new Map<string, GlobalVar>();
  walkTopLevel(parsed.tree.rootNode, (node) => visitTopLevel(fm, node, subStructs));
  fm.functions.sort((a, b) => a.start - b.start);
  fm.globals.push(...macroDeclaredGlobals(fm));

  // Names whose uses matter: every global, type, function and macro of the file, plus API names.
  const interest = new Set<string>(API_NAMES);
  interest.add('static');
  for (const g of fm.globals) interest.add(g.name);
  for (const t of fm.types) interest.add(t.name);
  for (const f of fm.functions) interest.add(f.name);
  for (const d of fm.moduleDefs) interest.add(d.name);
  for (const name of fm.macros.keys()) interest.add(name);
  for (const name of fm.prototypes.keys()) interest.add(name);
  const all = fm.allIdentifiers;
  fm.identifierUses = indexIdentifiers(text, parsed.gaps, (n) => {
    all.add(n);
    return interest.has(n) || externCandidate(n);
  });

  collectFunctionStatics(fm, subStructs);
  collectApiCalls(fm);
  collectPyIdentifiers(fm);
  collectCapsules(fm);
  // Forward declarations of types defined in this file are not globals of their own.
  const defined = new Set(fm.types.map((t) => t.name));
  fm.globals = fm.globals.filter((g) => {
    if (g.scope !== 'file' || g.pointerDepth !== 0 || g.arrayLen !== undefined || g.init || !defined.has(g.name)) return true;
    if (g.baseType === 'PyTypeObject') return false;
    // The type's name declared with another written type (a typedef of PyTypeObject, or a type the
    // parser could not read: `static PyTL"ypeObject X;`): C knows one X, so it is a declaration of
    // the type too, which goes when the type does. As a global of its own it made a finding that
    // the conversion of the type took away, and the next run declared isolation (fuzz regression
    // 93bc4fd68ba3).
    if (g.siblings !== 1 || g.storage === 'extern') return true;
    fm.forwardTypeDecls.push({ name: g.name, start: g.declStart, end: g.declEnd });
    return false;
  });
  fm.pasteChains = pasteChains(fm);
  for (const g of fm.globals) {
    collectUses(fm, g);
    pastedUses(fm, g);
    if (g.category === 'py-identifier') continue;
    classifyGlobal(fm, g);
  }
  for (const t of fm.types) collectTypeUses(fm, t);
  fm.moduleDefs.push(...fileScopeMacroDefs(fm));
  collectInits(fm);
  for (const f of fm.functions) if (!f.isStatic) fm.exportedSymbols.add(f.name);
  for (const g of fm.globals) if (g.scope === 'file' && g.storage === 'none') fm.exportedSymbols.add(g.name);
  for (const t of fm.types) if (t.storage === 'none') fm.exportedSymbols.add(t.name);
  for (const d of fm.moduleDefs) if (d.storage === 'none') fm.exportedSymbols.add(d.name);
  return fm;
}

/**
 * Identifiers defined in other files of the extension are kept too, as long as they look like
 * C symbols that could be types or globals (linking decides later).
 */
function externCandidate(name: string): boolean {
  return name.length > 2 && (name.endsWith('_Type') || name.endsWith('Type') || name.endsWith('_API'));
}

/** Iterates file-scope items, descending into #if groups and `extern "C" {}` blocks. */
export function walkTopLevel(root: SyntaxNode, visit: (node: SyntaxNode) => void): void {
  const stack: SyntaxNode[] = [root];
  while (stack.length > 0) {
    const parent = stack.pop()!;
    const children = parent.namedChildren;
    const nested: SyntaxNode[] = [];
    for (const c of children) {
      switch (c.type) {
        case 'preproc_if':
        case 'preproc_ifdef':
        case 'preproc_else':
        case 'preproc_elif':
        case 'preproc_elifdef':
        case 'linkage_specification':
        case 'declaration_list':
          nested.push(c);
          break;
        default:
          visit(c);
      }
    }
    for (let i = nested.length - 1; i >= 0; i--) stack.push(nested[i]);
  }
}

function collectDirectives(fm: FileModel): void {
  for (const d of fm.parsed.lex.directives) {
    if (d.kind === 'define') {
      // A branch no supported Python compiles (`#if PY_MAJOR_VERSION < 3`) defines nothing.
      if (inDeadVersionBranch(fm, d.start)) continue;
      const parts = defineParts(d.rest);
      if (!parts) continue;
      const def: MacroDef = { ...parts, start: d.start, end: d.end };
      fm.macros.set(def.name, def);
    } else {
      const inc = quotedInclude(d);
      if (inc) fm.localIncludes.push(inc);
    }
  }
}

function visitTopLevel(fm: FileModel, node: SyntaxNode, subStructs: Map<string, GlobalVar>): void {
  const text = fm.source.text;
  switch (node.type) {
    case 'function_definition':
      addFunction(fm, node);
      return;
    case 'declaration':
      addDeclaration(fm, node, subStructs);
      return;
    case 'type_definition': {
      const t = node.childForFieldName('type');
      if (t && t.type === 'struct_specifier') {
        for (const d of declaratorsOf(node)) {
          const info = unwrapDeclarator(d, text);
          if (info) addStruct(fm, t, info.name);
        }
        const tag = t.childForFieldName('name');
        if (tag) addStruct(fm, t, 'struct ' + nodeText(tag, text));
      }
      return;
    }
    case 'struct_specifier': {
      const tag = node.childForFieldName('name');
      if (tag) addStruct(fm, node, 'struct ' + nodeText(tag, text));
      return;
    }
    default:
      return;
  }
}

function addStruct(fm: FileModel, spec: SyntaxNode, name: string): void {
  const body = spec.childForFieldName('body');
  if (!body) return;
  const text = fm.source.text;
  const fields: StructDef['fields'] = [];
  // Fields under `#if`/`#ifdef` (a platform's members) are fields too.
  const read = (list: SyntaxNode): void => {
    for (const f of list.namedChildren) {
      if (/^preproc_(if|ifdef|else|elif|elifdef)$/.test(f.type)) {
        read(f);
        continue;
      }
      if (f.type !== 'field_declaration') continue;
      const type = f.childForFieldName('type');
      for (const d of declaratorsOf(f)) {
        const info = unwrapDeclarator(d, text);
        if (info) fields.push({ name: info.name, type: (type ? nodeText(type, text) : '') + ' ' + '*'.repeat(info.pointerDepth) });
      }
    }
  };
  read(body);
  const isPyObject = fm.parsed.holes.some(
    (h) => h.start >= body.startIndex && h.end <= body.endIndex && (h.name === 'PyObject_HEAD' || h.name === 'PyObject_VAR_HEAD'),
  ) || (fields.length > 0 && /^(PyObject|PyVarObject)\s*$/.test(fields[0].type.trim()) && fields[0].name === 'ob_base')
    || (fields.length > 0 && /Object\s*$/.test(fields[0].type.trim()) && fields[0].type.indexOf('*') === -1);
  fm.structs.set(name, { name, start: spec.startIndex, end: spec.endIndex, isPyObject, fields });
}

const unusedHoleCache = new WeakMap<FileModel, ParsedFile['holes']>();
/** `Py_UNUSED(` / `)` holes of the file (few), computed once. */
function unusedHoles(fm: FileModel): ParsedFile['holes'] {
  let h = unusedHoleCache.get(fm);
  if (!h) unusedHoleCache.set(fm, (h = fm.parsed.holes.filter((x) => x.kind === 'unwrap-call' && /UNUSED$/.test(x.name))));
  return h;
}

function addFunction(fm: FileModel, node: SyntaxNode): void {
  const text = fm.source.text;
  const declarator = node.childForFieldName('declarator');
  const body = node.childForFieldName('body');
  if (!declarator || !body) return;
  // Find the function_declarator (possibly under pointer declarators).
  let fd: SyntaxNode | null = declarator;
  let pointer = 0;
  while (fd && fd.type !== 'function_declarator') {
    if (fd.type === 'pointer_declarator') pointer++;
    fd = fd.childForFieldName('declarator') ?? fd.namedChildren[0] ?? null;
  }
  if (!fd) {
    addMacroHeaderFunction(fm, node, declarator, body);
    return;
  }
  const nameNode = fd.childForFieldName('declarator');
  const paramsNode = fd.childForFieldName('parameters');
  if (!nameNode || nameNode.type !== 'identifier' || !paramsNode) return;
  const typeNode = node.childForFieldName('type');
  // (A function-defining macro's `bitset_ ## name` reads as one word.)
  const name = nodeText(nameNode, text).replace(/\s+/g, '');
  if (isCKeyword(name)) return; // `if (x) {` misread as a definition: recovery, not a function
  const declStart = declarationStart(fm, node.startIndex);
  const f: FunctionInfo = {
    name,
    file: fm,
    node,
    start: node.startIndex,
    end: node.endIndex,
    declStart,
    bodyStart: body.startIndex,
    bodyEnd: body.endIndex - 1,
    isStatic: storageOf(node, text, declarator.startIndex) === 'static' || /^\s*Py_LOCAL(_INLINE)?\s*\(/.test(typeNode ? nodeText(typeNode, text) : '') || staticThroughMacro(fm, declStart, declarator.startIndex),
    returnType: ((typeNode ? nodeText(typeNode, text) : 'int') + ' ' + '*'.repeat(pointer)).trim(),
    params: [],
    paramsStart: paramsNode.startIndex,
    paramsEnd: paramsNode.endIndex - 1,
    inTemplate: inRegions(fm.templateRegions, node.startIndex),
  };
  // Parameters are read when a transform asks (most functions never need them).
  let params: ParamInfo[] | undefined;
  Object.defineProperty(f, 'params', { enumerable: true, get: () => (params ??= readParams(fm, paramsNode)) });
  fm.functions.push(f);
  const template = fm.parsed.functionMacros.find((m) => node.startIndex > m.start && node.startIndex < m.end);
  if (template) {
    // (Its expansions' names are not entered in functionsByName: code that looks a function up by
    // name to edit it for one type or caller would edit every expansion.)
    f.macroTemplate = { macro: template.name, names: [...new Set(template.expansions.map((e) => e.name).filter((n): n is string => !!n))] };
    // Code written before the function (the state block, prototypes) goes above the whole #define.
    f.declStart = template.start;
  }
  if (!fm.functionsByName.has(name)) fm.functionsByName.set(name, f);
}

/**
 * Where a definition really starts: the parse view blanks export-like macros before it
 * (`TALLY_LOCAL int f(...)`, `MYAPI\nPyObject *g(...)`), so the tree's node starts after them.
 */
function declarationStart(fm: FileModel, start: number): number {
  const text = fm.source.text;
  let from = start;
  for (;;) {
    let k = from;
    while (k > 0 && /[ \t\r\n]/.test(text[k - 1])) k--;
    const hole = fm.parsed.holes.find((h) => h.end === k && (h.kind === 'guessed-export' || h.kind === 'decl-prefix' || (h.kind === 'hole' && attributeMacro(fm, h.name))));
    if (!hole || hole.start >= from) break;
    from = hole.start;
  }
  return from;
}

/**
 * A macro the parse view blanks because every definition is empty or attributes only
 * (`#define SEQ_EXPORT __attribute__((visibility("default")))` / `#define SEQ_EXPORT`): a visibility
 * word in front of a definition belongs to it. One that expands to a pragma stands on its own.
 */
function attributeMacro(fm: FileModel, name: string | undefined): boolean {
  if (!name) return false;
  const own = definitionsOf(fm.parsed.lex, name).flatMap((d) => (d.parts ? [d.parts.body] : []));
  const project = fm.parsed.projectMacros?.get(name);
  const bodies = own.length > 0 ? own : project ? [project.body, ...(project.otherBodies ?? [])] : [];
  return bodies.length > 0 && bodies.every((b) => !/\b(?:_Pragma|__pragma)\b/.test(b));
}

/** `LOCAL PyObject *f(...)` with `#define LOCAL static` (in the file or a project header). */
function staticThroughMacro(fm: FileModel, start: number, declaratorStart: number): boolean {
  const lookup = macroLookup(fm);
  for (const w of fm.source.text.slice(start, declaratorStart).match(/[A-Za-z_]\w*/g) ?? []) {
    const def = /^[A-Z]/.test(w) ? lookup(w) : undefined;
    if (def && !def.params && /^(?:\/\*[\s\S]*?\*\/\s*)*static\b/.test(def.body)) return true;
  }
  return false;
}

/**
 * `MOD_INIT(checksum) { ... }`: tree-sitter reads a type `MOD_INIT` and a parenthesized
 * declarator. When the macro expands to `PyMODINIT_FUNC PyInit_##name(void)`, this is the init
 * function `PyInit_checksum`; its header is the macro call.
 */
function addMacroHeaderFunction(fm: FileModel, node: SyntaxNode, declarator: SyntaxNode, body: SyntaxNode): void {
  const text = fm.source.text;
  const typeNode = node.childForFieldName('type');
  if (!typeNode || typeNode.type !== 'type_identifier' || declarator.type !== 'parenthesized_declarator') return;
  const inner = declarator.namedChildren[0];
  if (!inner || inner.type !== 'identifier' || declarator.namedChildren.length !== 1) return;
  const macro = nodeText(typeNode, text);
  const name = initHeaderName(macroLookup(fm)(macro), nodeText(inner, text));
  if (!name) return;
  const f: FunctionInfo = {
    name,
    file: fm,
    node,
    start: node.startIndex,
    end: node.endIndex,
    declStart: node.startIndex,
    bodyStart: body.startIndex,
    bodyEnd: body.endIndex - 1,
    isStatic: false,
    returnType: 'PyObject *',
    params: [],
    paramsStart: declarator.startIndex,
    paramsEnd: declarator.endIndex - 1,
    inTemplate: inRegions(fm.templateRegions, node.startIndex),
    headerMacro: { name: macro, start: typeNode.startIndex, end: declarator.endIndex },
  };
  fm.functions.push(f);
  if (!fm.functionsByName.has(name)) fm.functionsByName.set(name, f);
}

function readParams(fm: FileModel, paramsNode: SyntaxNode): ParamInfo[] {
  const text = fm.source.text;
  const throughMacro = macroParams(fm, paramsNode);
  if (throughMacro) return throughMacro;
  const params: ParamInfo[] = [];
  for (const p of paramsNode.namedChildren) {
    if (p.type !== 'parameter_declaration') continue;
    const pd = p.childForFieldName('declarator');
    const info = pd ? unwrapDeclarator(pd, text) : undefined;
    const type = p.childForFieldName('type');
    const unused = unusedHoles(fm).filter((h) => h.start >= p.startIndex && h.start <= p.endIndex);
    params.push({
      ...(unused.length === 2 ? { unusedWrapper: { start: unused[0].start, end: unused[0].end, closeAt: unused[1].start } } : {}),
      name: info?.name ?? '',
      type: ((type ? nodeText(type, text) : '') + ' ' + '*'.repeat(info?.pointerDepth ?? 0)).trim(),
      start: p.startIndex,
      end: p.endIndex,
    });
  }
  return params;
}

/**
 * `f(ARGS)` with `#define ARGS PyObject *self, PyObject *args` (in the file or a header of the
 * project): the parameters written in the macro's body, each spanning the macro's name in the list.
 */
function macroParams(fm: FileModel, paramsNode: SyntaxNode): ParamInfo[] | undefined {
  const only = paramsNode.namedChildren.filter((c) => c.type !== 'comment');
  if (only.length !== 1 || only[0].type !== 'parameter_declaration') return undefined;
  const p = only[0];
  const name = nodeText(p, fm.source.text).trim();
  if (!/^[A-Za-z_]\w*$/.test(name)) return undefined;
  const def = macroLookup(fm)(name);
  if (!def || def.params) return undefined;
  const body = plainBody(def);
  // Plain declarations only: `type *name` pieces (no function pointers, no nested macros' parentheses).
  if (/[()[\]{}#;]/.test(body)) return undefined;
  const params: ParamInfo[] = [];
  for (const piece of body.split(',')) {
    const m = /^([A-Za-z_][\w\s*]*?)\s*(\**)\s*\b([A-Za-z_]\w*)$/.exec(piece.trim());
    // (A word after a `*` in the type that is no qualifier: two names, `PyObject *a MORE`, not a declaration.)
    if (!m || !/[A-Za-z_]/.test(m[1]) || isCKeyword(m[3]) || /\*\s*(?!(?:const|volatile|restrict)\b)[A-Za-z_]/.test(m[1])) return undefined;
    const type = `${m[1].replace(/\s+/g, ' ').trim()} ${m[2]}`.replace(/\s*(\*+)\s*$/, ' $1').trim();
    params.push({ name: m[3], type, start: p.startIndex, end: p.endIndex, throughMacro: name });
  }
  return params;
}

/** The declaration's type is `struct X` without a body (baseTypeOf drops the tag). */
function structTagged(decl: SyntaxNode): boolean {
  const t = decl.childForFieldName('type');
  return !!t && t.type === 'struct_specifier' && !t.childForFieldName('body');
}

/** Base type text of a declaration (`PyObject`, `struct PyModuleDef` -> `PyModuleDef`). */
function baseTypeOf(decl: SyntaxNode, text: string): string {
  const t = decl.childForFieldName('type');
  if (!t) return '';
  let s = nodeText(t, text).trim();
  if (t.type === 'struct_specifier' && !t.childForFieldName('body')) s = s.replace(/^struct\s+/, '');
  return s;
}

/**
 * `MY_DATA(PyTypeObject) X;` with `#define MY_DATA(t) extern t`: the storage class hides in a
 * macro. Its definition tells; without one in sight, a file-scope declaration with no initializer
 * in a header is taken as an extern declaration (a definition there would be one per includer).
 */
function macroStorage(fm: FileModel, node: SyntaxNode, func?: FunctionInfo): 'static' | 'extern' | undefined {
  const type = node.childForFieldName('type');
  if (!type || type.type !== 'macro_type_specifier' || func) return undefined;
  const nameNode = type.childForFieldName('name');
  const def = nameNode ? macroLookup(fm)(nodeText(nameNode, fm.source.text)) : undefined;
  if (def) {
    const m = /^\s*(static|extern)\b/.exec(def.body);
    return m ? (m[1] as 'static' | 'extern') : undefined;
  }
  const hasInit = declaratorsOf(node).some((d) => d.type === 'init_declarator');
  return !hasInit && isHeaderPath(fm.path) ? 'extern' : undefined;
}

/** An object-like macro's body without comments and line continuations. */
function plainBody(def: MacroDef): string {
  return def.body.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').replace(/\\\r?\n/g, ' ').trim();
}

/**
 * `PyTypeObject` for a name that is another spelling of it: an object-like macro of the file or
 * its headers (`#define PyExtensionClass PyTypeObject`, also through another such macro) or a
 * `typedef PyTypeObject Name;` of the file. Any other type name comes back as it is.
 */
function typeObjectAlias(fm: FileModel, baseType: string): string {
  if (!/^[A-Za-z_]\w*$/.test(baseType) || baseType === 'PyTypeObject') return baseType;
  const lookup = macroLookup(fm);
  let name = baseType;
  for (let depth = 0; depth < 4; depth++) {
    const def = lookup(name);
    if (!def || def.params) break;
    name = plainBody(def);
    if (name === 'PyTypeObject') return name;
    if (!/^[A-Za-z_]\w*$/.test(name)) return baseType;
  }
  return new RegExp(`\\btypedef\\s+PyTypeObject\\s+${name}\\s*;`).test(fm.source.text) ? 'PyTypeObject' : baseType;
}

/** `MY_DATA(PyTypeObject)` -> `PyTypeObject`; undefined when the inner type is a pointer. */
function macroInnerType(decl: SyntaxNode, text: string): string | undefined {
  const inner = decl.childForFieldName('type')?.childForFieldName('type');
  if (!inner || inner.childForFieldName('declarator')) return undefined;
  const t = inner.childForFieldName('type');
  return t ? nodeText(t, text).trim() : undefined;
}

function addDeclaration(fm: FileModel, node: SyntaxNode, subStructs: Map<string, GlobalVar>, func?: FunctionInfo): void {
  const text = fm.source.text;
  const hidden = macroStorage(fm, node, func);
  const storage = hidden ?? storageOf(node, text);
  const isConst = hasQualifier(node, text, 'const');
  const baseType = typeObjectAlias(fm, (hidden && macroInnerType(node, text)) || baseTypeOf(node, text));
  const decls = declaratorsOf(node);
  for (const d of decls) {
    const info = unwrapDeclarator(d, text);
    if (!info) continue;
    if (info.isFunction) {
      if (!func) fm.prototypes.set(info.name, { isStatic: storage === 'static', start: node.startIndex, end: node.endIndex });
      continue;
    }
    // A PyTypeObject definition (not a pointer): a static type.
    if (baseType === 'PyTypeObject' && info.pointerDepth === 0 && info.arrayLen === undefined && !func) {
      if (info.init && info.init.type === 'initializer_list') {
        fm.types.push(makeStaticType(fm, node, info.name, storage, info.init));
        continue;
      }
      // `extern PyTypeObject X;` declares a type defined elsewhere; `static PyTypeObject X;` is a
      // forward declaration of a type defined below, or a struct sequence type filled by
      // PyStructSequence_InitType2 (then it stays a global).
      fm.forwardTypeDecls.push({ name: info.name, start: node.startIndex, end: node.endIndex });
      if (storage === 'extern') continue;
    }
    if ((baseType === 'PyModuleDef') && info.pointerDepth === 0 && info.init && info.init.type === 'initializer_list' && (!func || storage === 'static')) {
      const def = makeModuleDef(fm, node, info.name, storage, info.init);
      if (func) {
        def.inFunction = { start: node.startIndex, end: node.endIndex };
        def.declStart = def.declEnd = func.declStart;
      }
      fm.moduleDefs.push(def);
      continue;
    }
    if (storage === 'extern' && !info.init) {
      if (!func) fm.externDecls.push({ name: info.name, declStart: node.startIndex, declEnd: node.endIndex, declaratorStart: info.start, declaratorEnd: info.end, siblings: decls.length });
      continue;
    }
    const tableKind = TABLE_KINDS[baseType];
    if (tableKind && info.arrayLen !== undefined && info.init && info.init.type === 'initializer_list') {
      fm.tables.push(makeTable(fm, info.name, tableKind, info.init));
    }
    // The written type keeps its `struct` tag: `static struct nl_sock *sock;` names no typedef.
    const written = !hidden && structTagged(node) ? `struct ${baseType}` : baseType;
    const ctype = (written + ' ' + '*'.repeat(info.pointerDepth)).trim() + (info.arrayLen !== undefined ? `[${info.arrayLen}]` : '');
    const g: GlobalVar = {
      name: info.name,
      file: fm,
      scope: func ? 'function' : 'file',
      func,
      storage,
      isConst: isConst && (info.pointerDepth === 0 || info.pointerConst) || (info.pointerConst && info.pointerDepth > 0),
      ctype,
      baseType,
      pointerDepth: info.pointerDepth,
      arrayLen: info.arrayLen,
      isPythonObject: false,
      // A visibility macro in front (`MYLIB_API long total;`) is part of the definition, as for functions.
      declStart: func ? node.startIndex : declarationStart(fm, node.startIndex),
      declEnd: node.endIndex,
      siblings: decls.length,
      declaratorStart: info.start,
      declaratorEnd: info.end,
      init: info.init ? { start: info.init.startIndex, end: info.init.endIndex, text: nodeText(info.init, text) } : undefined,
      category: 'unknown',
      uses: [],
      fills: [],
      addressEscapes: [],
      inTemplate: inRegions(fm.templateRegions, node.startIndex),
      conditional: false,
      guard: guardAt(fm.parsed.lex, node.startIndex, text),
    };
    g.conditional = g.guard !== undefined;
    if (SUB_STRUCT_TYPES[baseType] && info.init && info.init.type === 'initializer_list' && info.pointerDepth === 0) {
      g.subStruct = decodeStructInitializer(fm, info.init, baseType);
      subStructs.set(g.name, g);
    }
    fm.globals.push(g);
  }
}

/** Function-level `static` declarations, found through the identifier pass. */
function collectFunctionStatics(fm: FileModel, subStructs: Map<string, GlobalVar>): void {
  const offsets = fm.identifierUses.get('static') ?? [];
  const root = fm.parsed.tree.rootNode;
  for (const at of offsets) {
    const func = enclosingFunction(fm, at);
    if (!func || at < func.bodyStart) continue;
    const node = root.descendantForIndex(at, at + 6);
    let decl: SyntaxNode | null = node;
    while (decl && decl.type !== 'declaration' && decl.type !== 'compound_statement') decl = decl.parent;
    if (!decl || decl.type !== 'declaration') continue;
    const before = fm.globals.length;
    addDeclaration(fm, decl, subStructs, func);
    for (let i = before; i < fm.globals.length; i++) {
      const g = fm.globals[i];
      g.scope = 'function';
      g.func = func;
      g.inTemplate = g.inTemplate || func.inTemplate;
    }
  }
  fm.identifierUses.delete('static');
  // Names of function statics need their own uses indexed.
  const missing = fm.globals.filter((g) => g.scope === 'function' && !fm.identifierUses.has(g.name)).map((g) => g.name);
  if (missing.length > 0) {
    const want = new Set(missing);
    const more = indexIdentifiers(fm.source.text, fm.parsed.gaps, (n) => want.has(n));
    for (const [k, v] of more) fm.identifierUses.set(k, v);
  }
}

/** Damaged bytes over the file's length, a CRLF counting as one byte (as damageBytes does), so a file and its CRLF twin cross the threshold alike. */
function damageShareOf(damageBytes: number, text: string): number {
  let crlf = 0;
  for (let k = text.indexOf('\r\n'); k !== -1; k = text.indexOf('\r\n', k + 2)) crlf++;
  const length = text.length - crlf;
  return length === 0 ? 0 : damageBytes / length;
}
