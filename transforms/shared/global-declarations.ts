/**
 * Removing a moved global's declaration: once for declarations several moved globals share, with its
 * `extern` declarations in headers, an `#if` group it leaves empty, and the macro that declared it;
 * one declarator of a list with its comma.
 * Shared by the transforms that move globals and statics into the state.
 */
import type { GlobalVar, FileModel } from '../../src/model/types';
import type { TransformContext } from '../types';
import { statementRemoval, leadingComment, withoutDoubleBlank, spanOf } from '../../src/plan/text-util';
import { branchesAt, type CondGroup } from '../../src/core/lex';

/** `#define DECLARE_STRING(S) ...` goes with the last of the declarations it made. */
export function removeDeclaringMacro(g: GlobalVar, ctx: TransformContext): void {
  const m = g.file.macros.get(g.declaredBy!);
  if (!m || m.file) return;
  const declared = g.file.globals.filter((x) => x.declaredBy === m.name);
  if (!declared.every((x) => ctx.movingGlobals.has(x)) || declared[declared.length - 1] !== g) return;
  const doc = leadingComment(g.file.source, m.start);
  ctx.replace(g.file, ...spanOf(statementRemoval(g.file.source, doc ? doc.start : m.start, m.end)), '');
}

const removedStatements = new WeakMap<TransformContext, Set<string>>();

/** Removes the declaration; declarations shared by several moved globals are removed once. */
export function removeGlobalDeclaration(g: GlobalVar, ctx: TransformContext): void {
  let done = removedStatements.get(ctx);
  if (!done) removedStatements.set(ctx, (done = new Set()));
  const key = `${g.file.path}:${g.declStart}`;
  if (done.has(key)) return;
  const siblings = ctx.ext.globals.filter((x) => x.file === g.file && x.declStart === g.declStart);
  const allMoved = siblings.every((x) => ctx.movingGlobals.has(x));
  const remove = (file: FileModel, s: number, e: number): void => ctx.replace(file, ...spanOf(statementRemoval(file.source, s, e)), '');
  // `#ifdef X` around nothing but moved declarations: the whole group goes (the fields keep X).
  const group = allMoved && g.scope === 'file' ? emptiedGroup(g, ctx) : undefined;
  if (group) {
    done.add(key);
    const gkey = `${g.file.path}:#if:${group.start}`;
    if (!done.has(gkey)) {
      done.add(gkey);
      const src = g.file.source;
      ctx.replace(g.file, ...spanOf(withoutDoubleBlank(src, { start: src.lineStart(group.start), end: src.lineEndIncludingEol(group.endif!.end) })), '');
    }
  } else if (allMoved) {
    done.add(key);
    // The comment that documented it moves into the state struct with it.
    const doc = g.scope === 'file' && siblings.length === 1 ? leadingComment(g.file.source, g.declStart) : undefined;
    remove(g.file, doc ? doc.start : g.declStart, g.declEnd);
  } else removeDeclaration(g, ctx, remove, siblings.map((x) => ({ declaratorStart: x.declaratorStart, declaratorEnd: x.declaratorEnd, kept: !ctx.movingGlobals.has(x) })));
  removeExternDeclarations(g, ctx);
}

/** `extern PyObject *X;` declarations of a moved global in headers of the extension. */
export function removeExternDeclarations(g: GlobalVar, ctx: TransformContext): void {
  let done = removedStatements.get(ctx);
  if (!done) removedStatements.set(ctx, (done = new Set()));
  const remove = (file: FileModel, s: number, e: number): void => ctx.replace(file, ...spanOf(statementRemoval(file.source, s, e)), '');
  for (const f of ctx.ext.files) {
    for (const d of f.externDecls) {
      if (d.name !== g.name) continue;
      const moving = (name: string): boolean => ctx.ext.globals.some((x) => x.name === name && ctx.movingGlobals.has(x));
      const others = f.externDecls.filter((x) => x.declStart === d.declStart).map((x) => ({ declaratorStart: x.declaratorStart, declaratorEnd: x.declaratorEnd, kept: !moving(x.name) }));
      // The whole statement goes once when all it declares moves; else each moving name's declarator goes.
      const whole = d.siblings <= 1 || (others.length === d.siblings && others.every((o) => !o.kept));
      const k = whole ? `${f.path}:${d.declStart}` : `${f.path}:${d.declStart}:${d.declaratorStart}`;
      if (done.has(k)) continue;
      done.add(k);
      // The comment that documented the declaration would be left describing nothing.
      const doc = whole ? leadingComment(f.source, d.declStart) : undefined;
      if (whole) remove(f, doc ? doc.start : d.declStart, d.declEnd);
      else removeDeclaration({ file: f, declStart: d.declStart, declEnd: d.declEnd, declaratorStart: d.declaratorStart, declaratorEnd: d.declaratorEnd, siblings: d.siblings }, ctx, remove, others);
    }
  }
}

/**
 * The innermost `#if` group around `g` (one branch, no `#else`) when the declarations moving out
 * of it leave nothing in it but blank lines.
 */
function emptiedGroup(g: GlobalVar, ctx: TransformContext): CondGroup | undefined {
  const lx = g.file.parsed.lex;
  // A Python-version group compiled on every supported version counts too (`#if PY_MAJOR_VERSION >= 3`
  // around nothing but the moved declaration would be left empty).
  const inner = branchesAt(lx, g.declStart).at(-1) ?? lx.groups.filter((x) => !x.includeGuard && x.resolvedBranch === 0 && g.declStart >= x.start && g.declStart < x.end).sort((a, b) => b.depth - a.depth)[0]?.branches[0];
  const group = inner && lx.groups.find((x) => x.branches.length === 1 && x.branches[0] === inner);
  if (!group?.endif) return undefined;
  const src = g.file.source;
  const b = group.branches[0];
  let rest = src.text.slice(b.bodyStart, b.bodyEnd);
  const moved = ctx.ext.globals.filter((x) => x.file === g.file && x.scope === 'file' && x.declStart >= b.bodyStart && x.declEnd <= b.bodyEnd);
  for (const x of moved) {
    if (!ctx.movingGlobals.has(x)) return undefined;
    const sibs = moved.filter((y) => y.declStart === x.declStart);
    const doc = sibs.length === 1 ? leadingComment(src, x.declStart) : undefined;
    const span = statementRemoval(src, doc ? doc.start : x.declStart, x.declEnd);
    rest = rest.slice(0, span.start - b.bodyStart) + ' '.repeat(span.end - span.start) + rest.slice(span.end - b.bodyStart);
  }
  return moved.length > 0 && rest.trim() === '' ? group : undefined;
}


/** Removes a variable's declaration (the whole statement, or its declarator in a list). */
export function removeDeclaration(
  g: Pick<GlobalVar, 'file' | 'declStart' | 'declEnd' | 'declaratorStart' | 'declaratorEnd' | 'siblings'>,
  ctx: TransformContext,
  removeStatement: (file: FileModel, s: number, e: number) => void,
  others?: { declaratorStart: number; declaratorEnd: number; kept: boolean }[],
): void {
  if (g.siblings <= 1) {
    removeStatement(g.file, g.declStart, g.declEnd);
    return;
  }
  const text = g.file.source.text;
  // A declarator starts at its first `*` (`*a`): the name's offset moved back over them.
  const starOf = (at: number): number => {
    let s = at;
    while (s > g.declStart && text[s - 1] === '*') s--;
    return s;
  };
  // The declaration's other declarators, in order, with whether they stay: with several of them
  // going, each takes the comma on the side of a declarator that stays, so no two removals overlap
  // (`static PyObject *kept, *a, *b;`: `, *a` and `, *b`; `*a, *b, *kept`: `*a, ` and `*b, `).
  if (others && others.length > 0) {
    const all = [...others.filter((o) => o.declaratorStart !== g.declaratorStart), { declaratorStart: g.declaratorStart, declaratorEnd: g.declaratorEnd, kept: false }].sort((a, b) => a.declaratorStart - b.declaratorStart);
    const i = all.findIndex((o) => o.declaratorStart === g.declaratorStart);
    if (all.slice(i + 1).some((o) => o.kept)) {
      ctx.replace(g.file, starOf(g.declaratorStart), starOf(all[i + 1].declaratorStart), '');
      return;
    }
    if (i > 0) {
      ctx.replace(g.file, all[i - 1].declaratorEnd, g.declaratorEnd, '');
      return;
    }
  }
  // `static PyObject *a, *b;`: drop `*b` with the comma before it, or `*a,` with the comma after.
  let s = starOf(g.declaratorStart);
  let e = g.declaratorEnd;
  const after = text.slice(e, g.declEnd);
  const m = /^\s*,\s*/.exec(after);
  if (m) e += m[0].length;
  else {
    const before = text.slice(g.declStart, s);
    const c = before.lastIndexOf(',');
    if (c !== -1) s = g.declStart + c;
  }
  ctx.replace(g.file, s, e, '');
}
