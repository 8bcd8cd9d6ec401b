/**
 * The names a file declares at file scope, with where: variables and functions, typedef names,
 * struct/union/enum tags, enumerators and macros. One walk over the top-level items (into `#if`
 * branches and `extern "C"` blocks); names a macro invocation declares (`_Py_IDENTIFIER(x)`)
 * are not seen, which callers that compare two versions of a file can live with.
 */
import type { ParsedFile, SyntaxNode } from '../core/parse';

export type ScopeKind = 'value' | 'type' | 'tag' | 'macro';

export interface ScopeDecl {
  name: string;
  kind: ScopeKind;
  /** Offset of the name: from here on the name is declared. */
  at: number;
  /** The end of the whole declaration (a typedef's struct body included). */
  end: number;
  /** A definition (a function body, a variable without `extern`), not only a declaration. */
  definition: boolean;
  /** A definition that may appear once only: not a tentative one (`static T x;` may repeat). */
  single?: boolean;
}

const CONTAINERS = new Set(['translation_unit', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef', 'linkage_specification', 'declaration_list', 'ERROR']);

const cache = new WeakMap<ParsedFile, ScopeDecl[]>();
const bodies = new WeakMap<ParsedFile, { start: number; end: number }[]>();
const functionSpans = new WeakMap<ParsedFile, { start: number; end: number; node: SyntaxNode }[]>();

/** The function definitions at file scope, sorted (memoized per parse). */
export function fileScopeFunctions(parsed: ParsedFile): { start: number; end: number; node: SyntaxNode }[] {
  let f = functionSpans.get(parsed);
  if (!f) {
    fileScopeDeclarations(parsed);
    f = functionSpans.get(parsed) ?? [];
  }
  return f;
}

/** The `{...}` bodies of the file-scope struct and union definitions, sorted (memoized per parse). */
export function structBodies(parsed: ParsedFile): { start: number; end: number }[] {
  let b = bodies.get(parsed);
  if (!b) {
    fileScopeDeclarations(parsed);
    b = bodies.get(parsed) ?? [];
  }
  return b;
}

/** Memoized per parse. */
export function fileScopeDeclarations(parsed: ParsedFile): ScopeDecl[] {
  let d = cache.get(parsed);
  if (!d) cache.set(parsed, (d = collect(parsed)));
  return d;
}

function collect(parsed: ParsedFile): ScopeDecl[] {
  const out: ScopeDecl[] = [];
  const spans: { start: number; end: number }[] = [];
  bodies.set(parsed, spans);
  const fns: { start: number; end: number; node: SyntaxNode }[] = [];
  functionSpans.set(parsed, fns);
  // Depth first, without recursion: `#if` groups may nest thousands deep.
  const stack: SyntaxNode[] = [parsed.tree.rootNode];
  while (stack.length > 0) {
    const n = stack.pop()!;
    const children = n.namedChildren;
    for (let i = children.length - 1; i >= 0; i--) {
      const c = children[i];
      if (CONTAINERS.has(c.type) || strayBlock(c)) stack.push(c);
      else {
        if (c.type === 'function_definition') fns.push({ start: c.startIndex, end: c.endIndex, node: c });
        item(c, out, spans);
      }
    }
  }
  const text = parsed.source.text;
  for (const d of parsed.lex.directives) {
    if (d.kind !== 'define') continue;
    const m = /^\s*([A-Za-z_]\w*)/.exec(d.rest);
    if (!m) continue;
    const at = text.indexOf(m[1], d.start);
    out.push({ name: m[1], kind: 'macro', at: at >= 0 ? at : d.start, end: d.end, definition: true });
  }
  spans.sort((a, b) => a.start - b.start);
  fns.sort((a, b) => a.start - b.start);
  return out.sort((a, b) => a.at - b.at);
}

/**
 * A block at file scope that holds a function definition: no function body (C does not nest
 * functions) but tree-sitter's recovery from a lost `{`, which can open a block at the stray `}`
 * and run it over the rest of the file. What it holds is at file scope for the compiler once
 * the brace is back, and for the other line ending's parse of the same text.
 */
function strayBlock(n: SyntaxNode): boolean {
  return n.type === 'compound_statement' && n.namedChildren.some((c) => c.type === 'function_definition');
}

function item(n: SyntaxNode, out: ScopeDecl[], spans: { start: number; end: number }[]): void {
  switch (n.type) {
    case 'declaration': {
      const storage = n.namedChildren.filter((c) => c.type === 'storage_class_specifier').map((c) => c.text);
      const isExtern = storage.includes('extern');
      typeSpecifier(n.childForFieldName('type'), n.endIndex, out, n.childrenForFieldName('declarator').length === 0, spans);
      for (const d of n.childrenForFieldName('declarator')) {
        const name = declaratorName(d);
        if (!name) continue;
        const isFunction = functionDeclarator(d);
        const definition = !isExtern && !isFunction;
        out.push({ name: name.text, kind: 'value', at: name.startIndex, end: n.endIndex, definition, single: definition && d.type === 'init_declarator' });
      }
      return;
    }
    case 'type_definition': {
      typeSpecifier(n.childForFieldName('type'), n.endIndex, out, false, spans);
      for (const d of n.childrenForFieldName('declarator')) {
        const name = declaratorName(d);
        if (name) out.push({ name: name.text, kind: 'type', at: name.startIndex, end: n.endIndex, definition: true, single: true });
      }
      return;
    }
    case 'function_definition': {
      typeSpecifier(n.childForFieldName('type'), n.endIndex, out);
      const name = declaratorName(n.childForFieldName('declarator'));
      if (name) out.push({ name: name.text, kind: 'value', at: name.startIndex, end: n.endIndex, definition: true, single: true });
      return;
    }
    case 'struct_specifier':
    case 'union_specifier':
    case 'enum_specifier':
      typeSpecifier(n, n.endIndex, out, true, spans);
      return;
  }
}

/** A struct/union/enum tag, and an enum's enumerators. */
function typeSpecifier(t: SyntaxNode | null, end: number, out: ScopeDecl[], standalone = false, spans?: { start: number; end: number }[]): void {
  if (!t || !['struct_specifier', 'union_specifier', 'enum_specifier'].includes(t.type)) return;
  const name = t.childForFieldName('name');
  const body = t.childForFieldName('body');
  if (body && spans && t.type !== 'enum_specifier') spans.push({ start: body.startIndex, end: body.endIndex });
  // `struct X *p;` names the tag; `struct X;` alone or `struct X {...}` declares it.
  if (name && (body || standalone)) out.push({ name: name.text, kind: 'tag', at: name.startIndex, end: body ? body.endIndex : end, definition: !!body, single: !!body });
  if (t.type === 'enum_specifier' && body) {
    for (const e of body.namedChildren) {
      if (e.type !== 'enumerator') continue;
      const en = e.childForFieldName('name');
      if (en) out.push({ name: en.text, kind: 'value', at: en.startIndex, end: e.endIndex, definition: true, single: true });
    }
  }
}

/** The identifier a declarator declares (through pointers, arrays, parentheses, initializers). */
export function declaratorName(d: SyntaxNode | null): SyntaxNode | undefined {
  let cur: SyntaxNode | null = d;
  for (let i = 0; cur && i < 32; i++) {
    if (cur.type === 'identifier' || cur.type === 'type_identifier' || cur.type === 'field_identifier' || cur.type === 'primitive_type') return cur.type === 'primitive_type' ? undefined : cur;
    const next: SyntaxNode | null = cur.childForFieldName('declarator') ?? cur.namedChildren.find((c) => c.type.endsWith('declarator') || c.type === 'identifier' || c.type === 'type_identifier') ?? null;
    cur = next;
  }
  return undefined;
}

function functionDeclarator(d: SyntaxNode): boolean {
  let cur: SyntaxNode | null = d;
  for (let i = 0; cur && i < 32; i++) {
    if (cur.type === 'function_declarator') return cur.childForFieldName('declarator')?.type !== 'parenthesized_declarator';
    if (cur.type === 'init_declarator') return false;
    cur = cur.childForFieldName('declarator');
  }
  return false;
}
