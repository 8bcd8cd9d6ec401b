/**
 * Parsing C that was never preprocessed. tree-sitter sees a "parse view" of the file: the same
 * length as the file, with macro tokens, directive lines inside initializers and (when a first
 * parse shows damage there) the alternative branches of `#if` groups blanked with spaces. Every
 * offset of the tree is therefore an offset of the original bytes, and every blanked span is
 * kept as a Hole so the model knows what was there.
 */
import type Parser from 'tree-sitter';
import { SourceFile } from './source';
import { LexInfo, lex, isInert, inertIndexAt, CondGroup, directiveAt, defineParts } from './lex';
import { MacroKind, MacroTable, defaultMacroTable } from './macros';
import { lastStartingAtOrBefore } from './search';

export type SyntaxNode = Parser.SyntaxNode;
export type Tree = Parser.Tree;

export type HoleKind = MacroKind | 'directive' | 'branch' | 'guessed-export' | 'repair';

export interface Hole {
  start: number;
  end: number;
  name: string;
  kind: HoleKind;
  /** For a project's own spelling of a head-init macro: what it expands to. */
  headInit?: HeadInit;
}

/** `PyVarObject_HEAD_INIT(NULL, 0)` as written, or as a project alias expands to it. */
export interface HeadInit {
  base: 'PyVarObject_HEAD_INIT' | 'PyObject_HEAD_INIT';
  /** The argument text, parameters of a function-like alias substituted (`NULL, 0`). */
  args: string;
}

export interface Span {
  start: number;
  end: number;
}

/** An ERROR span, or the zero-width place of a token tree-sitter invented (`missing`: its type, e.g. `}`). */
export interface DamageSpan extends Span {
  missing?: string;
}

export interface ParsedFile {
  source: SourceFile;
  lex: LexInfo;
  tree: Tree;
  /** The parse view: same length as source.text. */
  parseText: string;
  holes: Hole[];
  /** Spans of ERROR nodes and MISSING tokens left after the tolerance layer. */
  damage: DamageSpan[];
  /** Bytes inside ERROR nodes (MISSING tokens count as one byte). */
  damageBytes: number;
  /** `#if` groups whose alternative branches were blanked to repair the parse. */
  blankedGroups: CondGroup[];
  /** Comments, literals and blanked (dead) branches: where identifiers are not code. */
  gaps: { inertStarts: number[]; inertEnds: number[] };
  isTemplate: boolean;
  /** `#define`s of the project's headers this file includes, read before parsing (see project-macros). */
  projectMacros?: Map<string, ProjectMacro>;
}

/** A macro defined in one of the project's headers, as the files that include it see it. */
export interface ProjectMacro {
  name: string;
  params?: string[];
  body: string;
  /** The header and the span of the `#define` line there. */
  file: string;
  start: number;
  end: number;
}

/**
 * The binding is loaded once per process and kept on `process`: its JS wrapper patches the native
 * classes, and loading it again in a second module registry (jest runs each test file in its own)
 * would patch them twice and break parsing.
 */
interface Binding {
  Parser: typeof Parser;
  C: unknown;
  parser?: Parser;
}
function binding(): Binding {
  const holder = process as unknown as { __pyextIsolateTreeSitter?: Binding };
  if (!holder.__pyextIsolateTreeSitter) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    holder.__pyextIsolateTreeSitter = { Parser: require('tree-sitter') as typeof Parser, C: require('tree-sitter-c') as unknown };
  }
  return holder.__pyextIsolateTreeSitter;
}

function parser(): Parser {
  const b = binding();
  if (!b.parser) {
    b.parser = new b.Parser();
    b.parser.setLanguage(b.C as Parser.Language);
  }
  return b.parser;
}

/** tree-sitter's string input reads in chunks; large files need a buffer at least this big. */
function parseText(text: string, oldTree?: Tree): Tree {
  return parser().parse(text, oldTree, { bufferSize: Math.max(64 * 1024, text.length + 1) });
}

/** Tells a tree which byte ranges differ between two texts of the same length (for incremental reparsing). */
function markChanged(tree: Tree, before: string, after: string): void {
  const lineStarts = [0];
  for (let k = before.indexOf('\n'); k !== -1; k = before.indexOf('\n', k + 1)) lineStarts.push(k + 1);
  const point = (offset: number): { row: number; column: number } => {
    const row = lastStartingAtOrBefore(lineStarts, offset, (x) => x);
    return { row, column: offset - lineStarts[row] };
  };
  // One edit over the whole changed range: Tree.edit is costly per call.
  let start = 0;
  const n = before.length;
  while (start < n && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  if (start === n) return;
  let end = n;
  while (end > start && before.charCodeAt(end - 1) === after.charCodeAt(end - 1)) end--;
  const a = point(start);
  const b = point(end);
  tree.edit({ startIndex: start, oldEndIndex: end, newEndIndex: end, startPosition: a, oldEndPosition: b, newEndPosition: b });
}

/** Parse with no tolerance layer at all (for `check --stats` and the benchmark baseline). */
export function rawParse(text: string): Tree {
  return parseText(text);
}

/** A header (`.h`, or a `.h.src` template of one). */
export function isHeaderPath(path: string): boolean {
  return /\.h(\.src)?$/.test(path);
}

export function isTemplatePath(path: string): boolean {
  return path.endsWith('.src');
}

export function parseSource(source: SourceFile, macros: MacroTable = defaultMacroTable()): ParsedFile {
  const text = source.text;
  const lx = lex(text);
  const isTemplate = isTemplatePath(source.path);
  const holes = findMacroHoles(text, lx, macros);
  holes.push(...deadVersionBranches(lx, macros.minPythonMinor ?? 9));
  for (const d of lx.directives) {
    if (d.inInitializer) {
      holes.push({ start: d.start, end: d.end, name: '#' + d.kind, kind: 'directive' });
    }
  }
  const directiveComments = commentsInDirectives(lx);
  let view = blank(text, holes, isTemplate, directiveComments);
  let tree = parseText(view);
  let damage = collectDamage(tree, text);
  const blankedGroups: CondGroup[] = [];
  // Repair passes: only files with damage pay for them.
  for (let pass = 0; pass < 2 && damage.spans.length > 0; pass++) {
    const extra = repairHoles(text, lx, damage.spans, holes, blankedGroups);
    if (extra.length === 0) break;
    const candidateHoles = holes.concat(extra);
    const candidateView = blank(text, candidateHoles, isTemplate, directiveComments);
    // Blanking keeps every length, so the old tree, told where bytes changed, is reused.
    markChanged(tree, view, candidateView);
    const candidateTree = parseText(candidateView, process.env.PYEXT_NO_INCREMENTAL ? undefined : tree);
    const candidateDamage = collectDamage(candidateTree, text);
    if (candidateDamage.bytes >= damage.bytes && candidateDamage.spans.length >= damage.spans.length) break;
    holes.push(...extra);
    view = candidateView;
    tree = candidateTree;
    damage = candidateDamage;
  }
  holes.sort((a, b) => a.start - b.start || a.end - b.end);
  return { source, lex: lx, tree, parseText: view, holes, damage: damage.spans, damageBytes: damage.bytes, blankedGroups, isTemplate, gaps: mergeGaps(lx, holes) };
}

/** Inert spans plus blanked branches, sorted and merged. */
function mergeGaps(lx: LexInfo, holes: Hole[]): { inertStarts: number[]; inertEnds: number[] } {
  const branches = holes.filter((h) => h.kind === 'branch' && h.end > h.start);
  if (branches.length === 0) return lx;
  const spans = branches.map((h) => [h.start, h.end] as [number, number]);
  for (let i = 0; i < lx.inertStarts.length; i++) spans.push([lx.inertStarts[i], lx.inertEnds[i]]);
  spans.sort((a, b) => a[0] - b[0]);
  const starts: number[] = [];
  const ends: number[] = [];
  for (const [s, e] of spans) {
    if (starts.length > 0 && s <= ends[ends.length - 1]) ends[ends.length - 1] = Math.max(ends[ends.length - 1], e);
    else {
      starts.push(s);
      ends.push(e);
    }
  }
  return { inertStarts: starts, inertEnds: ends };
}

/** Bytes inside ERROR nodes of a tree, for --stats (with the text: CRLF counts as one byte). */
export function damageOf(tree: Tree, text?: string): { spans: DamageSpan[]; bytes: number } {
  return collectDamage(tree, text);
}

/**
 * Damaged bytes: ERROR spans (overlaps counted once) plus one per MISSING token. Given the text,
 * the CR of a CRLF is not counted, so that a file and its CRLF twin measure the same (the
 * "parses worse" refusal compares these counts).
 */
function collectDamage(tree: Tree, crlfText?: string): { spans: DamageSpan[]; bytes: number } {
  const text = crlfText !== undefined && crlfText.includes('\r\n') ? crlfText : undefined;
  const spans: DamageSpan[] = [];
  const root = tree.rootNode;
  if (!root.hasError) return { spans, bytes: 0 };
  const cursor = root.walk();
  let bytes = 0;
  let lastEnd = -1;
  // Depth-first, descending only into subtrees that contain an error.
  for (;;) {
    const node = cursor.currentNode;
    let descend = false;
    if (node.type === 'ERROR') {
      const s = node.startIndex;
      const e = node.endIndex;
      spans.push({ start: s, end: e });
      if (e > lastEnd) {
        bytes += text === undefined ? e - Math.max(s, lastEnd) : bytesWithoutCrOfCrlf(text, Math.max(s, lastEnd), e);
        lastEnd = e;
      }
    } else if (node.isMissing) {
      spans.push({ start: node.startIndex, end: node.startIndex, missing: node.type });
      bytes += 1;
    } else if (node.hasError) descend = true;
    if (descend && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return { spans, bytes };
    }
  }
}

function bytesWithoutCrOfCrlf(text: string, start: number, end: number): number {
  let n = end - start;
  for (let i = start; i < end; i++) if (text.charCodeAt(i) === 13 && text.charCodeAt(i + 1) === 10) n--;
  return n;
}

/**
 * Comments inside directive lines. tree-sitter-c ends a macro body at a comment, so the
 * continuation lines after a comment of a multi-line `#define` were read as code (a
 * function named `if`, a macro's local as a file-scope global). The preprocessor turns every
 * comment into a space; the parse view does the same.
 */
function commentsInDirectives(lx: LexInfo): Span[] {
  const out: Span[] = [];
  const starts = lx.commentStarts;
  if (starts.length === 0) return out;
  for (const d of lx.directives) {
    for (let k = Math.max(0, lastStartingAtOrBefore(starts, d.start, (x) => x)); k < starts.length && starts[k] < d.end; k++) {
      if (starts[k] < d.start) continue;
      const i = inertIndexAt(lx, starts[k]);
      if (i !== -1) out.push({ start: starts[k], end: lx.inertEnds[i] });
    }
  }
  return out;
}

/**
 * A comment of a directive line as spaces; a line break inside it (a block comment over lines)
 * gets a backslash before it, so the directive still continues past it, as it does for gcc.
 */
function blankDirectiveComments(view: string, spans: Span[]): string {
  if (spans.length === 0) return view;
  const chars = view.split('');
  for (const { start, end } of spans) {
    for (let i = start; i < end; i++) {
      const c = chars[i];
      if (c === '\n') {
        let k = i - 1;
        if (k >= start && chars[k] === '\r') k--;
        if (k >= start) chars[k] = '\\';
      } else if (c !== '\r') chars[i] = ' ';
    }
  }
  return chars.join('');
}

/** Builds the parse view: blanks every hole (keeping line breaks), and makes `@x@` template tokens identifiers. */
function blank(text: string, holes: Hole[], isTemplate: boolean, directiveComments: Span[]): string {
  const sorted = holes.slice().sort((a, b) => a.start - b.start);
  const parts: string[] = [];
  let pos = 0;
  for (const h of sorted) {
    const s = Math.max(h.start, pos);
    if (h.end <= s) continue;
    parts.push(text.slice(pos, s));
    parts.push(text.slice(s, h.end).replace(/[^\r\n]/g, ' '));
    pos = h.end;
  }
  parts.push(text.slice(pos));
  let view = blankDirectiveComments(parts.join(''), directiveComments);
  if (isTemplate) view = view.replace(/@/g, '_');
  // tree-sitter-c does not take backslash-CR-LF as a line continuation (gcc does): ` \\\n` has the
  // same length and the same meaning.
  if (view.includes('\\\r\n')) view = view.replace(/\\\r\n/g, ' \\\n');
  return view;
}

const IDENT = /[A-Za-z_0-9]/;

function findMacroHoles(text: string, lx: LexInfo, table: MacroTable): Hole[] {
  const holes: Hole[] = [];
  const re = new RegExp(table.pattern.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    if (isInert(lx, start) || inDirective(lx, start)) continue;
    const name = m[0];
    const kind = table.rules.get(name)!;
    let end = start + name.length;
    if (kind === 'hole-call' || kind === 'unwrap-call') {
      const open = skipSpace(text, end);
      if (text.charCodeAt(open) === 40 /* ( */) {
        const close = matchParen(text, open, lx);
        if (close === -1) continue;
        if (kind === 'unwrap-call') {
          holes.push({ start, end: open + 1, name, kind });
          holes.push({ start: close, end: close + 1, name, kind });
          re.lastIndex = open + 1;
          continue;
        }
        end = close + 1;
      } else if (kind === 'unwrap-call') continue;
    }
    holes.push({ start, end, name, kind });
    re.lastIndex = end;
  }
  if (table.guessExportMacros) {
    guessExportMacros(text, lx, table, holes);
    guessAttributeMacros(text, lx, table, holes);
  }
  unwrapUnusedMacros(text, lx, table, holes);
  findHeadAliasHoles(text, lx, table, holes);
  findEmptyMacroHoles(text, lx, table, holes);
  findStatementMacroHoles(text, lx, table, holes);
  return holes;
}

/**
 * A project's statement macro used without a semicolon, alone on its line inside a function
 * body (`PYCURL_BEGIN_ALLOW_THREADS`, like CPython's Py_BEGIN_ALLOW_THREADS): tree-sitter takes it
 * for the type of a declaration, and the recovery can swallow the rest of the file into one
 * function, so that later file-scope definitions (a static type!) are silently not seen.
 */
function findStatementMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /^[ \t]*([A-Z][A-Z0-9]*_[A-Z0-9_]*)[ \t]*\r?$/gm;
  const candidates: { start: number; name: string }[] = [];
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].indexOf(m[1]);
    if (table.rules.has(m[1]) || isInert(lx, start) || inDirective(lx, start)) continue;
    const prev = significantBefore(text, lx, start);
    const next = significantAfter(text, lx, start + m[1].length);
    if (prev !== ';' && prev !== '{' && prev !== '}') continue;
    if (next === '' || /[;,=)\[.\-+*/|&?:<>%^!~"']/.test(next) || (prev === '{' && next === '}')) continue;
    candidates.push({ start, name: m[1] });
  }
  if (candidates.length === 0) return;
  // Brace and parenthesis depth at each candidate: inside a body, not inside parentheses.
  let brace = 0;
  let paren = 0;
  let k = 0;
  for (let i = 0; i < text.length && k < candidates.length; i++) {
    if (i === candidates[k].start) {
      const c = candidates[k++];
      if (brace > 0 && paren === 0 && !insideHole(holes, c.start)) holes.push({ start: c.start, end: c.start + c.name.length, name: c.name, kind: 'hole' });
      continue;
    }
    const ch = text.charCodeAt(i);
    if ((ch === 34 || ch === 39 || ch === 47) && isInert(lx, i)) {
      const idx = findInert(lx, i);
      if (idx !== -1) i = lx.inertEnds[idx] - 1;
      continue;
    }
    if (ch === 123) brace++;
    else if (ch === 125) brace = Math.max(0, brace - 1);
    else if (ch === 40) paren++;
    else if (ch === 41) paren = Math.max(0, paren - 1);
    else if (ch === 35 && inDirective(lx, i)) {
      const d = directiveAt(lx, i);
      if (d) i = d.end - 1;
    }
  }
}

/** The nearest character before `at` that is not space, comment or directive; '' at the start. */
function significantBefore(text: string, lx: LexInfo, at: number): string {
  let i = at - 1;
  while (i >= 0) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i--;
      continue;
    }
    const d = directiveAt(lx, i);
    if (d) {
      i = d.start - 1;
      continue;
    }
    if ((c === '/' || c === '*') && isInert(lx, i)) {
      const idx = lastStartingAtOrBefore(lx.inertStarts, i, (x) => x);
      if (idx !== -1 && lx.inertEnds[idx] > i && text[lx.inertStarts[idx]] === '/') {
        i = lx.inertStarts[idx] - 1;
        continue;
      }
    }
    return c;
  }
  return '';
}

/** The nearest character from `at` on that is not space, comment or directive; '' at the end. */
function significantAfter(text: string, lx: LexInfo, at: number): string {
  let i = at;
  while (i < text.length) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') {
      i++;
      continue;
    }
    const d = directiveAt(lx, i);
    if (d) {
      i = d.end;
      continue;
    }
    if (c === '/' && isInert(lx, i)) {
      const idx = findInert(lx, i);
      if (idx !== -1) {
        i = lx.inertEnds[idx];
        continue;
      }
    }
    return c;
  }
  return '';
}

const PRAGMA_ONLY = /^(?:\s*(?:_Pragma\s*\(\s*"(?:[^"\\]|\\.)*"\s*\)|__pragma\s*\([^()]*\)))*\s*$/;

/**
 * Object-like macros of this file that expand to nothing, or only to pragmas, in every
 * definition (`#define IGNORE_DEPR_BEGIN _Pragma("GCC diagnostic push")`): blanked where used, as
 * the preprocessor would, so that a use before a `case` label does not break the switch.
 */
function findEmptyMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const verdict = new Map<string, boolean>();
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def || table.rules.has(def.name)) continue;
    const empty = !def.params && PRAGMA_ONLY.test(withoutComments(def.body));
    verdict.set(def.name, (verdict.get(def.name) ?? true) && empty);
  }
  const names = [...verdict].filter(([, empty]) => empty).map(([n]) => n);
  for (const m of usesOutsideHoles(text, lx, names, holes)) holes.push({ start: m.index, end: m.index + m[0].length, name: m[0], kind: 'hole' });
}

/** `\bNAME\b` matches of the names that are code (not comments, literals, directive lines) and not yet in a hole. */
function* usesOutsideHoles(text: string, lx: LexInfo, names: string[], holes: Hole[]): Generator<RegExpExecArray> {
  if (names.length === 0) return;
  const re = new RegExp(`\\b(?:${names.join('|')})\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    if (isInert(lx, start) || inDirective(lx, start) || insideHole(holes, start)) continue;
    yield m;
  }
}

function insideHole(holes: Hole[], at: number): boolean {
  return holes.some((h) => h.start <= at && at < h.end);
}

function withoutComments(s: string): string {
  return s.replace(/\/\*[\s\S]*?\*\//g, ' ');
}

interface HeadAlias extends HeadInit {
  params?: string[];
}

const HEAD_ALIAS_BODY = /^(PyVarObject_HEAD_INIT|PyObject_HEAD_INIT)\s*\(([^()]*(?:\([^()]*\)[^()]*)*)\)$/;

/**
 * A project's own spelling of the head-init macro, defined in this file
 * (`#define MY_HEAD PyVarObject_HEAD_INIT(NULL, 0)`, `#define HEAD(t) PyVarObject_HEAD_INIT(t, 0)`):
 * blanked like the CPython macro, and the hole says what it expands to, so the type initializer
 * reads the same as with the CPython spelling. Aliases defined in another file are not seen here:
 * the initializer reader reports those (see decodeTypeInitializer).
 */
function findHeadAliasHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const aliases = new Map<string, HeadAlias>();
  for (const d of lx.directives) {
    if (d.kind !== 'define' || !d.rest.includes('HEAD_INIT')) continue;
    const def = defineParts(d.rest);
    const m = def ? HEAD_ALIAS_BODY.exec(withoutComments(def.body).replace(/\s+/g, ' ').trim()) : null;
    if (!def || !m || table.rules.has(def.name)) continue;
    aliases.set(def.name, { base: m[1] as HeadInit['base'], args: m[2].trim(), params: def.params });
  }
  for (const m of usesOutsideHoles(text, lx, [...aliases.keys()], holes)) {
    const start = m.index;
    const alias = aliases.get(m[0])!;
    let end = start + m[0].length;
    let args = alias.args;
    if (alias.params) {
      const open = skipSpace(text, end);
      if (text.charCodeAt(open) !== 40 /* ( */) continue;
      const close = matchParen(text, open, lx);
      if (close === -1) continue;
      const actual = splitTopLevelCommas(text.slice(open + 1, close));
      if (actual.length !== alias.params.length) continue;
      const byName = new Map(alias.params.map((p, i) => [p, actual[i].trim()]));
      args = args.replace(/[A-Za-z_]\w*/g, (w) => byName.get(w) ?? w);
      end = close + 1;
    }
    holes.push({ start, end, name: m[0], kind: alias.params ? 'hole-call' : 'hole', headInit: { base: alias.base, args } });
  }
}

function splitTopLevelCommas(s: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let from = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === '(') depth++;
    else if (c === ')') depth--;
    else if (c === ',' && depth === 0) {
      out.push(s.slice(from, i));
      from = i + 1;
    }
  }
  out.push(s.slice(from));
  return out;
}

/**
 * An ALL_CAPS word in declaration-specifier position, followed by a type and a declarator
 * (`GEOM_API PyTypeObject Vector_Type`, `static MY_INLINE int f(...)`), is a visibility macro.
 * A plain `TYPE name` is left alone: that is an all-caps typedef.
 */
function guessExportMacros(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /^[ \t]*(?:(?:static|extern|inline|const)[ \t]+)*([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z][A-Z0-9]{2,})[ \t]+(?=[A-Za-z_])/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const word = m[1];
    const wordStart = m.index + m[0].lastIndexOf(word);
    if (table.rules.has(word) || NOT_MACROS.has(word)) continue;
    if (isInert(lx, wordStart) || inDirective(lx, wordStart)) continue;
    // Next token: an identifier (a type or a qualifier), then `*` or another identifier.
    let p = m.index + m[0].length;
    let q = p;
    while (q < text.length && IDENT.test(text[q])) q++;
    const next = text.slice(p, q);
    if (next === 'PyMODINIT_FUNC') continue;
    p = skipSpace(text, q);
    const c = text[p];
    const startsIdent = c !== undefined && /[A-Za-z_*]/.test(c);
    if (!startsIdent) continue;
    holes.push({ start: wordStart, end: wordStart + word.length, name: word, kind: 'guessed-export' });
  }
}

/**
 * `static FOO_NONNULL(1) int f(...)`, `FOO_API(int) g(...)` is left to tree-sitter (macro type):
 * an ALL_CAPS call between storage words and the type of a file-scope declaration is an attribute.
 * The type may follow on the next line (`static const BROTLI_MODEL("small")` / `uint8_t tab[16] = ...`),
 * unless that line starts a declaration of its own.
 */
function guessAttributeMacros(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /^[ \t]*(?:(?:static|extern|inline|const)[ \t]+)+([A-Z][A-Z0-9]*_[A-Z0-9_]*|[A-Z][A-Z0-9]{2,})[ \t]*\([^()\n]*\)(?:[ \t]+|[ \t]*\r?\n[ \t]*(?!(?:static|extern|typedef)\b))(?=[A-Za-z_])/gm;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[1];
    if (table.rules.has(name) || NOT_MACROS.has(name)) continue;
    const start = m.index + m[0].indexOf(name);
    if (isInert(lx, start) || inDirective(lx, start)) continue;
    const close = text.indexOf(')', start);
    holes.push({ start, end: close + 1, name, kind: 'guessed-export' });
  }
}

/** Project spellings of Py_UNUSED (`NPY_UNUSED(x)`, `UNUSED(x)`) around a parameter name. */
function unwrapUnusedMacros(text: string, lx: LexInfo, table: MacroTable, holes: Hole[]): void {
  const re = /\b([A-Za-z_]*UNUSED)\s*\(\s*[A-Za-z_]\w*\s*\)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const name = m[1];
    if (table.rules.has(name) || isInert(lx, m.index) || inDirective(lx, m.index)) continue;
    const open = text.indexOf('(', m.index + name.length);
    const close = m.index + m[0].length - 1;
    holes.push({ start: m.index, end: open + 1, name, kind: 'unwrap-call' });
    holes.push({ start: close, end: close + 1, name, kind: 'unwrap-call' });
  }
}

const NOT_MACROS = new Set(['FILE', 'NULL', 'TRUE', 'FALSE', 'EOF', 'BOOL', 'DWORD', 'HANDLE']);

function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

/** Offset of the `)` matching the `(` at `open`, skipping comments and literals; -1 if none. */
export function matchParen(text: string, open: number, lx: LexInfo): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 40) depth++;
    else if (c === 41) {
      depth--;
      if (depth === 0) return i;
    } else if ((c === 34 || c === 39 || c === 47) && isInert(lx, i)) {
      // jump over the literal or comment
      const idx = findInert(lx, i);
      if (idx !== -1) i = lx.inertEnds[idx] - 1;
    }
  }
  return -1;
}

function findInert(lx: LexInfo, offset: number): number {
  const s = lx.inertStarts;
  let lo = 0;
  let hi = s.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (s[mid] === offset) return mid;
    if (s[mid] < offset) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

function inDirective(lx: LexInfo, offset: number): boolean {
  return directiveAt(lx, offset) !== undefined;
}

/**
 * Holes that may repair the damage: the alternative branches (and the directive lines) of
 * `#if` groups that touch an ERROR span, and ALL_CAPS macro calls standing alone where the
 * error starts (`BITWISE_FUNC(and, &)` at file scope).
 */
function repairHoles(text: string, lx: LexInfo, damage: Span[], existing: Hole[], blankedGroups: CondGroup[]): Hole[] {
  const extra: Hole[] = [];
  const done = new Set(blankedGroups);
  for (const span of damage) {
    for (const g of lx.groups) {
      if (done.has(g)) continue;
      if (g.end <= span.start - 1 || g.start > span.end) continue;
      if (g.end === Number.MAX_SAFE_INTEGER) continue;
      done.add(g);
      blankedGroups.push(g);
      const keep = activeBranch(g);
      for (let k = 0; k < g.branches.length; k++) {
        const b = g.branches[k];
        extra.push({ start: b.directive.start, end: b.directive.end, name: '#' + b.directive.kind, kind: 'directive' });
        if (k !== keep) extra.push({ start: b.bodyStart, end: b.bodyEnd, name: '#' + b.directive.kind, kind: 'branch' });
      }
      if (g.endif) extra.push({ start: g.endif.start, end: g.endif.end, name: '#endif', kind: 'directive' });
    }
    // A lone macro call such as `FOO_DEFINE(a, b)` with no semicolon.
    const m = /^[A-Z][A-Z0-9_]*\s*\(/.exec(text.slice(span.start, span.start + 80));
    if (m && !existing.some((h) => h.start === span.start)) {
      const open = span.start + m[0].length - 1;
      const close = matchParen(text, open, lx);
      if (close !== -1) {
        const after = skipSpace(text, close + 1);
        if (text[after] !== ';' && text[after] !== ',') extra.push({ start: span.start, end: close + 1, name: m[0].replace(/\s*\($/, ''), kind: 'repair' });
      }
    }
  }
  return extra;
}

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
function deadVersionBranches(lx: LexInfo, minMinor: number): Hole[] {
  const holes: Hole[] = [];
  for (const g of lx.groups) {
    if (g.end === Number.MAX_SAFE_INTEGER || g.includeGuard) continue;
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
        const v = evalPythonCondition(d.kind, d.rest, minor);
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

/** Evaluates version tests for CPython 3.<minor>; undefined when the condition says something else. */
export function evalPythonCondition(kind: string, rest: string, minor = 12): boolean | undefined {
  const cond = rest.replace(/\/\*.*?\*\//g, '').replace(/\/\/.*$/, '').trim();
  if (kind === 'ifdef' || kind === 'ifndef') {
    if (cond === 'IS_PY3K' || cond === 'PY3K' || cond === 'IS_PY3') return kind === 'ifdef';
    if (cond === '__cplusplus') return kind === 'ifndef'; // C extensions are compiled as C
    return undefined;
  }
  if (/^!?\s*defined\s*\(?\s*__cplusplus\s*\)?$/.test(cond)) return cond.startsWith('!');
  const m = /^\(?\s*(PY_MAJOR_VERSION|PY_MINOR_VERSION|PY_VERSION_HEX)\s*(>=|<=|==|!=|>|<)\s*(0x[0-9A-Fa-f]+|\d+)\s*\)?$/.exec(cond);
  if (!m) return undefined;
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
