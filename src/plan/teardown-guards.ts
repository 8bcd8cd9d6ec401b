/**
 * On a teardown path the state may be NULL (plan/teardown.ts): after every transform has written
 * its uses of `st`, each one is skipped when there is no state. A condition becomes
 * `st != NULL && (...)`, a statement gets `if (st != NULL) ` in front, and one that reads an object
 * field (which m_clear may have emptied) also waits for the field. Passing `st` on to a helper
 * needs nothing: that helper guards its own uses.
 */
import type { FunctionInfo } from '../model/types';
import type { SyntaxNode } from '../core/parse';
import type { TransformContext } from '../../transforms/types';
import { guardSpot, nullTest } from './teardown';
import { functionStyle } from './code-style';
import { RewriteRefusal } from './refusal';

type StateEdit = TransformContext['edits'][number];

export function guardTeardownUses(ctx: TransformContext, f: FunctionInfo): void {
  const st = ctx.plan.stateVar(f);
  const n = ctx.plan.names;
  const stRe = new RegExp(`\\b${st}\\b`);
  const edits = ctx.edits.filter((e) => e.file === f.file.path && e.start > f.bodyStart && e.end < f.bodyEnd && stRe.test(e.text) && !e.text.includes(`${n.struct} *`) && !passesOn(ctx, f, e, st));
  if (edits.length === 0) return;
  const guarded = (cond: SyntaxNode): boolean => edits.some((e) => e.start >= cond.startIndex && e.start < cond.endIndex);
  const objectFields = new Set(ctx.plan.fields.filter((x) => x.owns === 'strong' || /\b(PyObject|PyTypeObject)\b/.test(x.ctype)).map((x) => x.name));
  const conditions = new Map<number, { ifNode: SyntaxNode; fields: Set<string> }>();
  const statements = new Map<number, { node: SyntaxNode; state: boolean; fields: Set<string> }>();
  const text = f.file.source.text;
  for (const e of edits) {
    const spot = guardSpot(f.file, e.start, guarded);
    if (spot.kind === 'none') throw new RewriteRefusal(`${f.name}() uses the state on a teardown path where it cannot be skipped (${spot.reason})`, f.file, e.start);
    const read = readFields(e, text, st, objectFields);
    if (spot.kind === 'condition') {
      const c = conditions.get(spot.ifNode.id) ?? { ifNode: spot.ifNode, fields: new Set<string>() };
      const cond = spot.ifNode.childForFieldName('condition')!;
      const condText = editedSlice(ctx, f, cond.startIndex, cond.endIndex);
      for (const x of read) if (!nullTest(condText, `${st}->${x}`)) c.fields.add(x);
      conditions.set(spot.ifNode.id, c);
      continue;
    }
    const node = spot.statement;
    const s = statements.get(node.id) ?? { node, state: false, fields: new Set<string>() };
    if (spot.kind === 'statement') s.state = true;
    // In the body of a guarded if, a field that its condition tests is not NULL there.
    const tested = spot.kind === 'covered' ? editedSlice(ctx, f, spot.ifNode.childForFieldName('condition')!.startIndex, spot.ifNode.childForFieldName('condition')!.endIndex) : '';
    for (const x of read) if (!(spot.kind === 'covered' && (conditions.get(spot.ifNode.id)?.fields.has(x) || positiveTest(tested, `${st}->${x}`)))) s.fields.add(x);
    if (s.state || s.fields.size > 0) statements.set(node.id, s);
  }
  for (const { ifNode, fields } of conditions.values()) {
    const inner = ifNode.childForFieldName('condition')!.namedChildren[0];
    const wrap = needsParens(inner, text);
    const checks = [`${st} != NULL`, ...[...fields].map((x) => `${st}->${x} != NULL`)].join(' && ');
    ctx.insert(f.file, inner.startIndex, `${checks} && ${wrap ? '(' : ''}`, -1);
    if (wrap) ctx.insert(f.file, inner.endIndex, ')', 9);
  }
  for (const s of statements.values()) {
    // A statement a guarded if already keeps from running without the state waits for its fields only.
    if (!s.state && !standsAlone(s.node)) throw new RewriteRefusal(`${f.name}() reads an object field on a teardown path in a statement that cannot be guarded`, f.file, s.node.startIndex);
    const checks = [...(s.state ? [`${st} != NULL`] : []), ...[...s.fields].map((x) => `${st}->${x} != NULL`)].join(' && ');
    guardStatement(ctx, f, s.node, `if (${checks})`);
  }
}

/** `head` (an `if (...)`) before a statement, with the statement as its body in the function's style. */
function guardStatement(ctx: TransformContext, f: FunctionInfo, stmt: SyntaxNode, head: string): void {
  const src = f.file.source;
  const e = src.eol;
  const ls = src.lineStart(stmt.startIndex);
  // Not first on its line (`case X: stmt;`): the guard goes inline.
  if (src.text.slice(ls, stmt.startIndex).trim() !== '') {
    ctx.insert(f.file, stmt.startIndex, `${head} `, -1);
    return;
  }
  const indent = src.text.slice(ls, stmt.startIndex);
  const u = src.indentUnit;
  const style = functionStyle(f);
  if (!style.bracesForSingle) {
    ctx.insert(f.file, stmt.startIndex, `${head}${e}${indent}${u}`, -1);
    return;
  }
  const open = style.blockBrace === 'same' ? `${head} {${e}${indent}${u}` : style.blockBrace === 'next' ? `${head}${e}${indent}{${e}${indent}${u}` : `${head}${e}${indent}${u}{${e}${indent}${u}${u}`;
  const close = style.blockBrace === 'gnu' ? `${e}${indent}${u}}` : `${e}${indent}}`;
  ctx.insert(f.file, stmt.startIndex, open, -1);
  ctx.insert(f.file, stmt.endIndex, close, 9);
}

/** A statement that `if (...) ` in front of keeps its meaning: in a block or case, an else, or the body of an if without else. */
function standsAlone(n: SyntaxNode): boolean {
  const p = n.parent;
  if (!p) return false;
  if (p.type === 'compound_statement' || p.type === 'case_statement' || p.type === 'else_clause') return true;
  return p.type === 'if_statement' && p.childForFieldName('consequence')?.id === n.id && !p.childForFieldName('alternative');
}

/** The condition tests `expr` for not being NULL (`expr`, `expr != NULL` as an operand of `&&`). */
function positiveTest(cond: string, expr: string): boolean {
  const e = expr.replace(/[^\w>-]/g, '').replace(/-/g, '\\-');
  if (/\|\|/.test(cond)) return false;
  return new RegExp(`(?:^|\\(|&&)\\s*${e}\\s*(?:!=\\s*NULL\\s*)?(?:$|\\)|&&)`).test(cond);
}

/** `st` passed on as an argument of a helper that takes the state (it guards its own uses). */
function passesOn(ctx: TransformContext, f: FunctionInfo, e: StateEdit, st: string): boolean {
  if (!new RegExp(`^\\s*,?\\s*${st}\\s*,?\\s*$`).test(e.text)) return false;
  let node: SyntaxNode | null = f.file.parsed.tree.rootNode.descendantForIndex(e.start, e.start);
  while (node && node.type !== 'argument_list' && node.type !== 'compound_statement') node = node.parent;
  const call = node?.type === 'argument_list' ? node.parent : null;
  const callee = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (!callee || callee.type !== 'identifier') return false;
  const g = ctx.ext.functionsByName.get(f.file.source.text.slice(callee.startIndex, callee.endIndex));
  const kind = g ? ctx.accessOf(g).kind : undefined;
  return kind === 'param' || kind === 'module-split';
}

/** Object fields an edit reads (`st->F`, not the target of an assignment). */
function readFields(e: StateEdit, text: string, st: string, objectFields: Set<string>): string[] {
  const out: string[] = [];
  for (const m of e.text.matchAll(new RegExp(`\\b${st}->(\\w+)`, 'g'))) {
    if (!objectFields.has(m[1])) continue;
    const assigned = m.index! + m[0].length === e.text.length && /^\s*=(?!=)/.test(text.slice(e.end));
    if (!assigned) out.push(m[1]);
  }
  return out;
}

/** The source between two offsets with the edits inside it applied (enough to read a condition). */
function editedSlice(ctx: TransformContext, f: FunctionInfo, start: number, end: number): string {
  const inside = ctx.edits.filter((e) => e.file === f.file.path && e.start >= start && e.end <= end).sort((a, b) => a.start - b.start || a.end - b.end);
  let out = '';
  let at = start;
  for (const e of inside) {
    if (e.start < at) continue;
    out += f.file.source.text.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + f.file.source.text.slice(at, end);
}

/** An expression that `a && ` in front would bind differently: `||`, `?:`, an assignment, a comma. */
function needsParens(n: SyntaxNode, text: string): boolean {
  if (n.type === 'conditional_expression' || n.type === 'assignment_expression' || n.type === 'comma_expression') return true;
  if (n.type === 'binary_expression') {
    const op = n.childForFieldName('operator');
    return !!op && text.slice(op.startIndex, op.endIndex) === '||';
  }
  return false;
}
