/**
 * A file's code style, measured from the file (and a function, where it has evidence of its own):
 * where the brace of a block goes, whether a single statement gets braces, how function
 * definitions are laid out, how wide lines run. Generated code is written in one canonical style
 * (K&R blocks, braces always, 4-space indent) and rendered into the file's with `restyle`.
 */
import type { SyntaxNode } from '../core/parse';
import type { SourceFile } from '../core/source';
import type { FileModel, FunctionInfo } from '../model/types';

export interface CodeStyle {
  indentUnit: string;
  eol: string;
  /** `if (x) {` (same line), `if (x)\n{` (next line, at the statement's indent), or GNU (next line, indented). */
  blockBrace: 'same' | 'next' | 'gnu';
  /** A single statement as the body of an `if` gets braces. */
  bracesForSingle: boolean;
  /** The `{` of a function body: on its own line, or after the parameters. */
  functionBrace: 'same' | 'next';
  /** `static int\nname(...)`: the return type on a line of its own. */
  returnTypeOwnLine: boolean;
  /** `typedef struct {` or `typedef struct\n{`. */
  structBrace: 'same' | 'next';
  /** Lines longer than this are wrapped. */
  maxWidth: number;
  /** A declaration block is followed by a blank line before the statements. */
  blankAfterDeclarations: boolean;
}

interface Counts {
  same: number;
  next: number;
  gnu: number;
  single: number;
  braced1: number;
}

const cache = new WeakMap<object, CodeStyle>();

/** The style of a file, measured once. */
export function fileStyle(file: FileModel): CodeStyle {
  let s = cache.get(file);
  if (!s) {
    s = measure(file.source, file.parsed.tree.rootNode, file);
    cache.set(file, s);
  }
  return s;
}

/** The style inside one function: its own evidence where it has some, else the file's. */
export function functionStyle(f: FunctionInfo): CodeStyle {
  let s = cache.get(f);
  if (!s) {
    const base = fileStyle(f.file);
    const body = f.node.childForFieldName('body');
    const c = body ? blockCounts(f.file.source, body) : undefined;
    s = { ...base };
    if (c && c.same + c.next + c.gnu > 0) s.blockBrace = pick(c);
    if (c && c.single + c.braced1 > 0) s.bracesForSingle = c.braced1 > c.single;
    cache.set(f, s);
  }
  return s;
}

function pick(c: Counts): 'same' | 'next' | 'gnu' {
  if (c.gnu > c.same && c.gnu > c.next) return 'gnu';
  return c.next > c.same ? 'next' : 'same';
}

function measure(src: SourceFile, root: SyntaxNode, file: FileModel): CodeStyle {
  const c = blockCounts(src, root);
  let fnNext = 0;
  let fnSame = 0;
  let ownLine = 0;
  let sameLine = 0;
  for (const f of file.functions) {
    const braceLine = src.lineStart(f.bodyStart);
    if (src.text.slice(braceLine, f.bodyStart).trim() === '') fnNext++;
    else fnSame++;
    const nameAt = src.text.indexOf(f.name, f.declStart);
    if (nameAt !== -1 && nameAt < f.paramsStart) {
      if (src.lineStart(nameAt) > f.declStart && src.text.slice(src.lineStart(nameAt), nameAt).trim() === '') ownLine++;
      else sameLine++;
    }
  }
  const structs = [...src.text.matchAll(/\bstruct(?:\s+[A-Za-z_]\w*)?[ \t]*(\r?\n[ \t]*)?\{/g)];
  const structNext = structs.filter((m) => m[1] !== undefined).length;
  return {
    indentUnit: src.indentUnit,
    eol: src.eol,
    blockBrace: c.same + c.next + c.gnu > 0 ? pick(c) : 'same',
    bracesForSingle: c.single + c.braced1 > 0 ? c.braced1 >= c.single : true,
    functionBrace: fnSame > fnNext ? 'same' : 'next',
    returnTypeOwnLine: ownLine + sameLine > 0 ? ownLine >= sameLine : true,
    structBrace: structNext * 2 > structs.length ? 'next' : 'same',
    maxWidth: lineLimit(src),
    blankAfterDeclarations: blankAfterDeclarations(src, file),
  };
}

/** Braces of `if`/`for`/`while` bodies under `root`, and single statements with and without them. */
function blockCounts(src: SourceFile, root: SyntaxNode): Counts {
  const c: Counts = { same: 0, next: 0, gnu: 0, single: 0, braced1: 0 };
  const text = src.text;
  const visit = (n: SyntaxNode): void => {
    if (n.type === 'if_statement' || n.type === 'for_statement' || n.type === 'while_statement') {
      const body = n.type === 'if_statement' ? n.childForFieldName('consequence') : n.childForFieldName('body');
      if (body && body.type === 'compound_statement') {
        const ls = src.lineStart(body.startIndex);
        if (ls <= n.startIndex || text.slice(ls, body.startIndex).trim() !== '') c.same++;
        else if (src.indentAt(body.startIndex).length > src.indentAt(n.startIndex).length) c.gnu++;
        else c.next++;
        if (n.type === 'if_statement' && body.namedChildren.filter((x) => x.type !== 'comment').length === 1) c.braced1++;
      } else if (body && n.type === 'if_statement') c.single++;
    }
    for (const ch of n.namedChildren) visit(ch);
  };
  visit(root);
  return c;
}

/**
 * The width the file keeps to: the smallest usual limit (79, 80, 99, 100, 119, 120) that all but
 * a few of its lines respect; a file with many longer lines is not wrapped.
 */
function lineLimit(src: SourceFile): number {
  const lengths = src.text.split(/\r?\n/).map((l) => l.replace(/\t/g, '        ').length);
  const allowed = Math.max(1, Math.floor(lengths.length / 200));
  for (const limit of [79, 80, 99, 100, 119, 120]) {
    if (lengths.filter((n) => n > limit).length <= allowed) return limit;
  }
  return Infinity;
}

/** Whether the file's functions separate their leading declarations from the statements with a blank line. */
function blankAfterDeclarations(src: SourceFile, file: FileModel): boolean {
  let blank = 0;
  let none = 0;
  for (const f of file.functions) {
    const body = f.node.childForFieldName('body');
    if (!body) continue;
    const kids = body.namedChildren.filter((c) => c.type !== 'comment');
    const i = kids.findIndex((c) => c.type !== 'declaration');
    if (i <= 0) continue;
    const between = src.text.slice(kids[i - 1].endIndex, kids[i].startIndex);
    if (/\n[ \t]*\r?\n/.test(between)) blank++;
    else none++;
  }
  return blank > none;
}
