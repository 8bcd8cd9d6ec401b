/**
 * Repairs of a damaged parse: `#if` groups whose alternative branches, read together, are not C
 * (blanked but for the branch a modern build compiles), and stand-alone macro calls. Groups the
 * lexical pre-scan can already tell apart are repaired before the first parse (`predictedRepairs`);
 * the others once a parse shows damage at them (`repairHoles`).
 */
import type { LexInfo, CondGroup } from './lex';
import type { Hole } from './parse-view';
import { lastStartingAtOrBefore } from './search';
import type { Span } from './tree-sitter';
import { matchParen, skipSpace } from './macro-scan';
import { activeBranch } from './version-conditions';

/**
 * Holes that may repair the damage: the alternative branches (and the directive lines) of
 * `#if` groups that touch an ERROR span, and ALL_CAPS macro calls standing alone where the
 * error starts (`BITWISE_FUNC(and, &)` at file scope).
 */
export function repairHoles(text: string, lx: LexInfo, damage: Span[], existing: Hole[], blankedGroups: CondGroup[]): Hole[] {
  const extra: Hole[] = [];
  const done = new Set(blankedGroups);
  for (const span of damage) {
    for (const g of lx.groups) {
      if (done.has(g)) continue;
      if (g.end <= span.start - 1 || g.start > span.end) continue;
      if (g.end === Number.MAX_SAFE_INTEGER) continue;
      done.add(g);
      blankedGroups.push(g);
      extra.push(...groupHoles(g));
    }
    // A lone macro call such as `FOO_DEFINE(a, b)` with no semicolon.
    const m = /^[A-Z][A-Z0-9_]*\s*\(/.exec(text.slice(span.start, span.start + 80));
    if (m && !existing.some((h) => h.start === span.start)) {
      const open = span.start + m[0].length - 1;
      const close = matchParen(text, open, lx);
      if (close !== -1) {
        const after = skipSpace(text, close + 1);
        if (text[after] !== ';' && text[after] !== ',') extra.push({ start: span.start, end: close + 1, name: m[0].replace(/\s*\($/, ''), kind: 'repair' });
      }
    }
  }
  return extra;
}

/** The directive lines of a group and every branch but the one a modern build compiles. */
function groupHoles(g: CondGroup): Hole[] {
  const out: Hole[] = [];
  const keep = activeBranch(g);
  for (let k = 0; k < g.branches.length; k++) {
    const b = g.branches[k];
    out.push({ start: b.directive.start, end: b.directive.end, name: '#' + b.directive.kind, kind: 'directive' });
    if (k !== keep) out.push({ start: b.bodyStart, end: b.bodyEnd, name: '#' + b.directive.kind, kind: 'branch' });
  }
  if (g.endif) out.push({ start: g.endif.start, end: g.endif.end, name: '#endif', kind: 'directive' });
  return out;
}

/**
 * Groups that cannot parse with their directives in place, told from the parse view alone: a
 * branch that opens braces or parentheses it does not close (or closes ones it did not open),
 * begins or ends with `else`, ends with a label (`fail:`), ends a declarator whose body follows
 * the `#endif` (`#if X / f(int a) / #else / f(long a) / #endif / {`), or ends with `)` at file
 * scope, where no declaration does (an attribute before the declaration it qualifies, a macro
 * call without a semicolon). Their repair is certain to be needed, so it goes into the first
 * parse instead of a second one; anything less certain is left to `repairHoles`, so that the
 * view stays the one a parse-then-repair would choose.
 */
export function predictedRepairs(view: string, lx: LexInfo, blankedGroups: CondGroup[]): Hole[] {
  const out: Hole[] = [];
  for (const g of lx.groups) {
    if (g.includeGuard || g.resolvedBranch !== undefined || g.end === Number.MAX_SAFE_INTEGER || !g.endif) continue;
    // Each group's branches are scanned whole, nested groups with them: deeper groups are left to
    // repairHoles, so that 10,000 nested #ifs cost a few scans of the file, not 10,000.
    if (g.depth >= MAX_PREDICTED_DEPTH) continue;
    // Directives inside initializers are blanked already (both branches read as list items), and a
    // group inside a blanked span is not code.
    if (g.branches[0].directive.inInitializer || view.charCodeAt(g.branches[0].directive.start + leadingSpace(view, g.branches[0].directive.start)) !== HASH) continue;
    const fileScope = g.branches[0].directive.braceDepth === 0;
    if (!g.branches.some((b) => splitsConstruct(branchShape(view, lx, b.bodyStart, b.bodyEnd), fileScope, () => nextToken(view, lx, g.endif!.end)))) continue;
    blankedGroups.push(g);
    out.push(...groupHoles(g));
  }
  return out;
}

const HASH = 35;
const MAX_PREDICTED_DEPTH = 16;

function leadingSpace(view: string, at: number): number {
  let n = 0;
  while (view.charCodeAt(at + n) === 32 || view.charCodeAt(at + n) === 9) n++;
  return n;
}

/** What a branch holds, token-wise: its first tokens and last statement, and its bracket balance. */
interface BranchShape {
  first?: string;
  last?: string;
  /** The tokens after the last `;`, `{` or `}` (its first two, and a third when there are more). */
  lastStatement: string[];
  braces: number;
  minBraces: number;
  parens: number;
  minParens: number;
}

function splitsConstruct(s: BranchShape, fileScope: boolean, after: () => string | undefined): boolean {
  if (s.first === undefined) return false;
  if (s.braces !== 0 || s.minBraces < 0 || s.parens !== 0 || s.minParens < 0) return true;
  if (s.first === 'else' || s.last === 'else') return true;
  const st = s.lastStatement;
  if (st.length === 2 && st[1] === ':' && /^[A-Za-z_]\w*$/.test(st[0]) && st[0] !== 'default') return true;
  return s.last === ')' && (fileScope || after() === '{');
}

function isWordChar(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
}

/**
 * Calls `visit` with the span of each token of `view` in [start, end), directive lines and
 * comments skipped (a literal is one token), until it returns true. Spans, not strings: most
 * tokens are only counted.
 */
function eachToken(view: string, lx: LexInfo, start: number, end: number, visit: (from: number, to: number) => boolean | void): void {
  let d = Math.max(0, lastStartingAtOrBefore(lx.directives, start, (x) => x.start));
  let k = Math.max(0, lastStartingAtOrBefore(lx.inertStarts, start, (x) => x));
  let i = start;
  while (i < end) {
    while (d < lx.directives.length && lx.directives[d].end <= i) d++;
    if (d < lx.directives.length && lx.directives[d].start <= i) {
      i = lx.directives[d].end;
      continue;
    }
    while (k < lx.inertStarts.length && lx.inertEnds[k] <= i) k++;
    if (k < lx.inertStarts.length && lx.inertStarts[k] <= i) {
      const from = lx.inertStarts[k];
      const next = view.charCodeAt(from + 1);
      const comment = view.charCodeAt(from) === 47 /* / */ && (next === 42 /* * */ || next === 47);
      i = lx.inertEnds[k];
      if (!comment && visit(from, i)) return;
      continue;
    }
    const c = view.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13 || c === 12 || c === 11 || c === 92 /* \ */) {
      i++;
      continue;
    }
    let j = i + 1;
    if (isWordChar(c)) while (j < end && isWordChar(view.charCodeAt(j))) j++;
    if (visit(i, j)) return;
    i = j;
  }
}

function branchShape(view: string, lx: LexInfo, start: number, end: number): BranchShape {
  const s: BranchShape = { braces: 0, minBraces: 0, parens: 0, minParens: 0, lastStatement: [] };
  let first = -1;
  let lastFrom = -1;
  let lastTo = -1;
  let statement: number[] = []; // from, to of its first tokens
  eachToken(view, lx, start, end, (from, to) => {
    if (first === -1) first = from;
    if (first === from) s.first = view.slice(from, to);
    lastFrom = from;
    lastTo = to;
    const c = to - from === 1 ? view.charCodeAt(from) : 0;
    if (c === 59 /* ; */ || c === 123 /* { */ || c === 125 /* } */) statement = [];
    else if (statement.length < 6) statement.push(from, to);
    else {
      // Only its first two tokens, and whether there are more, matter.
      statement[4] = from;
      statement[5] = to;
    }
    if (c === 123) s.braces++;
    else if (c === 125) s.minBraces = Math.min(s.minBraces, --s.braces);
    else if (c === 40 /* ( */) s.parens++;
    else if (c === 41 /* ) */) s.minParens = Math.min(s.minParens, --s.parens);
  });
  if (lastFrom !== -1) s.last = view.slice(lastFrom, lastTo);
  for (let k = 0; k < statement.length; k += 2) s.lastStatement.push(view.slice(statement[k], statement[k + 1]));
  return s;
}

/** The first token at or after `at` (outside directives and comments). */
function nextToken(view: string, lx: LexInfo, at: number): string | undefined {
  let out: string | undefined;
  eachToken(view, lx, at, view.length, (from, to) => {
    out = view.slice(from, to);
    return true;
  });
  return out;
}
