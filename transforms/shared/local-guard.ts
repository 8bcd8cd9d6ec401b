/**
 * A global under an `#if` whose macro its own file `#define`s (a configuration chosen in the .c file:
 * `#if defined(__linux__)` / `#define USE_ARGV` / ... / `#ifdef USE_ARGV` / `static size_t len;`).
 * The state struct is written in a header every file of the extension includes, where the macro is
 * not yet (at the top of that file) or not at all (in the other files) defined: a field under the same
 * `#if` there would be left out of the struct while its uses stay (setproctitle's spt_status.c).
 */
import type { ExtensionModel, GlobalVar } from '../../src/model/types';
import { translationUnits } from '../../src/model/translation-units';

/**
 * A macro the global's condition reads that its own file defines or undefines, or undefined. Only
 * where the extension compiles several files, which share the state struct through a header: a
 * struct that differs between them would put the fields at different offsets in each.
 */
export function fileLocalGuardMacro(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (!g.guard || !severalUnits(ext)) return undefined;
  for (const d of g.file.parsed.lex.directives) {
    if (d.kind !== 'define' && d.kind !== 'undef') continue;
    const name = /^\s*(\w+)/.exec(d.rest)?.[1];
    if (name && g.guard.names.includes(name)) return name;
  }
  return undefined;
}

const units = new WeakMap<ExtensionModel, boolean>();

function severalUnits(ext: ExtensionModel): boolean {
  let several = units.get(ext);
  if (several === undefined) units.set(ext, (several = translationUnits(ext.files).length > 1));
  return several;
}

/** Types the state struct can always name: C's own scalars and the size types Python.h brings. */
const ALWAYS_DECLARED = /^(?:(?:const|volatile|signed|unsigned|short|long|int|char|float|double|_Bool|bool|size_t|ssize_t|Py_ssize_t|Py_hash_t|u?int(?:8|16|32|64|ptr|max)_t|void)\b\s*|\*\s*)+$/;

/**
 * A field that can be declared in every build instead (a C scalar or pointer that starts at zero:
 * nothing of it goes into exec, so builds without the condition only carry an unused field).
 */
export function unguardedFieldFits(ctype: string, startsAtZero: boolean): boolean {
  return startsAtZero && ALWAYS_DECLARED.test(ctype.trim());
}

export function fileLocalGuardProblem(g: GlobalVar, macro: string): { reason: string; steps: string } {
  return {
    reason: `it is declared under #if ${g.guard!.expr}, and ${macro} is #defined in its own file, which the extension's state header (included by every file, at its top) does not see: the field would be compiled under a different condition than its uses`,
    steps: `define ${macro} in a header the file includes at its top (or in the build flags), or declare ${g.name} outside the #if, then run again`,
  };
}
