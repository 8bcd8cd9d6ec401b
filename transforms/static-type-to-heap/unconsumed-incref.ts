/**
 * `Py_INCREF(&X);` in the function that readies X with nothing after it in that function naming X
 * (fastcache's init: a reference for an add that is not there). On a static type it did nothing;
 * on the heap type it is a reference no one drops, which keeps the type, and through it the module,
 * alive for ever (per import, per interpreter). The statement goes with the conversion.
 */
import { startsStatement } from '../../src/plan/text-util';
import type { StaticType, Use } from '../../src/model/types';
import type { TypeCandidate } from './type-candidate';

export function unconsumedIncrefs(c: TypeCandidate): { use: Use; stmtStart: number; stmtEnd: number }[] {
  const fn = c.ready?.func;
  if (!fn || c.ready?.macro) return [];
  const t: StaticType = c.t;
  const out: { use: Use; stmtStart: number; stmtEnd: number }[] = [];
  for (const u of t.uses) {
    if (u.func !== fn || u.inMacro || u.start < c.ready!.end) continue;
    const text = u.file.source.text;
    const stmtStart = text.lastIndexOf('Py_INCREF', u.start);
    if (stmtStart < fn.bodyStart || !/^Py_INCREF\s*\(\s*(?:\(\s*PyObject\s*\*\s*\)\s*)?&\s*$/.test(text.slice(stmtStart, u.start))) continue;
    const close = /^\s*\)\s*;/.exec(text.slice(u.end, u.end + 16));
    if (!close || !startsStatement(text, fn.bodyStart, stmtStart)) continue;
    if (t.uses.some((o) => o.func === fn && o.start > u.start)) continue;
    out.push({ use: u, stmtStart, stmtEnd: u.end + close[0].length });
  }
  return out;
}
