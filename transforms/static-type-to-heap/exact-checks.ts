/**
 * Check macros of a type whose dealloc is its own (`#define Record_Check(op) PyObject_TypeCheck(op,
 * &Record_Type)`, `tp_dealloc` a static function of the type's file that nothing else stores): the
 * heap type is a state field, but an exact instance is told by its dealloc without the state.
 *
 *     #define Record_Check(st, op) \
 *         (Py_TYPE(op)->tp_dealloc == (destructor)Record_dealloc \
 *          || PyObject_TypeCheck(op, st->Record_Type))
 *
 * Sound because a type gets that dealloc only by naming it (nothing else does) or by inheriting it
 * from the type. The plan passes the lookup itself into the macro where that is a function's only
 * use of the state (plan/check-lookups.ts), so only a subtype's instance pays for it.
 */
import type { FileModel, MacroDef, StaticType, Use } from '../../src/model/types';
import type { TransformContext } from '../types';
import { functionName } from '../../src/model/cnodes';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { callArguments } from '../../src/model/init-macros';
import { enclosingFunction, functionNamedIn, inBody } from '../../src/model/functions';
import { guardAt } from '../../src/core/conditions';
import { skipSpace, withoutComments } from '../../src/core/macro-scan';

export interface ExactCheck {
  macro: MacroDef;
  /** The type's address in the macro body (rewritten to `st-><field>` with the other uses). */
  use: Use;
  type: string;
  dealloc: string;
}

/** The check macros of `t` that take the dealloc test. */
export function exactChecks(t: StaticType, ctx: TransformContext): ExactCheck[] {
  const dealloc = ownDealloc(t, ctx);
  if (!dealloc) return [];
  const out: ExactCheck[] = [];
  for (const u of t.uses) {
    if (!u.inMacro || u.kind !== 'address' || u.file !== t.file) continue;
    const macro = macroAt(u.file, u.start);
    if (!macro || macro.file || out.some((c) => c.macro.name === macro.name)) continue;
    if (isCheckOf(macro, t.name) && usesSeeDealloc(t.file, macro, dealloc, ctx)) out.push({ macro, use: u, type: t.name, dealloc: dealloc.name });
  }
  return out;
}

/** Edits the macro's #define around the rewritten type address, with the note above it. */
export function editExactCheck(c: ExactCheck, file: FileModel, ctx: TransformContext): void {
  const text = file.source.text;
  // The check keeps the parameter as the body wrote it (`op` or `(op)`).
  const param = c.macro.params![0];
  const op = new RegExp(`PyObject_TypeCheck\\s*\\(\\s*(\\(\\s*${param}\\s*\\)|${param})`).exec(c.macro.body)?.[1] ?? param;
  const close = text.indexOf(')', c.macro.start);
  const amp = text.lastIndexOf('&', c.use.start);
  const tail = /^[ \t]*\)(?:[ \t]*\))?/.exec(text.slice(c.use.end))!;
  const note = [
    `/* Only ${c.type} and its subtypes have ${c.dealloc}: an exact instance is`,
    ` * told without the module state, which a subtype's instance needs. */`,
    '',
  ].join('\n');
  ctx.insert(file, file.source.lineStart(c.macro.start), file.source.adapt(note));
  ctx.replace(file, close + 1, amp, file.source.adapt(` \\\n    (Py_TYPE(${param})->tp_dealloc == (destructor)${c.dealloc} \\\n     || PyObject_TypeCheck(${op}, `));
  ctx.replace(file, c.use.end, c.use.end + tail[0].length, '))');
}

/** `tp_dealloc` of `t`: a static, unconditional function of its file that only `t` stores (calls are no stores). */
function ownDealloc(t: StaticType, ctx: TransformContext): { name: string; start: number } | undefined {
  if (t.guard || t.runtimeFields.some((r) => r.field === 'tp_dealloc')) return undefined;
  const given = t.fields.get('tp_dealloc');
  const name = given ? functionName(given.value) : undefined;
  const f = name ? functionNamedIn(t.file, name, ctx.ext.functionsByName) : undefined;
  if (!given || !name || !f || !f.isStatic || f.file !== t.file || f.macroTemplate || f.inTemplate) return undefined;
  const lex = t.file.parsed.lex;
  const text = t.file.source.text;
  if (guardAt(lex, f.declStart, text)) return undefined;
  if (ctx.ext.files.some((x) => x !== t.file && x.allIdentifiers.has(name))) return undefined;
  const proto = t.file.prototypes.get(name);
  const stored = usesOf(t.file, name).some((at) => {
    if (at >= f.declStart && at < f.end) return false;
    if (proto && at >= proto.start && at < proto.end) return false;
    if (at >= given.valueStart && at < given.valueEnd) return false;
    return !/^\s*\(/.test(text.slice(at + name.length, at + name.length + 8));
  });
  if (stored) return undefined;
  return { name, start: proto && proto.start < f.declStart ? proto.start : f.declStart };
}

/** `#define X(op) PyObject_TypeCheck(op, &T)` (the parameter or the whole body may be parenthesized). */
function isCheckOf(m: MacroDef, type: string): boolean {
  if (!m.params || m.params.length !== 1) return false;
  const op = m.params[0];
  const body = withoutComments(m.body).replace(/\\\r?\n/g, ' ').trim();
  const call = `PyObject_TypeCheck\\s*\\(\\s*(?:${op}|\\(\\s*${op}\\s*\\))\\s*,\\s*&\\s*${type}\\s*\\)`;
  return new RegExp(`^(?:${call}|\\(\\s*${call}\\s*\\))$`).test(body);
}

/**
 * Every use of the macro is a call in a function body of the type's file after the dealloc is
 * declared, with an argument that can be evaluated twice (the test reads it before the check).
 */
function usesSeeDealloc(file: FileModel, m: MacroDef, dealloc: { start: number }, ctx: TransformContext): boolean {
  if (guardAt(file.parsed.lex, m.start, file.source.text)) return false;
  if (ctx.ext.files.some((x) => x !== file && x.allIdentifiers.has(m.name))) return false;
  const text = file.source.text;
  const uses = usesOf(file, m.name).filter((at) => at < m.start || at >= m.end);
  return uses.every((at) => {
    if (at < dealloc.start || macroAt(file, at) || !inBody(enclosingFunction(file, at), at)) return false;
    const call = callArguments(text, skipSpace(text, at + m.name.length));
    return !!call && call.args.length === 1 && sideEffectFree(call.args[0]);
  });
}

/** Names, member reads, casts and subscripts: no call, assignment or increment. */
function sideEffectFree(arg: string): boolean {
  const a = arg.replace(/\(\s*(?:const\s+)?(?:struct\s+)?\w+\s*\*+\s*\)/g, ' ');
  return !/\+\+|--|[^=!<>]=(?!=)|\w\s*\(/.test(a);
}
