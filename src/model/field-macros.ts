/**
 * Object-like macros that supply several designated fields of a struct initializer
 * (`#define VIEW_SHARED_SLOTS .tp_basicsize = sizeof(View), .tp_dealloc = view_dealloc, ...`,
 * used as an element of several PyTypeObject initializers). Read lexically from the one
 * `#define` of the file, with the offsets of each value in the file, so a type initializer that
 * uses the macro decodes as if the fields were written there.
 */
import { definitionsOf, isInert } from '../core/lex';
import type { FieldInit, FileModel, MacroDef } from './types';

/** A field the macro supplies, positioned at its value inside the `#define`. */
export type MacroField = Omit<FieldInit, 'conditional' | 'guard'>;

/**
 * The designated fields `name` supplies, or undefined when it is not such a macro: defined once
 * in this file, object-like, its body nothing but `.field = value` elements separated by commas
 * (no `#`, no nested designator, no other macro of the file standing for fields).
 */
export function fieldsOfMacro(fm: FileModel, name: string): MacroField[] | undefined {
  const m = fm.macros.get(name);
  if (!m || m.params || m.file !== undefined || !/^\s*\./.test(m.body)) return undefined;
  if (definitionsOf(fm.parsed.lex, name).length !== 1) return undefined;
  return splitDesignated(fm, m);
}

function splitDesignated(fm: FileModel, m: MacroDef): MacroField[] | undefined {
  const text = fm.source.text;
  const lx = fm.parsed.lex;
  // The body starts after the macro's name in the directive.
  const nameAt = text.indexOf(m.name, m.start);
  if (nameAt < 0 || nameAt >= m.end) return undefined;
  const bodyStart = nameAt + m.name.length;
  const out: MacroField[] = [];
  let depth = 0;
  let pieceStart = bodyStart;
  const take = (end: number): boolean => {
    const piece = parsePiece(text, pieceStart, end);
    if (piece === null) return false;
    if (piece) out.push(piece);
    return true;
  };
  for (let i = bodyStart; i < m.end; i++) {
    if (isInert(lx, i)) continue;
    const c = text[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') depth--;
    else if (c === ',' && depth === 0) {
      if (!take(i)) return undefined;
      pieceStart = i + 1;
    }
    if (depth < 0) return undefined;
  }
  if (depth !== 0 || !take(m.end)) return undefined;
  const names = out.map((f) => f.field);
  if (out.length === 0 || new Set(names).size !== names.length) return undefined;
  return out;
}

/** One element `.field = value` (undefined for an empty piece, null when it is something else). */
function parsePiece(text: string, start: number, end: number): MacroField | undefined | null {
  const raw = text.slice(start, end);
  const blank = (s: string): string => s.replace(/\\\r?\n/g, ' ').replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ');
  if (blank(raw).trim() === '') return undefined;
  const d = /^(\s|\\\r?\n|\/\*[\s\S]*?\*\/)*\.([A-Za-z_]\w*)\s*=\s*/.exec(raw);
  if (!d) return null;
  const elemStart = start + raw.indexOf('.');
  let valueStart = start + d[0].length;
  let valueEnd = end;
  // The value ends at its last character that is not a splice, space or comment.
  const tail = /(\s|\\\r?\n|\/\*[\s\S]*?\*\/)*$/.exec(text.slice(valueStart, valueEnd));
  if (tail) valueEnd -= tail[0].length;
  while (valueStart < valueEnd && /\s/.test(text[valueStart])) valueStart++;
  const value = blank(text.slice(valueStart, valueEnd)).replace(/\s+/g, ' ').trim();
  if (value === '' || /(^|[^=!<>])=($|[^=])/.test(value.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return null;
  return { field: d[2], value, valueStart, valueEnd, elemStart, elemEnd: valueEnd, designated: true };
}
