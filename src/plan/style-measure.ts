/**
 * A file's code style measured from its code (and a function's, where it has evidence of its own):
 * brace placement, braces around single statements, function heads, indentation, line width,
 * the blank line after declarations; the tool's own code left out of the measure.
 */
import { continuationColumn } from '../core/macro-lines';
import type { SyntaxNode } from '../core/parse';
import type { SourceFile } from '../core/source';
import { displayWidth } from '../core/source';
import type { FileModel, FunctionInfo } from '../model/types';
import { authoredLineReader } from './authored-lines';
import { leadingTypeLine } from './teardown';

export interface CodeStyle {
  indentUnit: string;
  eol: string;
  /** `if (x) {` (same line), `if (x)\n{` (next line, at the statement's indent), or GNU (next line, indented). */
  blockBrace: 'same' | 'next' | 'gnu';
  /** A single statement as the body of an `if` gets braces. */
  bracesForSingle: boolean;
  /** The `{` of a function body: on its own line, or after the parameters. */
  functionBrace: 'same' | 'next';
  /** `static int\nname(...)`: the return type on a line of its own. */
  returnTypeOwnLine: boolean;
  /** `typedef struct {` or `typedef struct\n{`. */
  structBrace: 'same' | 'next';
  /** Lines longer than this are wrapped. */
  maxWidth: number;
  /** A declaration block is followed by a blank line before the statements. */
  blankAfterDeclarations: boolean;
  /** Wrapped argument lists continue under the first argument (else one level deeper). */
  wrapAlign: boolean;
}

interface Counts {
  same: number;
  next: number;
  gnu: number;
  single: number;
  braced1: number;
}

const cache = new WeakMap<object, CodeStyle>();

/** The style of a file, measured once. */
export function fileStyle(file: FileModel): CodeStyle {
  let s = cache.get(file);
  if (!s) {
    s = measure(file.source, file.parsed.tree.rootNode, file);
    cache.set(file, s);
  }
  return s;
}

/** The style inside one function: its own evidence where it has some, else the file's. */
export function functionStyle(f: FunctionInfo): CodeStyle {
  let s = cache.get(f);
  if (!s) {
    const base = fileStyle(f.file);
    const body = f.node.childForFieldName('body');
    const c = body ? blockCounts(f.file.source, body) : undefined;
    s = { ...base };
    if (c && c.same + c.next + c.gnu > 0) s.blockBrace = pick(c);
    if (c && c.single + c.braced1 > 0) s.bracesForSingle = c.braced1 > c.single;
    // In a macro that defines the function, lines end in ` \` (at the column the macro aligns them to).
    const macro = f.macroTemplate ? f.file.parsed.functionMacros.find((m) => m.name === f.macroTemplate!.macro) : undefined;
    if (macro) {
      const column = continuationColumn(f.file.source.text, f.file.parsed.lex, macro.start);
      s.maxWidth = Math.min(s.maxWidth, column !== undefined ? column - 1 : s.maxWidth - 2);
    }
    cache.set(f, s);
  }
  return s;
}

function pick(c: Counts): 'same' | 'next' | 'gnu' {
  if (c.gnu > c.same && c.gnu > c.next) return 'gnu';
  return c.next > c.same ? 'next' : 'same';
}

function measure(src: SourceFile, root: SyntaxNode, file: FileModel): CodeStyle {
  const c = blockCounts(src, root);
  let fnNext = 0;
  let fnSame = 0;
  let ownLine = 0;
  let sameLine = 0;
  for (const f of file.functions) {
    const braceLine = src.lineStart(f.bodyStart);
    if (src.text.slice(braceLine, f.bodyStart).trim() === '') fnNext++;
    else fnSame++;
    const nameAt = src.text.indexOf(f.name, f.declStart);
    if (nameAt !== -1 && nameAt < f.paramsStart) {
      if (src.lineStart(nameAt) > f.declStart && src.text.slice(src.lineStart(nameAt), nameAt).trim() === '') ownLine++;
      else sameLine++;
    }
  }
  const structs = [...src.text.matchAll(/\bstruct(?:\s+[A-Za-z_]\w*)?[ \t]*(\r?\n[ \t]*)?\{/g)];
  const structNext = structs.filter((m) => m[1] !== undefined).length;
  // Functions a run of this tool writes or rewrites: no evidence of the author's habits.
  const toolShaped = new Set([...moduleSetupFunctions(src, file), ...stateFunctions(file)]);
  return {
    indentUnit: src.indentUnit,
    eol: src.eol,
    blockBrace: c.same + c.next + c.gnu > 0 ? pick(c) : 'same',
    bracesForSingle: c.single + c.braced1 > 0 ? c.braced1 >= c.single : true,
    functionBrace: fnSame > fnNext ? 'same' : 'next',
    returnTypeOwnLine: ownLine + sameLine > 0 ? ownLine >= sameLine : true,
    structBrace: structNext * 2 > structs.length ? 'next' : 'same',
    maxWidth: lineLimit(src, file, toolShaped),
    blankAfterDeclarations: blankAfterDeclarations(src, file, toolShaped),
    wrapAlign: wrapsAligned(src, file, toolShaped),
  };
}

/** Braces of `if`/`for`/`while` bodies under `root`, and single statements with and without them. */
function blockCounts(src: SourceFile, root: SyntaxNode): Counts {
  const c: Counts = { same: 0, next: 0, gnu: 0, single: 0, braced1: 0 };
  const text = src.text;
  // The parser's own search: no walk through every node in JavaScript (slow on huge files, and
  // no recursion however deep the nesting).
  for (const n of root.descendantsOfType(['if_statement', 'for_statement', 'while_statement'])) {
    const body = n.type === 'if_statement' ? n.childForFieldName('consequence') : n.childForFieldName('body');
    if (body && body.type === 'compound_statement') {
      const ls = src.lineStart(body.startIndex);
      if (ls <= n.startIndex || text.slice(ls, body.startIndex).trim() !== '') c.same++;
      else if (src.indentAt(body.startIndex).length > src.indentAt(n.startIndex).length) c.gnu++;
      else c.next++;
      if (n.type === 'if_statement' && body.namedChildren.filter((x) => x.type !== 'comment').length === 1) c.braced1++;
    } else if (body && n.type === 'if_statement') c.single++;
  }
  return c;
}

const PARTIAL_RUN_LINE = /\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b|cannot be loaded more than once per process/;

/**
 * The width the file keeps to: the smallest usual limit (79, 80, 99, 100, 119, 120) that all but
 * a few of its lines respect, one in 140 of the lines of its functions and tables (about one in
 * 200 of all lines); a file with many longer lines is not wrapped.
 *
 * The allowance scales with what a run of this tool neither writes nor rewrites, so that a later
 * run allows what one run allowed (fuzz 182e7ff6e0a4: a partial run's 19 lines took a file past 400
 * lines, the allowance from one line to two, and the later run wrapped at 79 where one run chose
 * 80): the bodies of functions but the module's setup and state functions (`skipped`), and the
 * method, getset and member tables; not the file-scope code a run adds (the state block, slot
 * tables and specs, the module's slots, the load-once guard). The lines a run adds are never longer
 * than the limit, so in the counts of longer lines they can only keep a narrower limit out, as it
 * was for one run.
 */
function lineLimit(src: SourceFile, file: FileModel, skipped: Set<string>): number {
  const lines = src.text.split(/\r?\n/);
  let authored = 0;
  const bodies = new Set<number>();
  const span = (start: number, end: number): number => src.position(end).line - src.position(start).line + 1;
  for (const f of file.functions) {
    // One body for every function a template or function-defining macro expands to.
    if (skipped.has(f.name) || f.bodyEnd <= f.bodyStart || bodies.has(f.bodyStart)) continue;
    bodies.add(f.bodyStart);
    authored += span(f.bodyStart, f.bodyEnd);
  }
  for (const t of file.tables) if (t.kind === 'methods' || t.kind === 'getset' || t.kind === 'members') authored += span(t.start, t.end);
  // A line that continues a string literal is as long as its text: no limit can wrap it, so it says
  // nothing; lines a partial run writes and one run does not (the load-once slot value is 82 columns
  // wide) are not the file's: counted, they would widen the file for the next run.
  // A line an earlier run edited is measured as its author wrote it (authored-lines.ts).
  const asWritten = authoredLineReader(src.text);
  const lengths = lines
    .filter((l) => !/^\s*"/.test(l) && !PARTIAL_RUN_LINE.test(l))
    .map((l) => asWritten(l).replace(/\t/g, '        ').length);
  const allowed = Math.max(1, Math.floor(authored / 140));
  for (const limit of [79, 80, 99, 100, 119, 120]) {
    if (lengths.filter((n) => n > limit).length <= allowed) return limit;
  }
  return Infinity;
}

/**
 * Whether continuation lines of wrapped parentheses start under the first argument (the usual C style).
 * Not measured in the functions a run of this tool writes or rewrites (`skipped`): a partial run that
 * moves the init's wrapped call out (a module def declared by a macro call there) would otherwise
 * take the evidence away from the next run, which would wrap otherwise than one run.
 */
function wrapsAligned(src: SourceFile, file: FileModel, skipped: Set<string>): boolean {
  const text = src.text;
  const lines = text.split(/\r?\n/);
  const toolLines = new Set<number>();
  for (const f of file.functions) {
    if (!skipped.has(f.name) || f.bodyEnd <= f.bodyStart) continue;
    const [from, to] = [src.position(f.bodyStart).line, src.position(f.bodyEnd).line];
    for (let n = from; n <= to; n++) toolLines.add(n - 1);
  }
  let aligned = 0;
  let deeper = 0;
  for (let i = 0; i + 1 < lines.length; i++) {
    const l = lines[i];
    if (toolLines.has(i) || !/,\s*$/.test(l) || /^\s*(\/\*|\*|#)/.test(l)) continue;
    let depth = 0;
    let last = -1;
    const stack: number[] = [];
    for (let j = 0; j < l.length; j++) {
      if (l[j] === '(') stack.push(j);
      else if (l[j] === ')') stack.pop();
    }
    depth = stack.length;
    last = stack[stack.length - 1] ?? -1;
    if (depth === 0) continue;
    const next = lines[i + 1];
    const col = displayWidth(next.slice(0, next.length - next.trimStart().length), 0);
    if (col === displayWidth(l.slice(0, last + 1), 0)) aligned++;
    else deeper++;
  }
  return aligned >= deeper;
}

/** Whether the file's functions separate their leading declarations from the statements with a blank line. */
function blankAfterDeclarations(src: SourceFile, file: FileModel, skipped: Set<string>): boolean {
  let blank = 0;
  let none = 0;
  for (const f of file.functions) {
    if (skipped.has(f.name)) continue;
    const body = f.node.childForFieldName('body');
    if (!body) continue;
    const all = body.namedChildren.filter((c) => c.type !== 'comment');
    // A dealloc's `PyTypeObject *tp = Py_TYPE(self);` is the heap-type rewrite's line, not the author's habit.
    const kids = leadingTypeLine(f, all) ? all.slice(1) : all;
    const i = kids.findIndex((c) => c.type !== 'declaration');
    if (i < 0) continue;
    // No declarations left but a blank line first (they were removed, by hand or by an earlier run): the same habit.
    if (i === 0 && !/\n[ \t]*\r?\n/.test(src.text.slice(body.startIndex, kids[0].startIndex))) continue;
    const between = src.text.slice(i === 0 ? body.startIndex : kids[i - 1].endIndex, kids[i].startIndex);
    if (/\n[ \t]*\r?\n/.test(between)) blank++;
    else none++;
  }
  return blank > none;
}

/**
 * The module def's GC hooks and functions named like state getters (`get_x_state`, `x_get_state_of_type`,
 * `x_create_type`): what a run of this tool writes in its own layout, left out of the measurement in every
 * run alike, so an earlier run's do not sway the next one.
 */
function stateFunctions(file: FileModel): Set<string> {
  const out = new Set<string>();
  for (const d of file.moduleDefs) for (const hook of ['m_traverse', 'm_clear', 'm_free']) {
    const v = d.fields.get(hook)?.value.trim();
    if (v && /^[A-Za-z_]\w*$/.test(v)) out.add(v);
  }
  for (const f of file.functions) if (/^get_\w+_state$|_get_state(_\w+)?$|_create_type$|_legacy_state$/.test(f.name)) out.add(f.name);
  return out;
}

/**
 * The module's init and exec functions and everything they call: converting the init removes
 * declarations there (the module variable) and may move its body into a helper it calls, so a
 * later run would measure another file. Left out of the measurement in every run alike.
 */
function moduleSetupFunctions(src: SourceFile, file: FileModel): Set<string> {
  const byName = new Map(file.functions.map((f) => [f.name, f]));
  const execs = file.tables.flatMap((t) => t.entries.filter((e) => e.pyName === 'Py_mod_exec' && e.func).map((e) => e.func!));
  const out = new Set<string>();
  const work = [...file.functions.filter((f) => f.name.startsWith('PyInit_')).map((f) => f.name), ...execs];
  while (work.length > 0) {
    const name = work.pop()!;
    if (out.has(name)) continue;
    out.add(name);
    const f = byName.get(name);
    if (!f) continue;
    for (const m of src.text.slice(f.bodyStart, f.bodyEnd).matchAll(/\b([A-Za-z_]\w*)\s*\(/g)) if (byName.has(m[1]) && !out.has(m[1])) work.push(m[1]);
  }
  return out;
}
