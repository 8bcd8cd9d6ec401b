/**
 * One version (original or output) of an extension's files read for the invariants: its translation
 * units in include order, the file-scope declarations of the names of interest, and the uses that
 * see no declaration (locals, macro parameters, struct members and declarators are no uses).
 */
import * as path from 'path';
import type { ParsedFile, SyntaxNode } from '../core/parse';
import { directiveAt, quotedInclude } from '../core/lex';
import { spelledMacroArgument } from '../core/macro-calls';
import { atLeast, PyVersion } from '../core/pyversion';
import { indexIdentifiers } from '../model/identifiers';
import { fileScopeDeclarations, fileScopeFunctions, structBodies, ScopeDecl, declaratorName } from '../model/file-scope';
import { translationUnits } from '../model/translation-units';
import { COMPAT_HEADERS, STATE_VARS, VERSIONED } from './invariant-names';

export interface View {
  path: string;
  parsed: ParsedFile;
  localIncludes: string[];
}

/** An occurrence's place in a unit: the order of the segment, then the offset. */
type Key = [number, number];

function before(a: Key, b: Key): boolean {
  return a[0] < b[0] || (a[0] === b[0] && a[1] <= b[1]);
}

export interface Occurrence {
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

export class Analysis {
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
export function localNames(fn: SyntaxNode): Set<string> {
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
