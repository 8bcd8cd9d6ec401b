/**
 * New statements in front of an existing one. When that statement is the brace-less body of an
 * `if`, `else`, `for`, `while` or `do`, the new lines alone would become the body and the old
 * statement would run unconditionally (or an `else` would lose its `if`): the body gets braces
 * then, in the function's brace style.
 */
import type { SyntaxNode } from '../core/parse';
import type { SourceFile } from '../core/source';
import type { FileModel, FunctionInfo } from '../model/types';
import { fileStyle, functionStyle, type CodeStyle } from './code-style';

/** What the edits go through (a transform's context). */
interface EditSink {
  replace(file: FileModel, start: number, end: number, text: string, order?: number): void;
  insert(file: FileModel, at: number, text: string, order?: number): void;
}

/** `lines` in front of `stmt` of `file` (in function `f`, whose brace style it takes), through `ctx`. */
export function insertLinesBefore(ctx: EditSink, file: FileModel, f: FunctionInfo | undefined, stmt: SyntaxNode, lines: string[], order: number): void {
  for (const e of insertBeforeStatement(file.source, f ? functionStyle(f) : fileStyle(file), stmt, lines, order)) {
    if (e.start === e.end) ctx.insert(file, e.start, e.text, e.order);
    else ctx.replace(file, e.start, e.end, e.text, e.order);
  }
}

/** An edit of the original text: an insertion when start === end. */
export interface StatementEdit {
  start: number;
  end: number;
  text: string;
  order: number;
}

const CONTROL = new Set(['if_statement', 'else_clause', 'for_statement', 'while_statement', 'do_statement']);

/** Whether a statement is the body (or else branch) of a control statement without braces. */
export function isBracelessBody(stmt: SyntaxNode): boolean {
  return !!stmt.parent && CONTROL.has(stmt.parent.type) && stmt.type !== 'compound_statement' && stmt.parent.childForFieldName('condition')?.id !== stmt.id;
}

/** The edits that put `lines` (no indentation, no line ends) right before `stmt`, bracing it when needed. */
export function insertBeforeStatement(src: SourceFile, style: CodeStyle, stmt: SyntaxNode, lines: string[], order: number): StatementEdit[] {
  const e = src.eol;
  const at = stmt.startIndex;
  if (!isBracelessBody(stmt)) {
    const indent = src.indentAt(at);
    return [{ start: at, end: at, text: lines.map((l) => l + e + indent).join(''), order }];
  }
  // The token the body follows (the condition, `)`, `else`, `do`), past comments in between.
  let head = stmt.previousSibling;
  while (head && head.type === 'comment') head = head.previousSibling;
  if (!head) throw new Error('internal: a control statement body with nothing before it');
  // Braces line up with the statement's keyword (`else`'s own line for an else branch).
  const indent = src.indentAt(head.type === 'else' ? head.startIndex : stmt.parent!.startIndex);
  const braceIndent = style.blockBrace === 'gnu' ? indent + style.indentUnit : indent;
  const inner = braceIndent + style.indentUnit;
  const open = style.blockBrace === 'same' ? ' {' : `${e}${braceIndent}{`;
  const stmtLine = src.lineStart(at);
  const ownLine = stmtLine > head.endIndex && src.text.slice(stmtLine, at).trim() === '';
  const out: StatementEdit[] = [];
  if (ownLine && src.text.slice(at, stmt.endIndex).includes('\n')) {
    // A statement over several lines keeps its indentation; the new lines take it too.
    const own = src.indentAt(at);
    out.push({ start: head.endIndex, end: head.endIndex, text: open, order });
    out.push({ start: at, end: at, text: lines.map((l) => l + e + own).join(''), order });
  } else if (ownLine) {
    // One line: it moves to the block's indentation (GNU: a level deeper than the braces).
    out.push({ start: head.endIndex, end: head.endIndex, text: open, order });
    out.push({ start: stmtLine, end: at, text: lines.map((l) => inner + l + e).join('') + inner, order });
  } else {
    out.push({ start: head.endIndex, end: at, text: `${open}${e}${lines.map((l) => inner + l + e).join('')}${inner}`, order });
  }
  // The closing brace on a line of its own after the statement (after a comment that ends its line).
  const end = stmt.endIndex;
  const lineEnd = src.lineEndIncludingEol(end - 1);
  const rest = src.text.slice(end, lineEnd);
  if (/^[ \t]*(\/\*.*\*\/|\/\/.*)?[ \t]*\r?\n$/.test(rest)) out.push({ start: lineEnd, end: lineEnd, text: `${braceIndent}}${e}`, order: 9 });
  else out.push({ start: end, end, text: `${e}${braceIndent}}`, order: 9 });
  return out;
}
