/**
 * Python-version conditions of `#if` groups, evaluated against the supported range: which branch
 * a modern CPython build compiles, and the branches no supported version compiles (blanked).
 */
import type { LexInfo, CondGroup } from './lex';
import { definitions } from './lex';
import type { Hole } from './parse-view';
import { cpythonDefinedAt } from './cpython-defines';

/**
 * The branch a modern CPython 3 build would compile, when the conditions say so
 * (`#if PY_MAJOR_VERSION >= 3`, `#if PY_VERSION_HEX < 0x03080000`, ...); else the first.
 */
export function activeBranch(g: CondGroup): number {
  for (let k = 0; k < g.branches.length; k++) {
    const d = g.branches[k].directive;
    if (d.kind === 'else') return k;
    const v = evalPythonCondition(d.kind, d.rest);
    if (v === true) return k;
    if (v === undefined) return k;
  }
  return 0;
}

/** The newest CPython minor version whose conditions we evaluate. */
const NEWEST_MINOR = 14;

/**
 * `#if` groups whose conditions are Python-version tests decide the same way for every
 * supported version (>= min-python): the branch that is never compiled is blanked (Python 2
 * code, shims for versions below the floor) and the group is marked resolved.
 */
export function deadVersionBranches(lx: LexInfo, minMinor: number, undefinedAt?: ReadonlyMap<string, number>, pythonHeaders?: ReadonlySet<string>, headerMacros?: ReadonlyMap<string, unknown>, headerFlags?: ReadonlyMap<string, HeaderVersionFlag>, headerValues?: ReadonlyMap<string, { body: string; at: number }>): Hole[] {
  const holes: Hole[] = [];
  const own = objectMacros(lx);
  const macrosAt = withHeaderValues(own, headerValues);
  const undefs = certainlyUndefined(lx, own, undefinedAt);
  const defs = cpythonDefinedAt(lx, pythonHeaders);
  const derived = versionDerivedDefines(lx, headerMacros);
  for (const g of lx.groups) {
    if (g.end === Number.MAX_SAFE_INTEGER || g.includeGuard) continue;
    // Defined where the group starts: by CPython's headers, or by the file in a live version branch;
    // undefined: by a top-level #undef, or set only in version branches and not in a live one.
    const { on, off } = derived(g.start);
    for (const [name, at] of undefs) if (at <= g.start) off.add(name);
    for (const [name, at] of defs) if (at <= g.start) on.add(name);
    for (const [name, f] of headerFlags ?? []) if (f.at <= g.start) (f.defined ? on : off).add(name);
    const macros = macrosAt(g.start);
    let chosen: number | undefined;
    let decidable = true;
    for (let minor = minMinor; minor <= NEWEST_MINOR && decidable; minor++) {
      let active = -1;
      for (let k = 0; k < g.branches.length; k++) {
        const d = g.branches[k].directive;
        if (d.kind === 'else') {
          active = k;
          break;
        }
        const v = evalPythonCondition(d.kind, d.rest, minor, macros, off, on);
        if (v === undefined) {
          decidable = false;
          break;
        }
        if (v) {
          active = k;
          break;
        }
      }
      if (!decidable) break;
      if (chosen === undefined) chosen = active;
      else if (chosen !== active) decidable = false;
    }
    if (!decidable || chosen === undefined) continue;
    g.resolvedBranch = chosen;
    for (let k = 0; k < g.branches.length; k++) {
      const b = g.branches[k];
      holes.push({ start: b.directive.start, end: b.directive.end, name: '#' + b.directive.kind, kind: 'directive' });
      if (k !== chosen) holes.push({ start: b.bodyStart, end: b.bodyEnd, name: '#' + b.directive.kind, kind: 'branch' });
    }
    if (chosen === -1) for (const b of g.branches) holes.push({ start: b.bodyStart, end: b.bodyEnd, name: '#' + b.directive.kind, kind: 'branch' });
    if (g.endif) holes.push({ start: g.endif.start, end: g.endif.end, name: '#endif', kind: 'directive' });
  }
  return holes;
}

/**
 * The object-like macros known at an offset: the file's own, and the project headers' values brought in
 * by an `#include` above it (the file's own definition wins). One map per include point.
 */
function withHeaderValues(own: Map<string, string>, headerValues?: ReadonlyMap<string, { body: string; at: number }>): (at: number) => Map<string, string> {
  if (!headerValues || headerValues.size === 0) return () => own;
  const points = [...new Set([...headerValues.values()].map((v) => v.at))].sort((a, b) => a - b);
  const maps = new Map<number, Map<string, string>>();
  return (at) => {
    let k = -1;
    while (k + 1 < points.length && points[k + 1] <= at) k++;
    if (k < 0) return own;
    let m = maps.get(k);
    if (!m) {
      m = new Map(own);
      for (const [name, v] of headerValues) if (v.at <= points[k] && !own.has(name)) m.set(name, v.body);
      maps.set(k, m);
    }
    return m;
  };
}

/**
 * Names whose definedness below an offset follows from version groups decided above.
 * `on`: the file defines the name in the live branch of such a group (`#if PY_MAJOR_VERSION >= 3` /
 * `#define HAVE_PY3K` / `#endif`) and never #undefs it: defined for every supported version from
 * there on, so `#ifdef HAVE_PY3K` decides like the version test itself.
 * `off`: every `#define` and `#undef` of the name sits inside decided version groups, and the last
 * of them that a supported version compiles before the offset is an `#undef` (or none is: the name
 * is only defined in a Python 2 branch, `#if PY_MAJOR_VERSION == 2` / `#define MY_PY2`). Names of
 * CPython's namespace (`Py_...`, `PyX...`, `PY_...`, `_Py...`, `METH_...`, `T_...`), pyconfig.h's
 * (`HAVE_...`, `SIZEOF_...`, `WITH_...`), reserved ones of the compiler and the platform (`__x`,
 * `_WIN32`, `_GNU_SOURCE`, `_POSIX_...`; a project's own `_PY2` is a flag like any other) and names a
 * project header defines are left out: a compatibility shim defined in a dead branch may still be
 * defined by the headers.
 * Asked in offset order: each answer reads only groups that start before the offset, whose
 * branches are decided by then.
 */
function versionDerivedDefines(lx: LexInfo, elsewhere?: ReadonlyMap<string, unknown>): (at: number) => { on: Set<string>; off: Set<string> } {
  const nameOf = (rest: string): string | undefined => /^\s*([A-Za-z_]\w*)/.exec(rest)?.[1];
  const undefined_ = new Set(lx.directives.filter((d) => d.kind === 'undef').map((d) => nameOf(d.rest)));
  const setting = lx.directives.filter((d) => d.kind === 'define' || d.kind === 'undef');
  const byName = new Map<string, typeof setting>();
  for (const d of setting) {
    const name = nameOf(d.rest);
    if (name) byName.set(name, [...(byName.get(name) ?? []), d]);
  }
  const around = new Map(setting.map((d) => [d, lx.groups.filter((g) => !g.includeGuard && d.start >= g.start && d.start < g.end)]));
  const aroundOf = (d: (typeof setting)[number]): CondGroup[] => around.get(d)!;
  // A name set only outside every #if is neither (a plain definition, not a version flag).
  for (const [name, ds] of byName) if (ds.every((d) => aroundOf(d).length === 0)) byName.delete(name);
  const liveIn = (d: (typeof setting)[number], g: CondGroup): boolean => {
    const b = g.resolvedBranch !== undefined && g.resolvedBranch >= 0 ? g.branches[g.resolvedBranch] : undefined;
    return !!b && d.start >= b.bodyStart && d.start < b.bodyEnd;
  };
  return (at) => {
    const on = new Set<string>();
    const off = new Set<string>();
    for (const [name, ds] of byName) {
      const before = ds.filter((d) => d.end <= at);
      if (!undefined_.has(name) && before.some((d) => {
        const around = aroundOf(d);
        return d.kind === 'define' && around.length > 0 && around.every((g) => liveIn(d, g));
      })) on.add(name);
      if (mayBeDefinedByOtherHeaders(name) || elsewhere?.has(name)) continue;
      // Every setting of the name is decided: inside a decided version group, the groups around
      // it decided too (those after the offset are not decided yet, so the name stays open).
      if (!ds.every((d) => d.start < at && aroundOf(d).length > 0 && aroundOf(d).every((g) => g.resolvedBranch !== undefined))) continue;
      const live = before.filter((d) => aroundOf(d).every((g) => liveIn(d, g)));
      if (live.length === 0 || live[live.length - 1].kind === 'undef') off.add(name);
    }
    return { on, off };
  };
}

/**
 * Names of CPython's namespace (`Py_...`, `PyX...`, `PY_...`, `_Py...`, `METH_...`, `T_...`), of
 * pyconfig.h's (`HAVE_...`, `SIZEOF_...`, `WITH_...`) and reserved ones of the compiler and the
 * platform (`__x`, `_WIN32`, `_GNU_SOURCE`, `_POSIX_...`; a project's own `_PY2` is a flag like any
 * other): a project defining one only in a dead branch does not make it undefined.
 */
function mayBeDefinedByOtherHeaders(name: string): boolean {
  return /^(_?Py[A-Z_]|_?PY_|METH_|T_[A-Z]|__|_(?:WIN|MSC|GNU_SOURCE|POSIX|XOPEN|BSD|DEFAULT_SOURCE|FILE_OFFSET|LARGEFILE|REENTRANT|THREAD_SAFE|DEBUG|M_|LP64|ILP32|AIX|CRT|CYGWIN|APPLE)|HAVE_|SIZEOF_|ALIGNOF_|WITH_)/.test(name);
}

/** A project header's version flag as a file including it sees it: defined or not from `at` on. */
export interface HeaderVersionFlag {
  defined: boolean;
  at: number;
}

/**
 * What a header's version flags say to the files that include it, read after `deadVersionBranches`
 * decided its groups: 'defined' for a name whose every `#define`/`#undef` sits inside decided
 * version groups with some `#define` in live branches and no `#undef` at all (`#if PY_MAJOR_VERSION >= 3`
 * / `#define IS_PYTHON3`); 'undefined' for one set only in dead branches (`#if PY_MAJOR_VERSION == 2`
 * / `#define MY_PY2`), unless other headers may define it; 'open' for any other name it sets.
 */
export function headerVersionFlags(lx: LexInfo): Map<string, 'defined' | 'undefined' | 'open'> {
  const out = new Map<string, 'defined' | 'undefined' | 'open'>();
  const live = new Map<string, { defines: number; undefs: number; open: boolean }>();
  for (const d of lx.directives) {
    if (d.kind !== 'define' && d.kind !== 'undef') continue;
    const name = /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1];
    if (!name) continue;
    const facts = live.get(name) ?? { defines: 0, undefs: 0, open: false };
    live.set(name, facts);
    if (d.kind === 'undef') facts.undefs++;
    const around = lx.groups.filter((g) => !g.includeGuard && d.start >= g.start && d.start < g.end);
    if (around.length === 0 || around.some((g) => g.resolvedBranch === undefined)) facts.open = true;
    const isLive = around.every((g) => {
      const b = g.resolvedBranch !== undefined && g.resolvedBranch >= 0 ? g.branches[g.resolvedBranch] : undefined;
      return !!b && d.start >= b.bodyStart && d.start < b.bodyEnd;
    });
    if (isLive && d.kind === 'define') facts.defines++;
  }
  for (const [name, f] of live) {
    if (f.open) out.set(name, 'open');
    else if (f.undefs === 0 && f.defines > 0) out.set(name, 'defined');
    else if (f.undefs === 0 && !mayBeDefinedByOtherHeaders(name)) out.set(name, 'undefined');
    else out.set(name, 'open');
  }
  return out;
}

/**
 * Names certainly undefined from an offset on: a project header's unconditional `#undef`
 * (`undefinedAt`, see project-macros.ts) or this file's own, when this file defines them nowhere.
 */
function certainlyUndefined(lx: LexInfo, macros: Map<string, string>, undefinedAt?: ReadonlyMap<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  const definedHere = definitions(lx);
  for (const [name, at] of undefinedAt ?? []) if (!definedHere.has(name) && !macros.has(name)) out.set(name, at);
  for (const u of topLevelUndefs(lx)) if (!definedHere.has(u.name) && !out.has(u.name)) out.set(u.name, u.end);
  return out;
}

/** The `#undef X` lines of a file outside every condition but its include guard, with where each ends. */
export function topLevelUndefs(lx: LexInfo): { name: string; end: number }[] {
  const out: { name: string; end: number }[] = [];
  for (const d of lx.directives) {
    if (d.kind !== 'undef' || lx.groups.some((g) => !g.includeGuard && d.start >= g.start && d.start < g.end)) continue;
    const name = /^\s*([A-Za-z_]\w*)/.exec(d.rest)?.[1];
    if (name) out.push({ name, end: d.end });
  }
  return out;
}

/**
 * Object-like macros the file defines once (name -> body): a project's own version test
 * (`#define AT_LEAST_37 (PY_VERSION_HEX >= 0x03070000)`) is then decided where `#if` names it.
 */
function objectMacros(lx: LexInfo): Map<string, string> {
  const out = new Map<string, string>();
  const twice = new Set<string>();
  // Definitions in a branch no CPython build compiles (`#ifdef PYPY_VERSION`) do not count.
  const dead: { start: number; end: number }[] = [];
  for (const g of lx.groups) {
    let taken = false;
    for (const b of g.branches) {
      const v = b.directive.kind === 'else' ? !taken : evalPythonCondition(b.directive.kind, b.directive.rest);
      if (v === false || taken) dead.push({ start: b.bodyStart, end: b.bodyEnd });
      if (v === true) taken = true;
      if (v === undefined) break;
    }
  }
  for (const d of lx.directives) {
    if (d.kind !== 'define' || dead.some((x) => d.start >= x.start && d.start < x.end)) continue;
    const m = /^([A-Za-z_]\w*)(?=\s|$)([^]*)$/.exec(d.rest.replace(/\\\r?\n/g, ' '));
    if (!m) continue;
    if (out.has(m[1])) twice.add(m[1]);
    out.set(m[1], m[2].replace(/\/\*[^]*?\*\//g, ' ').replace(/\/\/.*$/, '').trim());
  }
  for (const n of twice) out.delete(n); // defined differently under #if branches: not decided here
  return out;
}

const COND_TOKEN = /\s*(0[xX][0-9a-fA-F]+[uUlL]*|\d+[uUlL]*|[A-Za-z_]\w*|&&|\|\||==|!=|>=|<=|[()!<>+-])/y;

/**
 * A preprocessor condition over Python-version macros, with `&&`, `||`, `!`, comparisons and the
 * file's own object-like macros: its value for CPython 3.<minor>, or undefined when any part it
 * depends on is something else (a platform macro, a feature test).
 */
function evalCondition(cond: string, minor: number, macros: Map<string, string> | undefined, depth = 0, undefs?: ReadonlySet<string>, defs?: ReadonlySet<string>): number | undefined {
  if (depth > 8) return undefined;
  const toks: string[] = [];
  COND_TOKEN.lastIndex = 0;
  let at = 0;
  for (let m = COND_TOKEN.exec(cond); m; m = COND_TOKEN.exec(cond)) {
    toks.push(m[1]);
    at = COND_TOKEN.lastIndex;
  }
  if (cond.slice(at).trim() !== '' || toks.length === 0) return undefined;
  let i = 0;
  let bad = false;
  const peek = (): string | undefined => toks[i];
  const take = (t: string): boolean => (toks[i] === t ? (i++, true) : false);
  const primary = (): number | undefined => {
    const t = toks[i++];
    if (t === undefined) return (bad = true), undefined;
    if (t === '(') {
      const v = or();
      if (!take(')')) bad = true;
      return v;
    }
    if (/^\d|^0[xX]/.test(t)) return Number(t.replace(/[uUlL]+$/, ''));
    if (t === 'defined') {
      const paren = take('(');
      const name = toks[i++];
      if (paren && !take(')')) bad = true;
      if (name === '__cplusplus' || name === 'PYPY_VERSION') return 0;
      if (name === 'IS_PY3K' || name === 'PY3K' || name === 'IS_PY3') return 1;
      if (name !== undefined && undefs?.has(name)) return 0;
      if (name !== undefined && defs?.has(name)) return 1;
      return undefined;
    }
    if (t === 'PY_MAJOR_VERSION') return 3;
    if (t === 'PY_MINOR_VERSION') return minor;
    if (t === 'PY_VERSION_HEX') return 0x03000000 + minor * 0x10000 + 0xf0;
    const body = macros?.get(t);
    if (body !== undefined && body !== '') return evalCondition(body, minor, macros, depth + 1, undefs, defs);
    // An undefined name in #if is 0 (C11 6.10.1).
    if (undefs?.has(t)) return 0;
    return undefined;
  };
  const unary = (): number | undefined => {
    if (take('!')) {
      const v = unary();
      return v === undefined ? undefined : v ? 0 : 1;
    }
    if (take('-')) {
      const v = unary();
      return v === undefined ? undefined : -v;
    }
    return primary();
  };
  const additive = (): number | undefined => {
    let v = unary();
    for (let op = peek(); op === '+' || op === '-'; op = peek()) {
      i++;
      const w = unary();
      v = v === undefined || w === undefined ? undefined : op === '+' ? v + w : v - w;
    }
    return v;
  };
  const relational = (): number | undefined => {
    let v = additive();
    for (let op = peek(); op === '<' || op === '>' || op === '<=' || op === '>='; op = peek()) {
      i++;
      const w = additive();
      v = v === undefined || w === undefined ? undefined : Number(op === '<' ? v < w : op === '>' ? v > w : op === '<=' ? v <= w : v >= w);
    }
    return v;
  };
  const equality = (): number | undefined => {
    let v = relational();
    for (let op = peek(); op === '==' || op === '!='; op = peek()) {
      i++;
      const w = relational();
      v = v === undefined || w === undefined ? undefined : Number(op === '==' ? v === w : v !== w);
    }
    return v;
  };
  const and = (): number | undefined => {
    let v = equality();
    while (take('&&')) {
      const w = equality();
      v = v === 0 || w === 0 ? 0 : v === undefined || w === undefined ? undefined : 1;
    }
    return v;
  };
  function or(): number | undefined {
    let v = and();
    while (take('||')) {
      const w = and();
      v = (v !== undefined && v !== 0) || (w !== undefined && w !== 0) ? 1 : v === undefined || w === undefined ? undefined : 0;
    }
    return v;
  }
  const v = or();
  return bad || i !== toks.length ? undefined : v;
}

/**
 * Evaluates version tests for CPython 3.<minor>; undefined when the condition says something else.
 * `undefs`/`defs`: names certainly undefined / defined where the condition stands.
 */
export function evalPythonCondition(kind: string, rest: string, minor = 12, macros?: Map<string, string>, undefs?: ReadonlySet<string>, defs?: ReadonlySet<string>): boolean | undefined {
  const cond = rest.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').trim();
  if (kind === 'ifdef' || kind === 'ifndef') {
    if (undefs?.has(cond)) return kind === 'ifndef';
    if (defs?.has(cond)) return kind === 'ifdef';
    if (cond === 'IS_PY3K' || cond === 'PY3K' || cond === 'IS_PY3') return kind === 'ifdef';
    if (cond === '__cplusplus') return kind === 'ifndef'; // C extensions are compiled as C
    if (cond === 'PYPY_VERSION') return kind === 'ifndef'; // CPython is the target
    return undefined;
  }
  if (/^!?\s*defined\s*\(?\s*__cplusplus\s*\)?$/.test(cond)) return cond.startsWith('!');
  const m = /^\(?\s*(PY_MAJOR_VERSION|PY_MINOR_VERSION|PY_VERSION_HEX)\s*(>=|<=|==|!=|>|<)\s*(0x[0-9A-Fa-f]+|\d+)\s*\)?$/.exec(cond);
  if (!m) {
    if (kind !== 'if' && kind !== 'elif') return undefined;
    const v = evalCondition(cond, minor, macros, 0, undefs, defs);
    return v === undefined ? undefined : v !== 0;
  }
  const actual = m[1] === 'PY_MAJOR_VERSION' ? 3 : m[1] === 'PY_MINOR_VERSION' ? minor : 0x03000000 + minor * 0x10000 + 0xf0;
  const want = Number(m[3]);
  switch (m[2]) {
    case '>=': return actual >= want;
    case '<=': return actual <= want;
    case '==': return actual === want;
    case '!=': return actual !== want;
    case '>': return actual > want;
    default: return actual < want;
  }
}
