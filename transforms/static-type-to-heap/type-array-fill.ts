/**
 * A local array of type addresses that exec declares with its initializer (`PyTypeObject *types[] =
 * {&A_Type, &B_Type, NULL};`) and readies in a loop (iteration_utilities). Exec's declarations run
 * before the heap types it creates exist, so such an array loses its initializer (`types[3]`) and is
 * filled element by element right after the creations, where the state's pointers are set.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel, FunctionInfo } from '../../src/model/types';
import { functionLayout } from '../../src/plan/placement';

export interface TypeArrayFill {
  file: FileModel;
  /** One key per declaration: the fills of every type in it are written together. */
  key: string;
  name: string;
  /** From the declarator's `[` to the initializer's `}`: replaced by `[<length>]`. */
  start: number;
  end: number;
  elements: { text: string; start: number; end: number; type?: string }[];
}

/** An element that is only moved, never evaluated differently: a type address (maybe cast), NULL or 0. */
const ELEMENT = /^(?:\(\s*[A-Za-z_][\w\s]*\*\s*\)\s*)?(?:&\s*([A-Za-z_]\w*)|NULL|0)$/;

/**
 * The array declaration of exec's declarations that holds the use at `at` in its initializer, when it
 * can be filled later without a change of meaning; undefined otherwise.
 */
export function typeArrayFillAt(exec: FunctionInfo, at: number): TypeArrayFill | undefined {
  const lay = functionLayout(exec);
  const decl = lay?.decls.find((d) => d.type === 'declaration' && d.startIndex <= at && at < d.endIndex);
  if (!lay || !decl) return undefined;
  // A static array keeps its values across calls, and a const one cannot be assigned.
  if (decl.namedChildren.some((c) => c.type === 'storage_class_specifier')) return undefined;
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
  const open = text.indexOf('[', id.endIndex);
  return { file: exec.file, key: `${exec.file.path}:${decl.startIndex}`, name, start: open, end: value.endIndex, elements };
}

/** The line that fills element `i`: as written, or with its type address replaced by `pointer` (the state's). */
export function typeArrayFillLine(a: TypeArrayFill, i: number, pointer?: string): string {
  const e = a.elements[i];
  return `${a.name}[${i}] = ${pointer === undefined ? e.text : e.text.replace(/&\s*[A-Za-z_]\w*$/, pointer)};`;
}
