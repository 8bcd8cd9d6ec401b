/**
 * `_Py_IDENTIFIER(name)` -> an interned string in the state (`st->str_name`) and the `*Id*`
 * calls that used it -> their public equivalents (3.9+). The identifier is private C-API, but no
 * isolation hazard: since 3.10 its string lives in a per-interpreter table (the struct holds an
 * index), so one that cannot be rewritten is kept as it is.
 */
import type { GlobalVar } from '../../src/model/types';
import { argumentSpans, callArguments } from '../../src/model/init-macros';
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

/** `_PyObject_CallMethodId(o, &PyId_x, format, ...)`: the public call depends on the format. */
const FORMAT_CALLS: ReadonlySet<string> = new Set(['_PyObject_CallMethodId', '_PyObject_CallMethodId_SizeT']);

interface IdUse {
  /** The whole `&PyId_x` (or `PyId_x.` for `_PyUnicode_FromId(&PyId_x)`) argument span. */
  argStart: number;
  argEnd: number;
  /** The called function's name span, and its replacement. */
  callee?: { start: number; end: number; name: string; replacement: string };
  /** `_PyUnicode_FromId(&PyId_x)` is replaced whole. */
  wholeCall?: { start: number; end: number };
  /** A format argument that goes (`, NULL`, `, "OO"`), and the `, NULL` the argument list then ends with. */
  dropFormat?: { start: number; end: number };
  endArgs?: number;
}

/**
 * The public call for `_PyObject_CallMethodId(o, &PyId_x, format, args...)` with the same meaning:
 * no format -> `PyObject_CallMethodNoArgs`; a format of objects only that builds a tuple (`"OO"`,
 * `"(O)"`) -> `PyObject_CallMethodObjArgs`. A lone `"O"` is no such call: a tuple passed there
 * becomes the argument list.
 */
function formatCall(text: string, calleeEnd: number): { replacement: string; dropFormat: { start: number; end: number }; endArgs?: number } | undefined {
  const open = text.indexOf('(', calleeEnd);
  if (open < 0 || text.slice(calleeEnd, open).trim() !== '') return undefined;
  const call = callArguments(text, open);
  const spans = argumentSpans(text, open);
  if (!call || !spans || spans.length < 3) return undefined;
  // `, format`: from the end of the name argument to the end of the format.
  const dropFormat = { start: spans[1].at + spans[1].text.length, end: spans[2].at + spans[2].text.length };
  const format = spans[2].text;
  const rest = spans.length - 3;
  if (/^(NULL|0|"")$/.test(format) && rest === 0) return { replacement: 'PyObject_CallMethodNoArgs', dropFormat };
  const objects = /^"(?:\((O+)\)|(OO+))"$/.exec(format);
  const n = objects ? (objects[1] ?? objects[2]).length : 0;
  if (n > 0 && n === rest) return { replacement: 'PyObject_CallMethodObjArgs', dropFormat, endArgs: call.close };
  return undefined;
}

function analyse(g: GlobalVar): { uses: IdUse[]; problem?: { at: number; reason: string; suggestion: string } } {
  const text = g.file.source.text;
  const out: IdUse[] = [];
  for (const u of g.uses) {
    if (u.kind !== 'address') return { uses: [], problem: { at: u.start, reason: `${g.name} is used without '&'`, suggestion: 'nothing needed for isolation; to leave private C-API, rewrite it by hand' } };
    const amp = text.lastIndexOf('&', u.start);
    const before = text.slice(Math.max(0, amp - 200), amp);
    const m = /([A-Za-z_]\w*)\s*\(([^()]|\([^()]*\))*$/.exec(before);
    if (!m) return { uses: [], problem: { at: u.start, reason: `&${g.name} is not a call argument`, suggestion: 'nothing needed for isolation; to leave private C-API, rewrite it by hand' } };
    const fname = m[1];
    const calleeStart = amp - before.length + m.index;
    if (fname === '_PyUnicode_FromId') {
      const close = text.indexOf(')', u.end);
      out.push({ argStart: amp, argEnd: u.end, wholeCall: { start: calleeStart, end: close + 1 } });
      continue;
    }
    const callee = { start: calleeStart, end: calleeStart + fname.length, name: fname };
    if (FORMAT_CALLS.has(fname)) {
      const f = formatCall(text, callee.end);
      if (!f) return { uses: [], problem: { at: u.start, reason: `${fname}() with this format has no public equivalent taking a str object`, suggestion: 'nothing needed for isolation; for the public API, call PyObject_CallMethodObjArgs() with the arguments by hand' } };
      out.push({ argStart: amp, argEnd: u.end, callee: { ...callee, replacement: f.replacement }, dropFormat: f.dropFormat, endArgs: f.endArgs });
      continue;
    }
    const repl = ID_CALLS[fname];
    if (!repl) return { uses: [], problem: { at: u.start, reason: `${fname}() has no public equivalent known to pyext-isolate`, suggestion: 'nothing needed for isolation; for the public API, replace the call with its str-object variant by hand' } };
    out.push({ argStart: amp, argEnd: u.end, callee: { ...callee, replacement: repl } });
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
      if (u.dropFormat) ctx.replace(g.file, u.dropFormat.start, u.dropFormat.end, '');
      if (u.endArgs !== undefined) ctx.insert(g.file, u.endArgs, ', NULL');
    }
  }
  for (const u of g.uses) if (u.func) ctx.stateIn(u.func);
}
