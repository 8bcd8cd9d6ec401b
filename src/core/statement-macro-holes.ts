/**
 * A project's statement macros used as bare calls (`LINK(p, c)` with no `;`, its body ending in `;`
 * or `}`): the parse gets the `;` in a blank after the call, or the call becomes a hole.
 */
import { LexInfo, isInert, directiveAt, defineParts } from './lex';
import type { MacroTable } from './macros';
import type { Hole } from './parse-view';
import { depthsAt, fileScopeCalls, inDirective, insideHole, lastSignificantIndex, matchParen, significantAfter, skipSpace, usesOutsideHoles, withoutComments } from './macro-scan';
import type { ProjectMacro } from './project-macros';

/**
 * A project's statement macro used without a semicolon, alone on its line inside a function
 * body (`PYCURL_BEGIN_ALLOW_THREADS`, like CPython's Py_BEGIN_ALLOW_THREADS): tree-sitter takes it
 * for the type of a declaration, and the recovery can swallow the rest of the file into one
 * function, so that later file-scope definitions (a static type!) are silently not seen.
 */
export function findStatementMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], callEnds: Set<number>, project?: Map<string, ProjectMacro>): void {
  const re = /^[ \t]*([A-Z][A-Z0-9_]*)[ \t]*\r?$/gm;
  const candidates: { start: number; name: string }[] = [];
  let defined: Set<string> | undefined;
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index + m[0].indexOf(m[1]);
    if (table.rules.has(m[1]) || isInert(lx, start) || inDirective(lx, start)) continue;
    // A word without `_` (`EPILOGUE`) only when the file or its headers define it as a macro.
    if (!m[1].includes('_') && !(defined ??= objectMacroNames(lx, project)).has(m[1])) continue;
    const prevAt = lastSignificantIndex(text, lx, start);
    const prev = prevAt === -1 ? '' : text[prevAt];
    const next = significantAfter(text, lx, start + m[1].length);
    // After `)`: only the end of a statement macro's call that the view completes with its `;`.
    if (prev !== ';' && prev !== '{' && prev !== '}' && !(prev === ')' && callEnds.has(prevAt))) continue;
    if (next === '' || /[;,=)\[.\-+*/|&?:<>%^!~"']/.test(next) || (prev === '{' && next === '}')) continue;
    candidates.push({ start, name: m[1] });
  }
  if (candidates.length === 0) return;
  // Inside a body, not inside parentheses.
  const depths = depthsAt(text, lx, candidates.map((c) => c.start));
  candidates.forEach((c, k) => {
    if (depths[k].brace > 0 && depths[k].paren === 0 && !insideHole(holes, c.start)) holes.push({ start: c.start, end: c.start + c.name.length, name: c.name, kind: 'hole' });
  });
}

/** Names of the object-like macros the file or the project's headers it includes define. */
function objectMacroNames(lx: LexInfo, project?: Map<string, ProjectMacro>): Set<string> {
  const out = new Set<string>();
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (def && !def.params) out.add(def.name);
  }
  for (const def of project?.values() ?? []) if (!def.params) out.add(def.name);
  return out;
}

/** The first words of a macro body that declares rather than acts (`int x;`, `static PyObject *p;`). */
const DECLARATION_START = /^(?:static|extern|const|volatile|register|struct|union|enum|typedef|unsigned|signed|int|char|long|short|float|double|void|_Bool|bool)\b|^[A-Za-z_]\w*\s+\**\s*[A-Za-z_]\w*\s*(?:[;=,\[]|$)/;

/**
 * What a function-like macro body is as a statement: empty or ending with its own `;` or `}`
 * ('acts'); the same but declaring locals of its own (`PyObject *res; int ret = -1; res = call;
 * ...`: 'declares', and only a use in a block counts, as in a struct the same would be fields);
 * not a whole statement, declaring a name the use gives (`static long n;`: the argument is a
 * declarator, not code) or anything static, extern or typedef, false.
 */
function statementBody(body: string, params: readonly string[]): 'acts' | 'declares' | false {
  const b = withoutComments(body).trim();
  if (b === '') return 'acts';
  if (!b.endsWith(';') && !b.endsWith('}')) return false;
  if (!DECLARATION_START.test(b)) return 'acts';
  const names = params.map((p) => (p === '...' ? '__VA_ARGS__' : p.replace(/\.\.\.$/, '')));
  const given = names.length > 0 ? new RegExp(`\\b(?:${names.join('|')})\\b`) : undefined;
  for (const stmt of b.split(/[;{}]/)) {
    const s = stmt.trim();
    if (!DECLARATION_START.test(s)) continue;
    // A static object (MOD_DEF's module def) is the init macros' to read, not a local.
    if (/^(?:static|extern|typedef)\b/.test(s) || (given && given.test(s.split('=')[0]))) return false;
  }
  return 'declares';
}

/** The verdict over every definition of a name: false if one is no statement, 'declares' if one declares. */
function joinVerdicts(a: 'acts' | 'declares' | false, b: 'acts' | 'declares' | false): 'acts' | 'declares' | false {
  if (a === false || b === false) return false;
  return a === 'declares' || b === 'declares' ? 'declares' : 'acts';
}

/**
 * A function-like macro of the file (or a project header) whose every definition is a statement
 * (`#define LINK(p, c) link_child(p, c);`, `#define TRACE(s, ...)` defined empty, `#define RETURN(m)
 * return m;`, `#define PROLOGUE(call) PyObject *res; int ret = -1; res = call; if (!res) goto out;`
 * in a function body), used as a statement without a `;` of its own (`LINK(env, self)` then the
 * next statement on the next line): tree-sitter reads the call and the next statement as one
 * broken declaration, and the damage can reach the end of the function or beyond. The parse view
 * gets the missing `;` in the blank after the call (a space or tab after it, or the next line's
 * indentation), so the call itself stays visible with its arguments, which may name globals.
 * A use that ends its `#if` branch (`#ifdef X` / `PROLOGUE(f(a))` / `#else` / `PROLOGUE(g(a))` /
 * `#endif`) has no such blank before the directive line: tree-sitter reads it right, the `;` as
 * MISSING, and that MISSING `;` is expected, not damage (a zero-length hole says so), so both
 * branches stay code. Without either the use is left to the repair layer.
 * Returns the offsets of the `)` of the uses so completed.
 */
export function findStatementCallSemicolons(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): Set<number> {
  const verdict = new Map<string, 'acts' | 'declares' | false>();
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def || table.rules.has(def.name)) continue;
    verdict.set(def.name, joinVerdicts(verdict.get(def.name) ?? 'acts', def.params !== undefined && statementBody(def.body, def.params)));
  }
  for (const def of project?.values() ?? []) {
    if (verdict.has(def.name) || table.rules.has(def.name) || !def.params) continue;
    verdict.set(def.name, [def.body, ...(def.otherBodies ?? [])].map((b) => statementBody(b, def.params!)).reduce(joinVerdicts, 'acts'));
  }
  // The `)` of a use already given its `;`: the next use on the next line is at statement position too.
  const closes = new Set<number>();
  const names = [...verdict].filter(([, v]) => v !== false).map(([n]) => n);
  const uses = [...usesOutsideHoles(text, lx, names, holes)];
  if (uses.length === 0) return closes;
  const depths = depthsAt(text, lx, uses.map((m) => m.index));
  uses.forEach((m, k) => {
    if (depths[k].brace === 0 || depths[k].paren !== 0) return;
    const open = skipSpace(text, m.index + m[0].length);
    if (text.charCodeAt(open) !== 40 /* ( */) return;
    const close = matchParen(text, open, lx);
    if (close === -1) return;
    const prevAt = lastSignificantIndex(text, lx, m.index);
    const prev = prevAt === -1 ? '' : text[prevAt];
    if (prev !== ';' && prev !== '{' && prev !== '}' && !(prev === ')' && closes.has(prevAt))) return;
    // At the end of an #if branch, what follows is the next branch, not the statement's continuation.
    const branchEnd = beforeBranchEnd(text, lx, close + 1);
    const next = significantAfter(text, lx, close + 1);
    if (!branchEnd && (next === '' || !/[A-Za-z_{}(*&!~+\-]/.test(next))) return;
    if (verdict.get(m[0]) === 'declares' && !inBlock(text, lx, m.index)) return;
    const slot = branchEnd ? -1 : blankAfter(text, lx, close + 1);
    if (slot === -1 ? !branchEnd : insideHole(holes, slot)) return;
    holes.push(slot === -1 ? { start: close + 1, end: close + 1, name: m[0], kind: 'repair', fill: ';' } : { start: slot, end: slot + 1, name: m[0], kind: 'repair', fill: ';' });
    closes.add(close);
  });
  return closes;
}

/**
 * A file-scope use of a function-like macro of the file (or a project header) whose every body is
 * complete C of its own, ending with `;` or `}` (`DEFINE_ENUM(Antialias)`, pycairo's enum types,
 * `#define DEFINE_ENUM(n) PyTypeObject Pycairo_##n##_Type = {...};`), written without a `;`:
 * tree-sitter reads it and whatever follows as one declaration, and from the first such use on the
 * file's later definitions (its PyModuleDef) are lost. What it expands to is a declaration the
 * parse cannot read anyway, so the use is blanked with its arguments (as a declaring macro's
 * use is); the checks read such uses from the text. Only a use that starts a declaration (after
 * `;`, `}`, a directive, the file's start or another such use) and is followed by what starts one.
 */
export function findFileScopeMacroUseHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>, except: ReadonlySet<string> = new Set()): void {
  const complete = new Map<string, boolean>();
  const ends = (body: string): boolean => /[;}]$/.test(withoutComments(body).trim());
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def || table.rules.has(def.name)) continue;
    complete.set(def.name, (complete.get(def.name) ?? true) && def.params !== undefined && ends(def.body));
  }
  for (const def of project?.values() ?? []) {
    if (complete.has(def.name) || table.rules.has(def.name) || !def.params) continue;
    complete.set(def.name, [def.body, ...(def.otherBodies ?? [])].every(ends));
  }
  const names = [...complete].filter(([n, ok]) => ok && !except.has(n)).map(([n]) => n);
  // The `)` of a use already blanked: the next use on the next line starts a declaration too.
  const closes = new Set<number>();
  for (const { use: m, close } of fileScopeCalls(text, lx, names, holes)) {
    const prevAt = lastSignificantIndex(text, lx, m.index);
    if (prevAt !== -1 && text[prevAt] !== ';' && text[prevAt] !== '}' && !closes.has(prevAt)) continue;
    const next = significantAfter(text, lx, close + 1);
    if (next !== '' && !/[A-Za-z_]/.test(next)) continue;
    holes.push({ start: m.index, end: close + 1, name: m[0], kind: 'hole-call' });
    closes.add(close);
  }
}

/** Only line ends and blank lines from `at` to an `#else`, `#elif` or `#endif` line. */
function beforeBranchEnd(text: string, lx: LexInfo, at: number): boolean {
  const i = skipSpace(text, at);
  const d = directiveAt(lx, i);
  return d !== undefined && (d.kind === 'else' || d.kind === 'elif' || d.kind === 'endif');
}

/**
 * Whether `at` is in a block of statements: its innermost `{` follows a `)` (a function's or a
 * control statement's head), a statement (`;`, `}`, a label's `:`) or `else` / `do`, not a
 * struct, union or enum name or an `=` (fields and initializers).
 */
function inBlock(text: string, lx: LexInfo, at: number): boolean {
  let depth = 0;
  for (let i = at - 1; i >= 0; i--) {
    const d = directiveAt(lx, i);
    if (d) {
      i = d.start;
      continue;
    }
    if (isInert(lx, i)) continue;
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{' && depth > 0) depth--;
    else if (c === '{') {
      const p = lastSignificantIndex(text, lx, i);
      if (p === -1) return false;
      if (text[p] === ')' || text[p] === ';' || text[p] === '}' || text[p] === ':') return true;
      return /\b(?:else|do)$/.test(text.slice(Math.max(0, p - 4), p + 1));
    }
  }
  return false;
}

/**
 * A space or tab right after `at` on its line, else the first indentation blank of the next line
 * that is not empty (when the line holds nothing else after `at`): a byte the parse view can turn into `;` without
 * moving any line or column. -1 when there is none.
 */
function blankAfter(text: string, lx: LexInfo, at: number): number {
  const c = text[at];
  if (c === ' ' || c === '\t') return at;
  let i = at;
  if (text[i] === '\r') i++;
  if (text[i] !== '\n') return -1;
  i++;
  // Past empty lines (`LINK(a, b)`, a blank line, then the next statement): the first indentation blank after them.
  for (let empty = 0; empty <= 3; empty++) {
    if ((text[i] === ' ' || text[i] === '\t') && !isInert(lx, i) && !directiveAt(lx, i)) return i;
    if (text[i] === '\r' && text[i + 1] === '\n') i += 2;
    else if (text[i] === '\n') i++;
    else return -1;
  }
  return -1;
}
