/**
 * Static functions a rewrite leaves named nowhere. gcc -Wall says "'f' defined but not used"
 * [-Wunused-function] only when it generates code: the compile gate's -fsyntax-only compile never
 * shows it (gcc 12 checked), and compiling the gate's units to assembly would cost it a third more.
 * A lexical count is enough, since the question is narrow: a static function of a rewritten .c file
 * that the original named besides declaring it, and the output only declares.
 */
import { indexIdentifiers } from '../model/identifiers';
import type { ParsedFile } from '../core/parse';
import type { FileModel } from '../model/types';

/** The functions of `f` (a rewritten file) that its output `out` no longer names, with a declaration's offset in the output. */
export function unnamedStatics(f: FileModel, out: ParsedFile, includedElsewhere: boolean): { name: string; at: number }[] {
  if (includedElsewhere || /\.(h|hh|hpp|inc)$/i.test(f.path)) return [];
  const text = f.source.text;
  // gcc does not warn about an unused static inline function.
  const candidates = f.functions.filter((fn) => fn.isStatic && !fn.inTemplate && !fn.headerMacro && !/\binline\b/.test(text.slice(fn.declStart, fn.paramsStart)));
  const named = candidates.filter((fn) => references(text, f.identifierUses.get(fn.name) ?? []).length > 0);
  if (named.length === 0) return [];
  const wanted = new Set(named.map((fn) => fn.name));
  const uses = indexIdentifiers(out.source.text, out.gaps, (n) => wanted.has(n));
  const lost: { name: string; at: number }[] = [];
  for (const fn of named) {
    const at = uses.get(fn.name) ?? [];
    // A function the rewrite removed or renamed is named nowhere at all: nothing to warn about.
    if (at.length > 0 && references(out.source.text, at).length === 0 && !markedUnused(out.source.text, at[at.length - 1])) lost.push({ name: fn.name, at: at[at.length - 1] });
  }
  return lost;
}

/**
 * The occurrences that are no declaration of the function: a declaration's name follows its type
 * (`static PyObject *\nf(`, `int f(`), a use follows an operator, a bracket, a cast or a keyword
 * such as `return`.
 */
function references(text: string, offsets: number[]): number[] {
  return offsets.filter((at) => {
    let i = at - 1;
    while (i >= 0 && /\s/.test(text[i])) i--;
    if (text[i] === '*') return false;
    if (!/\w/.test(text[i] ?? '')) return true;
    let j = i;
    while (j > 0 && /\w/.test(text[j - 1])) j--;
    const word = text.slice(j, i + 1);
    return NON_TYPE_WORDS.has(word);
  });
}

/** The declaration whose name is at `at` carries `__attribute__((unused))` (a rewrite's or the project's own). */
function markedUnused(text: string, at: number): boolean {
  const head = text.slice(Math.max(0, at - 400), at).replace(/\/\*[\s\S]*?\*\//g, ' ').split(/[;}]/).pop() ?? '';
  return /__attribute__\s*\(\(\s*(?:__)?unused(?:__)?\s*\)\)/.test(head);
}

/** Keywords after which a name is an expression, not a declarator. */
const NON_TYPE_WORDS = new Set(['return', 'else', 'case', 'do', 'sizeof', 'goto']);
