/**
 * Invariants of the state: every `st->x` (also through a macro's argument) names a field of the
 * struct, and a function-level static that moved leaves no use in its function.
 */
import type { SyntaxNode } from '../core/parse';
import { defineParts, directiveAt } from '../core/lex';
import { argumentSpans } from '../model/init-macros';
import { indexIdentifiers } from '../model/identifiers';
import { fileScopeDeclarations } from '../model/file-scope';
import type { InvariantInput, InvariantViolation } from './invariant-types';
import { localNames } from './invariant-analysis';

/** `<struct> *st` functions of the changed files only name fields the state has. */
export function stateChecks(input: InvariantInput, place: (p: string, at: number) => string): InvariantViolation[] {
  const st = input.state;
  if (!st) return [];
  const out: InvariantViolation[] = [];
  const decl = (v: string): RegExp => new RegExp(`\\b${st.struct}\\s*\\*\\s*${v}\\b`);
  for (const f of input.files) {
    if (!f.output || f.output === f.original) continue;
    const text = f.output.source.text;
    const gaps = f.output.gaps;
    for (const m0 of text.matchAll(/\b(st|mod_st|module_st)\s*->\s*([A-Za-z_]\w*)/g)) {
      const m = [m0[0], m0[2]] as const;
      const index = m0.index!;
      if (st.fields.has(m[1]) || isGap(gaps, index)) continue;
      // `st->str_##S` in a macro that pastes names: the fields it forms start with that prefix.
      const end = index + m[0].length;
      if (/^\s*##/.test(text.slice(end, end + 8)) && [...st.fields].some((x) => x.startsWith(m[1]))) continue;
      // `st->type` with `type` a parameter of the macro: the field each call names, checked at the calls.
      const dir = directiveAt(f.output.lex, index);
      const parts = dir?.kind === 'define' ? defineParts(dir.rest) : undefined;
      const param = parts?.params?.indexOf(m[1]) ?? -1;
      if (parts && param !== -1) {
        const bad = macroArguments(input, parts.name, param).find((a) => !st.fields.has(a.text));
        if (bad) out.push({ path: bad.path, offset: bad.at, name: bad.text, message: `'${bad.text}' at ${place(bad.path, bad.at)} is given to ${parts.name}(), whose '${m0[1]}->${m[1]}' then names no field of ${st.struct}` });
        continue;
      }
      // Only where it is our state: a function that declares `<struct> *st`.
      const own = decl(m0[1]);
      let fn: SyntaxNode | null = f.output.tree.rootNode.descendantForIndex(index, index + 2);
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      const scope = fn ? text.slice(fn.startIndex, fn.endIndex) : '';
      if (!own.test(scope) && !(directiveAt(f.output.lex, index) && own.test(text))) continue;
      const at = index + m[0].length - m[1].length;
      out.push({ path: f.path, offset: at, name: m[1], message: `'${m0[1]}->${m[1]}' at ${place(f.path, at)} names no field of ${st.struct}` });
    }
  }
  return out;
}

/** The arguments at `index` of every call of the macro `name` in the output files. */
function macroArguments(input: InvariantInput, name: string, index: number): { path: string; at: number; text: string }[] {
  const out: { path: string; at: number; text: string }[] = [];
  for (const f of input.files) {
    if (!f.output) continue;
    const text = f.output.source.text;
    for (const m of text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))) {
      const d = directiveAt(f.output.lex, m.index!);
      if (d?.kind === 'define' && defineParts(d.rest)?.name === name) continue;
      const args = argumentSpans(text, m.index! + m[0].length - 1);
      const a = args?.[index];
      if (a) out.push({ path: f.path, at: a.at, text: a.text });
    }
  }
  return out;
}

function isGap(g: { inertStarts: number[]; inertEnds: number[] }, at: number): boolean {
  let lo = 0;
  let hi = g.inertStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.inertStarts[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && at < g.inertEnds[lo - 1];
}

/** A moved function-level static leaves no use in its function. */
export function movedLocalChecks(input: InvariantInput, place: (p: string, at: number) => string): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const m of input.movedLocals) {
    const f = input.files.find((x) => x.path === m.path);
    const p = f?.output;
    if (!p) continue;
    const fn = fileScopeDeclarations(p).find((d) => d.name === m.func && d.kind === 'value' && d.definition);
    if (!fn) continue;
    let node: SyntaxNode | null = p.tree.rootNode.descendantForIndex(fn.at, fn.at + m.func.length);
    while (node && node.type !== 'function_definition') node = node.parent;
    if (!node) continue;
    if (localNames(node).has(m.name)) continue; // still declared (another variable of that name)
    const hits = indexIdentifiers(p.source.text.slice(0, node.endIndex), p.gaps, (n) => n === m.name).get(m.name) ?? [];
    const text = p.source.text;
    const use = hits.find((at) => at >= node!.startIndex && !(text[at - 1] === '.' || (text[at - 1] === '>' && text[at - 2] === '-')));
    if (use !== undefined) out.push({ path: m.path, offset: use, name: m.name, message: `'${m.name}' moved into the state, but ${m.func}() still uses it at ${place(m.path, use)}` });
  }
  return out;
}
