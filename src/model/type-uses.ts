/** Uses of a static type in a file: by address, member or plain read, and the fields set at run time. */
import type { FileModel, FunctionInfo, RuntimeField, StaticType } from './types';
import { enclosingFunction } from './functions';
import { inDirectiveLine } from './globals';
import { isOffsetofMember } from './identifiers';

/** Uses of a static type in `fm` (its own file, or another file of the extension). */
export function collectTypeUses(fm: FileModel, t: StaticType): void {
  const text = fm.source.text;
  for (const at of fm.identifierUses.get(t.name) ?? []) {
    if (fm === t.file && at >= t.declStart && at < t.declEnd) continue;
    if (isMacroName(fm, at)) continue;
    if (fm.forwardTypeDecls.some((d) => at >= d.start && at < d.end)) continue;
    const end = at + t.name.length;
    let k = at - 1;
    while (k >= 0 && /\s/.test(text[k])) k--;
    // A member named like the type (`api->FooType`, `.FooType = &FooType`, a struct's field): no use.
    if (text[k] === '.' || (text[k] === '>' && text[k - 1] === '-')) continue;
    if ([...fm.structs.values()].some((s) => at > s.start && at < s.end)) continue;
    if (isOffsetofMember(text, at)) continue; // `offsetof(T, X)`: a field named like the type
    const func = enclosingFunction(fm, at);
    const kind = text[k] === '&' ? 'address' : /^\s*\./.test(text.slice(end, end + 8)) ? 'member' : 'read';
    const use: StaticType['uses'][number] = { file: fm, start: at, end, kind, func };
    if (!func && inDirectiveLine(fm, at)) use.inMacro = true;
    t.uses.push(use);
    const store = func && metatypeStoreAt(text, at, end);
    if (store) t.metatypeStores.push({ ...store, func });
    if (kind === 'member' && func) {
      const m = /^\.(tp_\w+)\s*=(?!=)\s*([^;]+);/.exec(text.slice(end, end + 300));
      if (m) t.runtimeFields.push(runtimeField(text, at, end, m[1], m[2], end + m[0].length, func));
    }
  }
}

/**
 * `X.tp_f = value;` at `at`. A chained store of one field into several objects (`A.tp_base = B.tp_base = &Base;`)
 * gives each of them the chain's last value, the whole statement and its own link (`A.tp_base = `), so that it
 * reads as one store per type.
 */
function runtimeField(text: string, at: number, end: number, field: string, rhs: string, stmtEnd: number, func: FunctionInfo): RuntimeField {
  const next = new RegExp(`^([A-Za-z_]\\w*)\\s*\\.\\s*${field}\\s*=(?!=)\\s*`);
  const previous = new RegExp(`(?<![\\w.>]\\s*)([A-Za-z_]\\w*)\\s*\\.\\s*${field}\\s*=\\s*$`);
  let value = rhs.trim();
  let after = 0;
  for (let n = next.exec(value); n; n = next.exec(value)) {
    value = value.slice(n[0].length);
    after++;
  }
  let stmtStart = at;
  let before = 0;
  for (;;) {
    const from = Math.max(0, stmtStart - 200);
    const p = previous.exec(text.slice(from, stmtStart));
    if (!p) break;
    stmtStart = from + p.index;
    before++;
  }
  const rf: RuntimeField = { field, value, stmtStart, stmtEnd, func };
  if (before + after > 0) {
    const own = /^\s*\.\s*tp_\w+\s*=\s*/.exec(text.slice(end))!;
    rf.link = { start: at, end: end + own[0].length, links: before + after + 1 };
  }
  return rf;
}

const CAST = String.raw`(?:\(\s*(?:PyObject|PyTypeObject)\s*\*\s*\)\s*)?`;
const DEFAULT_META = String.raw`${CAST}&\s*PyType_Type`;
/** Where a statement may start: after `;`, a brace, a comment or a line of its own (no brace-less `if (c)` body). */
const STATEMENT_START = String.raw`(?:^|[;{}]|\*\/)\s*`;
const STORES: [RegExp, RegExp][] = [
  [new RegExp(String.raw`${STATEMENT_START}(Py_SET_TYPE\s*\(\s*${CAST}&\s*)$`), new RegExp(String.raw`^\s*,\s*${DEFAULT_META}\s*\)\s*;`)],
  [new RegExp(String.raw`${STATEMENT_START}(Py_TYPE\s*\(\s*${CAST}&\s*)$`), new RegExp(String.raw`^\s*\)\s*=\s*${DEFAULT_META}\s*;`)],
  [new RegExp(String.raw`${STATEMENT_START}()$`), new RegExp(String.raw`^\s*\.\s*(?:ob_base\s*\.\s*ob_base\s*\.\s*)?ob_type\s*=\s*${DEFAULT_META}\s*;`)],
];

/**
 * The statement around the type's name at [at, end) when it stores the default metatype
 * (`Py_SET_TYPE(&X, &PyType_Type);`, `Py_TYPE(&X) = &PyType_Type;`, `X.ob_type = &PyType_Type;`).
 */
export function metatypeStoreAt(text: string, at: number, end: number): { stmtStart: number; stmtEnd: number } | undefined {
  const before = text.slice(Math.max(0, at - 80), at);
  const after = text.slice(end, end + 120);
  for (const [lead, tail] of STORES) {
    const b = lead.exec(before);
    const a = b && tail.exec(after);
    if (a) return { stmtStart: at - b[1].length, stmtEnd: end + a[0].length };
  }
  return undefined;
}

/** The name right after `#define` (a macro named like a type or global is not a use of it). */
export function isMacroName(fm: FileModel, at: number): boolean {
  return /#\s*define\s+$/.test(fm.source.text.slice(Math.max(0, at - 40), at));
}

