/**
 * A file's declarations as globals, tables, static types and module defs (also when a macro
 * spells the type or storage), and the statics declared inside functions.
 */
import type { SyntaxNode } from '../core/parse';
import { isHeaderPath } from '../core/parse';
import { guardAt } from '../core/conditions';
import { FileModel, FunctionInfo, GlobalVar, PyTable } from './types';
import { declaratorsOf, hasQualifier, nodeText, storageOf, unwrapDeclarator } from './cnodes';
import { identifierOffsets } from './identifiers';
import { decodeStructInitializer } from './initializers';
import { enclosingFunction } from './functions';
import { macroLookup } from './init-macros';
import { inRegions } from './regions';
import { makeModuleDef, makeStaticType, makeTable } from './initialized-objects';
import { declarationStart, plainBody } from './declaration-heads';

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

export function addDeclaration(fm: FileModel, node: SyntaxNode, subStructs: Map<string, GlobalVar>, func?: FunctionInfo): void {
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
export function collectFunctionStatics(fm: FileModel, subStructs: Map<string, GlobalVar>): void {
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
    const more = identifierOffsets(fm.source.text, fm.parsed.gaps, new Set(missing));
    for (const [k, v] of more) fm.identifierUses.set(k, v);
  }
}
