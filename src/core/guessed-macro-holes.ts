/**
 * Macros guessed from their shape: ALL_CAPS export macros before a declaration, attribute-like
 * macros, and `*UNUSED(x)` wrappers around parameters.
 */
import { LexInfo, isInert } from './lex';
import type { MacroTable } from './macros';
import type { Hole } from './parse-view';
import { inDirective, skipSpace } from './macro-scan';

const IDENT = /[A-Za-z_0-9]/;

/**
 * An ALL_CAPS word in declaration-specifier position, followed by a type and a declarator
 * (`GEOM_API PyTypeObject Vector_Type`, `static MY_INLINE int f(...)`), is a visibility macro.
 * A plain `TYPE name` is left alone: that is an all-caps typedef.
 */
export function guessExportMacros(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /^[ \t]*(?:(?:static|extern|inline|const)[ \t]+)*([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z][A-Z0-9]{2,})[ \t]+(?=[A-Za-z_])/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const word = m[1];
    const wordStart = m.index + m[0].lastIndexOf(word);
    if (table.rules.has(word) || NOT_MACROS.has(word)) continue;
    if (isInert(lx, wordStart) || inDirective(lx, wordStart)) continue;
    // Next token: an identifier (a type or a qualifier), then `*` or another identifier.
    let p = m.index + m[0].length;
    let q = p;
    while (q < text.length && IDENT.test(text[q])) q++;
    const next = text.slice(p, q);
    if (next === 'PyMODINIT_FUNC') continue;
    p = skipSpace(text, q);
    const c = text[p];
    const startsIdent = c !== undefined && /[A-Za-z_*]/.test(c);
    if (!startsIdent) continue;
    holes.push({ start: wordStart, end: wordStart + word.length, name: word, kind: 'guessed-export' });
  }
}

/**
 * `static FOO_NONNULL(1) int f(...)`, `FOO_API(int) g(...)` is left to tree-sitter (macro type):
 * an ALL_CAPS call between storage words and the type of a file-scope declaration is an attribute.
 * The type may follow on the next line (`static const BROTLI_MODEL("small")` / `uint8_t tab[16] = ...`),
 * unless that line starts a declaration of its own.
 */
export function guessAttributeMacros(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /^[ \t]*(?:(?:static|extern|inline|const)[ \t]+)+([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z][A-Z0-9]{2,})[ \t]*\([^()\n]*\)(?:[ \t]+|[ \t]*\r?\n[ \t]*(?!(?:static|extern|typedef)\b))(?=[A-Za-z_])/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[1];
    if (table.rules.has(name) || NOT_MACROS.has(name)) continue;
    const start = m.index + m[0].indexOf(name);
    if (isInert(lx, start) || inDirective(lx, start)) continue;
    const close = text.indexOf(')', start);
    holes.push({ start, end: close + 1, name, kind: 'guessed-export' });
  }
}

/** Project spellings of Py_UNUSED (`NPY_UNUSED(x)`, `UNUSED(x)`) around a parameter name. */
export function unwrapUnusedMacros(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /\b([A-Za-z_]*UNUSED)\s*\(\s*[A-Za-z_]\w*\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[1];
    if (table.rules.has(name) || isInert(lx, m.index) || inDirective(lx, m.index)) continue;
    const open = text.indexOf('(', m.index + name.length);
    const close = m.index + m[0].length - 1;
    holes.push({ start: m.index, end: open + 1, name, kind: 'unwrap-call' });
    holes.push({ start: close, end: close + 1, name, kind: 'unwrap-call' });
  }
}

const NOT_MACROS = new Set(['FILE', 'NULL', 'TRUE', 'FALSE', 'EOF', 'BOOL', 'DWORD', 'HANDLE']);
