/**
 * What the init body's removals leave behind, tidied: merged spans, orphaned labels, version groups
 * split by a removal, braces around a single statement left, macro line continuations kept aligned.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { FileModel } from '../../src/model/types';
import { findAll } from '../../src/model/walk';
import { nodeText } from '../../src/model/cnodes';

/**
 * Lines of a macro body keep their backslashes in the column they were aligned to: the padding
 * before the `\` of each line the replacements make longer or shorter takes up the difference
 * (spaces only, and at least one is left).
 */
export function continuationPadding(src: FileModel['source'], edits: { start: number; end: number; text: string }[]): { start: number; end: number; text: string }[] {
  const growth = new Map<number, number>();
  for (const r of edits) {
    const ls = src.lineStart(r.start);
    if (r.text.includes('\n') || src.lineStart(r.end) !== ls) continue;
    growth.set(ls, (growth.get(ls) ?? 0) + r.text.length - (r.end - r.start));
  }
  const out: { start: number; end: number; text: string }[] = [];
  for (const [ls, grow] of growth) {
    const end = src.lineEndIncludingEol(ls);
    const pad = / +\\\r?\n$/.exec(src.text.slice(ls, end));
    if (!pad || grow === 0) continue;
    const spaces = pad[0].length - pad[0].trimStart().length;
    if (spaces - grow < 1) continue;
    const at = end - pad[0].length;
    if (edits.some((r) => r.end > at && r.start < at + spaces)) continue;
    out.push({ start: at, end: at + spaces, text: ' '.repeat(spaces - grow) });
  }
  return out;
}

/**
 * A removed statement whose end a decided Python-version #if splits (`if (m == NULL)` / `#ifdef
 * HAVE_PY3K` / `return NULL;` / `#else` / `return;` / `#endif`): the dead branches and the #endif
 * go with it when nothing of the live branch follows, else the #else would be left without its #if.
 */
export function overSplitVersionGroups(file: FileModel, r: { start: number; end: number }): void {
  const text = file.source.text;
  for (const g of file.parsed.lex.groups) {
    if (g.includeGuard || g.resolvedBranch === undefined || g.resolvedBranch < 0 || !g.endif) continue;
    if (!(r.start <= g.start && g.start < r.end && r.end < g.end)) continue;
    const live = g.branches[g.resolvedBranch];
    if (r.end < live.bodyStart || r.end > live.bodyEnd || text.slice(r.end, live.bodyEnd).trim() !== '') continue;
    r.end = file.source.lineEndIncludingEol(g.endif.start);
  }
}

/**
 * The braces of `if (c) { ... }` (no else, `{` ending the `if` line, `}` on a line of its own,
 * no comment) whose statements the removals leave at exactly one.
 */
export function unbraceLeftSingles(body: SyntaxNode, removals: { start: number; end: number }[], src: FileModel['source']): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const removed = (n: SyntaxNode): boolean => removals.some((r) => n.startIndex >= r.start && n.endIndex <= r.end);
  for (const ifs of findAll(body, new Set(['if_statement']))) {
    if (ifs.childForFieldName('alternative') || ifs.parent?.type === 'else_clause') continue;
    const cond = ifs.childForFieldName('condition');
    const block = ifs.childForFieldName('consequence');
    if (!cond || !block || block.type !== 'compound_statement') continue;
    const kids = block.namedChildren;
    if (kids.some((k) => k.type === 'comment') || kids.filter((k) => !removed(k)).length !== 1 || kids.length < 2) continue;
    const left = kids.find((k) => !removed(k))!;
    if (left.type === 'declaration' || left.type === 'labeled_statement' || left.type === 'if_statement') continue;
    const text = src.text;
    const open = block.startIndex;
    const close = block.endIndex - 1;
    if (text.slice(cond.endIndex, open).trim() !== '' || text.slice(open + 1, src.lineEndIncludingEol(open)).trim() !== '') continue;
    if (text.slice(src.lineStart(close), close).trim() !== '' || text.slice(close + 1, src.lineEndIncludingEol(close)).trim() !== '') continue;
    if (removals.some((r) => r.start < src.lineEndIncludingEol(close) && r.end > src.lineStart(close))) continue;
    out.push({ start: cond.endIndex, end: open + 1 }, closingBraceLine(close, removals, src));
  }
  return out;
}

/**
 * The line of a block's closing brace, removed as the line break before it plus the brace
 * (`\n    }`) when nothing follows the brace: the removal then ends where the if statement ends, so
 * another transform's statement inserted after the if (the GC tracking of an object it created)
 * touches it instead of falling inside it. Otherwise (text after the brace, or the line before
 * already removed) the whole line.
 */
function closingBraceLine(close: number, removals: { start: number; end: number }[], src: FileModel['source']): { start: number; end: number } {
  const text = src.text;
  const lineStart = src.lineStart(close);
  const eol = text[lineStart - 2] === '\r' ? 2 : 1;
  const afterBrace = text[close + 1];
  const beforeTouched = removals.some((r) => r.start < lineStart && r.end > lineStart - eol);
  if (lineStart >= eol && (afterBrace === '\n' || afterBrace === '\r') && !beforeTouched) return { start: lineStart - eol, end: close + 1 };
  return { start: lineStart, end: src.lineEndIncludingEol(close) };
}

export function mergeSpans(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/**
 * Labels whose every `goto` goes with the removed statements (`if (m == NULL) goto exit;` after
 * PyModule_Create): left alone they would be unused labels, a new compiler warning. A label that
 * a macro body jumps to stays.
 */
export function orphanedLabels(body: SyntaxNode, removals: { start: number; end: number }[], file: FileModel): { start: number; end: number }[] {
  const text = file.source.text;
  const out: { start: number; end: number }[] = [];
  const gotos = findAll(body, new Set(['goto_statement']));
  for (const ls of findAll(body, new Set(['labeled_statement']))) {
    const labelNode = ls.childForFieldName('label');
    if (!labelNode) continue;
    const label = nodeText(labelNode, text);
    const jumps = gotos.filter((g) => nodeText(g.childForFieldName('label') ?? g, text) === label);
    if (jumps.length === 0 || !jumps.every((g) => removals.some((x) => g.startIndex >= x.start && g.endIndex <= x.end))) continue;
    if ([...file.macros.values()].some((m) => new RegExp(`\\bgoto\\s+${label}\\b`).test(m.body))) continue;
    const colon = text.indexOf(':', labelNode.endIndex);
    let end = colon + 1;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    const lineStart = file.source.lineStart(labelNode.startIndex);
    const alone = /^[ \t]*$/.test(text.slice(lineStart, labelNode.startIndex)) && (text[end] === '\n' || text[end] === '\r');
    out.push(alone ? { start: lineStart, end: file.source.lineEndIncludingEol(end) } : { start: labelNode.startIndex, end });
  }
  return out;
}
