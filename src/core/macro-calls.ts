/** Calls of function-like macros read back from the text around an argument. */
import { definitionsOf, type LexInfo } from './lex';

/** The macro call whose whole argument [start, end) is (`NAME(a, X, b)` -> NAME, X's index and the call's span). */
export function macroArgumentAt(text: string, start: number, end: number): { name: string; index: number; start: number; end: number } | undefined {
  if (!/^\s*[,)]/.test(text.slice(end, end + 40))) return undefined;
  let depth = 0;
  let index = 0;
  let argStart = true;
  for (let i = start - 1; i >= Math.max(0, start - 4000); i--) {
    const ch = text[i];
    if (argStart && !/\s/.test(ch) && ch !== ',' && ch !== '(') return undefined; // more than the name in this argument
    if (ch === ')') depth++;
    else if (ch === '(') {
      if (depth === 0) {
        const m = /([A-Za-z_]\w*)\s*$/.exec(text.slice(Math.max(0, i - 80), i));
        const close = m ? closingParen(text, i) : -1;
        return m && close !== -1 ? { name: m[1], index, start: i - m[0].length, end: close + 1 } : undefined;
      }
      depth--;
    } else if (ch === ',' && depth === 0) index++;
    else if (ch === ';' || ch === '{' || ch === '}') return undefined;
    if (ch === ',' || ch === '(') argStart = false;
  }
  return undefined;
}

/** The `)` that closes the `(` at `open` before the statement ends, or -1. */
export function closingParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    if (text[i] === '(') depth++;
    else if (text[i] === ')' && --depth === 0) return i;
    else if (text[i] === ';' && depth <= 1) return -1;
  }
  return -1;
}

/**
 * The whole argument [start, end) of a call of a macro defined in one of `lexes` whose parameter there is only
 * pasted (`type##_spec`) or named as a member (`st->type`): the argument is a spelling, not a use of a name
 * (`ADD_TYPE("x", X_Type)` after the static X_Type became `st->X_Type`, created from `X_Type_spec`).
 */
export function spelledMacroArgument(text: string, start: number, end: number, lexes: readonly LexInfo[]): boolean {
  const call = macroArgumentAt(text, start, end);
  if (!call) return false;
  const defs = lexes.flatMap((lx) => definitionsOf(lx, call.name));
  if (defs.length === 0) return false;
  return defs.every((d) => {
    const param = d.parts?.params?.[call.index];
    if (!d.parts || !param || /\.\.\./.test(param)) return false;
    const body = d.parts.body;
    return [...body.matchAll(new RegExp(`\\b${param}\\b`, 'g'))].every((m) => {
      const before = body.slice(0, m.index);
      return /(?:->|\.|##)\s*$/.test(before) || /^\s*##/.test(body.slice(m.index! + param.length));
    });
  });
}
