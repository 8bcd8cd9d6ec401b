/**
 * Parsing C that was never preprocessed. tree-sitter sees a "parse view" of the file: the same
 * length as the file, with macro tokens, directive lines inside initializers and (when a first
 * parse shows damage there) the alternative branches of `#if` groups blanked with spaces. Every
 * offset of the tree is therefore an offset of the original bytes, and every blanked span is
 * kept as a Hole so the model knows what was there.
 */
import { SourceFile } from './source';
import { LexInfo, lex, CondGroup } from './lex';
import { MacroTable, defaultMacroTable } from './macros';
import { Tree, DamageSpan, parseText, markChanged, collectDamage } from './tree-sitter';
import type { SyntaxNode } from './tree-sitter';
import { Hole, blank, commentsInDirectives, mergeGaps } from './parse-view';
import { findMacroHoles } from './macro-holes';
import { depthsAt } from './macro-scan';
import type { ProjectMacros } from './project-macros';
import { deadVersionBranches } from './version-conditions';
import { predictedRepairs, repairHoles } from './repair';
import { FunctionMacro, findFunctionMacros } from './function-macros';
import { objectInitHeaderHoles } from './init-header-macro';

export type { SyntaxNode, Tree, Span, DamageSpan } from './tree-sitter';
export type { Hole, HoleKind, HeadInit } from './parse-view';
export type { ProjectMacro } from './project-macros';
export { rawParse, damageOf } from './tree-sitter';

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
  /** tree-sitter parses this file took: 1, plus one per repair pass tried. */
  parses: number;
  /** `#define`s of the project's headers this file includes, read before parsing (see project-macros). */
  projectMacros?: ProjectMacros;
  /** The macro table it was parsed with (a rewritten file is parsed the same way). */
  table: MacroTable;
  /** `#define`s whose body is a function definition, expanded at file scope (see function-macros). */
  functionMacros: FunctionMacro[];
}


/**
 * A pass that would only blank the directive lines of one-branch groups keeps every line of code,
 * so it cannot supply a token the parse found missing; with nothing but missing tokens to repair,
 * its parse is skipped.
 */
function cannotRepair(extra: Hole[], damage: DamageSpan[]): boolean {
  return extra.every((h) => h.kind === 'directive') && damage.every((d) => d.missing !== undefined);
}

/** Where the view leaves a statement macro's `;` to tree-sitter: zero-length `;` holes (see statement-macro-holes.ts). */
function expectedSemicolons(holes: Hole[]): Set<number> {
  return new Set(holes.filter((h) => h.start === h.end && h.fill === ';').map((h) => h.start));
}

/** The parse has a function definition from the macro's body to the `}` that ends it. */
function readAsOneFunction(tree: Tree, text: string, m: FunctionMacro): boolean {
  const end = text.lastIndexOf('}', (m.tailStart ?? m.end) - 1) + 1;
  const n = tree.rootNode.descendantForIndex(m.patternStart, m.patternEnd);
  let f: SyntaxNode | null = n;
  while (f && f.type !== 'function_definition') f = f.parent;
  return !!f && f.startIndex > m.start && f.endIndex === end && f.parent?.type !== 'ERROR';
}

/** A header (`.h`, or a `.h.src` template of one). */
export function isHeaderPath(path: string): boolean {
  return /\.h(\.src)?$/.test(path);
}

export function isTemplatePath(path: string): boolean {
  return path.endsWith('.src');
}

/**
 * `project`: the macros of the project's headers this file includes (see project-macros.ts); the
 * file's own definitions win over them.
 */
/** `scanned`: the lexical scan of this very text, if one was made already and nothing changed it. */
export function parseSource(source: SourceFile, macros: MacroTable = defaultMacroTable(), project?: ProjectMacros, scanned?: LexInfo): ParsedFile {
  const text = source.text;
  const lx = scanned ?? lex(text);
  const isTemplate = isTemplatePath(source.path);
  const functionMacros = findFunctionMacros(text, lx);
  const holes = findMacroHoles(text, lx, macros, project, functionMacros.macros);
  holes.push(...functionMacros.holes);
  holes.push(...deadVersionBranches(lx, macros.minPythonMinor ?? 9, project?.undefinedAt, project?.pythonHeaders, project, project?.versionFlags, project?.headerValues));
  for (const d of lx.directives) {
    if (d.inInitializer) {
      holes.push({ start: d.start, end: d.end, name: '#' + d.kind, kind: 'directive' });
    }
  }
  holes.push(...directivesInHeadBranches(text, lx));
  holes.push(...directivesInExpressions(text, lx));
  holes.push(...objectInitHeaderHoles(text, lx));
  const directiveComments = commentsInDirectives(lx);
  let view = blank(text, holes, isTemplate, directiveComments);
  const blankedGroups: CondGroup[] = [];
  // Repairs the pre-scan is sure of go into the first parse.
  const predicted = predictedRepairs(view, lx, blankedGroups);
  if (predicted.length > 0) {
    holes.push(...predicted);
    view = blank(text, holes, isTemplate, directiveComments);
  }
  const expected = expectedSemicolons(holes);
  let tree = parseText(view);
  let parses = 1;
  let damage = collectDamage(tree, text, expected);
  // A macro-defined function that does not parse as one function spanning its body (or whose expansions
  // leave damage) stays a plain macro; damage inside its body is judged as in any function.
  const spoiled = functionMacros.macros.filter((m) => !readAsOneFunction(tree, text, m) || damage.spans.some((d) => m.expansions.some((e) => d.start < e.end + 1 && d.end > e.start)));
  if (spoiled.length > 0) {
    const names = new Set(spoiled.map((m) => m.name));
    functionMacros.macros = functionMacros.macros.filter((m) => !names.has(m.name));
    const drop = new Set(functionMacros.holes.filter((h) => names.has(h.name)));
    for (let i = holes.length - 1; i >= 0; i--) if (drop.has(holes[i])) holes.splice(i, 1);
    view = blank(text, holes, isTemplate, directiveComments);
    tree = parseText(view);
    parses++;
    damage = collectDamage(tree, text, expected);
  }
  // Repair passes: only files with damage pay for them.
  for (let pass = 0; pass < 2 && damage.spans.length > 0; pass++) {
    const blankedBefore = blankedGroups.length;
    const extra = repairHoles(text, lx, damage.spans, holes, blankedGroups);
    if (extra.length === 0) break;
    if (cannotRepair(extra, damage.spans)) {
      blankedGroups.length = blankedBefore;
      break;
    }
    const candidateHoles = holes.concat(extra);
    const candidateView = blank(text, candidateHoles, isTemplate, directiveComments);
    // Blanking keeps every length, so the old tree, told where bytes changed, is reused.
    markChanged(tree, view, candidateView);
    const candidateTree = parseText(candidateView, process.env.PYEXT_NO_INCREMENTAL ? undefined : tree);
    parses++;
    const candidateDamage = collectDamage(candidateTree, text, expected);
    if (candidateDamage.bytes >= damage.bytes && candidateDamage.spans.length >= damage.spans.length) {
      blankedGroups.length = blankedBefore; // not kept
      break;
    }
    holes.push(...extra);
    view = candidateView;
    tree = candidateTree;
    damage = candidateDamage;
  }
  holes.sort((a, b) => a.start - b.start || a.end - b.end);
  return { source, lex: lx, tree, parseText: view, holes, damage: damage.spans, damageBytes: damage.bytes, blankedGroups, isTemplate, parses, gaps: mergeGaps(lx, holes), table: macros, projectMacros: project, functionMacros: functionMacros.macros };
}

/**
 * `#define` / `#undef` / `#include` lines inside an open parenthesis of a function body (`if (`,
 * `#define JOINER ||`, `#include "list.h"` of calls joined by it, `#undef JOINER`, the last
 * operand, `)`): the parser takes a directive only between statements, and read the whole `if`
 * as damage. The preprocessor removes the lines and pastes the fragment in; the parse view keeps
 * the operands written around them and blanks the lines (the macro layer still reads them
 * lexically, and the fragment is judged as code of that function: checks/python-free-damage.ts).
 */
function directivesInExpressions(text: string, lx: LexInfo): Hole[] {
  const candidates = lx.directives.filter((d) => d.braceDepth >= 1 && !d.inInitializer && (d.kind === 'define' || d.kind === 'undef' || d.kind === 'include'));
  if (candidates.length === 0) return [];
  const depths = depthsAt(text, lx, candidates.map((d) => d.start));
  return candidates.filter((_, i) => depths[i].paren > 0).map((d) => ({ start: d.start, end: d.end, name: '#' + d.kind, kind: 'directive' as const }));
}

/**
 * `#define` / `#undef` / `#pragma` lines in the compiled branch of a Python-version `#if` that holds
 * only a function's declarator (`PyMODINIT_FUNC` / `#if PY_MAJOR_VERSION >= 3` / `#define ERR NULL` /
 * `PyInit_x(void) {` / `#else` ...): not part of the head, so blank for the parse (the macro layer
 * reads them lexically as before).
 */
function directivesInHeadBranches(text: string, lx: LexInfo): Hole[] {
  const out: Hole[] = [];
  for (const g of lx.groups) {
    if (g.resolvedBranch === undefined || g.resolvedBranch < 0 || !g.endif || g.branches[0].directive.braceDepth !== 0) continue;
    const b = g.branches[g.resolvedBranch];
    const inside = lx.directives.filter((d) => d.start >= b.bodyStart && d.start < b.bodyEnd);
    if (inside.length === 0 || !inside.every((d) => d.kind === 'define' || d.kind === 'undef' || (d.kind === 'other' && /^#\s*pragma\b/.test(text.slice(d.start, d.end).trimStart())))) continue;
    let rest = '';
    let at = b.bodyStart;
    for (const d of inside) {
      rest += text.slice(at, d.start);
      at = d.end;
    }
    rest += text.slice(at, b.bodyEnd);
    if (!/^\s*[A-Za-z_]\w*\s*\((?:[^;{}()]|\([^;{}()]*\))*\)\s*\{?\s*$/.test(rest.replace(/\/\*[^]*?\*\/|\/\/[^\n]*/g, ' '))) continue;
    for (const d of inside) out.push({ start: d.start, end: d.end, name: '#' + d.kind, kind: 'directive' });
  }
  return out;
}
