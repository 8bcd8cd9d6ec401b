/**
 * The macro layer: holes for what is not C syntax before preprocessing (CPython's and the
 * project's macros, guessed export and attribute macros, `UNUSED(x)` wrappers, head-init
 * aliases, macros defined empty, statement macros without a semicolon, file-scope uses of
 * macros that declare a global).
 */
import { LexInfo, Directive, isInert, directiveAt, defineParts } from './lex';
import type { MacroTable } from './macros';
import { lastStartingAtOrBefore } from './search';
import type { Hole, HeadInit } from './parse-view';

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

const IDENT = /[A-Za-z_0-9]/;

export function findMacroHoles(text: string, lx: LexInfo, table: MacroTable, project?: Map<string, ProjectMacro>, functionMacros: readonly { start: number; end: number }[] = []): Hole[] {
  const holes: Hole[] = [];
  const re = new RegExp(table.pattern.source, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(text)) !== null) {
    const start = m.index;
    // The body of a function-defining macro is code in the parse view.
    if (isInert(lx, start) || (inDirective(lx, start) && !functionMacros.some((f) => start > f.start && start < f.end))) continue;
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
  findHeadAliasHoles(text, lx, table, holes, project);
  findEmptyMacroHoles(text, lx, table, holes, project);
  findStructHeadMacroHoles(text, lx, table, holes, project);
  const callEnds = findStatementCallSemicolons(text, lx, table, holes, project);
  findStatementMacroHoles(text, lx, table, holes, callEnds, project);
  findDeclaringMacroHoles(text, lx, table, holes, project);
  return holes;
}

/** `PyObject_HEAD` or `PyObject_VAR_HEAD`, then field declarations (each with its `;`, but the last may leave it to the use). */
const STRUCT_HEAD_BODY = /^([A-Za-z_]\w*)((?:\s*[^;{}()#=]+;)*(?:\s*[^;{}()#=]+)?)\s*$/;

/**
 * A file's own object head macro (`#define NodeObject_HEAD PyObject_HEAD struct link siblings;
 * int valid;`), defined in the file or a project header: the object structs start with it, often
 * as their whole body (`struct node_object { NodeObject_HEAD };`), where tree-sitter reads it as
 * the type of a broken declaration and the damage runs into the function after the struct. Blanked
 * like `PyObject_HEAD` itself; the fields it adds are the objects' own, never module state. A body
 * whose last field has no `;` takes the one after the use along.
 */
function findStructHeadMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
  const heads = new Map<string, boolean>();
  const defs: { name: string; bodies: string[] }[] = [];
  const own = new Set<string>();
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def) continue;
    if (own.has(def.name)) {
      const known = defs.find((x) => x.name === def.name);
      if (known && !def.params) known.bodies.push(def.body);
      else if (known) known.bodies = [];
      continue;
    }
    own.add(def.name);
    if (!def.params && !table.rules.has(def.name)) defs.push({ name: def.name, bodies: [def.body] });
  }
  for (const def of project?.values() ?? []) if (!own.has(def.name) && !def.params && !table.rules.has(def.name)) defs.push({ name: def.name, bodies: [def.body, ...(def.otherBodies ?? [])] });
  const isHead = (name: string): boolean => name === 'PyObject_HEAD' || name === 'PyObject_VAR_HEAD' || heads.has(name);
  // A head macro may start with another (`#define DERIVED_HEAD BASE_HEAD int extra;`): repeat until nothing new.
  for (let changed = true; changed; ) {
    changed = false;
    for (const def of defs) {
      if (heads.has(def.name) || def.bodies.length === 0) continue;
      const parsed = def.bodies.map((b) => STRUCT_HEAD_BODY.exec(withoutComments(b).trim()));
      if (!parsed.every((m) => m && isHead(m[1]))) continue;
      const open = parsed.some((m) => m![2].trim() !== '' && !m![2].trim().endsWith(';'));
      const closed = parsed.some((m) => m![2].trim() === '' || m![2].trim().endsWith(';'));
      if (open && closed) continue; // one definition wants the use's `;`, another does not
      heads.set(def.name, open);
      changed = true;
    }
  }
  if (heads.size === 0) return;
  const uses = [...usesOutsideHoles(text, lx, [...heads.keys()], holes)];
  const depths = depthsAt(text, lx, uses.map((m) => m.index));
  uses.forEach((m, k) => {
    if (depths[k].brace === 0 || depths[k].paren !== 0) return;
    let end = m.index + m[0].length;
    if (heads.get(m[0])) {
      const semi = skipSpace(text, end);
      if (text[semi] !== ';') return;
      end = semi + 1;
    }
    holes.push({ start: m.index, end, name: m[0], kind: 'hole' });
  });
}

/**
 * A project's statement macro used without a semicolon, alone on its line inside a function
 * body (`PYCURL_BEGIN_ALLOW_THREADS`, like CPython's Py_BEGIN_ALLOW_THREADS): tree-sitter takes it
 * for the type of a declaration, and the recovery can swallow the rest of the file into one
 * function, so that later file-scope definitions (a static type!) are silently not seen.
 */
function findStatementMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], callEnds: Set<number>, project?: Map<string, ProjectMacro>): void {
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
function findStatementCallSemicolons(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): Set<number> {
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

/** Offset of the nearest character before `at` that is not space, comment or directive; -1 at the start. */
function lastSignificantIndex(text: string, lx: LexInfo, at: number): number {
  let i = at - 1;
  while (i >= 0) {
    const c = text[i];
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r') i--;
    else if (directiveAt(lx, i)) i = directiveAt(lx, i)!.start - 1;
    else if ((c === '/' || c === '*') && isInert(lx, i)) {
      const idx = lastStartingAtOrBefore(lx.inertStarts, i, (x) => x);
      if (idx === -1 || lx.inertEnds[idx] <= i || text[lx.inertStarts[idx]] !== '/') return i;
      i = lx.inertStarts[idx] - 1;
    } else return i;
  }
  return -1;
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

/**
 * Brace and parenthesis depths a scan carries over `#if` groups: every branch starts at the depths
 * the group started at (the preprocessor keeps one branch), so that branches which each open the
 * same bracket (`f(a,` / `#else` / `f(b,` / `#endif` / `c)`) count it once.
 */
class BranchDepths {
  brace = 0;
  paren = 0;
  private readonly starts: [number, number][] = [];

  /** A directive line the scan passes. */
  directive(d: Directive): void {
    if (d.kind === 'if' || d.kind === 'ifdef' || d.kind === 'ifndef') this.starts.push([this.brace, this.paren]);
    else if ((d.kind === 'else' || d.kind === 'elif') && this.starts.length > 0) [this.brace, this.paren] = this.starts[this.starts.length - 1];
    else if (d.kind === 'endif') this.starts.pop();
  }
}

/** Brace and parenthesis depth at each of the (ascending) offsets, comments, literals and directives skipped. */
export function depthsAt(text: string, lx: LexInfo, offsets: number[]): { brace: number; paren: number }[] {
  const out: { brace: number; paren: number }[] = [];
  const at = new BranchDepths();
  let k = 0;
  for (let i = 0; i < text.length && k < offsets.length; i++) {
    while (k < offsets.length && i === offsets[k]) {
      out.push({ brace: at.brace, paren: at.paren });
      k++;
    }
    const ch = text.charCodeAt(i);
    if ((ch === 34 || ch === 39 || ch === 47) && isInert(lx, i)) {
      const idx = findInert(lx, i);
      if (idx !== -1) i = lx.inertEnds[idx] - 1;
      continue;
    }
    if (ch === 123) at.brace++;
    else if (ch === 125) at.brace = Math.max(0, at.brace - 1);
    else if (ch === 40) at.paren++;
    else if (ch === 41) at.paren = Math.max(0, at.paren - 1);
    else if (ch === 35 && inDirective(lx, i)) {
      const d = directiveAt(lx, i);
      if (d) {
        at.directive(d);
        i = d.end - 1;
      }
    }
  }
  while (out.length < offsets.length) out.push({ brace: at.brace, paren: at.paren });
  return out;
}

/**
 * A function-like macro whose whole body declares one object pointer, its name pasted from a
 * parameter or given by one (`#define DECLARE_STRING(S) static PyObject *str_##S;`, as the zope
 * family writes its interned names).
 */
export const DECLARING_BODY = /^(?:(static)\s+)?(?:(const)\s+)?((?:struct\s+)?[A-Za-z_]\w*)\s*(\*+)\s*([A-Za-z_]\w*(?:\s*##\s*[A-Za-z_]\w*)*)\s*(?:=\s*(?:NULL|0)\s*)?;?$/;

/**
 * Uses of such a declaring macro at file scope (`DECLARE_STRING(__name__)`, often without a
 * semicolon): blanked with their arguments, as tree-sitter would take each for a function
 * declaration and the next line for its type. The hole says it declares: the model reads the
 * global from the macro's body.
 */
function findDeclaringMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
  const declaring = new Set<string>();
  const own = new Set<string>();
  const consider = (def: { name: string; params?: string[]; body: string }): void => {
    if (def.params && def.params.length > 0 && !table.rules.has(def.name) && DECLARING_BODY.test(withoutComments(def.body).trim())) declaring.add(def.name);
  };
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def) continue;
    if (own.has(def.name)) declaring.delete(def.name); // defined twice: not known which one counts
    else consider(def);
    own.add(def.name);
  }
  for (const def of project?.values() ?? []) if (!own.has(def.name) && !def.otherBodies) consider(def);
  const uses = [...usesOutsideHoles(text, lx, [...declaring], holes)];
  if (uses.length === 0) return;
  const depths = depthsAt(text, lx, uses.map((m) => m.index));
  uses.forEach((m, k) => {
    if (depths[k].brace !== 0 || depths[k].paren !== 0) return;
    const open = skipSpace(text, m.index + m[0].length);
    if (text.charCodeAt(open) !== 40 /* ( */) return;
    const close = matchParen(text, open, lx);
    if (close === -1) return;
    holes.push({ start: m.index, end: close + 1, name: m[0], kind: 'hole-call', declares: true });
  });
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

const PRAGMA_ONLY = /^(?:\s*(?:_Pragma\s*\(\s*"(?:[^"\\]|\\.)*"\s*\)|__pragma\s*\([^()]*\)|__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)))*\s*$/;

/**
 * Object-like macros of this file that expand to nothing, or only to pragmas or attributes, in
 * every definition (`#define IGNORE_DEPR_BEGIN _Pragma("GCC diagnostic push")`, `#define UNUSED
 * __attribute__((__unused__))` / `#define UNUSED`): blanked where used, as the preprocessor would,
 * so that a use before a `case` label does not break the switch, and `PyObject *self UNUSED` is a
 * parameter named self.
 */
function findEmptyMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
  const verdict = new Map<string, boolean>();
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def || table.rules.has(def.name)) continue;
    const empty = !def.params && PRAGMA_ONLY.test(withoutComments(def.body));
    verdict.set(def.name, (verdict.get(def.name) ?? true) && empty);
  }
  // The project's headers: every live definition must be empty (`#ifdef _WIN32` ... `#else` ...).
  for (const def of project?.values() ?? []) {
    if (verdict.has(def.name) || table.rules.has(def.name) || def.params) continue;
    verdict.set(def.name, [def.body, ...(def.otherBodies ?? [])].every((b) => PRAGMA_ONLY.test(withoutComments(b))));
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
function findHeadAliasHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
  const aliases = new Map<string, HeadAlias>();
  const own = new Set<string>();
  const consider = (def: { name: string; params?: string[]; body: string }): void => {
    const m = HEAD_ALIAS_BODY.exec(withoutComments(def.body).replace(/\s+/g, ' ').trim());
    if (m && !table.rules.has(def.name)) aliases.set(def.name, { base: m[1] as HeadInit['base'], args: m[2].trim(), params: def.params });
  };
  for (const d of lx.directives) {
    if (d.kind !== 'define') continue;
    const def = defineParts(d.rest);
    if (def) own.add(def.name);
    if (def && d.rest.includes('HEAD_INIT')) consider(def);
  }
  // Aliases a project header defines, unless this file defines the name. One defined once per platform
  // header (`PyVarObject_HEAD_INIT(NULL, 0)` in windows.h, `(&PyType_Type, 0)` in posix.h) is one alias
  // when every definition is a head-init that differs at most in a default metaclass.
  for (const def of project?.values() ?? []) if (!own.has(def.name) && def.body.includes('HEAD_INIT') && (!def.otherBodies || sameHeadInit(def))) consider(def);
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

/** Every definition of an object-like project macro is the same head-init, up to a default metaclass (NULL, 0, &PyType_Type). */
function sameHeadInit(def: ProjectMacro): boolean {
  if (def.params) return false;
  const heads = [def.body, ...(def.otherBodies ?? [])].map((b) => HEAD_ALIAS_BODY.exec(withoutComments(b).replace(/\s+/g, ' ').trim()));
  if (heads.some((m) => !m || m[1] !== heads[0]![1])) return false;
  const parts = heads.map((m) => splitTopLevelCommas(m![2]).map((x) => x.trim()));
  const rest = (p: string[]): string => p.slice(1).join(',');
  return parts.every((p) => rest(p) === rest(parts[0]) && /^(NULL|0|&\s*PyType_Type)$/.test(p[0]));
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

export function skipSpace(text: string, i: number): number {
  while (i < text.length) {
    const c = text.charCodeAt(i);
    if (c === 32 || c === 9 || c === 10 || c === 13) i++;
    else break;
  }
  return i;
}

/**
 * Offset of the `)` matching the `(` at `open`, skipping comments, literals and the directive
 * lines after it (each `#if` branch counted from where its group started: see BranchDepths); -1
 * if none.
 */
export function matchParen(text: string, open: number, lx: LexInfo): number {
  const at = new BranchDepths();
  for (let i = open; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 35 /* # */) {
      const d = directiveAt(lx, i);
      if (d && d.start > open) {
        at.directive(d);
        i = d.end - 1;
        continue;
      }
    }
    if (c === 40) at.paren++;
    else if (c === 41) {
      at.paren--;
      if (at.paren === 0) return i;
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
