/**
 * A local array of type addresses that exec declares with its initializer (`PyTypeObject *types[] =
 * {&A_Type, &B_Type, NULL};`) and readies in a loop (iteration_utilities). Exec's declarations run
 * before the heap types it creates exist, so such an array loses its initializer (`types[3]`) and is
 * filled element by element right after the creations, where the state's pointers are set.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel, FunctionInfo } from '../../src/model/types';
import { functionLayout, statementPoint } from '../../src/plan/placement';
import type { GlobalVar } from '../../src/model/types';
import { namesDeclaredIn } from '../../src/model/declared-names';
import { statementRemoval } from '../../src/plan/text-util';

export interface TypeArrayFill {
  file: FileModel;
  /** The function that declares it: exec (filled after the creations) or a helper exec calls (filled first in it). */
  func: FunctionInfo;
  /** A function-level `static` table: its `static ` goes (read only, in a function run once per module). */
  dropStatic?: { start: number; end: number };
  /** One key per declaration: the fills of every type in it are written together. */
  key: string;
  name: string;
  /** From the declarator's `[` to the initializer's `}`: replaced by `[<length>]`. */
  start: number;
  end: number;
  elements: { text: string; start: number; end: number; type?: string }[];
  /**
   * A file-scope table only its one function uses (`static PyTypeObject *kind_types[] = {&A, &B};`):
   * its declaration goes, and the function declares the array (`PyTypeObject *kind_types[2];`) after its own.
   */
  moved?: { declaration: string };
}

/** An element that is only moved, never evaluated differently: a type address (maybe cast), NULL or 0. */
const ELEMENT = /^(?:\(\s*[A-Za-z_][\w\s]*\*\s*\)\s*)?(?:&\s*([A-Za-z_]\w*)|NULL|0)$/;

/**
 * The array declaration of exec's declarations (or of a helper exec calls once) that holds the use
 * at `at` in its initializer, when it can be filled later without a change of meaning; undefined
 * otherwise. A `static` one (`static PyTypeObject *types[] = {&A, &B, NULL};`, py-lmdb's
 * init_types, cffi's init) qualifies with `allowStatic` when the function only reads its elements:
 * run once per module, it cannot tell a table kept across calls from one made on each.
 */
export function typeArrayFillAt(exec: FunctionInfo, at: number, allowStatic = false): TypeArrayFill | undefined {
  const lay = functionLayout(exec);
  const decl = lay?.decls.find((d) => d.type === 'declaration' && d.startIndex <= at && at < d.endIndex);
  if (!lay || !decl) return undefined;
  // A static array keeps its values across calls, and a const one cannot be assigned.
  const storage = decl.namedChildren.filter((c) => c.type === 'storage_class_specifier');
  const text0 = exec.file.source.text;
  if (storage.length > 1 || (storage.length === 1 && (!allowStatic || text0.slice(storage[0].startIndex, storage[0].endIndex) !== 'static'))) return undefined;
  const declarators = decl.childrenForFieldName('declarator');
  if (declarators.length !== 1 || declarators[0].type !== 'init_declarator') return undefined;
  const init = declarators[0];
  const value = init.childForFieldName('value');
  let d: SyntaxNode | null = init.childForFieldName('declarator');
  while (d && d.type === 'pointer_declarator' && !d.namedChildren.some((c) => c.type === 'type_qualifier')) d = d.childForFieldName('declarator');
  if (!d || d.type !== 'array_declarator' || !value || value.type !== 'initializer_list') return undefined;
  const id = d.childForFieldName('declarator');
  if (!id || id.type !== 'identifier') return undefined;
  const text = exec.file.source.text;
  // Comments and #if lines inside the list would be lost with it.
  const list = text.slice(value.startIndex, value.endIndex);
  if (/\/[*/]|#/.test(list)) return undefined;
  const elements: TypeArrayFill['elements'] = [];
  for (const e of value.namedChildren) {
    const t = text.slice(e.startIndex, e.endIndex);
    const m = ELEMENT.exec(t);
    if (!m) return undefined;
    elements.push({ text: t, start: e.startIndex, end: e.endIndex, type: m[1] });
  }
  const size = d.childForFieldName('size');
  if (size && !(size.type === 'number_literal' && Number(text.slice(size.startIndex, size.endIndex)) === elements.length)) return undefined;
  // The declarations below it must not read it (they run before the fill).
  const name = text.slice(id.startIndex, id.endIndex);
  const declsEnd = lay.first ? lay.first.startIndex : lay.close;
  if (new RegExp(`\\b${name}\\b`).test(text.slice(decl.endIndex, declsEnd))) return undefined;
  if (storage.length === 1 && !onlyRead(text, name, decl.endIndex, lay.close)) return undefined;
  const open = text.indexOf('[', id.endIndex);
  let dropStatic: TypeArrayFill['dropStatic'];
  if (storage.length === 1) {
    let end = storage[0].endIndex;
    while (/[ \t]/.test(text[end] ?? '')) end++;
    dropStatic = { start: storage[0].startIndex, end };
  }
  return { file: exec.file, func: exec, key: `${exec.file.path}:${decl.startIndex}`, name, start: open, end: value.endIndex, elements, dropStatic };
}

/**
 * The file-scope table `g` of type addresses, when only `f` uses it, and only reads its elements in
 * its statements: it can become a local array of `f`, filled from the state once the types exist.
 */
export function fileTableFill(g: GlobalVar, f: FunctionInfo): TypeArrayFill | undefined {
  if (g.scope !== 'file' || g.storage !== 'static' || g.siblings > 1 || g.conditional || !g.init || g.isConst || g.file !== f.file) return undefined;
  if (g.uses.length === 0 || g.uses.some((u) => u.func !== f || u.inMacro || u.pasted) || namesDeclaredIn(f).has(g.name)) return undefined;
  const text = g.file.source.text;
  // `PyTypeObject *name[]` (or `[n]`): no qualifier the local array would have to repeat.
  const m = new RegExp(`^\\s*static\\s+PyTypeObject\\s*\\*\\s*${g.name}\\s*\\[\\s*(\\d*)\\s*\\]\\s*=\\s*$`).exec(text.slice(g.declStart, g.init.start));
  if (!m) return undefined;
  const list = g.init.text.trim();
  if (!list.startsWith('{') || !list.endsWith('}') || /\/[*/]|#/.test(list)) return undefined;
  const entries = list.slice(1, -1).split(',').map((e) => e.trim());
  if (entries[entries.length - 1] === '') entries.pop();
  const elements: TypeArrayFill['elements'] = [];
  for (const e of entries) {
    const x = ELEMENT.exec(e);
    if (!x) return undefined;
    elements.push({ text: e, start: g.init.start, end: g.init.end, type: x[1] });
  }
  if (m[1] !== '' && Number(m[1]) !== elements.length) return undefined;
  // Filled where the statements begin: the declarations must not read it.
  const lay = functionLayout(f);
  if (!lay) return undefined;
  const first = statementPoint(f.file.source, lay).at;
  if (g.uses.some((u) => u.start < first)) return undefined;
  if (!onlyRead(text, g.name, f.bodyStart, f.bodyEnd)) return undefined;
  const end = g.declEnd + (text[g.declEnd] === ';' ? 1 : 0);
  const removal = statementRemoval(g.file.source, g.declStart, end);
  return { file: g.file, func: f, key: `${g.file.path}:${g.declStart}`, name: g.name, start: removal.start, end: removal.end, elements, moved: { declaration: `PyTypeObject *${g.name}[${elements.length}];` } };
}

/**
 * Every use of the table `name` after its declaration reads an element (`name[i]`): not assigned,
 * not incremented, its address or the array itself handed nowhere, so nothing sees it outlive the call.
 */
function onlyRead(text: string, name: string, from: number, to: number): boolean {
  const body = text.slice(from, to).replace(/\/\*[\s\S]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"/g, (m) => ' '.repeat(m.length));
  const re = new RegExp(`\\b${name}\\b`, 'g');
  for (let m = re.exec(body); m; m = re.exec(body)) {
    const before = body.slice(0, m.index);
    // Its length (`sizeof(types) / sizeof(types[0])`) is the same for the array filled later.
    if (/\b(?:sizeof|Py_ARRAY_LENGTH)\s*\(\s*$|\bsizeof\s+$/.test(before)) continue;
    if (/(?:&|\+\+|--|\.|->)\s*$/.test(before)) return false;
    const after = body.slice(m.index + name.length);
    const sub = /^\s*\[/.exec(after);
    if (!sub) return false;
    // The subscript's closing bracket, then no assignment or increment.
    let depth = 0;
    let i = sub[0].length - 1;
    for (; i < after.length; i++) {
      if (after[i] === '[') depth++;
      else if (after[i] === ']' && --depth === 0) break;
    }
    if (/^\s*(?:[-+*\/%&|^]|<<|>>)?=(?!=)|^\s*(?:\+\+|--)/.test(after.slice(i + 1))) return false;
  }
  return true;
}

/** The line that fills element `i`: as written, or with its type address replaced by `pointer` (the state's). */
export function typeArrayFillLine(a: TypeArrayFill, i: number, pointer?: string): string {
  const e = a.elements[i];
  return `${a.name}[${i}] = ${pointer === undefined ? e.text : e.text.replace(/&\s*[A-Za-z_]\w*$/, pointer)};`;
}
