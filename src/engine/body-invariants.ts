/**
 * Invariants of control flow: an inserted statement never leaves a braceless body's statement
 * outside it, and a macro's parameter is never shadowed by new code in its body.
 */
import type { ParsedFile, SyntaxNode } from '../core/parse';
import type { InvariantFile, InvariantViolation } from './invariant-types';
import { originalPlace } from './output-places';

const BODY_HOLDERS = new Set(['if_statement', 'else_clause', 'for_statement', 'while_statement']);

/** A `#define` that the rewrite gave a parameter name twice (`X(st, st, op)`: no compiler takes it). */
export function macroParamChecks(changed: InvariantFile[], place: (p: string, outOffset: number) => string): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const dups = (p: ParsedFile): { name: string; at: number }[] =>
    p.lex.directives.flatMap((d) => {
      if (d.kind !== 'define') return [];
      const m = /^([A-Za-z_]\w*)\(([^)]*)\)/.exec(d.rest);
      const params = m ? m[2].split(',').map((x) => x.trim()).filter((x) => x !== '') : [];
      return params.some((x, i) => params.indexOf(x) !== i) ? [{ name: m![1], at: d.start }] : [];
    });
  for (const f of changed) {
    if (!f.output) continue;
    const was = new Set(f.original ? dups(f.original).map((x) => x.name) : []);
    for (const d of dups(f.output)) {
      if (!was.has(d.name)) out.push({ path: f.path, offset: d.at, name: d.name, message: `macro ${d.name} at ${place(f.path, d.at)} would take a parameter name twice` });
    }
  }
  return out;
}

/**
 * Brace-less bodies followed by a statement at the body's own indentation
 * (`if (ok)\n    track(o);\n    return o;`): the second line reads as guarded and is not. A rewrite
 * that adds such a pair inserted a statement in front of a body that needed braces: more in the
 * output than in the original is a violation (the compiler only warns, -Wmisleading-indentation).
 */
export function bracelessBodyChecks(changed: InvariantFile[], place: (p: string, outOffset: number) => string): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const f of changed) {
    if (!f.original || !f.output) continue;
    const was = misleadingBodies(f.original).length;
    const now = misleadingBodies(f.output);
    if (now.length <= was) continue;
    const b = now.find((x) => !f.edits || originalPlace(f.edits, x.body).inserted) ?? now[now.length - 1];
    out.push({
      path: f.path,
      offset: b.statement,
      name: b.keyword,
      changesControlFlow: true,
      message: `a statement lands in the brace-less body of the '${b.keyword}' at ${place(f.path, b.control)}, and the statement after it at ${place(f.path, b.statement)} would no longer be guarded by it`,
    });
  }
  return out;
}

/** Brace-less bodies with a next statement indented like them: the offsets of the control, its body and the next statement. */
function misleadingBodies(p: ParsedFile): { control: number; body: number; statement: number; keyword: string }[] {
  const src = p.source;
  const text = src.text;
  const out: { control: number; body: number; statement: number; keyword: string }[] = [];
  const ownLine = (at: number): boolean => text.slice(src.lineStart(at), at).trim() === '';
  for (const c of p.tree.rootNode.descendantsOfType(['if_statement', 'for_statement', 'while_statement'])) {
    const alt = c.type === 'if_statement' ? c.childForFieldName('alternative') : null;
    const altBody = alt ? (alt.type === 'else_clause' ? alt.namedChildren.filter((x) => x.type !== 'comment').pop() : alt) : undefined;
    const body = alt ? altBody : c.type === 'if_statement' ? c.childForFieldName('consequence') : c.childForFieldName('body');
    if (!body || body.type === 'compound_statement' || body.type === 'if_statement' || !ownLine(body.startIndex)) continue;
    // The statement after the whole construct (climbing out of the bodies it is nested in).
    let n: SyntaxNode = c;
    let next: SyntaxNode | null = null;
    for (;;) {
      next = n.nextNamedSibling;
      while (next && next.type === 'comment') next = next.nextNamedSibling;
      if (next || !n.parent || !BODY_HOLDERS.has(n.parent.type)) break;
      n = n.parent;
    }
    if (!next || !ownLine(next.startIndex) || next.type === 'else_clause') continue;
    const keywordAt = alt ? alt.startIndex : c.startIndex;
    if (src.indentAt(next.startIndex) !== src.indentAt(body.startIndex) || src.indentAt(body.startIndex).length <= src.indentAt(keywordAt).length) continue;
    out.push({ control: keywordAt, body: body.startIndex, statement: next.startIndex, keyword: alt ? 'else' : c.type.replace('_statement', '') });
  }
  return out;
}
