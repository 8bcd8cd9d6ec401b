/**
 * Holes for the shapes of a project's own macros: object head macros, head-init aliases, macros
 * defined empty or as attributes or pragmas only, and file-scope uses of macros that declare a
 * global.
 */
import { LexInfo, defineParts } from './lex';
import type { MacroTable } from './macros';
import type { Hole, HeadInit } from './parse-view';
import { depthsAt, fileScopeCalls, matchParen, skipSpace, usesOutsideHoles, withoutComments } from './macro-scan';
import type { ProjectMacro } from './project-macros';
import { splitArgs } from './function-macros';

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
export function findStructHeadMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
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
export function findDeclaringMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
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
  for (const { use: m, close } of fileScopeCalls(text, lx, [...declaring], holes)) holes.push({ start: m.index, end: close + 1, name: m[0], kind: 'hole-call', declares: true });
}

const PRAGMA_ONLY = /^(?:\s*(?:_Pragma\s*\(\s*"(?:[^"\\]|\\.)*"\s*\)|__pragma\s*\([^()]*\)|__attribute__\s*\(\((?:[^()]|\([^()]*\))*\)\)))*\s*$/;

/**
 * Object-like macros of this file that expand to nothing, or only to pragmas or attributes, in
 * every definition (`#define IGNORE_DEPR_BEGIN _Pragma("GCC diagnostic push")`, `#define UNUSED
 * __attribute__((__unused__))` / `#define UNUSED`): blanked where used, as the preprocessor would,
 * so that a use before a `case` label does not break the switch, and `PyObject *self UNUSED` is a
 * parameter named self. The same for function-like macros whose body is only attributes (`#define
 * _cleanup_(f) __attribute__((cleanup(f)))`: each use blanked with its arguments), and for an
 * object-like macro that is one use of such a macro (`#define _cleanup_free_ _cleanup_(freep)`,
 * systemd's style: `_cleanup_free_ char *p = NULL;` is a declaration of `p`).
 */
export function findEmptyMacroHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
  const verdict = new Map<string, boolean>();
  const calls = new Map<string, boolean>();
  const bodies = new Map<string, string[]>();
  for (const d of lx.directives) {
    const def = d.kind === 'define' ? defineParts(d.rest) : undefined;
    if (!def || table.rules.has(def.name)) continue;
    const attr = PRAGMA_ONLY.test(withoutComments(def.body));
    if (def.params) calls.set(def.name, (calls.get(def.name) ?? true) && attr && !verdict.has(def.name));
    else {
      verdict.set(def.name, (verdict.get(def.name) ?? true) && attr && !calls.has(def.name));
      bodies.set(def.name, [...(bodies.get(def.name) ?? []), def.body]);
    }
  }
  // The project's headers: every live definition must be empty (`#ifdef _WIN32` ... `#else` ...).
  for (const def of project?.values() ?? []) {
    if (verdict.has(def.name) || calls.has(def.name) || table.rules.has(def.name)) continue;
    const all = [def.body, ...(def.otherBodies ?? [])];
    if (def.params) calls.set(def.name, all.every((b) => PRAGMA_ONLY.test(withoutComments(b))));
    else {
      verdict.set(def.name, all.every((b) => PRAGMA_ONLY.test(withoutComments(b))));
      bodies.set(def.name, all);
    }
  }
  // An object-like macro whose every body is one use of an attribute-only function-like macro.
  const attrCall = (b: string): boolean => {
    const m = /^\s*([A-Za-z_]\w*)\s*\(([^()]|\([^()]*\))*\)\s*$/.exec(withoutComments(b));
    return !!m && calls.get(m[1]) === true;
  };
  for (const [name, bs] of bodies) if (!verdict.get(name) && bs.every(attrCall)) verdict.set(name, true);
  const names = [...verdict].filter(([, empty]) => empty).map(([n]) => n);
  for (const m of usesOutsideHoles(text, lx, names, holes)) holes.push({ start: m.index, end: m.index + m[0].length, name: m[0], kind: 'hole' });
  const callNames = [...calls].filter(([, attr]) => attr).map(([n]) => n);
  for (const m of usesOutsideHoles(text, lx, callNames, holes)) {
    const open = skipSpace(text, m.index + m[0].length);
    if (text.charCodeAt(open) !== 40 /* ( */) continue;
    const close = matchParen(text, open, lx);
    if (close !== -1) holes.push({ start: m.index, end: close + 1, name: m[0], kind: 'hole-call' });
  }
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
export function findHeadAliasHoles(text: string, lx: LexInfo, table: MacroTable, holes: Hole[], project?: Map<string, ProjectMacro>): void {
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
      const actual = splitArgs(text.slice(open + 1, close));
      if (actual.length !== alias.params.length) continue;
      const byName = new Map(alias.params.map((p, i) => [p, actual[i]]));
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
  const parts = heads.map((m) => splitArgs(m![2]));
  const rest = (p: string[]): string => p.slice(1).join(',');
  return parts.every((p) => rest(p) === rest(parts[0]) && /^(NULL|0|&\s*PyType_Type)$/.test(p[0]));
}

