/** Small helpers over tree-sitter-c nodes. Text always comes from the original bytes. */
import type { SyntaxNode } from '../core/parse';
import { isCKeyword } from '../core/c-keywords';

export interface DeclaratorInfo {
  name: string;
  nameStart: number;
  nameEnd: number;
  pointerDepth: number;
  arrayLen?: string;
  isFunction: boolean;
  /** The whole declarator (init_declarator included). */
  start: number;
  end: number;
  init?: SyntaxNode;
  /** Qualifiers seen inside pointer declarators (`* const`). */
  pointerConst: boolean;
}

/** Unwraps init/pointer/array/parenthesized/function declarators down to the identifier. */
export function unwrapDeclarator(decl: SyntaxNode, text: string): DeclaratorInfo | undefined {
  let node: SyntaxNode | null = decl;
  let init: SyntaxNode | undefined;
  let pointerDepth = 0;
  let arrayLen: string | undefined;
  let isFunction = false;
  let pointerConst = false;
  const start = decl.startIndex;
  const end = decl.endIndex;
  for (let guard = 0; node && guard < 50; guard++) {
    switch (node.type) {
      case 'init_declarator':
        init = node.childForFieldName('value') ?? undefined;
        node = node.childForFieldName('declarator');
        continue;
      case 'pointer_declarator':
        pointerDepth++;
        for (const c of node.children) if (c.type === 'type_qualifier' && text.slice(c.startIndex, c.endIndex) === 'const') pointerConst = true;
        node = node.childForFieldName('declarator');
        continue;
      case 'array_declarator': {
        const size = node.childForFieldName('size');
        arrayLen = size ? text.slice(size.startIndex, size.endIndex) : '';
        node = node.childForFieldName('declarator');
        continue;
      }
      case 'function_declarator':
        isFunction = true;
        node = node.childForFieldName('declarator');
        continue;
      case 'parenthesized_declarator':
        node = node.namedChildren[0] ?? null;
        continue;
      case 'attributed_declarator':
        node = node.namedChildren[0] ?? null;
        continue;
      case 'identifier':
      case 'field_identifier':
      case 'type_identifier': { // the name a typedef declares
        const name = text.slice(node.startIndex, node.endIndex);
        // A keyword as a name is tree-sitter's recovery from code it misread, never a declaration.
        if (isCKeyword(name)) return undefined;
        return { name, nameStart: node.startIndex, nameEnd: node.endIndex, pointerDepth, arrayLen, isFunction, start, end, init, pointerConst };
      }
      default:
        return undefined;
    }
  }
  return undefined;
}

/** Declarator children of a declaration (the `declarator` field, possibly repeated). */
export function declaratorsOf(decl: SyntaxNode): SyntaxNode[] {
  return decl.childrenForFieldName('declarator');
}

/**
 * The storage class of a declaration or function definition, read from the text before its first
 * declarator (specifiers come first): cheaper than visiting every child node.
 */
export function storageOf(decl: SyntaxNode, text: string, declaratorStart?: number): 'static' | 'extern' | 'none' {
  const end = declaratorStart ?? decl.childForFieldName('declarator')?.startIndex ?? decl.endIndex;
  const head = text.slice(decl.startIndex, end).replace(/\/\*[\s\S]*?\*\//g, '').replace(/"(?:[^"\\]|\\.)*"/g, '');
  if (/\bstatic\b/.test(head)) return 'static';
  if (/\bextern\b/.test(head)) return 'extern';
  return 'none';
}

export function hasQualifier(decl: SyntaxNode, text: string, q: string): boolean {
  for (const c of decl.children) if (c.type === 'type_qualifier' && text.slice(c.startIndex, c.endIndex) === q) return true;
  return false;
}

export function nodeText(node: SyntaxNode, text: string): string {
  return text.slice(node.startIndex, node.endIndex);
}

/** `(PyCFunction)(void(*)(void))foo` -> `foo`; `&foo` -> `&foo`; keeps anything else as written. */
export function stripCasts(expr: string): string {
  let s = expr.trim();
  for (let guard = 0; guard < 8; guard++) {
    const m = /^\(\s*[A-Za-z_][\w\s]*(?:\*\s*)*(?:\(\s*\*\s*\)\s*\([^()]*\))?\s*\)\s*/.exec(s);
    if (!m || m[0].length >= s.length) break;
    s = s.slice(m[0].length).trim();
  }
  while (s.startsWith('(') && s.endsWith(')') && balanced(s.slice(1, -1))) s = s.slice(1, -1).trim();
  return s;
}

/**
 * A function named in an initializer: casts (also CPython's `_PyCFunction_CAST(f)` of 3.11+, which
 * Argument Clinic writes in method entries) and a leading `&` stripped; undefined if not a plain name.
 */
export function functionName(expr: string): string | undefined {
  const cast = /^_PyCFunction_CAST\s*\(([^]*)\)$/.exec(stripCasts(expr));
  const v = stripCasts(cast ? cast[1] : expr).replace(/^&\s*/, '');
  return /^[A-Za-z_]\w*$/.test(v) && v !== 'NULL' ? v : undefined;
}

function balanced(s: string): boolean {
  let d = 0;
  for (const c of s) {
    if (c === '(') d++;
    else if (c === ')') {
      d--;
      if (d < 0) return false;
    }
  }
  return d === 0;
}

/** A C string literal (possibly several adjacent ones) -> its contents; undefined if not a literal. */
export function stringLiteralValue(expr: string): string | undefined {
  const s = expr.trim();
  if (!s.startsWith('"')) return undefined;
  const parts = s.match(/"(?:[^"\\]|\\.)*"/g);
  if (!parts) return undefined;
  const rest = s.replace(/"(?:[^"\\]|\\.)*"/g, '').replace(/\/\*[\s\S]*?\*\//g, '').trim();
  if (rest !== '') return undefined;
  return parts.map((p) => p.slice(1, -1)).join('');
}

/** Is this expression a zero value (0, NULL, 0L, (type)0)? */
export function isZeroExpr(expr: string): boolean {
  const s = stripCasts(expr.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '').trim());
  return /^(0+[uUlL]*|NULL|0x0+|\(\s*void\s*\*\s*\)\s*0)$/.test(s);
}

/** The named children of an initializer list that are elements (not comments). */
export function initializerElements(list: SyntaxNode): SyntaxNode[] {
  return list.namedChildren.filter((c) => c.type !== 'comment');
}

/** Walks up to the closest ancestor of one of the given types. */
export function ancestor(node: SyntaxNode | null, types: readonly string[]): SyntaxNode | null {
  let n = node;
  while (n) {
    if (types.includes(n.type)) return n;
    n = n.parent;
  }
  return null;
}
