/**
 * Repairs of a damaged parse: `#if` groups whose alternative branches, read together, are not C
 * (blanked but for the branch a modern build compiles), and stand-alone macro calls.
 */
import type { LexInfo, CondGroup } from './lex';
import type { Hole } from './parse-view';
import type { Span } from './tree-sitter';
import { matchParen, skipSpace } from './macro-holes';
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
      const keep = activeBranch(g);
      for (let k = 0; k < g.branches.length; k++) {
        const b = g.branches[k];
        extra.push({ start: b.directive.start, end: b.directive.end, name: '#' + b.directive.kind, kind: 'directive' });
        if (k !== keep) extra.push({ start: b.bodyStart, end: b.bodyEnd, name: '#' + b.directive.kind, kind: 'branch' });
      }
      if (g.endif) extra.push({ start: g.endif.start, end: g.endif.end, name: '#endif', kind: 'directive' });
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
