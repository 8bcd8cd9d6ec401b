/**
 * Headers that the given files include but that were not given (`_map.c` given, `_map.h` beside it
 * not): read for the names they mention only. A type or global that such a header declares or names
 * (a `Map_Check(o)` macro on `&_Map_Type`) must not move into the state: the header cannot be
 * rewritten, and its own declaration would silently stand for the moved object. Their contents are
 * part of what a result depends on, so the result cache keys on them too (runner/batch.ts).
 */
import * as path from 'path';
import type { FileModel } from '../model/types';
import { readRegularFile, MAX_SOURCE_BYTES } from '../engine/read';
import { writtenHeaderStatics, type HeaderStatic } from '../model/header-statics';
import { lex, isInert, defineParts, type DefineParts } from '../core/lex';
import type { ProjectMacro } from '../core/project-macros';

/** The bytes of headers read so far (null: not readable), shared by the readers of one run. */
export type HeaderReads = Map<string, Buffer | null>;

/** Finds the local includes of given files outside them, as the compiler would, reading each once. */
export class OutsideHeaders {
  private readonly given: ReadonlySet<string>;

  constructor(given: readonly string[], private readonly includeDirs: readonly string[], private readonly read: HeaderReads = new Map()) {
    this.given = new Set(given.map((p) => path.resolve(p)));
  }

  /** The headers `#include "..."` lines of `from` reach that are not among the given files: next to `from` first, then the include dirs. */
  of(from: string, includes: readonly string[]): { path: string; bytes: Buffer }[] {
    const out: { path: string; bytes: Buffer }[] = [];
    for (const inc of includes) {
      for (const dir of [path.dirname(path.resolve(from)), ...this.includeDirs]) {
        const p = path.resolve(dir, inc);
        if (this.given.has(p)) break;
        const bytes = this.bytesOf(p);
        if (bytes) {
          out.push({ path: p, bytes });
          break;
        }
      }
    }
    return out;
  }

  private bytesOf(p: string): Buffer | null {
    let b = this.read.get(p);
    if (b === undefined) {
      const r = readRegularFile(p, MAX_SOURCE_BYTES);
      b = 'problem' in r ? null : r.bytes;
      this.read.set(p, b);
    }
    return b;
  }
}

/**
 * Other spellings of `PyTypeObject` that the outside headers a file includes define (`#define
 * PyExtensionClass PyTypeObject` in the header of the class library Acquisition builds on): read
 * before the file is modelled, so `static PyExtensionClass W = {...}` is a static type there as it is
 * with the header given (the model reads such aliases from the project's macros).
 */
export function outsideTypeObjectAliases(files: readonly { path: string; text: string }[], includeDirs: readonly string[], reads?: HeaderReads): Map<string, ProjectMacro[]> {
  const headers = new OutsideHeaders(files.map((f) => f.path), includeDirs, reads);
  const byHeader = new Map<string, ProjectMacro[]>();
  const out = new Map<string, ProjectMacro[]>();
  for (const f of files) {
    const includes = [...f.text.matchAll(/^[ \t]*#[ \t]*include[ \t]*"([^"\n]+)"/gm)].map((m) => m[1]);
    const found = headers.of(f.path, includes).flatMap((h) => {
      let aliases = byHeader.get(h.path);
      if (!aliases) byHeader.set(h.path, (aliases = typeObjectAliasesIn(h.path, h.bytes.toString('latin1'))));
      return aliases;
    });
    if (found.length > 0) out.set(f.path, found);
  }
  return out;
}

function typeObjectAliasesIn(file: string, text: string): ProjectMacro[] {
  const lx = lex(text);
  const out: ProjectMacro[] = [];
  for (const d of lx.directives) {
    if (d.kind !== 'define' || isInert(lx, d.start)) continue;
    const parts = defineParts(d.rest.trim());
    if (!parts || parts.params || parts.body.replace(/\/\*[\s\S]*?\*\//g, '').trim() !== 'PyTypeObject') continue;
    out.push({ name: parts.name, body: 'PyTypeObject', file, start: d.start, end: d.end });
  }
  return out;
}

/** Every file model gets the names of the outside headers it includes (`FileModel.outsideHeaders`). */
export function attachOutsideHeaders(files: FileModel[], includeDirs: readonly string[], reads?: HeaderReads): void {
  const headers = new OutsideHeaders(files.map((f) => f.path), includeDirs, reads);
  const read = new Map<string, { names: ReadonlySet<string>; statics: readonly HeaderStatic[]; returningMacros: ReadonlyMap<string, DefineParts | undefined> }>();
  for (const f of files) {
    const outside = headers.of(f.path, f.localIncludes).map((h) => {
      let r = read.get(h.path);
      if (!r) {
        const text = h.bytes.toString('latin1');
        read.set(h.path, (r = { names: namesInCode(text), statics: writtenHeaderStatics(text), returningMacros: returningMacros(text) }));
      }
      return { path: h.path, ...r };
    });
    if (outside.length > 0) f.outsideHeaders = outside;
  }
}

/**
 * The macros a header defines whose body returns (`#define Export(D, N, T) if (...) return NULL;`):
 * used as a statement, one returns from the function that uses it, which a rewrite of that function
 * must know even though the header is not among the files given.
 */
function returningMacros(text: string): Map<string, DefineParts | undefined> {
  const out = new Map<string, DefineParts | undefined>();
  for (const d of lex(text).directives) {
    if (d.kind !== 'define') continue;
    const m = /^\s*([A-Za-z_]\w*)(\([^)]*\))?([\s\S]*)$/.exec(d.rest);
    if (!m || !/\breturn\b/.test(m[3].replace(/\/\*[\s\S]*?\*\//g, ' '))) continue;
    // Defined twice (per platform, per version): which one the build sees is not known here.
    out.set(m[1], out.has(m[1]) ? undefined : defineParts(d.rest.trim()));
  }
  return out;
}

/**
 * The identifiers of a header's code that may stand for a file-scope name: a word in a comment or a
 * string (Argument Clinic's docstring "Raises Negative.") names nothing the compiler sees, and neither
 * does a member (declared in a struct or union body, or reached with `.`/`->`) nor a parameter of a
 * prototype (pyeda's `BX_Literal(struct BX_Vector *lits, long uniqid)` beside the module's `lits`).
 */
function namesInCode(text: string): Set<string> {
  const lx = lex(text);
  const tokens: { t: string; directive: boolean }[] = [];
  let d = 0; // directives are in order, as the tokens are
  for (const m of text.matchAll(/[A-Za-z_]\w*|->|\S/g)) {
    const at = m.index!;
    if (isInert(lx, at)) continue;
    while (d < lx.directives.length && lx.directives[d].end <= at) d++;
    tokens.push({ t: m[0], directive: d < lx.directives.length && lx.directives[d].start <= at });
  }
  const out = new Set<string>();
  // One entry per open brace of code: a struct or union body (or one inside it), an `extern "C"` block, or other code.
  const braces: ('members' | 'linkage' | 'code')[] = [];
  let parens = 0;
  // The two code tokens before this one (`struct Name {`).
  let before: string[] = [];
  for (let i = 0; i < tokens.length; i++) {
    const { t, directive } = tokens[i];
    // Directive lines (macro bodies) are names only: their brackets need not balance.
    if (!directive) {
      const opener = before;
      before = [before[1], t];
      if (t === '{') {
        const members = braces[braces.length - 1] === 'members' || opener.some((x) => x === 'struct' || x === 'union');
        braces.push(members ? 'members' : opener[1] === 'extern' ? 'linkage' : 'code');
        continue;
      }
      if (t === '}') braces.pop();
      else if (t === '(') parens++;
      else if (t === ')') parens = Math.max(0, parens - 1);
    }
    if (!/^[A-Za-z_]/.test(t)) continue;
    const prev = tokens[i - 1]?.t;
    const next = tokens[i + 1]?.t;
    if (prev === '.' || prev === '->') continue;
    if (!directive && braces[braces.length - 1] === 'members') continue;
    const afterType = prev !== undefined && (prev === '*' || (/^[A-Za-z_]/.test(prev) && !EXPRESSION_KEYWORDS.has(prev)));
    if (!directive && braces.every((b) => b === 'linkage') && parens > 0 && afterType && (next === ',' || next === ')' || next === '[')) continue;
    out.add(t);
  }
  return out;
}

/** Words after which an identifier is an operand, not a declarator. */
const EXPRESSION_KEYWORDS = new Set(['return', 'sizeof', 'case', 'else', 'do', 'goto', '_Alignof', 'alignof', 'typeof', '__typeof__', 'defined']);
