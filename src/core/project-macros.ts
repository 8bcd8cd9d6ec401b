/**
 * The macros a project defines in its own headers, known to every file that includes them
 * (directly or through other headers): head-init aliases, empty or pragma-only macros, init and
 * storage macros. Read lexically before any file is parsed, so each file's parse sees them; a
 * file's own `#define` of a name wins over a header's. Only the files of one run are read, and
 * batch groups keep every file with the headers it includes, so a batch run sees the same.
 */
import * as path from 'path';
import { lex, defineParts, type LexInfo } from './lex';
import { deadVersionBranches, topLevelUndefs, headerVersionFlags } from './version-conditions';
import type { HeaderVersionFlag } from './version-conditions';
import { topLevelIncludes } from './cpython-defines';

/** A macro defined in one of the project's headers, as the files that include it see it. */
export interface ProjectMacro {
  name: string;
  params?: string[];
  body: string;
  /** The header and the span of the `#define` line there. */
  file: string;
  start: number;
  end: number;
  /** Bodies of other live definitions of the name in the headers (`#ifdef _WIN32` ... `#else` ...). */
  otherBodies?: string[];
}

/**
 * `undefinedAt`: names a project header this file includes `#undef`s outside any condition
 * (`#undef TRACE_LOG  /* define to log *\/`, a debug switch) and no file of the run defines,
 * with the offset in this file after which they are certainly undefined (the end of the
 * `#include` that brings the header in): an `#if TRACE_LOG` there is never compiled.
 * `pythonHeaders`: the names of the project headers that include Python.h (outside any condition),
 * when the file is built without the limited API: below its include of one of them (or of Python.h)
 * CPython's own macros are defined (see cpython-defines.ts).
 * `versionFlags`: names the project headers this file includes (through `#include`s outside any
 * condition) define or leave undefined for every supported Python (`#if PY_MAJOR_VERSION >= 3` /
 * `#define IS_PYTHON3`), from the end of the `#include` that brings them in: `#ifdef IS_PYTHON3`
 * there decides like the version test (see `headerVersionFlags`). A name the file itself sets,
 * or a header sets otherwise, is not one.
 * `headerValues`: the object-like macros of those headers with their values (`#define USE_VECTORCALL
 * CPYTHON && PY_MINOR_VERSION >= 8`), from the end of the `#include` that brings them in, so that
 * `#if USE_VECTORCALL` there is evaluated like the file's own macros (see `headerValuesOf`).
 */
export type ProjectMacros = Map<string, ProjectMacro> & { undefinedAt?: Map<string, number>; pythonHeaders?: Set<string>; versionFlags?: Map<string, HeaderVersionFlag>; headerValues?: Map<string, HeaderValue> };

/** An object-like macro of a project header as a file including it sees it: its body from `at` on. */
export interface HeaderValue {
  body: string;
  at: number;
}

interface Unit {
  path: string;
  text: string;
}

const INCLUDE = /^[ \t]*#[ \t]*include[ \t]*"([^"]+)"/gm;

/**
 * For each file, the macros of the project headers it includes (empty maps are left out).
 * `limitedApi`: the build defines Py_LIMITED_API for every file. `lexOf`: a unit's lexical scan, which
 * is only read here (the caller may keep the scans for the parse).
 */
export function projectMacrosByFile(units: Unit[], minPythonMinor = 9, limitedApi = false, lexOf: (u: Unit) => LexInfo = (u) => lex(u.text)): Map<string, ProjectMacros> {
  const byPath = new Map(units.map((u) => [path.resolve(u.path), u]));
  const byBase = new Map<string, Unit[]>();
  for (const u of units) {
    const b = path.basename(u.path);
    if (!byBase.has(b)) byBase.set(b, []);
    byBase.get(b)!.push(u);
  }
  const includes = new Map<Unit, Unit[]>();
  const includesOf = (u: Unit): Unit[] => {
    let list = includes.get(u);
    if (list) return list;
    list = [];
    INCLUDE.lastIndex = 0;
    for (let m = INCLUDE.exec(u.text); m !== null; m = INCLUDE.exec(u.text)) {
      const exact = byPath.get(path.resolve(path.dirname(u.path), m[1]));
      const byName = byBase.get(path.basename(m[1])) ?? [];
      const target = exact ?? (byName.length === 1 ? byName[0] : undefined);
      if (target && target !== u) list.push(target);
    }
    includes.set(u, list);
    return list;
  };
  const tops = new Map<Unit, { base: string; end: number }[]>();
  const topIncludesOf = (u: Unit): { base: string; end: number }[] => {
    let t = tops.get(u);
    if (!t) tops.set(u, (t = topLevelIncludes(lexOf(u))));
    return t;
  };
  const facts = new Map<Unit, HeaderFacts>();
  const factsOf = (u: Unit): HeaderFacts => {
    let f = facts.get(u);
    if (!f) facts.set(u, (f = headerFacts(u, minPythonMinor)));
    return f;
  };
  // Whether a unit itself defines Py_LIMITED_API: asked for every header each file reaches.
  const limitedIn = new Map<Unit, boolean>();
  const definesLimited = (u: Unit): boolean => {
    let v = limitedIn.get(u);
    if (v === undefined) limitedIn.set(u, (v = /^[ \t]*#[ \t]*define[ \t]+Py_LIMITED_API\b/m.test(u.text)));
    return v;
  };
  const definesOf = (u: Unit): ProjectMacro[] => factsOf(u).defines;
  const undefsOf = (u: Unit): string[] => factsOf(u).undefs;
  // Names some file of the run defines (anywhere, live or not): never taken for certainly undefined.
  const definedSomewhere = new Set<string>();
  for (const u of units) for (const m of u.text.matchAll(/^[ \t]*#[ \t]*define[ \t]+([A-Za-z_]\w*)/gm)) definedSomewhere.add(m[1]);
  const out = new Map<string, ProjectMacros>();
  let withPython: Set<string> | undefined;
  for (const u of units) {
    // Breadth first: a nearer header's definition wins over one it includes.
    const seen = new Set<Unit>([u]);
    const queue = includesOf(u).slice();
    const macros: ProjectMacros = new Map();
    // Each header reached, with the end of the #include line of this file it came through.
    const via = new Map<Unit, number>();
    for (const m of u.text.matchAll(INCLUDE)) {
      const h = includesOf(u).find((x) => path.basename(x.path) === path.basename(m[1]));
      if (h && !via.has(h)) via.set(h, m.index! + m[0].length);
    }
    const undefinedAt = new Map<string, number>();
    while (queue.length > 0) {
      const h = queue.shift()!;
      if (seen.has(h)) continue;
      seen.add(h);
      const at = via.get(h);
      if (at !== undefined) {
        for (const name of undefsOf(h)) if (!definedSomewhere.has(name) && !undefinedAt.has(name)) undefinedAt.set(name, at);
        for (const next of includesOf(h)) if (!via.has(next)) via.set(next, at);
      }
      for (const d of definesOf(h)) {
        const known = macros.get(d.name);
        if (!known) macros.set(d.name, { ...d });
        else if (known.body !== d.body || String(known.params) !== String(d.params)) (known.otherBodies ??= []).push(d.body);
      }
      queue.push(...includesOf(h));
    }
    if (undefinedAt.size > 0) macros.undefinedAt = undefinedAt;
    const unconditional = unconditionalHeaders(u, includesOf, factsOf, topIncludesOf);
    const setInU = onceFor(() => namesSetIn(u));
    const flags = versionFlagsOf(u, seen, unconditional, factsOf, setInU);
    if (flags.size > 0) macros.versionFlags = flags;
    const values = headerValuesOf(u, seen, unconditional, factsOf, setInU);
    if (values.size > 0) macros.headerValues = values;
    const limited = limitedApi || [...seen].some(definesLimited);
    if (!limited) macros.pythonHeaders = withPython ??= pythonHeaders(units, includesOf, byBase, topIncludesOf);
    if (macros.size > 0 || undefinedAt.size > 0 || macros.pythonHeaders || macros.versionFlags || macros.headerValues) out.set(u.path, macros);
  }
  return out;
}

/** The names of the headers among `units` that include Python.h outside any condition, themselves or through another. */
function pythonHeaders(units: Unit[], includesOf: (u: Unit) => Unit[], byBase: Map<string, Unit[]>, topIncludesOf: (u: Unit) => { base: string }[]): Set<string> {
  const direct = new Map<Unit, string[]>();
  for (const u of units) {
    // Two headers of one name: an include of that name may mean either.
    if (!/\.h$/.test(u.path) || byBase.get(path.basename(u.path))!.length > 1) continue;
    direct.set(u, u.text.includes('#') ? topIncludesOf(u).map((i) => i.base) : []);
  }
  const out = new Set<string>();
  for (let changed = true; changed; ) {
    changed = false;
    for (const [u, bases] of direct) {
      const name = path.basename(u.path);
      if (out.has(name)) continue;
      const viaHeader = includesOf(u).some((h) => out.has(path.basename(h.path)) && bases.includes(path.basename(h.path)));
      if (bases.includes('Python.h') || viaHeader) {
        out.add(name);
        changed = true;
      }
    }
  }
  return out;
}

/**
 * The version flags of the headers `reached` from `u` (see ProjectMacros.versionFlags): each from the
 * end of the first `#include` outside any condition, in `u` or along a chain of such includes in the
 * headers, that brings in a header setting it. A name set otherwise by one of the headers (or set as
 * a flag by one that only a conditional `#include` brings in), set both ways, or set by `u` itself stays open.
 */
function versionFlagsOf(u: Unit, reached: Set<Unit>, unconditional: () => Map<Unit, number>, factsOf: (u: Unit) => HeaderFacts, setInU: () => Set<string>): Map<string, HeaderVersionFlag> {
  const out = new Map<string, HeaderVersionFlag>();
  const headers = [...reached].filter((h) => h !== u);
  if (!headers.some((h) => factsOf(h).flags.size > 0)) return out;
  const open = new Set<string>();
  for (const h of headers) {
    for (const [name, state] of factsOf(h).flags) {
      const at = unconditional().get(h);
      const known = out.get(name);
      if (state === 'open' || at === undefined || (known && known.defined !== (state === 'defined'))) open.add(name);
      else if (!known || at < known.at) out.set(name, { defined: state === 'defined', at });
    }
  }
  for (const name of [...open, ...setInU()]) out.delete(name);
  return out;
}

/** `make()` computed when first asked, then kept. */
function onceFor<T>(make: () => T): () => T {
  let v: { value: T } | undefined;
  return () => (v ??= { value: make() }).value;
}

function namesSetIn(u: Unit): Set<string> {
  return new Set([...u.text.matchAll(/^[ \t]*#[ \t]*(?:define|undef)[ \t]+([A-Za-z_]\w*)/gm)].map((m) => m[1]));
}

/**
 * Each header reached from `u` through `#include`s outside any condition only (in `u` and along the
 * chain), with the end of `u`'s include of the chain. Computed when first asked.
 */
function unconditionalHeaders(u: Unit, includesOf: (u: Unit) => Unit[], factsOf: (u: Unit) => HeaderFacts, topIncludesOf: (u: Unit) => { base: string; end: number }[]): () => Map<Unit, number> {
  let out: Map<Unit, number> | undefined;
  return () => {
    if (out) return out;
    const found = new Map<Unit, number>();
    const queue: [Unit, number][] = [];
    const enqueue = (from: Unit, bases: string[], at: (k: number) => number): void => {
      bases.forEach((base, k) => {
        const h = includesOf(from).find((x) => path.basename(x.path) === base);
        if (h && h !== u && !found.has(h)) {
          found.set(h, at(k));
          queue.push([h, at(k)]);
        }
      });
    };
    const own = topIncludesOf(u);
    enqueue(u, own.map((i) => i.base), (k) => own[k].end);
    while (queue.length > 0) {
      const [h, at] = queue.shift()!;
      enqueue(h, factsOf(h).unconditionalIncludes, () => at);
    }
    return (out = found);
  };
}

/**
 * The header values `u` sees (see ProjectMacros.headerValues): an object-like macro every `#define` of
 * which, in every header reached, is live for every supported Python (outside any condition, or in the
 * live branch of decided version groups) with one body, in headers an unconditional `#include` brings in.
 * A name some header `#undef`s, defines under another condition or differently, or that `u` sets
 * itself (its own definition is read where it stands), has no value here.
 */
function headerValuesOf(u: Unit, reached: Set<Unit>, unconditional: () => Map<Unit, number>, factsOf: (u: Unit) => HeaderFacts, setInU: () => Set<string>): Map<string, HeaderValue> {
  const out = new Map<string, HeaderValue>();
  const headers = [...reached].filter((h) => h !== u);
  if (!headers.some((h) => factsOf(h).values.size > 0)) return out;
  const open = new Set<string>();
  for (const h of headers) {
    for (const [name, body] of factsOf(h).values) {
      const at = unconditional().get(h);
      const known = out.get(name);
      if (body === null || at === undefined || (known && known.body !== body)) open.add(name);
      else if (!known || at < known.at) out.set(name, { body, at });
    }
  }
  for (const name of [...open, ...setInU()]) out.delete(name);
  return out;
}

interface HeaderFacts {
  /** The `#define`s that some supported Python compiles (a `PY_MAJOR_VERSION < 3` branch defines nothing). */
  defines: ProjectMacro[];
  /** The names it `#undef`s outside every condition but its include guard. */
  undefs: string[];
  /** What its `#define`s and `#undef`s under version conditions say (see headerVersionFlags). */
  flags: Map<string, 'defined' | 'undefined' | 'open'>;
  /** The names of the files it `#include`s outside every condition but its include guard. */
  unconditionalIncludes: string[];
  /**
   * Its object-like macros with the body every supported Python sees; null for a name it also
   * `#undef`s, defines under a condition not decided for every supported Python, or defines twice differently.
   */
  values: Map<string, string | null>;
}

/** What a header of the project says to the files that include it, from one lexical scan. */
function headerFacts(u: Unit, minPythonMinor: number): HeaderFacts {
  if (!u.text.includes('#')) return { defines: [], undefs: [], flags: new Map(), unconditionalIncludes: [], values: new Map() };
  // Its own scan: deciding the version groups marks them in it, which the parse of the header must not see.
  const lx = lex(u.text);
  const inDead = insideAny(deadVersionBranches(lx, minPythonMinor).filter((h) => h.kind === 'branch'));
  // Groups whose branch no supported Python decides (include guards aside): a define inside one has no one value.
  const inOpenGroup = insideAny(lx.groups.filter((g) => !g.includeGuard && g.resolvedBranch === undefined));
  const out: ProjectMacro[] = [];
  const values = new Map<string, string | null>();
  // An include guard's name is no value (`#ifndef X` / `#define X 1` around the header reads as one).
  for (const g of lx.groups) if (g.includeGuard) values.set(/^\s*([A-Za-z_]\w*)/.exec(g.branches[0].directive.rest)?.[1] ?? '', null);
  for (const d of lx.directives) {
    if ((d.kind !== 'define' && d.kind !== 'undef') || inDead(d.start)) continue;
    const parts = defineParts(d.rest);
    const name = parts?.name ?? /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1];
    if (!name) continue;
    if (d.kind === 'undef' || !parts) {
      values.set(name, null);
      continue;
    }
    out.push({ ...parts, file: u.path, start: d.start, end: d.end });
    if (parts.params) continue;
    const decided = !inOpenGroup(d.start);
    const body = parts.body.replace(/\/\*[^]*?\*\//g, ' ').replace(/\/\/.*$/, '').trim();
    const known = values.get(name);
    values.set(name, !decided || known === null || (known !== undefined && known !== body) ? null : body);
  }
  return { defines: out, undefs: topLevelUndefs(lx).map((x) => x.name), flags: headerVersionFlags(lx), unconditionalIncludes: topLevelIncludes(lx).map((i) => i.base), values };
}

/**
 * Whether an offset lies inside one of the [start, end) spans: the spans merged and sorted once,
 * then a binary search per question (a header asks for each of its directives).
 */
function insideAny(spans: readonly { start: number; end: number }[]): (at: number) => boolean {
  const merged: { start: number; end: number }[] = [];
  for (const sp of [...spans].sort((a, b) => a.start - b.start)) {
    const last = merged[merged.length - 1];
    if (last && sp.start <= last.end) last.end = Math.max(last.end, sp.end);
    else if (sp.start < sp.end) merged.push({ start: sp.start, end: sp.end });
  }
  return (at) => {
    let lo = 0;
    let hi = merged.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (merged[mid].start <= at) lo = mid + 1;
      else hi = mid - 1;
    }
    return hi >= 0 && at < merged[hi].end;
  };
}
