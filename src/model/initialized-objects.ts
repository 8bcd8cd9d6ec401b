/** The objects read from their initializers: static types, module defs and C-API tables (methods, getset, slots, ...). */
import type { SyntaxNode } from '../core/parse';
import { guardAt } from '../core/conditions';
import type { FileModel, ModuleDefInfo, PyTable, StaticType, TableEntry } from './types';
import { functionName, nodeText, stringLiteralValue } from './cnodes';
import { decodeTypeInitializer, decodeModuleDefInitializer } from './initializers';
import { inRegions } from './regions';

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

