/**
 * Where the #include lines the emitter adds go: after the file's own includes (inside its guard),
 * or above the first code that needs the header, or below the declarations the header leaves to
 * its includer; an earlier run's line of the same header moves rather than doubles.
 */
import * as path from 'path';
import type { FileModel } from '../model/types';
import type { TransformContext } from '../../transforms/types';
import { branchesAt } from '../core/lex';
import { hoist } from './hoist';
import { typesReadyAt } from './field-types';
import { macrosReadyAt } from './length-macros';
import { translationUnits } from '../model/translation-units';

export interface PendingInclude {
  file: FileModel;
  text: string;
  /** Whether an edit's text needs what the header declares. */
  needs: (text: string) => boolean;
  /** Types the header names and leaves to its includer: the line goes below their declarations in the file. */
  belowTypes?: readonly string[];
  /** Macros the header's own #if lines and #defines use: the line goes below their definitions in the file. */
  belowMacros?: readonly string[];
}

/**
 * After the file's other #include lines, unless code that needs the header comes earlier (a
 * file whose last #include is at its end): then above the top-level item that holds that code.
 */
export function placeIncludes(ctx: TransformContext, includes: PendingInclude[]): void {
  for (const inc of includes) {
    const f = inc.file;
    // An earlier run's #include of the same header stays the only one; it moves up when this run's
    // code above it needs the header (a later run adds a shim user to a state block above it).
    const target = /"([^"]+)"/.exec(inc.text)?.[1];
    const earlier = target ? f.parsed.lex.directives.find((d) => d.kind === 'include' && d.braceDepth === 0 && path.basename(/"([^"]+)"/.exec(d.rest)?.[1] ?? '') === path.basename(target)) : undefined;
    if (target && !earlier && f.localIncludes.some((x) => path.basename(x) === path.basename(target))) continue;
    let at = earlier ? earlier.start : includePoint(f);
    let firstNeed = Infinity;
    for (const e of ctx.edits) {
      if (e.file !== f.path || !inc.needs(e.text)) continue;
      firstNeed = Math.min(firstNeed, e.start);
      if (e.start < at) at = Math.min(at, hoist(f, topLevelStart(f, e.start)));
    }
    // A header that declares a field's type itself (`typedef unsigned char gf;` below its own
    // #include lines, then prototypes that now take the state) includes the state header below
    // that declaration, where the header's own code starts to need it.
    const ready = Math.max(inc.belowTypes ? typesReadyAt(f, inc.belowTypes, ctx.ext.files) : 0, inc.belowMacros ? macrosReadyAt(f, inc.belowMacros, ctx.ext.files) : 0);
    if (!earlier && ready > at && (firstNeed === Infinity || ready <= f.source.lineStart(firstNeed)) && branchesAt(f.parsed.lex, ready).length === 0) {
      ctx.insert(f, ready, f.source.adapt(spacedLine(f, ready, inc.text)), -1);
      continue;
    }
    if (earlier) {
      if (at === earlier.start) continue;
      ctx.replace(f, f.source.lineStart(earlier.start), f.source.lineEndIncludingEol(earlier.end), '');
    }
    ctx.insert(f, at, f.source.adapt(`${inc.text}\n`), -1);
  }
}

/** A directive line to insert at a line start among declarations: a blank line on each side where the code has none. */
function spacedLine(f: FileModel, at: number, line: string): string {
  const text = f.source.text;
  const prev = text.slice(f.source.lineStart(Math.max(0, at - 1)), at).trim();
  const next = text.slice(at, f.source.lineEndIncludingEol(at)).trim();
  const apart = (l: string): boolean => l !== '' && !l.startsWith('#');
  return `${apart(prev) ? '\n' : ''}${line}\n${apart(next) ? '\n' : ''}`;
}

/** The start of the file-scope item (function, declaration, #if group) that holds `offset`. */
function topLevelStart(f: FileModel, offset: number): number {
  const items = f.parsed.tree.rootNode.children;
  let lo = 0;
  let hi = items.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (items[mid].startIndex <= offset) lo = mid + 1;
    else hi = mid;
  }
  const item = items[lo - 1];
  return item && offset < item.endIndex ? item.startIndex : offset;
}

/** The files each file reaches through its `#include "..."` lines (itself included). */
export function reachedFiles(files: readonly FileModel[]): (f: FileModel) => Set<FileModel> {
  const units = translationUnits(files);
  return (f) => {
    const out = new Set<FileModel>([f]);
    const walk = (x: FileModel): void => {
      for (const u of units) {
        if (u.root !== x) continue;
        for (const y of u.files) out.add(y);
      }
    };
    walk(f);
    // A header is no unit root when something includes it: what it reaches is what its includer's unit reaches after it.
    for (const u of units) {
      const i = u.files.indexOf(f);
      if (i > 0) {
        const sub = translationUnits(u.files.filter((y) => y !== u.root)).find((v) => v.root === f);
        for (const y of sub?.files ?? []) out.add(y);
      }
    }
    return out;
  };
}

/**
 * After the last `#include` among the top-of-file directives — but before the first included
 * source file (`#include "counter_type.c"`): that code is part of this file and may need what
 * the new include declares.
 */
function includePoint(f: FileModel): number {
  // Inside an include guard when the file has one (after its `#define`).
  const guard = f.parsed.lex.groups.find((g) => g.includeGuard);
  const guardDefine = guard && f.parsed.lex.directives.find((d) => d.start > guard.branches[0].directive.start && d.kind === 'define');
  let at = guardDefine ? f.source.lineEndIncludingEol(guardDefine.end) : belowLeadingComment(f.source.text);
  for (const d of f.parsed.lex.directives) {
    if (d.kind !== 'include' || d.braceDepth !== 0 || branchesAt(f.parsed.lex, d.start).length !== 0) continue;
    if (/^"[^"]*\.(c|inc|c\.h)"/.test(d.rest)) break; // code, not declarations (Argument Clinic's x.c.h)
    at = f.source.lineEndIncludingEol(d.end);
  }
  return at;
}

/** Where a file without #include lines or guard starts its code: below its leading comments (a licence, what the file is). */
function belowLeadingComment(text: string): number {
  const lead = /^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*))+[ \t]*\r?\n/.exec(text);
  return lead ? lead[0].length : 0;
}
