/**
 * buildFileModel: one walk over a file's top-level items plus one identifier pass, giving the
 * functions, globals, static types, module defs, init functions, tables and API calls that the
 * transforms need. Function bodies are not walked; uses are found through the identifier pass
 * and looked at in the tree only where needed.
 */
import type { ParsedFile, SyntaxNode } from '../core/parse';
import { isHeaderPath } from '../core/parse';
import { isCKeyword } from '../core/c-keywords';
import { LIBRARY_IMPORT_NAMES } from './library-imports';
import { defineParts } from '../core/lex';
import { guardAt } from '../core/conditions';
import {
  ApiCall, CapsuleExport, FileModel, FunctionInfo, GlobalVar, InitInfo, MacroDef, ModuleDefInfo, ParamInfo, PyTable,
  Span, StaticType, StructDef, TableEntry,
} from './types';
import { declaratorsOf, functionName, hasQualifier, nodeText, storageOf, stripCasts, stringLiteralValue, unwrapDeclarator } from './cnodes';
import { indexIdentifiers } from './identifiers';
import { decodeTypeInitializer, decodeModuleDefInitializer, decodeStructInitializer } from './initializers';
import { classifyGlobal, collectUses, inDirectiveLine } from './globals';
import { enclosingFunction } from './functions';
import { initHeaderName, macroCreates, macroLookup } from './init-macros';
import { macroDeclaredGlobals, pasteChains, pastedUses } from './pasted-names';

export { enclosingFunction };

/** C-API functions whose calls the model records. */
export const API_NAMES = new Set([
  'PyModule_Create', 'PyModule_Create2', 'PyModuleDef_Init', 'PyModule_FromDefAndSpec', 'PyModule_FromDefAndSpec2',
  'PyState_FindModule', 'PyState_AddModule', 'PyState_RemoveModule',
  'PyGILState_Ensure', 'PyGILState_Release', 'PyGILState_GetThisThreadState', 'PyGILState_Check',
  'PyCapsule_New', 'PyCapsule_Import',
  'PyType_Ready', 'PyModule_AddObject', 'PyModule_AddObjectRef', 'PyModule_AddType', 'PyModule_Add',
  'PyType_FromSpec', 'PyType_FromSpecWithBases', 'PyType_FromModuleAndSpec', 'PyType_FromMetaclass',
  'PyStructSequence_InitType', 'PyStructSequence_InitType2', 'PyStructSequence_NewType',
  'PyThread_allocate_lock', 'PyThread_tss_create', 'PyThread_create_key', 'Py_AtExit',
  '_Py_IDENTIFIER', '_Py_static_string', 'Py_mod_gil', 'Py_mod_multiple_interpreters', 'Py_mod_exec', 'Py_mod_create',
  'PyType_GetModuleByDef', 'PyModule_GetState', 'PyType_GetModuleState', 'PyType_GetModule',
  'PyInterpreterState_Main', 'PyInterpreterState_Get',
  ...LIBRARY_IMPORT_NAMES,
]);

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
  const capsuleTables = new Set(fm.capsuleExports.map((c) => c.table).filter((t): t is string => !!t));
  // Forward declarations of types defined in this file are not globals of their own.
  const defined = new Set(fm.types.map((t) => t.name));
  fm.globals = fm.globals.filter((g) => !(g.baseType === 'PyTypeObject' && g.pointerDepth === 0 && !g.init && defined.has(g.name)));
  fm.pasteChains = pasteChains(fm);
  for (const g of fm.globals) {
    collectUses(fm, g);
    pastedUses(fm, g);
    if (g.category === 'py-identifier') continue;
    classifyGlobal(fm, g);
    // A C table handed to PyCapsule_New (a Python object's address there is an escape instead).
    if (capsuleTables.has(g.name) && !g.isPythonObject) g.category = 'capsule-table';
  }
  for (const t of fm.types) collectTypeUses(fm, t);
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

function templateRegions(parsed: ParsedFile): Span[] {
  if (!parsed.isTemplate) return [];
  const out: Span[] = [];
  const text = parsed.source.text;
  const stack: number[] = [];
  const re = /\/\*\*begin repeat\d*|\/\*\*end repeat\d*\*\*\//g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    if (m[0].startsWith('/**begin')) stack.push(m.index);
    else if (stack.length > 0) {
      const s = stack.pop()!;
      if (stack.length === 0) out.push({ start: s, end: m.index + m[0].length });
    }
  }
  return out;
}

export function inRegions(regions: Span[], offset: number): boolean {
  for (const r of regions) if (offset >= r.start && offset < r.end) return true;
  return false;
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
    } else if (d.kind === 'include') {
      const m = /^"([^"]+)"/.exec(d.rest);
      if (m) fm.localIncludes.push(m[1]);
    }
  }
}

/** Inside the branch of a Python-version `#if` that no supported version compiles. */
export function inDeadVersionBranch(fm: FileModel, offset: number): boolean {
  for (const g of fm.parsed.lex.groups) {
    if (g.resolvedBranch === undefined || offset < g.start || offset >= g.end) continue;
    if (g.branches.some((b, k) => k !== g.resolvedBranch && offset >= b.bodyStart && offset < b.bodyEnd)) return true;
  }
  return false;
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
  for (const f of body.namedChildren) {
    if (f.type !== 'field_declaration') continue;
    const type = f.childForFieldName('type');
    for (const d of declaratorsOf(f)) {
      const info = unwrapDeclarator(d, text);
      if (info) fields.push({ name: info.name, type: (type ? nodeText(type, text) : '') + ' ' + '*'.repeat(info.pointerDepth) });
    }
  }
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
  const name = nodeText(nameNode, text);
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
    const hole = fm.parsed.holes.find((h) => h.end === k && (h.kind === 'guessed-export' || h.kind === 'decl-prefix'));
    if (!hole || hole.start >= from) break;
    from = hole.start;
  }
  return from;
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
  const baseType = (hidden && macroInnerType(node, text)) || baseTypeOf(node, text);
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
    const ctype = (baseType + ' ' + '*'.repeat(info.pointerDepth)).trim() + (info.arrayLen !== undefined ? `[${info.arrayLen}]` : '');
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
      declStart: node.startIndex,
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

function makeStaticType(fm: FileModel, decl: SyntaxNode, name: string, storage: StaticType['storage'], init: SyntaxNode): StaticType {
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
    tpName: decoded.fields.has('tp_name') ? stringLiteralValue(decoded.fields.get('tp_name')!.value) : undefined,
    problems: decoded.problems,
    uses: [],
    inTemplate: inRegions(fm.templateRegions, decl.startIndex),
    conditional: false,
    guard: guardAt(fm.parsed.lex, decl.startIndex, text),
  };
  t.conditional = t.guard !== undefined;
  return t;
}

function makeModuleDef(fm: FileModel, decl: SyntaxNode, name: string, storage: ModuleDefInfo['storage'], init: SyntaxNode): ModuleDefInfo {
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

function makeTable(fm: FileModel, name: string, kind: PyTable['kind'], init: SyntaxNode): PyTable {
  const text = fm.source.text;
  const entries: TableEntry[] = [];
  for (const e of init.namedChildren) {
    if (e.type !== 'initializer_list') continue;
    const parts = e.namedChildren.filter((c) => c.type !== 'comment');
    const get = (i: number): string | undefined => (parts[i] ? nodeText(parts[i], text) : undefined);
    const designated = new Map<string, string>();
    for (const p of parts) {
      if (p.type === 'initializer_pair') {
        const des = p.childForFieldName('designator');
        const val = p.childForFieldName('value');
        if (des && val) designated.set(nodeText(des, text).replace(/^\./, ''), nodeText(val, text));
      }
    }
    const entry: TableEntry = { start: e.startIndex, end: e.endIndex };
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
    if (entry.pyName === undefined && entry.func === undefined && kind !== 'type-slots' && kind !== 'module-slots') continue; // sentinel
    if ((kind === 'type-slots' || kind === 'module-slots') && (entry.pyName === '0' || entry.pyName === undefined)) continue;
    entries.push(entry);
  }
  return { name, kind, file: fm, start: init.startIndex, end: init.endIndex, entries };
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

function collectApiCalls(fm: FileModel): void {
  const text = fm.source.text;
  for (const api of API_NAMES) {
    const offsets = fm.identifierUses.get(api);
    if (!offsets) continue;
    for (const at of offsets) {
      const end = at + api.length;
      const call: ApiCall = { api, start: at, end, func: enclosingFunction(fm, at) };
      // Include the argument list when the name is called.
      let j = end;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '(') {
        const node = fm.parsed.tree.rootNode.descendantForIndex(at, end);
        const callNode = node.parent && node.parent.type === 'call_expression' ? node.parent : null;
        if (callNode) call.end = callNode.endIndex;
      }
      fm.apiCalls.push(call);
    }
  }
  fm.apiCalls.sort((a, b) => a.start - b.start);
}

/** `_Py_IDENTIFIER(name)` declares a static `_Py_Identifier PyId_name`: a cached string per process. */
function collectPyIdentifiers(fm: FileModel): void {
  const text = fm.source.text;
  const added: string[] = [];
  for (const c of fm.apiCalls) {
    if (c.api !== '_Py_IDENTIFIER' && c.api !== '_Py_static_string') continue;
    const m = /^\w+\s*\(\s*([A-Za-z_]\w*)\s*(?:,\s*("(?:[^"\\]|\\.)*"))?\s*\)\s*;?/.exec(text.slice(c.start, c.end + 2));
    if (!m) continue;
    const name = c.api === '_Py_IDENTIFIER' ? 'PyId_' + m[1] : m[1];
    const stmtEnd = text[c.end] === ';' ? c.end + 1 : c.end;
    fm.globals.push({
      name,
      file: fm,
      scope: c.func ? 'function' : 'file',
      func: c.func,
      storage: 'static',
      isConst: false,
      ctype: '_Py_Identifier',
      baseType: '_Py_Identifier',
      pointerDepth: 0,
      isPythonObject: true,
      declStart: c.start,
      declEnd: stmtEnd,
      siblings: 1,
      declaratorStart: c.start,
      declaratorEnd: stmtEnd,
      init: { start: c.start, end: c.end, text: m[2] ?? JSON.stringify(m[1]) },
      category: 'py-identifier',
      uses: [],
      fills: [],
      addressEscapes: [],
      inTemplate: inRegions(fm.templateRegions, c.start),
      conditional: false,
      guard: guardAt(fm.parsed.lex, c.start, text),
    });
    fm.globals[fm.globals.length - 1].conditional = fm.globals[fm.globals.length - 1].guard !== undefined;
    added.push(name);
  }
  if (added.length > 0) {
    const want = new Set(added);
    for (const [k, v] of indexIdentifiers(text, fm.parsed.gaps, (n) => want.has(n))) fm.identifierUses.set(k, v);
  }
}

/** Uses of a static type in `fm` (its own file, or another file of the extension). */
export function collectTypeUses(fm: FileModel, t: StaticType): void {
  const text = fm.source.text;
  for (const at of fm.identifierUses.get(t.name) ?? []) {
    if (fm === t.file && at >= t.declStart && at < t.declEnd) continue;
    if (isMacroName(fm, at)) continue;
    if (fm.forwardTypeDecls.some((d) => at >= d.start && at < d.end)) continue;
    const func = enclosingFunction(fm, at);
    const end = at + t.name.length;
    let k = at - 1;
    while (k >= 0 && /\s/.test(text[k])) k--;
    const kind = text[k] === '&' ? 'address' : /^\s*\./.test(text.slice(end, end + 8)) ? 'member' : 'read';
    const use: StaticType['uses'][number] = { file: fm, start: at, end, kind, func };
    if (!func && inDirectiveLine(fm, at)) use.inMacro = true;
    t.uses.push(use);
    if (kind === 'member' && func) {
      const m = /^\.(tp_\w+)\s*=(?!=)\s*([^;]+);/.exec(text.slice(end, end + 300));
      if (m) {
        const stmtEnd = end + m[0].length;
        t.runtimeFields.push({ field: m[1], value: m[2].trim(), stmtStart: at, stmtEnd, func });
      }
    }
  }
}

/** The name right after `#define` (a macro named like a type or global is not a use of it). */
export function isMacroName(fm: FileModel, at: number): boolean {
  return /#\s*define\s+$/.test(fm.source.text.slice(Math.max(0, at - 40), at));
}

function collectInits(fm: FileModel): void {
  let aliases: Map<string, string> | undefined;
  for (const f of fm.functions) {
    // `#define init_function PyInit_x` then `PyMODINIT_FUNC init_function(void)` (py2/py3 compat).
    const name = f.name.startsWith('PyInit_') ? f.name : (aliases ??= initAliases(fm)).get(f.name);
    if (name) addInit(fm, f, name.slice('PyInit_'.length));
  }
}

/**
 * Object-like macros of the file whose whole body is a `PyInit_<name>` (macro name -> PyInit
 * name). Every live `#define` counts, not only the last one: `#ifdef IS_PY3K` / `#else` defines
 * the name twice; a branch no supported Python compiles (`PY_MAJOR_VERSION < 3`) does not count.
 */
export function initAliases(fm: FileModel): Map<string, string> {
  const out = new Map<string, string>();
  const { inertStarts, inertEnds } = fm.parsed.gaps;
  for (const d of fm.parsed.lex.directives) {
    if (d.kind !== 'define') continue;
    const x = /^([A-Za-z_]\w*)\s+(PyInit_\w+)\s*$/.exec(d.rest);
    if (!x || x[1].startsWith('PyInit_')) continue;
    let dead = false;
    for (let i = 0; i < inertStarts.length && inertStarts[i] <= d.start; i++) if (d.start < inertEnds[i]) dead = true;
    if (!dead) out.set(x[1], x[2]);
  }
  return out;
}

/** Records `f` as the init function of module `name` (its helper when it delegates). */
export function addInit(fm: FileModel, f: FunctionInfo, name: string): void {
  const text = fm.source.text;
  if (fm.inits.some((i) => i.func === f || i.entry === f)) return;
  const info: InitInfo = { name, func: f, phase: 'unknown' };
  readInitBody(fm, info, f);
  // `PyInit_m(void) { return make_module(); }`: the helper is the init body.
  const delegate = /^\{\s*return\s+([A-Za-z_]\w*)\s*\(\s*(?:void)?\s*\)\s*;\s*\}$/.exec(text.slice(f.bodyStart, f.bodyEnd + 1).replace(/\/\*[\s\S]*?\*\//g, ''));
  if (info.phase === 'unknown' && delegate) {
    const helper = fm.functionsByName.get(delegate[1]);
    if (helper && helper !== f) {
      readInitBody(fm, info, helper);
      if (info.phase !== 'unknown') {
        info.entry = f;
        info.func = helper;
      }
    }
  }
  fm.inits.push(info);
}

function readInitBody(fm: FileModel, info: InitInfo, f: FunctionInfo): void {
  const text = fm.source.text;
  for (const c of fm.apiCalls) {
    if (c.func !== f) continue;
    if ((c.api === 'PyModule_Create' || c.api === 'PyModule_Create2') && !info.createCall) {
      info.phase = 'single';
      const args = text.slice(c.start, c.end);
      const dm = /\(\s*&\s*([A-Za-z_]\w*)/.exec(args);
      const node = fm.parsed.tree.rootNode.descendantForIndex(c.start, c.start + c.api.length);
      let stmt: SyntaxNode | null = node;
      while (stmt && !['expression_statement', 'declaration', 'return_statement', 'if_statement'].includes(stmt.type)) stmt = stmt.parent;
      let moduleVar: string | undefined;
      if (stmt) {
        const st = nodeText(stmt, text);
        const mv = /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)?PyModule_Create2?\s*\(/.exec(st);
        if (mv) moduleVar = mv[1];
      }
      info.createCall = {
        start: c.start,
        end: c.end,
        defName: dm?.[1],
        stmtStart: stmt ? stmt.startIndex : c.start,
        stmtEnd: stmt ? stmt.endIndex : c.end,
        moduleVar,
      };
    } else if (c.api === 'PyModuleDef_Init') {
      info.phase = 'multi';
      const dm = /\(\s*&?\s*([A-Za-z_]\w*)/.exec(text.slice(c.start, c.end));
      info.defInitCall = { start: c.start, end: c.end, defName: dm?.[1] };
    }
  }
  // PyModule_Create written inside a project macro (`MOD_DEF(m, "name", doc, methods)`).
  if (info.createCall || info.phase === 'multi') return;
  const viaMacro = macroCreates(fm, f)[0];
  if (!viaMacro) return;
  info.phase = 'single';
  const node = fm.parsed.tree.rootNode.descendantForIndex(viaMacro.start, viaMacro.start + viaMacro.macro.length);
  let stmt: SyntaxNode | null = node;
  while (stmt && !['expression_statement', 'declaration', 'return_statement', 'if_statement'].includes(stmt.type)) stmt = stmt.parent;
  // `m = CREATE(def);`: a macro that only makes the call leaves the assignment to its user.
  const assigned = stmt ? /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)?$/.exec(text.slice(stmt.startIndex, viaMacro.start)) : null;
  info.createCall = {
    start: viaMacro.start,
    end: viaMacro.end,
    defName: viaMacro.def?.name ?? viaMacro.defName,
    stmtStart: stmt ? stmt.startIndex : viaMacro.start,
    stmtEnd: stmt ? stmt.endIndex : viaMacro.end,
    moduleVar: viaMacro.moduleVar ?? assigned?.[1],
    viaMacro: viaMacro.macro,
  };
  if (viaMacro.def && !fm.moduleDefs.includes(viaMacro.def)) fm.moduleDefs.push(viaMacro.def);
}

function collectCapsules(fm: FileModel): void {
  const text = fm.source.text;
  const root = fm.parsed.tree.rootNode;
  for (const c of fm.apiCalls) {
    if (c.api !== 'PyCapsule_New' && c.api !== 'PyCapsule_Import') continue;
    const node = root.descendantForIndex(c.start, c.start + c.api.length);
    const call = node.parent && node.parent.type === 'call_expression' ? node.parent : null;
    const args = call?.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (c.api === 'PyCapsule_New') {
      if (!call) continue;
      const ptr = args[0] ? nodeText(args[0], text) : '';
      const bare = stripCasts(ptr).replace(/^&\s*/, '');
      const exp: CapsuleExport = {
        file: fm,
        func: c.func,
        callStart: call.startIndex,
        callEnd: call.endIndex,
        pointerExpr: ptr,
        table: /^[A-Za-z_]\w*$/.test(bare) ? bare : undefined,
        capsuleName: args[1] ? nodeText(args[1], text) : '',
      };
      fm.capsuleExports.push(exp);
    } else {
      let target: string | undefined;
      if (call) {
        let p: SyntaxNode | null = call.parent;
        while (p && p.type === 'cast_expression') p = p.parent;
        if (p && p.type === 'assignment_expression') {
          const left = p.childForFieldName('left');
          if (left) target = nodeText(left, text);
        }
      }
      if (!call) continue; // inside a #define body: handled with the macros below
      fm.capsuleImports.push({
        file: fm,
        func: c.func,
        start: c.start,
        end: c.end,
        capsuleName: args[0] ? nodeText(args[0], text) : '',
        target,
        inMacro: false,
      });
    }
  }
  // import_xxx() macros in headers: PyCapsule_Import inside a #define body.
  for (const m of fm.macros.values()) {
    const im = /PyCapsule_Import\s*\(\s*([^,]+),/.exec(m.body);
    if (!im) continue;
    const tm = /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)*PyCapsule_Import/.exec(m.body);
    fm.capsuleImports.push({ file: fm, start: m.start, end: m.end, capsuleName: im[1].trim(), target: tm?.[1], inMacro: true });
  }
}

/** Damaged bytes over the file's length, a CRLF counting as one byte (as damageBytes does), so a file and its CRLF twin cross the threshold alike. */
function damageShareOf(damageBytes: number, text: string): number {
  let crlf = 0;
  for (let k = text.indexOf('\r\n'); k !== -1; k = text.indexOf('\r\n', k + 2)) crlf++;
  const length = text.length - crlf;
  return length === 0 ? 0 : damageBytes / length;
}
