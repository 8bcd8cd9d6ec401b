/**
 * buildFileModel: one walk over a file's top-level items plus one identifier pass, giving the
 * functions, globals, static types, module defs, init functions, tables and API calls that the
 * transforms need. Function bodies are not walked; uses are found through the identifier pass
 * and looked at in the tree only where needed. Each kind of thing has its reader beside this
 * file (api-calls, init-reading, capsule-reading, initialized-objects, type-uses, regions).
 */
import type { ParsedFile, SyntaxNode } from '../core/parse';
import { defineParts, quotedInclude } from '../core/lex';
import { FileModel, GlobalVar, MacroDef, StructDef } from './types';
import { declaratorsOf, nodeText, unwrapDeclarator } from './cnodes';
import { indexIdentifiers } from './identifiers';
import { classifyGlobal, collectUses } from './globals';
import { enclosingFunction } from './functions';
import { fileScopeMacroDefs } from './init-macros';
import { macroDeclaredGlobals, pasteChains, pastedUses } from './pasted-names';
import { templateRegions, inDeadVersionBranch } from './regions';
import { API_NAMES, collectApiCalls, collectPyIdentifiers } from './api-calls';
import { collectTypeUses } from './type-uses';
import { collectInits } from './init-reading';
import { collectCapsules } from './capsule-reading';
import { addFunction } from './function-reading';
import { addDeclaration, collectFunctionStatics } from './declaration-reading';

export { enclosingFunction };

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

/** Damaged bytes over the file's length, a CRLF counting as one byte (as damageBytes does), so a file and its CRLF twin cross the threshold alike. */
function damageShareOf(damageBytes: number, text: string): number {
  let crlf = 0;
  for (let k = text.indexOf('\r\n'); k !== -1; k = text.indexOf('\r\n', k + 2)) crlf++;
  const length = text.length - crlf;
  return length === 0 ? 0 : damageBytes / length;
}
