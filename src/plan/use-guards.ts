/**
 * The condition under which a use of the state inside a function is compiled, so that the
 * function's `st` is declared under it too: a declaration whose every use a build compiles out
 * (`#ifdef X` in the body, an `assert(...)` under NDEBUG, a macro that debug builds alone define
 * to do something) would be an unused variable there, and a state lookup for nothing.
 */
import { andGuards, ASSERTS_ON, guardAt, inAssert, orGuards, type Guard } from '../core/conditions';
import type { FileModel, FunctionInfo, MacroDef } from '../model/types';
import { macroAt, usesOf } from '../model/macro-users';
import { definitionsOf } from '../core/lex';

/** A use at `at` in f's body: the `#if`s around it inside the body, and an enclosing assert. */
export function useGuard(file: FileModel, at: number, f: FunctionInfo): Guard | undefined {
  const lx = file.parsed.lex;
  const text = file.source.text;
  const place = guardAt(lx, at, text, f.bodyStart);
  return inAssert(lx, text, f.bodyStart, at) ? andGuards(place, ASSERTS_ON) : place;
}

/**
 * f expands `macro` (whose definition `def`, in `defFile`, uses the state): the expansions' own
 * guards, and the condition of that definition when it is in f's file (`#ifndef NDEBUG #define
 * CHECK(st, o) ... #else #define CHECK(st, o) #endif`). Undefined (always) when unsure.
 */
export function macroUseGuard(def: MacroDef, defFile: FileModel, f: FunctionInfo): Guard | undefined {
  const sites = usesOf(f.file, def.name).filter((x) => x > f.bodyStart && x < f.bodyEnd);
  if (sites.length === 0) return undefined;
  const defGuard = defFile === f.file && othersDoNothing(def, defFile) ? guardAt(defFile.parsed.lex, def.start, defFile.source.text, f.bodyStart) : undefined;
  return andGuards(orGuards(sites.map((at) => useGuard(f.file, at, f))), defGuard);
}

/** Every other definition of the macro in its file expands to nothing (`#define CHECK(o)`, `((void)0)`). */
function othersDoNothing(def: MacroDef, file: FileModel): boolean {
  return definitionsOf(file.parsed.lex, def.name).every((d) => {
    if (d.start === def.start || !d.parts) return true;
    const body = d.parts.body.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
    return body === '' || body === '((void)0)' || body === '(void)0' || body === 'do{}while(0)';
  });
}

/** A call made inside macro `m` (defined in `file`, the call at `at`), expanded by `u`: see macroUseGuard. */
export function macroCallGuard(file: FileModel, at: number, u: FunctionInfo): Guard | undefined {
  const def = macroAt(file, at);
  return def ? macroUseGuard(def, file, u) : undefined;
}
