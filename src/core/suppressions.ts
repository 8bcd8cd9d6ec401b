/**
 * Suppression comments: a human's recorded decision that a hazard is accepted.
 *
 *   static long calls;  // pyext-isolate: allow(checks/mutable-c-static): only read under calls_lock
 *
 *   // pyext-isolate: allow(checks/gilstate, checks/mutable-c-static): the callback runs in the main interpreter only
 *   static void on_event(void *arg) { ... }
 *
 * (block comments work the same way). *
 * A comment covers the lines it is on and the declaration or statement that begins on its line
 * (a trailing comment) or on the next line of code (a comment on lines of its own). One or more
 * rule ids, then a reason: both are required. This module only reads comments and matches
 * findings; which rule ids exist is the caller's knowledge (core knows no transforms).
 */
import type { Finding, Accepted } from './findings';
import type { ParsedFile, SyntaxNode } from './parse';
import { inertIndexAt } from './lex';

export type { Accepted };

export interface Suppression {
  file: string;
  /** Where the comment starts (1-based line, byte column). */
  line: number;
  col: number;
  /** The lines whose findings it covers (inclusive). */
  fromLine: number;
  toLine: number;
  /** Known rule ids it accepts (unknown ones are reported, not kept). */
  rules: string[];
  reason: string;
}

/** A comment that looks like a suppression but cannot be one, with what is wrong. */
export interface SuppressionError {
  file: string;
  line: number;
  col: number;
  message: string;
  suggestion: string;
}

export interface FileSuppressions {
  suppressions: Suppression[];
  errors: SuppressionError[];
}


export const SUPPRESSION_SYNTAX = '/* pyext-isolate: allow(<rule-id>[, <rule-id>...]): <reason> */';

/** `pyext-isolate: <word>(`: the start of a directive; other mentions of the tool (generated notes) are not. */
const DIRECTIVE = /^pyext-isolate:[ \t]*([A-Za-z][A-Za-z-]*)[ \t]*\(/;

const cache = new WeakMap<ParsedFile, { known: ReadonlySet<string>; result: FileSuppressions }>();

/** The suppression comments of a parsed file, validated against the known rule ids (memoised per file). */
export function suppressionsOf(parsed: ParsedFile, knownRules: ReadonlySet<string>): FileSuppressions {
  const hit = cache.get(parsed);
  if (hit && hit.known === knownRules) return hit.result;
  const result = readSuppressions(parsed, knownRules);
  cache.set(parsed, { known: knownRules, result });
  return result;
}

export function readSuppressions(parsed: ParsedFile, knownRules: ReadonlySet<string>): FileSuppressions {
  const out: FileSuppressions = { suppressions: [], errors: [] };
  const { source, lex } = parsed;
  const text = source.text;
  if (!text.includes('pyext-isolate:')) return out;
  for (const start of lex.commentStarts) {
    const idx = inertIndexAt(lex, start);
    const end = idx >= 0 ? lex.inertEnds[idx] : text.length;
    const body = commentBody(text.slice(start, end));
    const m = DIRECTIVE.exec(body);
    if (!m) continue;
    const at = source.position(start);
    const error = (message: string): void => {
      out.errors.push({ file: source.path, line: at.line, col: at.col, message, suggestion: `write it as ${SUPPRESSION_SYNTAX}` });
    };
    if (m[1] !== 'allow') {
      error(`unknown pyext-isolate directive '${m[1]}' in a comment (the only one is 'allow')`);
      continue;
    }
    const close = body.indexOf(')', m[0].length);
    if (close === -1) {
      error('suppression comment without a closing parenthesis');
      continue;
    }
    const ids = body.slice(m[0].length, close).split(',').map((s) => s.trim()).filter((s) => s !== '');
    const after = body.slice(close + 1);
    const reason = /^[ \t]*:/.test(after) ? after.replace(/^[ \t]*:/, '').replace(/\s+/g, ' ').trim() : '';
    if (ids.length === 0) {
      error('suppression comment names no rule id');
      continue;
    }
    const unknown = ids.filter((id) => !knownRules.has(id));
    for (const id of unknown) {
      const near = closest(id, [...knownRules]);
      out.errors.push({
        file: source.path,
        line: at.line,
        col: at.col,
        message: `suppression comment names unknown rule '${id}'${near ? `: did you mean '${near}'?` : ''}`,
        suggestion: "use a rule id as `pyext-isolate rules` lists it; a finding's rule id is printed after its severity",
      });
    }
    if (reason === '') {
      error(`suppression of ${ids.join(', ')} gives no reason: a reason after the closing parenthesis is required`);
      continue;
    }
    const rules = ids.filter((id) => knownRules.has(id));
    if (rules.length === 0) continue;
    const endPos = source.position(Math.max(start, end - 1));
    const covered = coveredEnd(parsed, start, end);
    out.suppressions.push({
      file: source.path,
      line: at.line,
      col: at.col,
      fromLine: at.line,
      toLine: Math.max(endPos.line, covered === undefined ? endPos.line : source.position(covered).line),
      rules,
      reason,
    });
  }
  return out;
}

/** The comment's text without its delimiters and the leading `*` of continuation lines. */
function commentBody(comment: string): string {
  if (comment.startsWith('//')) return comment.slice(2).trim();
  return comment
    .replace(/^\/\*+/, '')
    .replace(/\*+\/$/, '')
    .split('\n')
    .map((l) => l.replace(/^\s*\*(?!\/)\s?/, ''))
    .join('\n')
    .trim();
}

/**
 * The last byte of the declaration or statement the comment belongs to: the one that begins on
 * the comment's line before it or after it (trailing comment), else the one that begins at the
 * next code after it (a comment on lines of its own).
 */
function coveredEnd(parsed: ParsedFile, start: number, end: number): number | undefined {
  const text = parsed.parseText;
  const lineStart = text.lastIndexOf('\n', start - 1) + 1;
  const codeBefore = firstCode(parsed, lineStart, start);
  const at = codeBefore ?? firstCode(parsed, end, text.length);
  if (at === undefined) return undefined;
  const node = outermostStartingAt(parsed.tree.rootNode.descendantForIndex(at), at);
  return node ? Math.max(at, node.endIndex - 1) : undefined;
}

/** The first byte in [from, to) of the parse view that is neither space nor inside a comment. */
function firstCode(parsed: ParsedFile, from: number, to: number): number | undefined {
  const text = parsed.parseText;
  let i = from;
  while (i < to) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11) {
      i++;
      continue;
    }
    if (c === 47 && (text[i + 1] === '*' || text[i + 1] === '/')) {
      const k = inertIndexAt(parsed.lex, i);
      if (k >= 0 && parsed.lex.inertStarts[k] === i) {
        i = parsed.lex.inertEnds[k];
        continue;
      }
    }
    return i;
  }
  return undefined;
}

function outermostStartingAt(node: SyntaxNode | null, at: number): SyntaxNode | undefined {
  if (!node) return undefined;
  let n: SyntaxNode = node;
  while (n.parent && n.parent.startIndex === at && n.parent.type !== 'translation_unit') n = n.parent;
  return n.type === 'translation_unit' ? undefined : n;
}

/**
 * Marks each finding that a suppression covers (same file, a covered line, a listed rule) as
 * accepted, and returns the suppressions that accepted something.
 */
export function applySuppressions(findings: Finding[], suppressions: Suppression[]): Set<Suppression> {
  const used = new Set<Suppression>();
  if (suppressions.length === 0) return used;
  const byFile = new Map<string, Suppression[]>();
  for (const s of suppressions) {
    if (!byFile.has(s.file)) byFile.set(s.file, []);
    byFile.get(s.file)!.push(s);
  }
  for (const f of findings) {
    const list = byFile.get(f.file);
    if (!list) continue;
    for (const s of list) {
      if (f.line < s.fromLine || f.line > s.toLine || !s.rules.includes(f.rule)) continue;
      used.add(s);
      if (!f.accepted) f.accepted = { kind: 'comment', justification: s.reason, by: `${s.file}:${s.line}` };
    }
  }
  return used;
}

/** The candidate nearest to `word` by edit distance, when it is near enough to be a typo. */
export function closest(word: string, candidates: string[]): string | undefined {
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 4)) ? best : undefined;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}
