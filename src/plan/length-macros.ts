/**
 * Array lengths that a generated state header cannot see. A global array of one file becomes a
 * field of `<mod>_state.h`, which every file that uses the state includes; when its length is a
 * macro that a `.c` file defines (`static PyObject *errobjects[ERR_MAX - ERR_MIN + 1];` with
 * `#define ERR_MAX ...` a few lines above it, python-ldap's constants.c), the other files would
 * compile the struct without that macro. Such `#define`s move into the state header, above the
 * struct: the `.c` file includes the header, so it keeps seeing them, and so does every other
 * includer. A define inside an `#if` group moves with its whole group (the group must hold
 * nothing but directives and comments). Whatever cannot move that way is a refusal that says why.
 */
import * as path from 'path';
import type { ExtensionModel, FileModel } from '../model/types';
import { definitionsOf, isInert, quotedInclude, type CondGroup, type Definition } from '../core/lex';
import { isHeaderPath } from '../core/parse';
import { includersOf } from '../model/extension';
import { RewriteRefusal } from './refusal';

export interface MovedDefines {
  /** The text to put into the state header (each moved piece, in source order per file). */
  text: string;
  /** The spans to remove from their files: whole lines. */
  spans: { file: FileModel; start: number; end: number }[];
  /** The names the moved text uses (its conditions and bodies): an includer of the header must have them first. */
  uses: string[];
}

/** The marker comment above the moved defines: a later run that writes the header again keeps what follows it. */
export const MOVED_MARK = '/* Array lengths of the state fields (moved here from';

const C_WORDS = new Set(['defined', 'sizeof', 'int', 'long', 'unsigned', 'char', 'short', 'signed', 'size_t', 'struct', 'union', 'enum', 'const']);

function identifiers(text: string): string[] {
  const noStrings = text.replace(/"(?:[^"\\]|\\.)*"|'(?:[^'\\]|\\.)*'/g, ' ');
  return (noStrings.match(/\b[A-Za-z_]\w*\b/g) ?? []).filter((w) => !C_WORDS.has(w));
}

/** A `.c` file compiled on its own: no other file of the extension includes it. */
function isOwnUnit(ext: ExtensionModel, f: FileModel): boolean {
  return !isHeaderPath(f.path) && includersOf(ext, f).size === 0;
}

/**
 * The `#define`s of `.c` files that the lengths of these fields name (directly or through another
 * such macro), as pieces to move into the state header; undefined when there are none.
 */
export function lengthMacrosToMove(ext: ExtensionModel, lengths: readonly string[]): MovedDefines | undefined {
  const pieces = new Map<FileModel, { start: number; end: number; names: string[] }[]>();
  const seen = new Set<string>();
  const queue = lengths.flatMap(identifiers);
  while (queue.length > 0) {
    const name = queue.shift()!;
    if (seen.has(name)) continue;
    seen.add(name);
    const definers = ext.files.filter((f) => definitionsOf(f.parsed.lex, name).length > 0);
    const inUnits = definers.filter((f) => isOwnUnit(ext, f));
    if (inUnits.length === 0) continue;
    if (definers.length > 1) {
      throw new RewriteRefusal(
        `the length of a state field names '${name}', which ${definers.map((f) => path.basename(f.path)).join(' and ')} each define: the state header that every file includes cannot hold one of them; manual: define it once, in a header of the extension`,
        inUnits[0],
        definitionsOf(inUnits[0].parsed.lex, name)[0].start,
      );
    }
    const f = inUnits[0];
    const lx = f.parsed.lex;
    const defs = definitionsOf(lx, name);
    const undef = lx.directives.find((d) => d.kind === 'undef' && d.rest.trim().split(/\s/)[0] === name);
    const piece = pieceOf(f, defs, name, undef !== undefined);
    const list = pieces.get(f) ?? [];
    if (!list.some((p) => p.start === piece.start)) list.push(piece);
    pieces.set(f, list);
    for (const d of defs) queue.push(...identifiers(d.parts?.body ?? ''));
    for (const c of piece.names) queue.push(c);
  }
  if (pieces.size === 0) return undefined;
  const spans: MovedDefines['spans'] = [];
  const texts: string[] = [];
  for (const [f, list] of pieces) {
    list.sort((a, b) => a.start - b.start);
    // Pieces that only blank lines and comments separate move as one block, as they were written.
    const merged: { start: number; end: number }[] = [];
    for (const p of list) {
      const last = merged[merged.length - 1];
      if (last && onlyCommentsAndSpace(f, last.end, p.start)) last.end = Math.max(last.end, p.end);
      else merged.push({ start: p.start, end: p.end });
    }
    texts.push(`${MOVED_MARK} ${path.basename(f.path)} by pyext-isolate). */`);
    for (const m of merged) {
      // A comment right above the block (no blank line between) is about it: it moves too; a
      // blank line on each side then becomes one.
      m.start = commentAbove(f, m.start);
      const text = f.source.text;
      const blankBefore = m.start === 0 || /^\r?\n/.test(text.slice(text.lastIndexOf('\n', m.start - 2) + 1, m.start));
      const next = text.slice(m.end, f.source.lineEndIncludingEol(m.end));
      if (blankBefore && m.end < text.length && next.trim() === '') m.end += next.length;
      spans.push({ file: f, start: m.start, end: m.end });
      texts.push(f.source.text.slice(m.start, m.end).replace(/\r\n/g, '\n').trimEnd());
    }
  }
  const uses = new Set(spans.flatMap((s) => identifiers(s.file.source.text.slice(s.start, s.end).replace(/\/\*[\s\S]*?\*\/|\/\/.*$/gm, ' '))));
  return { text: texts.join('\n'), spans, uses: [...uses].filter((u) => !seenDefinedIn(pieces, u)) };
}

/** Whether a name is one the moved pieces define themselves. */
function seenDefinedIn(pieces: Map<FileModel, { start: number; end: number }[]>, name: string): boolean {
  for (const [f, list] of pieces) for (const d of definitionsOf(f.parsed.lex, name)) if (list.some((p) => d.start >= p.start && d.start < p.end)) return true;
  return false;
}

/**
 * The offset in `file` below which every one of `names` that the project's files #define is
 * defined: after the file's own definition (after its #if group), or after the `#include` line
 * through which a header that defines it is reached. 0 when the files define none of them.
 */
export function macrosReadyAt(file: FileModel, names: readonly string[], files: readonly FileModel[]): number {
  const byBase = new Map<string, FileModel[]>();
  for (const f of files) byBase.set(path.basename(f.path), [...(byBase.get(path.basename(f.path)) ?? []), f]);
  const target = (inc: string): FileModel | undefined => {
    const hits = byBase.get(path.basename(inc)) ?? [];
    return hits.length === 1 ? hits[0] : undefined;
  };
  const defines = (f: FileModel, name: string, seen: Set<FileModel>): boolean => {
    if (seen.has(f)) return false;
    seen.add(f);
    if (definitionsOf(f.parsed.lex, name).length > 0) return true;
    return f.localIncludes.some((inc) => {
      const t = target(inc);
      return !!t && defines(t, name, seen);
    });
  };
  let ready = 0;
  for (const name of new Set(names)) {
    const own = definitionsOf(file.parsed.lex, name);
    let at: number | undefined;
    for (const d of own) {
      const g = outermostGroup(file.parsed.lex.groups, d.start);
      at = Math.max(at ?? 0, file.source.lineEndIncludingEol(g ? g.end - 1 : d.end));
    }
    if (at === undefined) {
      for (const d of file.parsed.lex.directives) {
        const inc = quotedInclude(d);
        const t = inc && target(inc);
        if (t && t !== file && defines(t, name, new Set([file]))) {
          at = file.source.lineEndIncludingEol(d.end);
          break;
        }
      }
    }
    if (at !== undefined) ready = Math.max(ready, at);
  }
  return ready;
}

/** The outermost conditional group that holds `at`, never an include guard. */
function outermostGroup(groups: readonly CondGroup[], at: number): CondGroup | undefined {
  let best: CondGroup | undefined;
  for (const g of groups) if (!g.includeGuard && g.start <= at && at < g.end && (!best || g.depth < best.depth)) best = g;
  return best;
}

/** The whole lines of a define, or of the outermost conditional group that holds it (never an include guard). */
function pieceOf(f: FileModel, defs: readonly Definition[], name: string, undefined_: boolean): { start: number; end: number; names: string[] } {
  const lx = f.parsed.lex;
  const refuse = (why: string): never => {
    throw new RewriteRefusal(
      `the length of a state field names '${name}', defined in ${path.basename(f.path)}, which the state header that every file of the extension includes cannot see, and ${why}; manual: move its #define into a header of the extension that the files include`,
      f,
      defs[0].start,
    );
  };
  if (undefined_) refuse('the file #undefs it');
  const groups = new Set(defs.map((d) => outermostGroup(lx.groups, d.start)));
  if (groups.size > 1 || (groups.has(undefined) && defs.length > 1)) refuse('it is defined more than once outside one #if group');
  const g = [...groups][0];
  if (defs.some((d) => lx.directives.find((x) => x.start === d.start)?.braceDepth !== 0)) refuse('it is defined inside a function');
  const start = f.source.lineStart(g ? g.start : defs[0].start);
  const end = f.source.lineEndIncludingEol(g ? g.end - 1 : defs[0].end);
  // Only directives and comments may move (code in the group stays where it is).
  let at = start;
  for (const d of lx.directives.filter((x) => x.start >= start && x.end <= end)) {
    if (!onlyCommentsAndSpace(f, at, d.start)) refuse('its #if group holds code as well');
    if (d.kind === 'include') refuse('its #if group includes a file');
    at = d.end;
  }
  if (!onlyCommentsAndSpace(f, at, end)) refuse('its #if group holds code as well');
  const names = g ? g.branches.flatMap((b) => identifiers(b.directive.rest)) : [];
  return { start, end, names };
}

/** The start of the comment lines directly above `at` (a line start), or `at`. */
function commentAbove(f: FileModel, at: number): number {
  const text = f.source.text;
  let start = at;
  while (start > 0) {
    const prev = f.source.lineStart(start - 1);
    const line = text.slice(prev, start);
    if (line.trim() === '' || !onlyCommentsAndSpace(f, prev, start)) break;
    start = prev;
  }
  return start;
}

function onlyCommentsAndSpace(f: FileModel, from: number, to: number): boolean {
  const text = f.source.text;
  for (let i = from; i < to; i++) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) continue;
    if (!isInert(f.parsed.lex, i)) return false;
  }
  return true;
}

/** An earlier run's moved defines in its state header (to write again with the header), or ''. */
export function movedDefinesIn(header: FileModel): string {
  const text = header.source.text.replace(/\r\n/g, '\n');
  const at = text.indexOf(MOVED_MARK);
  if (at < 0) return '';
  const end = text.indexOf('\ntypedef struct', at);
  return end < 0 ? '' : text.slice(at, end).trimEnd();
}
