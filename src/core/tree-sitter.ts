/**
 * tree-sitter-c, loaded once per process: full and incremental parses of a text, and the damage
 * (ERROR and MISSING nodes) of a tree.
 */
import type Parser from 'tree-sitter';
import { lastStartingAtOrBefore } from './search';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

export interface Span {
  start: number;
  end: number;
}

/** An ERROR span, or the zero-width place of a token tree-sitter invented (`missing`: its type, e.g. `}`). */
export interface DamageSpan extends Span {
  missing?: string;
}

/**
 * The binding is loaded once per process and kept on `process`: its JS wrapper patches the native
 * classes, and loading it again in a second module registry (jest runs each test file in its own)
 * would patch them twice and break parsing.
 */
interface Binding {
  Parser: typeof Parser;
  C: unknown;
  parser?: Parser;
}
function binding(): Binding {
  const holder = process as unknown as { __pyextIsolateTreeSitter?: Binding };
  if (!holder.__pyextIsolateTreeSitter) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    holder.__pyextIsolateTreeSitter = { Parser: require('tree-sitter') as typeof Parser, C: require('tree-sitter-c') as unknown };
  }
  return holder.__pyextIsolateTreeSitter;
}

function parser(): Parser {
  const b = binding();
  if (!b.parser) {
    b.parser = new b.Parser();
    b.parser.setLanguage(b.C as Parser.Language);
  }
  return b.parser;
}

/** tree-sitter's string input reads in chunks; large files need a buffer at least this big. */
export function parseText(text: string, oldTree?: Tree): Tree {
  return parser().parse(text, oldTree, { bufferSize: Math.max(64 * 1024, text.length + 1) });
}

/** Tells a tree which byte ranges differ between two texts of the same length (for incremental reparsing). */
export function markChanged(tree: Tree, before: string, after: string): void {
  const lineStarts = [0];
  for (let k = before.indexOf('\n'); k !== -1; k = before.indexOf('\n', k + 1)) lineStarts.push(k + 1);
  const point = (offset: number): { row: number; column: number } => {
    const row = lastStartingAtOrBefore(lineStarts, offset, (x) => x);
    return { row, column: offset - lineStarts[row] };
  };
  // One edit over the whole changed range: Tree.edit is costly per call.
  let start = 0;
  const n = before.length;
  while (start < n && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start === n) return;
  let end = n;
  while (end > start && before.charCodeAt(end - 1) === after.charCodeAt(end - 1)) end--;
  const a = point(start);
  const b = point(end);
  tree.edit({ startIndex: start, oldEndIndex: end, newEndIndex: end, startPosition: a, oldEndPosition: b, newEndPosition: b });
}

/** Parse with no tolerance layer at all (for `check --stats` and the benchmark baseline). */
export function rawParse(text: string): Tree {
  return parseText(text);
}

/** Bytes inside ERROR nodes of a tree, for --stats (with the text: CRLF counts as one byte). */
export function damageOf(tree: Tree, text?: string): { spans: DamageSpan[]; bytes: number } {
  return collectDamage(tree, text);
}

/**
 * Damaged bytes: ERROR spans (overlaps counted once) plus one per MISSING token. Given the text,
 * the CR of a CRLF is not counted, so that a file and its CRLF twin measure the same (the
 * "parses worse" refusal compares these counts). `expectedSemicolons`: offsets where the parse
 * view knows a `;` is missing and has no byte to write it in (see statement-macro-holes.ts); a MISSING `;`
 * there is the right reading, not damage.
 */
export function collectDamage(tree: Tree, crlfText?: string, expectedSemicolons?: ReadonlySet<number>): { spans: DamageSpan[]; bytes: number } {
  const text = crlfText !== undefined && crlfText.includes('\r\n') ? crlfText : undefined;
  const spans: DamageSpan[] = [];
  const root = tree.rootNode;
  if (!root.hasError) return { spans, bytes: 0 };
  const cursor = root.walk();
  let bytes = 0;
  let lastEnd = -1;
  // Depth-first, descending only into subtrees that contain an error.
  for (;;) {
    const node = cursor.currentNode;
    let descend = false;
    if (node.type === 'ERROR') {
      const s = node.startIndex;
      const e = node.endIndex;
      spans.push({ start: s, end: e });
      if (e > lastEnd) {
        bytes += text === undefined ? e - Math.max(s, lastEnd) : bytesWithoutCrOfCrlf(text, Math.max(s, lastEnd), e);
        lastEnd = e;
      }
    } else if (node.isMissing) {
      // The statement macro's `;` is the right reading (see above).
      if (node.type !== ';' || !expectedSemicolons?.has(node.startIndex)) {
        spans.push({ start: node.startIndex, end: node.startIndex, missing: node.type });
        bytes += 1;
      }
    } else if (node.hasError) descend = true;
    if (descend && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return { spans, bytes };
    }
  }
}

function bytesWithoutCrOfCrlf(text: string, start: number, end: number): number {
  let n = end - start;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) n--;
  return n;
}
