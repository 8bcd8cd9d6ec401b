/**
 * The exec function's parameter: named in the converted init's head, and freed of Py_UNUSED() once
 * code uses it; read from the body with every edit requested so far applied.
 */
import type { FileModel, FunctionInfo } from '../model/types';
import type { TransformContext } from '../../transforms/types';
import { applyEdits, selectEdits } from '../core/edits';
import { branchesAt, isInert } from '../core/lex';

/**
 * `PyInit_x(void)` -> `x_exec(PyObject *m)`; the parameter is marked `Py_UNUSED` when nothing in
 * the converted body uses the module (-Wunused-parameter would flag it).
 */
export function renameExec(ctx: TransformContext, exec: FunctionInfo, header: { start: number; end: number; prefix: string }, param: string): void {
  const used = usedInEditedBody(ctx, exec, param);
  ctx.replace(exec.file, header.start, header.end, `${header.prefix}${ctx.plan.names.exec}(PyObject *${used ? param : `Py_UNUSED(${param})`})`);
}

/**
 * A module used in exec only under #if (`#ifdef X` around the constants it adds): a build without X
 * would warn that the parameter is unused, and Py_UNUSED() would rename it for the builds that use
 * it. `(void)m;` on a line of its own above the body's last `return 0;` uses it in every build; a
 * later run that adds an unconditional use takes that line away again, and one that leaves the use
 * conditional writes it, so runs in steps end where one run ends.
 */
export function settleConditionalUse(ctx: TransformContext, exec: FunctionInfo, param: string): void {
  const text = exec.file.source.text;
  const edited = editedText(ctx, exec.file, exec.bodyStart, exec.bodyEnd + 1);
  const voidLine = new RegExp(`^[ \\t]*\\(void\\)\\s*${param}\\s*;[ \\t]*\\r?$`, 'm');
  const rest = edited.split(/\n/).filter((l) => !voidLine.test(l)).join('\n');
  const unconditional = usedUnconditionally(rest, param);
  const want = !unconditional && new RegExp(`\\b${param}\\b`).test(stripComments(rest));
  const ret = lastReturnZero(ctx, exec);
  if (!ret) return;
  // An earlier run's `(void)m;`: a line of its own in the body, outside the body's #if groups.
  const lex = exec.file.parsed.lex;
  const outer = branchesAt(lex, exec.bodyStart).length;
  const lines = [...text.slice(exec.bodyStart, exec.bodyEnd).matchAll(new RegExp(voidLine.source, 'gm'))]
    .map((m) => exec.bodyStart + m.index!)
    .filter((at) => text[at - 1] === '\n' && branchesAt(lex, at).length === outer);
  const written = lines[lines.length - 1];
  if (want && written === undefined && !voidLine.test(edited)) ctx.insert(exec.file, ret.at, `(void)${param};${exec.file.source.eol}${ret.indent}`);
  else if (unconditional && written !== undefined) ctx.replace(exec.file, written, text.indexOf('\n', written) + 1, '');
}

/** Whether `name` is used in `code` (a body) outside every #if group the body opens. */
function usedUnconditionally(code: string, name: string): boolean {
  const word = new RegExp(`\\b${name}\\b`);
  let depth = 0;
  for (const line of stripComments(code).split(/\r?\n/)) {
    const d = /^\s*#\s*(\w+)/.exec(line)?.[1];
    if (d === 'if' || d === 'ifdef' || d === 'ifndef') depth++;
    else if (d === 'endif') depth = Math.max(0, depth - 1);
    else if (!d && depth === 0 && word.test(line)) return true;
  }
  return false;
}

/**
 * Where the body's last `return 0;` starts, with its indent: one the conversion writes (`return m;`
 * whose value becomes 0) or one an earlier run wrote; only when it starts its line outside any #if of
 * the body (a statement after statements: no declaration comes after what goes above it).
 */
function lastReturnZero(ctx: TransformContext, exec: FunctionInfo): { at: number; indent: string } | undefined {
  const text = exec.file.source.text;
  const lex = exec.file.parsed.lex;
  const returnBefore = (at: number): number => text.lastIndexOf('return', at);
  const candidates = ctx.edits
    .filter((e) => e.file === exec.file.path && e.start > exec.bodyStart && e.end < exec.bodyEnd && e.text === '0' && /\breturn\s*$/.test(text.slice(Math.max(exec.bodyStart, e.start - 40), e.start)))
    .map((e) => returnBefore(e.start));
  // `return PyModule_Create(&def);` written as a whole `return 0;`.
  for (const e of ctx.edits) if (e.file === exec.file.path && e.start > exec.bodyStart && e.end < exec.bodyEnd && e.text === 'return 0;') candidates.push(e.start);
  const body = text.slice(exec.bodyStart, exec.bodyEnd);
  for (const m of body.matchAll(/\breturn\s+0\s*;/g)) {
    const at = exec.bodyStart + m.index!;
    if (!isInert(lex, at) && !ctx.edits.some((e) => e.file === exec.file.path && e.start <= at && e.end > at)) candidates.push(at);
  }
  if (candidates.length === 0) return undefined;
  const at = Math.max(...candidates);
  const lineStart = text.lastIndexOf('\n', at - 1) + 1;
  const indent = text.slice(lineStart, at);
  if (!/^[ \t]*$/.test(indent) || branchesAt(lex, at).length !== branchesAt(lex, exec.bodyStart).length) return undefined;
  return { at, indent };
}

/**
 * An exec function of an earlier run, `x_exec(PyObject *Py_UNUSED(m))`: once new code in its body
 * uses the module, `Py_UNUSED()` goes (it renames the parameter).
 */
export function unwrapExecParam(ctx: TransformContext, exec: FunctionInfo): void {
  const p = exec.params[0];
  const w = p?.unusedWrapper;
  if (!w || !p.name) return;
  if (ctx.edits.some((e) => e.file === exec.file.path && e.start === w.start && e.end === w.end)) return; // declareState did
  if (usedInEditedBody(ctx, exec, p.name)) dropUnusedWrapper(ctx, exec.file, w);
}

/** `Py_UNUSED(x)` -> `x` (the macro renames the parameter, so a use needs it gone). */
export function dropUnusedWrapper(ctx: TransformContext, file: FileModel, w: { start: number; end: number; closeAt: number }): void {
  ctx.replace(file, w.start, w.end, '');
  ctx.replace(file, w.closeAt, w.closeAt + 1, '');
}

/** Whether f's body, with every edit requested so far, names `name` (comments and literals aside). */
function usedInEditedBody(ctx: TransformContext, f: FunctionInfo, name: string): boolean {
  return new RegExp(`\\b${name}\\b`).test(stripComments(editedText(ctx, f.file, f.bodyStart, f.bodyEnd + 1)));
}

/** The text of [start, end) of a file with every edit requested so far inside it applied. */
function editedText(ctx: TransformContext, file: FileModel, start: number, end: number): string {
  const inside = ctx.edits
    .filter((e) => e.file === file.path && e.start >= start && e.end <= end && !(e.start === end && e.end === end))
    .map((e) => ({ ...e, start: e.start - start, end: e.end - start }));
  const sorted = selectEdits(inside, []).accepted;
  return applyEdits(file.source.text.slice(start, end), sorted);
}

function stripComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, ' ').replace(/\/\/[^\n]*/g, ' ').replace(/"(?:[^"\\\n]|\\.)*"/g, '""');
}
