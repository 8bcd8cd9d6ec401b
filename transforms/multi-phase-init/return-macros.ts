/**
 * Macros that return from the init (`RETURN_MODULE(m)`, ijson's `X_N(stmt, X)`): the edits at
 * their uses that make each return the exec's `0` or `-1`.
 */
import type { FileModel, FunctionInfo, MacroDef } from '../../src/model/types';
import { usesOf } from '../../src/model/macro-users';
import { callArguments, expandMacros, substitute, type MacroLookup } from '../../src/model/init-macros';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';

/**
 * A macro whose whole body is one `return` statement (`return (value)`, `return NULL`), used in
 * the init function: each use becomes `return 0` or `return -1` as the value it returns there is
 * the module or NULL; undefined when some use returns anything else.
 */
export function returnMacroUses(m: MacroDef, fn: FunctionInfo, mv: string | undefined, lookup: MacroLookup): { start: number; end: number; text: string }[] | undefined {
  if (!/^return\b[^;]*;?$/.test(m.body.replace(/\/\*[\s\S]*?\*\//g, '').trim())) return undefined;
  const file = fn.file;
  const text = file.source.text;
  const out: { start: number; end: number; text: string }[] = [];
  for (const at of usesOf(file, m.name)) {
    if (at <= fn.bodyStart || at >= fn.bodyEnd) continue;
    let end = at + m.name.length;
    let args: string[] = [];
    if (m.params) {
      let open = end;
      while (/\s/.test(text[open] ?? '')) open++;
      const call = callArguments(text, open);
      if (!call) return undefined;
      args = call.args;
      end = call.close + 1;
    }
    const body = m.params ? substitute(m, args) : m.body;
    const value = stripCasts(expandMacros(body.replace(/\/\*[\s\S]*?\*\//g, '').trim().replace(/;$/, '').replace(/^return\b/, ''), lookup));
    if (mv && value === mv) out.push({ start: at, end, text: 'return 0' });
    else if (isZeroExpr(value)) out.push({ start: at, end, text: 'return -1' });
    else return undefined;
  }
  return out;
}

/**
 * `#define RETURN_IF_NULL(expr, X) do { if ((expr) == NULL) { return X; } } while (0)` (ijson's
 * X_N): every return of the macro returns the same parameter, so what each use returns is its
 * argument there: `RETURN_IF_NULL(m, NULL)` in the init becomes `RETURN_IF_NULL(m, -1)` in exec,
 * and the macro's other users keep theirs. Undefined when a use passes anything else.
 */
export function returnArgumentUses(m: MacroDef, fn: FunctionInfo, mv: string | undefined, lookup: MacroLookup): { start: number; end: number; text: string }[] | undefined {
  const index = returnedParam(m, lookup);
  if (index === undefined || !m.params) return undefined;
  const file = fn.file;
  const text = file.source.text;
  const out: { start: number; end: number; text: string }[] = [];
  for (const at of usesOf(file, m.name)) {
    if (at <= fn.bodyStart || at >= fn.bodyEnd) continue;
    let open = at + m.name.length;
    while (/\s/.test(text[open] ?? '')) open++;
    const call = callArguments(text, open);
    if (!call || call.args.length !== m.params.length) return undefined;
    const from = open + 1 + call.args.slice(0, index).reduce((n, a) => n + a.length + 1, 0);
    const arg = call.args[index];
    const start = from + (arg.length - arg.trimStart().length);
    const end = from + arg.trimEnd().length;
    const value = stripCasts(expandMacros(arg.trim(), lookup));
    if (mv && value === mv) out.push({ start, end, text: '0' });
    else if (isZeroExpr(value)) out.push({ start, end, text: '-1' });
    else return undefined;
  }
  return out;
}

/**
 * The parameter a function-like macro returns: every `return` of its body returns it, or its whole
 * body is one call of such a macro with the parameter in that place (`#define X_N(stmt, X)
 * RETURN_X_IF_COND(stmt, X, == NULL)`, a few levels deep at most).
 */
export function returnedParam(m: MacroDef, lookup: MacroLookup, depth = 0): number | undefined {
  if (!m.params || depth > 4) return undefined;
  const body = m.body.replace(/\/\*[\s\S]*?\*\//g, '');
  const returned = [...body.matchAll(/\breturn\b\s*([^;]*)/g)].map((r) => r[1].trim().replace(/^\(\s*([A-Za-z_]\w*)\s*\)$/, '$1'));
  if (returned.length > 0) {
    if (!returned.every((r) => r === returned[0])) return undefined;
    const index = m.params.indexOf(returned[0]);
    return index < 0 ? undefined : index;
  }
  const call = /^\s*([A-Za-z_]\w*)\s*\(/.exec(body);
  const inner = call && call[1] !== m.name ? lookup(call[1]) : undefined;
  if (!inner) return undefined;
  const args = callArguments(body, call![0].length - 1);
  // Nothing after the call but a `;`: the body is that one statement.
  if (!args || !/^\s*;?\s*$/.test(body.slice(args.close + 1))) return undefined;
  const k = returnedParam(inner, lookup, depth + 1);
  if (k === undefined || k >= args.args.length) return undefined;
  const index = m.params.indexOf(args.args[k].trim());
  return index < 0 ? undefined : index;
}

/**
 * In the body of `m` (no `return` of its own), the uses of macros that return one of their
 * arguments (see returnedParam) with the init's error value there: the edits that make each `-1`
 * (`0` for the module). Undefined when the body uses none; 'other' when one passes another value.
 */
export function nestedReturnArguments(m: MacroDef, f: FileModel, mv: string | undefined, lookup: MacroLookup): { start: number; end: number; text: string }[] | 'other' | undefined {
  if (m.file) return undefined;
  const text = f.source.text;
  const raw = text.slice(m.start, m.end);
  const out: { start: number; end: number; text: string }[] = [];
  const word = /[A-Za-z_]\w*/g;
  const head = raw.indexOf(m.name) + m.name.length;
  for (let w = (word.lastIndex = head, word.exec(raw)); w; w = word.exec(raw)) {
    const r = w[0] !== m.name ? lookup(w[0]) : undefined;
    const index = r ? returnedParam(r, lookup) : undefined;
    if (!r || index === undefined) continue;
    let open = w.index + w[0].length;
    while (/[ \t]/.test(raw[open] ?? '')) open++;
    const call = callArguments(raw, open);
    if (!call || call.args.length !== r.params!.length) return 'other';
    const from = open + 1 + call.args.slice(0, index).reduce((n, a) => n + a.length + 1, 0);
    const arg = call.args[index];
    if ((m.params ?? []).includes(arg.trim())) return 'other';
    const start = m.start + from + (arg.length - arg.trimStart().length);
    const end = m.start + from + arg.trimEnd().length;
    const value = stripCasts(expandMacros(arg.trim(), lookup));
    if (mv && value === mv) out.push({ start, end, text: '0' });
    else if (isZeroExpr(value)) out.push({ start, end, text: '-1' });
    else return 'other';
    word.lastIndex = open + 1;
  }
  return out.length > 0 ? out : undefined;
}
