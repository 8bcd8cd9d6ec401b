/**
 * A file's function definitions as FunctionInfo: name, storage (also through a macro), parameters
 * (also behind a parameter-list macro or UNUSED wrapper), and heads a macro writes.
 */
import type { ParsedFile, SyntaxNode } from '../core/parse';
import { isCKeyword } from '../core/c-keywords';
import { FileModel, FunctionInfo, ParamInfo } from './types';
import { nodeText, storageOf, unwrapDeclarator } from './cnodes';
import { initHeaderName, macroLookup } from './init-macros';
import { inRegions } from './regions';
import { declarationStart, plainBody } from './declaration-heads';

const unusedHoleCache = new WeakMap<FileModel, ParsedFile['holes']>();

/** `Py_UNUSED(` / `)` holes of the file (few), computed once. */
function unusedHoles(fm: FileModel): ParsedFile['holes'] {
  let h = unusedHoleCache.get(fm);
  if (!h) unusedHoleCache.set(fm, (h = fm.parsed.holes.filter((x) => x.kind === 'unwrap-call' && /UNUSED$/.test(x.name))));
  return h;
}

export function addFunction(fm: FileModel, node: SyntaxNode): void {
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
  // `PYSMBC_PROTOTYPE_HEADER {`: a macro that is the whole header, shown to the parser as `T xxx()`.
  const header = fm.parsed.holes.find((h) => h.initHeader && h.start <= nameNode.startIndex && nameNode.endIndex <= h.end);
  // (A function-defining macro's `bitset_ ## name` reads as one word.)
  const name = header?.initHeader ?? nodeText(nameNode, text).replace(/\s+/g, '');
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
    returnType: header ? 'PyObject *' : ((typeNode ? nodeText(typeNode, text) : 'int') + ' ' + '*'.repeat(pointer)).trim(),
    params: [],
    paramsStart: paramsNode.startIndex,
    paramsEnd: paramsNode.endIndex - 1,
    inTemplate: inRegions(fm.templateRegions, node.startIndex),
    ...(header ? { headerMacro: { name: header.name, start: header.start, end: header.end } } : {}),
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
