/**
 * Static invariants of a rewrite, checked on the parsed output before anything is written (like
 * the "would parse worse" guard): a name is never left without its declaration. For every
 * translation unit a changed file is part of, and every name whose file-scope declaration the
 * rewrite touched or whose name its new text mentions, the uses that see no declaration are
 * counted in the original and in the output; more in the output is a violation:
 *
 *   - a global whose definition was removed but that a header (or a macro body) still names;
 *   - a type named in a generated declaration above the type's declaration (`Vec *x;` in a
 *     state struct above `typedef ... Vec;`);
 *   - a generated reference to a state helper, spec or compatibility shim with no declaration
 *     in scope (a file that uses Py_TPFLAGS_IMMUTABLETYPE on 3.9 without the compat header);
 *   - `st` used in a function that does not declare it, `st->x` where the state has no field x;
 *   - a function-level static that moved while a use of it stayed;
 *   - a name defined in the original and only declared (or not at all) in the output, or
 *     defined twice where it was defined once.
 *
 * Counting, not judging each use, makes the checks robust to what a lexical view cannot know
 * (names declared by macro invocations, implicit declarations): such uses are unresolved in
 * both versions alike. Only the names of interest are scanned, and only the units that hold a
 * changed or new file, so the cost is a regex pass over those files and a little tree lookup.
 */
import * as path from 'path';
import type { ParsedFile } from '../core/parse';
import { quotedInclude } from '../core/lex';
import { fileScopeDeclarations } from '../model/file-scope';
import type { InvariantInput, InvariantViolation } from './invariant-types';
import { STATE_VARS, VERSIONED } from './invariant-names';
import { originalPlace } from './output-places';
import { Analysis, Occurrence, View } from './invariant-analysis';
import { movedLocalChecks, stateChecks } from './state-invariants';
import { bracelessBodyChecks, macroParamChecks } from './body-invariants';

const C_WORDS = new Set(
  ('auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex _Atomic _Static_assert NULL defined').split(' '),
);

type Version = 'original' | 'output';

export function checkRewrite(input: InvariantInput): InvariantViolation[] {
  const changed = input.files.filter((f) => f.original !== f.output);
  if (changed.length === 0) return [];
  const names = namesOfInterest(input);
  const out: InvariantViolation[] = [];
  const views = (v: Version): View[] =>
    input.files.flatMap((f) => {
      const p = v === 'original' ? f.original : f.output;
      return p ? [{ path: f.path, parsed: p, localIncludes: localIncludes(p) }] : [];
    });
  const shared = new Map<ParsedFile, Map<string, number[]>>();
  const orig = new Analysis(views('original'), names, input.minPython, shared);
  const res = new Analysis(views('output'), names, input.minPython, shared);
  const changedPaths = new Set(changed.map((f) => f.path));
  // The extension's own names: declared at file scope somewhere, before or after. A use of one
  // must see a declaration in its unit; every other name is Python's (or a local).
  const projectNames = new Set([...orig.declaredNames(), ...res.declaredNames()]);
  // Units that hold a changed file; matched by root.
  for (const unit of res.units) {
    if (!unit.files.some((f) => changedPaths.has(f.path))) continue;
    const before0 = orig.units.find((u) => u.root.path === unit.root.path);
    const a = before0 ? orig.unresolved(before0, projectNames) : new Map<string, Occurrence[]>();
    const b = res.unresolved(unit, projectNames);
    for (const [name, occs] of b) {
      const was = a.get(name)?.length ?? 0;
      if (occs.length <= was) continue;
      const o = occs.find((x) => changedPaths.has(x.view.path)) ?? occs[0];
      const at = place(o.view.path, o.at);
      const decl = res.declaration(unit, name);
      const message = decl
        ? `'${name}' is named at ${at} above its declaration at ${place(decl.view.path, decl.decl.at)}`
        : VERSIONED[name]
          ? `'${name}' is used at ${at} without the compatibility header (Python.h has it from ${VERSIONED[name]} on)`
          : STATE_VARS.has(name)
            ? `'${name}' is used at ${at} in a function that does not declare it`
            : orig.declaredIn(name, before0)
              ? `'${name}' is used at ${at} but its declaration was removed`
              : `'${name}' is used at ${at} but declared nowhere`;
      out.push({ path: o.view.path, offset: o.at, name, message });
    }
    const defsA = before0 ? orig.definitionCounts(before0) : new Map<string, number>();
    for (const [name, n] of res.definitionCounts(unit)) {
      if (n > 1 && n > (defsA.get(name) ?? 0)) {
        const d = res.declarations(unit).filter((x) => x.decl.name === name && x.decl.single);
        const second = d[1] ?? d[0];
        out.push({ path: second.view.path, offset: second.decl.at, name, message: `'${name}' is defined twice (${d.map((x) => place(x.view.path, x.decl.at)).join(' and ')})` });
      }
    }
  }
  // Defined before, still used, but only declared now: the link (or the import) would fail.
  const definedBefore = orig.definedNames();
  const definedAfter = res.definedNames();
  for (const name of names) {
    if (!definedBefore.has(name) || definedAfter.has(name) || out.some((v) => v.name === name)) continue;
    const use = res.firstUse(name, changedPaths);
    if (use) out.push({ path: use.view.path, offset: use.at, name, message: `'${name}' is used at ${place(use.view.path, use.at)} but no longer defined anywhere in the extension` });
  }
  out.push(...stateChecks(input, place), ...movedLocalChecks(input, place), ...bracelessBodyChecks(changed, place), ...macroParamChecks(changed, place));
  return out;

  /** Where an offset of the output is, in the original file's lines (new text: where it goes in). */
  function place(p: string, outOffset: number): string {
    const f = input.files.find((x) => x.path === p);
    const name = path.basename(p);
    if (!f?.original) return `${name}:${f?.output?.source.position(outOffset).line ?? '?'} (a generated file)`;
    if (f.original === f.output || !f.edits) return `${name}:${f.original.source.position(outOffset).line}`;
    const { offset, inserted } = originalPlace(f.edits, outOffset);
    return `${name}:${f.original.source.position(offset).line}${inserted ? ' (new code)' : ''}`;
  }
}

function localIncludes(p: ParsedFile): string[] {
  const out: string[] = [];
  for (const d of p.lex.directives) {
    const inc = quotedInclude(d);
    if (inc) out.push(inc);
  }
  return out;
}

/** Names whose declarations the rewrite touched, and every identifier of the new text. */
function namesOfInterest(input: InvariantInput): Set<string> {
  const names = new Set<string>();
  const add = (text: string): void => {
    for (const m of text.matchAll(/[A-Za-z_][A-Za-z0-9_]*/g)) if (!C_WORDS.has(m[0])) names.add(m[0]);
  };
  for (const f of input.files) {
    if (f.original === f.output) continue;
    if (!f.original) {
      if (f.output) add(f.output.source.text);
      continue;
    }
    const edits = f.edits ?? [];
    for (const e of edits) add(e.text);
    const removed = edits.filter((e) => e.end > e.start).sort((a, b) => a.start - b.start);
    if (removed.length === 0) continue;
    // An edit overlaps [at, end) when it starts before `end` and ends after `at`: the furthest
    // end among the edits that start before `end` tells (a binary search per declaration).
    const reach: number[] = [];
    for (const e of removed) reach.push(Math.max(e.end, reach[reach.length - 1] ?? 0));
    for (const d of fileScopeDeclarations(f.original)) {
      let lo = 0;
      let hi = removed.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        if (removed[mid].start < d.end) lo = mid + 1;
        else hi = mid;
      }
      if (lo > 0 && reach[lo - 1] > d.at) names.add(d.name);
    }
  }
  for (const m of input.movedLocals) names.delete(m.name); // checked in their function
  return names;
}
