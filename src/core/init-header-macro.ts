/**
 * An init function whose whole header is an object-like macro of the file (pysmbc:
 * `#define PYSMBC_PROTOTYPE_HEADER PyObject * PyInit__smbc (void)` under `#if PY_MAJOR_VERSION >= 3`,
 * the Python 2 branch defining it as `void init_smbc (void)`, then `PYSMBC_PROTOTYPE_HEADER { ... }`).
 * tree-sitter reads the macro name as a statement missing its `;` and the body as a stray block, so no
 * function was seen. The parse view shows the name as a declarator of the same length
 * (`T xxxxxxxx()`), and the hole carries the init name the macro expands to; the model names the
 * function after it (see model/function-reading.ts). Only when exactly one definition of the macro
 * in the file is the declarator of a `PyInit_` function with no parameters.
 */
import type { LexInfo } from './lex';
import type { Hole } from './parse-view';
import { depthsAt, withoutComments } from './macro-scan';

const DEFINE = /^\s*([A-Za-z_]\w*)(?![\w(])\s*([\s\S]*)$/;
/** `PyObject * PyInit__smbc (void)`, `PyMODINIT_FUNC PyInit_x(void)`: a return type, then the declarator. */
// Each word ends at a blank or a `*`: a word that may end anywhere (`\w*\s*` repeated) splits a long
// identifier every way there is, exponentially (a struct-head macro body took minutes).
const INIT_DECLARATOR = /^(?:[A-Za-z_]\w*(?:\s+|\s*\*+\s*))+(PyInit_\w+)\s*\(\s*(?:void)?\s*\)$/;

export function objectInitHeaderHoles(text: string, lx: LexInfo): Hole[] {
  const inits = new Map<string, string[]>();
  for (const d of lx.directives) {
    if (d.kind !== 'define') continue;
    const m = DEFINE.exec(withoutComments(d.rest).replace(/\\\r?\n/g, ' '));
    if (!m) continue;
    const decl = INIT_DECLARATOR.exec(m[2].trim());
    if (decl) inits.set(m[1], [...(inits.get(m[1]) ?? []), decl[1]]);
  }
  if (inits.size === 0) return [];
  const candidates: { start: number; end: number; macro: string; init: string }[] = [];
  for (const [macro, names] of inits) {
    if (names.length !== 1 || macro.length < 5) continue;
    // The name alone at the start of its line, the body's `{` next.
    const use = new RegExp(`^[ \\t]*(${macro})\\s*\\{`, 'gm');
    for (const m of text.matchAll(use)) {
      const start = m.index! + m[0].indexOf(macro);
      candidates.push({ start, end: start + macro.length, macro, init: names[0] });
    }
  }
  if (candidates.length === 0) return [];
  candidates.sort((a, b) => a.start - b.start);
  const inert = (at: number): boolean => lx.inertStarts.some((s, i) => at >= s && at < lx.inertEnds[i]);
  const depths = depthsAt(text, lx, candidates.map((c) => c.start));
  return candidates
    .filter((c, i) => depths[i].brace === 0 && depths[i].paren === 0 && !inert(c.start) && !lx.directives.some((d) => c.start >= d.start && c.start < d.end))
    .map((c) => ({ start: c.start, end: c.end, name: c.macro, kind: 'repair' as const, fill: `T ${'x'.repeat(c.macro.length - 4)}()`, initHeader: c.init }));
}
