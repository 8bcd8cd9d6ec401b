/**
 * `_Py_IDENTIFIER(name)` -> an interned string in the state (`st->str_name`) and the `*Id*`
 * calls that used it -> their public equivalents (3.9+). Hidden from extensions since 3.13.
 */
import type { GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stateVarAt } from '../shared/state-uses';

/** `_Py...Id...(args, &PyId_x, ...)` -> the public function taking a str object instead. */
const ID_CALLS: Record<string, string> = {
  _PyObject_GetAttrId: 'PyObject_GetAttr',
  _PyObject_SetAttrId: 'PyObject_SetAttr',
  _PyObject_HasAttrId: 'PyObject_HasAttr',
  _PyObject_CallMethodIdNoArgs: 'PyObject_CallMethodNoArgs',
  _PyObject_CallMethodIdOneArg: 'PyObject_CallMethodOneArg',
  _PyObject_CallMethodIdObjArgs: 'PyObject_CallMethodObjArgs',
  _PyDict_GetItemIdWithError: 'PyDict_GetItemWithError',
  _PyDict_GetItemId: 'PyDict_GetItem',
  _PyDict_SetItemId: 'PyDict_SetItem',
  _PyDict_DelItemId: 'PyDict_DelItem',
};

interface IdUse {
  /** The whole `&PyId_x` (or `PyId_x.` for `_PyUnicode_FromId(&PyId_x)`) argument span. */
  argStart: number;
  argEnd: number;
  /** The called function's name span, and its replacement. */
  callee?: { start: number; end: number; name: string; replacement: string };
  /** `_PyUnicode_FromId(&PyId_x)` is replaced whole. */
  wholeCall?: { start: number; end: number };
}

function analyse(g: GlobalVar): { uses: IdUse[]; problem?: { at: number; reason: string; suggestion: string } } {
  const text = g.file.source.text;
  const out: IdUse[] = [];
  for (const u of g.uses) {
    if (u.kind !== 'address') return { uses: [], problem: { at: u.start, reason: `${g.name} is used without '&'`, suggestion: 'rewrite by hand' } };
    const amp = text.lastIndexOf('&', u.start);
    const before = text.slice(Math.max(0, amp - 200), amp);
    const m = /([A-Za-z_]\w*)\s*\(([^()]|\([^()]*\))*$/.exec(before);
    if (!m) return { uses: [], problem: { at: u.start, reason: `&${g.name} is not a call argument`, suggestion: 'rewrite by hand' } };
    const fname = m[1];
    const calleeStart = amp - before.length + m.index;
    if (fname === '_PyUnicode_FromId') {
      const close = text.indexOf(')', u.end);
      out.push({ argStart: amp, argEnd: u.end, wholeCall: { start: calleeStart, end: close + 1 } });
      continue;
    }
    const repl = ID_CALLS[fname];
    if (!repl) return { uses: [], problem: { at: u.start, reason: `${fname}() has no public equivalent known to pyext-isolate`, suggestion: 'replace the call with its str-object variant by hand' } };
    out.push({ argStart: amp, argEnd: u.end, callee: { start: calleeStart, end: calleeStart + fname.length, name: fname, replacement: repl } });
  }
  return { uses: out };
}

export function identifierUseProblem(g: GlobalVar): { at: number; reason: string; suggestion: string } | undefined {
  return analyse(g).problem;
}

export function rewriteIdentifierUses(g: GlobalVar, field: string, ctx: TransformContext): void {
  for (const u of analyse(g).uses) {
    const st = stateVarAt(ctx, g.file, u.argStart);
    if (u.wholeCall) ctx.replace(g.file, u.wholeCall.start, u.wholeCall.end, `${st}->${field}`);
    else {
      ctx.replace(g.file, u.argStart, u.argEnd, `${st}->${field}`);
      if (u.callee) ctx.replace(g.file, u.callee.start, u.callee.end, u.callee.replacement);
    }
  }
  for (const u of g.uses) if (u.func) ctx.stateIn(u.func);
}
