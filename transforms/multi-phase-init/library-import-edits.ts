/**
 * Other libraries' import macros in the init body (NumPy's `import_array()`): the spellings that
 * return -1 in exec.
 */
import { libraryImport } from '../../src/model/library-imports';
import { isZeroExpr } from '../../src/model/cnodes';
import type { InitCandidate } from './init-candidate';

/**
 * Import macros of other libraries in the init body (NumPy's `import_array();`): their bodies
 * are in headers the parse never sees. One that hides `return NULL` (or sets an error and carries
 * on) becomes the spelling that returns -1, which NumPy 1.x and 2.x headers both provide; one
 * that returns its argument gets -1 instead of NULL.
 */
export function libraryImportEdits(c: InitCandidate): { start: number; end: number; text: string }[] | string {
  const file = c.init.func.file;
  const text = file.source.text;
  const out: { start: number; end: number; text: string }[] = [];
  for (const call of file.apiCalls) {
    const lib = call.func === c.init.func ? libraryImport(call.api) : undefined;
    if (!lib) continue;
    const m = new RegExp(`^${call.api}\\s*\\(((?:[^()]|\\([^()]*\\))*)\\)`).exec(text.slice(call.start, Math.max(call.end, call.start + 400)));
    if (!m) {
      if (lib.failure === 'returns-null' || lib.failure === 'returns-arg') return `${call.api} (${lib.library}) is used without its argument list, and it returns from ${c.init.func.name}() on failure`;
      continue;
    }
    if (lib.execForm) {
      out.push({ start: call.start, end: call.start + m[0].length, text: lib.execForm });
      continue;
    }
    if (lib.failure !== 'returns-arg') continue;
    const args = splitArgs(m[1]);
    const arg = args[lib.returnArg ?? 0];
    if (arg === undefined) return `${call.api}() (${lib.library}) has fewer arguments than expected`;
    if (/^-\s*1$/.test(arg.text.trim())) continue;
    if (!isZeroExpr(arg.text.trim())) return `${call.api}(${m[1].trim()}) (${lib.library}) returns '${arg.text.trim()}' from ${c.init.func.name}() on failure; the exec function must return -1`;
    const at = call.start + m[0].indexOf('(') + 1 + arg.offset;
    const lead = arg.text.length - arg.text.trimStart().length;
    out.push({ start: at + lead, end: at + lead + arg.text.trim().length, text: '-1' });
  }
  return out;
}

/** Top-level comma-separated pieces of an argument list, with their offsets. */
export function splitArgs(s: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const ch = s[i];
    if (i === s.length || (ch === ',' && depth === 0)) {
      out.push({ text: s.slice(start, i), offset: start });
      start = i + 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  return out.filter((a, k) => !(k === 0 && out.length === 1 && a.text.trim() === ''));
}
