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
import type { ParsedFile, SyntaxNode } from '../core/parse';
import { defineParts, directiveAt, quotedInclude } from '../core/lex';
import { spelledMacroArgument } from '../core/macro-calls';
import { argumentSpans } from '../model/init-macros';
import { atLeast, PyVersion } from '../core/pyversion';
import { indexIdentifiers } from '../model/identifiers';
import { fileScopeDeclarations, fileScopeFunctions, structBodies, ScopeDecl, declaratorName } from '../model/file-scope';
import { translationUnits } from '../model/translation-units';
import type { Edit } from '../core/edits';

export interface InvariantFile {
  path: string;
  original?: ParsedFile;
  /** The rewritten file (the original when unchanged); undefined: the file is gone. */
  output?: ParsedFile;
  /** Accepted edits (offsets of the original) when the file changed. */
  edits?: readonly Edit[];
}

export interface InvariantInput {
  /** Every file of the extension, and every generated file (original undefined). */
  files: InvariantFile[];
  /** The state struct's type name and its fields, when the rewrite has a state. */
  state?: { struct: string; fields: ReadonlySet<string> };
  /** Function-level statics that moved into the state: no use may stay in their function. */
  movedLocals: { path: string; func: string; name: string }[];
  minPython: PyVersion;
}

export interface InvariantViolation {
  path: string;
  /** Offset in the rewritten file. */
  offset: number;
  name: string;
  message: string;
  /** The output would compile but run differently (not a missing name). */
  changesControlFlow?: boolean;
}

/** Names a compatibility header provides, with the version whose Python.h has them. */
const VERSIONED: Record<string, PyVersion> = {
  Py_TPFLAGS_IMMUTABLETYPE: '3.10',
  Py_TPFLAGS_DISALLOW_INSTANTIATION: '3.10',
  Py_NewRef: '3.10',
  Py_XNewRef: '3.10',
  PyModule_AddObjectRef: '3.10',
  PyType_GetModuleByDef: '3.11',
};
const COMPAT_HEADERS = /^"(?:[^"]*\/)?(?:pyext_isolate_compat|pythoncapi_compat)\.h"/;
/** The names the state variable gets (StatePlan.stateVar): `st`, or one of the others where a function has an `st` of its own. */
const STATE_VARS = new Set(['st', 'mod_st', 'module_st']);

const C_WORDS = new Set(
  ('auto break case char const continue default do double else enum extern float for goto if inline int long register restrict return short signed sizeof static struct switch typedef union unsigned void volatile while _Bool _Complex _Atomic _Static_assert NULL defined').split(' '),
);

type Version = 'original' | 'output';

interface View {
  path: string;
  parsed: ParsedFile;
  localIncludes: string[];
}

/** An occurrence's place in a unit: the order of the segment, then the offset. */
type Key = [number, number];

function before(a: Key, b: Key): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
}

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

interface Occurrence {
  view: View;
  at: number;
  key: Key;
}

interface PlacedDecl {
  view: View;
  decl: ScopeDecl;
  key: Key;
}

interface Unit {
  root: View;
  files: View[];
  /** Per file: [start, end, segment order] spans. */
  segments: Map<View, [number, number, number][]>;
}

class Analysis {
  readonly units: Unit[];
  private readonly localsCache = new Map<ParsedFile, Map<number, Set<string>>>();
  private readonly declsCache = new Map<Unit, PlacedDecl[]>();

  constructor(
    readonly views: View[],
    private readonly names: ReadonlySet<string>,
    private readonly minPython: PyVersion,
    /** Occurrences per parse, shared by the two versions (an unchanged file is scanned once). */
    private readonly occurrenceCache: Map<ParsedFile, Map<string, number[]>>,
  ) {
    this.units = translationUnits(views).map((u) => ({ root: u.root, files: u.files, segments: segmentsOf(u.root, views) }));
  }

  private keyOf(unit: Unit, view: View, at: number): Key {
    for (const [s, e, k] of unit.segments.get(view) ?? []) if (at >= s && at < e) return [k, at];
    return [Number.MAX_SAFE_INTEGER, at];
  }

  /** File-scope declarations of a unit (and the compat names its compat-header includes declare), in unit order. */
  declarations(unit: Unit): PlacedDecl[] {
    let list = this.declsCache.get(unit);
    if (list) return list;
    list = [];
    for (const v of unit.files) {
      for (const d of fileScopeDeclarations(v.parsed)) if (d.kind !== 'tag' && this.names.has(d.name)) list.push({ view: v, decl: d, key: this.keyOf(unit, v, d.at) });
      for (const dir of v.parsed.lex.directives) {
        if (dir.kind !== 'include' || !COMPAT_HEADERS.test(dir.rest.trim())) continue;
        for (const name of Object.keys(VERSIONED)) {
          if (this.names.has(name)) list.push({ view: v, decl: { name, kind: 'macro', at: dir.start, end: dir.end, definition: false }, key: this.keyOf(unit, v, dir.start) });
        }
      }
    }
    this.declsCache.set(unit, list);
    return list;
  }

  declaration(unit: Unit, name: string): PlacedDecl | undefined {
    return this.declarations(unit).find((d) => d.decl.name === name);
  }

  declaredIn(name: string, unit: Unit | undefined): boolean {
    return !!unit && this.declarations(unit).some((d) => d.decl.name === name);
  }

  private occurrences(v: View): Map<string, number[]> {
    let m = this.occurrenceCache.get(v.parsed);
    if (!m) {
      m = indexIdentifiers(v.parsed.source.text, v.parsed.gaps, (n) => this.names.has(n));
      this.occurrenceCache.set(v.parsed, m);
    }
    return m;
  }

  /** Names of interest declared at file scope in any of these files. */
  declaredNames(): Set<string> {
    const out = new Set<string>();
    for (const v of this.views) for (const d of fileScopeDeclarations(v.parsed)) if (d.kind !== 'tag' && this.names.has(d.name)) out.add(d.name);
    return out;
  }

  /** Whether a name is checked in this unit: declared at file scope in it, versioned, or `st`. */
  private checked(name: string, declared: ReadonlySet<string>): boolean {
    if (STATE_VARS.has(name)) return true;
    const v = VERSIONED[name];
    if (v) return !atLeast(this.minPython, v);
    return declared.has(name);
  }

  /** The uses of names of interest in a unit that see no declaration, per name. */
  unresolved(unit: Unit, declared: ReadonlySet<string>): Map<string, Occurrence[]> {
    const decls = this.declarations(unit);
    const byName = new Map<string, PlacedDecl[]>();
    for (const d of decls) {
      if (!byName.has(d.decl.name)) byName.set(d.decl.name, []);
      byName.get(d.decl.name)!.push(d);
    }
    const out = new Map<string, Occurrence[]>();
    for (const v of unit.files) {
      const text = v.parsed.source.text;
      for (const [name, offsets] of this.occurrences(v)) {
        if (!this.checked(name, declared) && !byName.has(name)) continue;
        for (const at of offsets) {
          const c = text.charCodeAt(at - 1);
          if (c === 46 /* . */ || (c === 62 /* > */ && text.charCodeAt(at - 2) === 45)) continue; // a member
          // A tag (`struct <mod>_state;`, `struct <mod>_state *st` in a function pointer type): tags
          // are their own namespace, and naming one declares it.
          if (/\b(?:struct|union|enum)\s+$/.test(text.slice(Math.max(0, at - 16), at))) continue;
          const dir = directiveAt(v.parsed.lex, at);
          if (dir) {
            // A macro body expands where it is used: any declaration in the unit will do.
            if (dir.kind !== 'define' || STATE_VARS.has(name) || byName.has(name)) continue;
            if (isMacroParam(dir.rest, name)) continue;
          } else {
            const key = this.keyOf(unit, v, at);
            if ((byName.get(name) ?? []).some((d) => before(d.key, key))) continue;
            if (this.notAUse(v.parsed, at, name)) continue;
            if (this.localOfIncluder(unit, v, at, name)) continue;
            if (this.spelledArgument(text, at, name)) continue;
          }
          const list = out.get(name) ?? [];
          list.push({ view: v, at, key: this.keyOf(unit, v, at) });
          out.set(name, list);
        }
      }
    }
    return out;
  }

  /**
   * A local or parameter of the function whose body `#include`s this file (python-ldap's constants.c
   * includes constants_generated.h, a list of `add_err(X);` lines, inside LDAPinit_constants()): the
   * file's text is part of that body, though its own parse sees it at file scope.
   */
  private localOfIncluder(unit: Unit, v: View, at: number, name: string): boolean {
    if (spanAt(fileScopeFunctions(v.parsed), at)) return false;
    const base = v.path.replace(/^.*[\\/]/, '');
    for (const u of unit.files) {
      if (u === v) continue;
      for (const d of u.parsed.lex.directives) {
        const target = d.braceDepth === 0 ? undefined : quotedInclude(d);
        if (!target || target.replace(/^.*[\\/]/, '') !== base) continue;
        const fn = spanAt(fileScopeFunctions(u.parsed), d.start);
        if (fn && this.localsOf(u.parsed, fn.node).has(name)) return true;
      }
    }
    return false;
  }

  /** A field name, a label, or a local of the enclosing function (memoized per parse and offset). */
  /** An argument of a macro that only pastes it or names a member with it (`st->type`): a spelling, no use. */
  private spelledArgument(text: string, at: number, name: string): boolean {
    return spelledMacroArgument(text, at, at + name.length, this.views.map((v) => v.parsed.lex));
  }

  private notAUse(p: ParsedFile, at: number, name: string): boolean {
    let memo = notAUseMemo.get(p);
    if (!memo) notAUseMemo.set(p, (memo = new Map()));
    let v = memo.get(at);
    if (v === undefined) memo.set(at, (v = this.lookNotAUse(p, at, name)));
    return v;
  }

  private lookNotAUse(p: ParsedFile, at: number, name: string): boolean {
    // A member declared in a struct body (`PyObject *x;`, `int a, b[4];`): no tree needed.
    if (inSpans(structBodies(p), at) && /^\s*[;,[:)]/.test(p.source.text.slice(at + name.length, at + name.length + 40))) return true;
    // A local or a parameter of the function around it.
    const fn = spanAt(fileScopeFunctions(p), at);
    if (fn && this.localsOf(p, fn.node).has(name)) return true;
    const node = p.tree.rootNode.descendantForIndex(at, at + name.length);
    if (node.startIndex === at && (node.type === 'field_identifier' || node.type === 'statement_identifier')) return true;
    return declaresItself(node);
  }

  private localsOf(p: ParsedFile, fn: SyntaxNode): Set<string> {
    let perFile = this.localsCache.get(p);
    if (!perFile) this.localsCache.set(p, (perFile = new Map()));
    let set = perFile.get(fn.id);
    if (set) return set;
    set = localNames(fn);
    perFile.set(fn.id, set);
    return set;
  }

  definitionCounts(unit: Unit): Map<string, number> {
    const out = new Map<string, number>();
    for (const d of this.declarations(unit)) {
      if (!d.decl.single || d.decl.kind === 'macro') continue;
      const k = `${d.decl.kind}:${d.decl.name}`;
      out.set(k, (out.get(k) ?? 0) + 1);
    }
    // Keys back to names (a tag and a typedef of one name are two things).
    const byName = new Map<string, number>();
    for (const [k, n] of out) {
      const name = k.slice(k.indexOf(':') + 1);
      byName.set(name, Math.max(byName.get(name) ?? 0, n));
    }
    return byName;
  }

  definedNames(): Set<string> {
    const out = new Set<string>();
    for (const v of this.views) for (const d of fileScopeDeclarations(v.parsed)) if (d.definition && d.kind === 'value' && this.names.has(d.name)) out.add(d.name);
    return out;
  }

  private declOffsets = new Map<ParsedFile, Set<number>>();

  /** The first use of a name in these files (not its declarations), preferring the changed ones. */
  firstUse(name: string, prefer: ReadonlySet<string>): Occurrence | undefined {
    let fallback: Occurrence | undefined;
    for (const v of [...this.views].sort((a, b) => Number(prefer.has(b.path)) - Number(prefer.has(a.path)))) {
      let decls = this.declOffsets.get(v.parsed);
      if (!decls) this.declOffsets.set(v.parsed, (decls = new Set(fileScopeDeclarations(v.parsed).map((d) => d.at))));
      const text = v.parsed.source.text;
      for (const at of this.occurrences(v).get(name) ?? []) {
        if (decls.has(at)) continue;
        const c = text.charCodeAt(at - 1);
        if (c === 46 || (c === 62 && text.charCodeAt(at - 2) === 45)) continue;
        const dir = directiveAt(v.parsed.lex, at);
        if (dir && dir.kind !== 'define') continue;
        // A header that #defines the name itself (`#define ProxyType (*api->type)` for consumers):
        // in its macros the name stands for that macro.
        if (dir && v.parsed.lex.directives.some((d) => d.kind === 'define' && new RegExp(`^\\s*${name}\\b(?!\\()`).test(d.rest))) continue;
        if (!dir && (this.notAUse(v.parsed, at, name) || this.spelledArgument(text, at, name))) continue;
        const o = { view: v, at, key: [0, at] as Key };
        if (prefer.has(v.path)) return o;
        fallback ??= o;
      }
    }
    return fallback;
  }
}

/** The name a declarator declares (a prototype's parameter, a declaration's own name): no use. */
function declaresItself(node: SyntaxNode): boolean {
  let n = node;
  for (let i = 0; i < 16; i++) {
    const p = n.parent;
    if (!p) return false;
    if (p.type === 'parameter_declaration' || p.type === 'declaration' || p.type === 'field_declaration' || p.type === 'type_definition') return p.childrenForFieldName('declarator').some((d) => d.id === n.id);
    if (!p.type.endsWith('declarator') || p.childForFieldName('declarator')?.id !== n.id) return false;
    n = p;
  }
  return false;
}

const notAUseMemo = new WeakMap<ParsedFile, Map<number, boolean>>();

/** The span (of sorted, non-nested spans) that holds `at`. */
function spanAt<S extends { start: number; end: number }>(spans: readonly S[], at: number): S | undefined {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid].start <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && at < spans[lo - 1].end ? spans[lo - 1] : undefined;
}

function inSpans(spans: readonly { start: number; end: number }[], at: number): boolean {
  return spanAt(spans, at) !== undefined;
}

function isMacroParam(rest: string, name: string): boolean {
  const m = /^\s*[A-Za-z_]\w*\(([^)]*)\)/.exec(rest);
  return !!m && m[1].split(',').some((p) => p.trim() === name);
}

/** Parameters and every local declaration of a function (block scopes merged). */
function localNames(fn: SyntaxNode): Set<string> {
  const out = new Set<string>();
  const decl = fn.childForFieldName('declarator');
  let fd: SyntaxNode | null = decl;
  while (fd && fd.type !== 'function_declarator') fd = fd.childForFieldName('declarator');
  for (const p of fd?.childForFieldName('parameters')?.namedChildren ?? []) {
    const n = declaratorName(p.childForFieldName('declarator'));
    if (n) out.add(n.text);
  }
  const body = fn.childForFieldName('body');
  if (!body) return out;
  const cursor = body.walk();
  for (;;) {
    const t = cursor.nodeType;
    if (t === 'declaration') {
      for (const d of cursor.currentNode.childrenForFieldName('declarator')) {
        const n = declaratorName(d);
        if (n) out.add(n.text);
      }
    } else if (t === 'parameter_declaration' || t === 'for_statement' || t === 'compound_statement' || t === 'if_statement' || t === 'while_statement' || t === 'do_statement' || t === 'switch_statement' || t === 'case_statement' || t === 'labeled_statement' || t === 'else_clause' || t === 'preproc_if' || t === 'preproc_ifdef' || t === 'preproc_else' || t === 'preproc_elif' || t === 'ERROR') {
      if (cursor.gotoFirstChild()) continue;
    } else if (cursor.nodeType === body.type && cursor.currentNode.id === body.id) {
      if (cursor.gotoFirstChild()) continue;
    }
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent() || cursor.currentNode.id === body.id) return out;
    }
  }
}

/**
 * The segments of a unit in preprocessor order: each file's text up to an `#include` of another
 * file of the set, then that file (the first time only), then the rest.
 */
function segmentsOf(root: View, views: View[]): Map<View, [number, number, number][]> {
  const byPath = new Map(views.map((v) => [path.resolve(v.path), v]));
  const byBase = new Map<string, View[]>();
  for (const v of views) {
    const b = path.basename(v.path);
    if (!byBase.has(b)) byBase.set(b, []);
    byBase.get(b)!.push(v);
  }
  const out = new Map<View, [number, number, number][]>();
  let seq = 0;
  const visit = (v: View): void => {
    out.set(v, []);
    let from = 0;
    for (const d of v.parsed.lex.directives) {
      const inc = quotedInclude(d);
      if (!inc) continue;
      const direct = byPath.get(path.resolve(path.dirname(path.resolve(v.path)), inc));
      const hits = byBase.get(path.basename(inc)) ?? [];
      const t = direct ?? (hits.length === 1 ? hits[0] : undefined);
      if (!t || t === v || out.has(t)) continue;
      out.get(v)!.push([from, d.end, seq++]);
      from = d.end;
      visit(t);
    }
    out.get(v)!.push([from, v.parsed.source.text.length + 1, seq++]);
  };
  visit(root);
  return out;
}

/** `<struct> *st` functions of the changed files only name fields the state has. */
function stateChecks(input: InvariantInput, place: (p: string, at: number) => string): InvariantViolation[] {
  const st = input.state;
  if (!st) return [];
  const out: InvariantViolation[] = [];
  const decl = (v: string): RegExp => new RegExp(`\\b${st.struct}\\s*\\*\\s*${v}\\b`);
  for (const f of input.files) {
    if (!f.output || f.output === f.original) continue;
    const text = f.output.source.text;
    const gaps = f.output.gaps;
    for (const m0 of text.matchAll(/\b(st|mod_st|module_st)\s*->\s*([A-Za-z_]\w*)/g)) {
      const m = [m0[0], m0[2]] as const;
      const index = m0.index!;
      if (st.fields.has(m[1]) || isGap(gaps, index)) continue;
      // `st->str_##S` in a macro that pastes names: the fields it forms start with that prefix.
      const end = index + m[0].length;
      if (/^\s*##/.test(text.slice(end, end + 8)) && [...st.fields].some((x) => x.startsWith(m[1]))) continue;
      // `st->type` with `type` a parameter of the macro: the field each call names, checked at the calls.
      const dir = directiveAt(f.output.lex, index);
      const parts = dir?.kind === 'define' ? defineParts(dir.rest) : undefined;
      const param = parts?.params?.indexOf(m[1]) ?? -1;
      if (parts && param !== -1) {
        const bad = macroArguments(input, parts.name, param).find((a) => !st.fields.has(a.text));
        if (bad) out.push({ path: bad.path, offset: bad.at, name: bad.text, message: `'${bad.text}' at ${place(bad.path, bad.at)} is given to ${parts.name}(), whose '${m0[1]}->${m[1]}' then names no field of ${st.struct}` });
        continue;
      }
      // Only where it is our state: a function that declares `<struct> *st`.
      const own = decl(m0[1]);
      let fn: SyntaxNode | null = f.output.tree.rootNode.descendantForIndex(index, index + 2);
      while (fn && fn.type !== 'function_definition') fn = fn.parent;
      const scope = fn ? text.slice(fn.startIndex, fn.endIndex) : '';
      if (!own.test(scope) && !(directiveAt(f.output.lex, index) && own.test(text))) continue;
      const at = index + m[0].length - m[1].length;
      out.push({ path: f.path, offset: at, name: m[1], message: `'${m0[1]}->${m[1]}' at ${place(f.path, at)} names no field of ${st.struct}` });
    }
  }
  return out;
}

/** The arguments at `index` of every call of the macro `name` in the output files. */
function macroArguments(input: InvariantInput, name: string, index: number): { path: string; at: number; text: string }[] {
  const out: { path: string; at: number; text: string }[] = [];
  for (const f of input.files) {
    if (!f.output) continue;
    const text = f.output.source.text;
    for (const m of text.matchAll(new RegExp(`\\b${name}\\s*\\(`, 'g'))) {
      const d = directiveAt(f.output.lex, m.index!);
      if (d?.kind === 'define' && defineParts(d.rest)?.name === name) continue;
      const args = argumentSpans(text, m.index! + m[0].length - 1);
      const a = args?.[index];
      if (a) out.push({ path: f.path, at: a.at, text: a.text });
    }
  }
  return out;
}

function isGap(g: { inertStarts: number[]; inertEnds: number[] }, at: number): boolean {
  let lo = 0;
  let hi = g.inertStarts.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (g.inertStarts[mid] <= at) lo = mid + 1;
    else hi = mid;
  }
  return lo > 0 && at < g.inertEnds[lo - 1];
}

/** A moved function-level static leaves no use in its function. */
function movedLocalChecks(input: InvariantInput, place: (p: string, at: number) => string): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const m of input.movedLocals) {
    const f = input.files.find((x) => x.path === m.path);
    const p = f?.output;
    if (!p) continue;
    const fn = fileScopeDeclarations(p).find((d) => d.name === m.func && d.kind === 'value' && d.definition);
    if (!fn) continue;
    let node: SyntaxNode | null = p.tree.rootNode.descendantForIndex(fn.at, fn.at + m.func.length);
    while (node && node.type !== 'function_definition') node = node.parent;
    if (!node) continue;
    if (localNames(node).has(m.name)) continue; // still declared (another variable of that name)
    const hits = indexIdentifiers(p.source.text.slice(0, node.endIndex), p.gaps, (n) => n === m.name).get(m.name) ?? [];
    const text = p.source.text;
    const use = hits.find((at) => at >= node!.startIndex && !(text[at - 1] === '.' || (text[at - 1] === '>' && text[at - 2] === '-')));
    if (use !== undefined) out.push({ path: m.path, offset: use, name: m.name, message: `'${m.name}' moved into the state, but ${m.func}() still uses it at ${place(m.path, use)}` });
  }
  return out;
}

/** An offset of a rewritten text mapped back to the original (inside new text: where it was inserted). */
export function originalOffset(edits: readonly Edit[], outOffset: number): number {
  return originalPlace(edits, outOffset).offset;
}

function originalPlace(edits: readonly Edit[], outOffset: number): { offset: number; inserted: boolean } {
  const sorted = [...edits].sort((a, b) => a.start - b.start || a.end - b.end);
  let delta = 0;
  let last: Edit | undefined;
  for (const e of sorted) {
    if (last && e.start < e.end && e.start === last.start && e.end === last.end && e.text === last.text) continue;
    last = e;
    const outStart = e.start + delta;
    if (outOffset < outStart) break;
    if (outOffset < outStart + e.text.length) return { offset: e.start, inserted: true };
    delta += e.text.length - (e.end - e.start);
  }
  return { offset: Math.max(0, outOffset - delta), inserted: false };
}

const BODY_HOLDERS = new Set(['if_statement', 'else_clause', 'for_statement', 'while_statement']);

/** A `#define` that the rewrite gave a parameter name twice (`X(st, st, op)`: no compiler takes it). */
function macroParamChecks(changed: InvariantFile[], place: (p: string, outOffset: number) => string): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  const dups = (p: ParsedFile): { name: string; at: number }[] =>
    p.lex.directives.flatMap((d) => {
      if (d.kind !== 'define') return [];
      const m = /^([A-Za-z_]\w*)\(([^)]*)\)/.exec(d.rest);
      const params = m ? m[2].split(',').map((x) => x.trim()).filter((x) => x !== '') : [];
      return params.some((x, i) => params.indexOf(x) !== i) ? [{ name: m![1], at: d.start }] : [];
    });
  for (const f of changed) {
    if (!f.output) continue;
    const was = new Set(f.original ? dups(f.original).map((x) => x.name) : []);
    for (const d of dups(f.output)) {
      if (!was.has(d.name)) out.push({ path: f.path, offset: d.at, name: d.name, message: `macro ${d.name} at ${place(f.path, d.at)} would take a parameter name twice` });
    }
  }
  return out;
}

/**
 * Brace-less bodies followed by a statement at the body's own indentation
 * (`if (ok)\n    track(o);\n    return o;`): the second line reads as guarded and is not. A rewrite
 * that adds such a pair inserted a statement in front of a body that needed braces: more in the
 * output than in the original is a violation (the compiler only warns, -Wmisleading-indentation).
 */
function bracelessBodyChecks(changed: InvariantFile[], place: (p: string, outOffset: number) => string): InvariantViolation[] {
  const out: InvariantViolation[] = [];
  for (const f of changed) {
    if (!f.original || !f.output) continue;
    const was = misleadingBodies(f.original).length;
    const now = misleadingBodies(f.output);
    if (now.length <= was) continue;
    const b = now.find((x) => !f.edits || originalPlace(f.edits, x.body).inserted) ?? now[now.length - 1];
    out.push({
      path: f.path,
      offset: b.statement,
      name: b.keyword,
      changesControlFlow: true,
      message: `a statement lands in the brace-less body of the '${b.keyword}' at ${place(f.path, b.control)}, and the statement after it at ${place(f.path, b.statement)} would no longer be guarded by it`,
    });
  }
  return out;
}

/** Brace-less bodies with a next statement indented like them: the offsets of the control, its body and the next statement. */
function misleadingBodies(p: ParsedFile): { control: number; body: number; statement: number; keyword: string }[] {
  const src = p.source;
  const text = src.text;
  const out: { control: number; body: number; statement: number; keyword: string }[] = [];
  const ownLine = (at: number): boolean => text.slice(src.lineStart(at), at).trim() === '';
  for (const c of p.tree.rootNode.descendantsOfType(['if_statement', 'for_statement', 'while_statement'])) {
    const alt = c.type === 'if_statement' ? c.childForFieldName('alternative') : null;
    const altBody = alt ? (alt.type === 'else_clause' ? alt.namedChildren.filter((x) => x.type !== 'comment').pop() : alt) : undefined;
    const body = alt ? altBody : c.type === 'if_statement' ? c.childForFieldName('consequence') : c.childForFieldName('body');
    if (!body || body.type === 'compound_statement' || body.type === 'if_statement' || !ownLine(body.startIndex)) continue;
    // The statement after the whole construct (climbing out of the bodies it is nested in).
    let n: SyntaxNode = c;
    let next: SyntaxNode | null = null;
    for (;;) {
      next = n.nextNamedSibling;
      while (next && next.type === 'comment') next = next.nextNamedSibling;
      if (next || !n.parent || !BODY_HOLDERS.has(n.parent.type)) break;
      n = n.parent;
    }
    if (!next || !ownLine(next.startIndex) || next.type === 'else_clause') continue;
    const keywordAt = alt ? alt.startIndex : c.startIndex;
    if (src.indentAt(next.startIndex) !== src.indentAt(body.startIndex) || src.indentAt(body.startIndex).length <= src.indentAt(keywordAt).length) continue;
    out.push({ control: keywordAt, body: body.startIndex, statement: next.startIndex, keyword: alt ? 'else' : c.type.replace('_statement', '') });
  }
  return out;
}
