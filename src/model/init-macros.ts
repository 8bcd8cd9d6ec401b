/**
 * Init functions written with a project's own macros, as code that once built for Python 2 and 3
 * does: `MOD_INIT(name)` for `PyMODINIT_FUNC PyInit_##name(void)`, `MOD_DEF(m, name, doc,
 * methods)` declaring the module def and calling PyModule_Create, and return-value macros
 * (`MOD_ERROR_VAL`, `MOD_SUCCESS_VAL(m)`). Read lexically from the live macro bodies with each
 * use's arguments substituted, the way the preprocessor would.
 */
import { withoutComments } from '../core/macro-scan';
import type { FieldInit, FileModel, FunctionInfo, MacroDef, ModuleDefInfo } from './types';
import { MODULEDEF_FIELDS } from './initializers';
import { stringLiteralValue } from './cnodes';
import { macroAt, usesOf } from './macro-users';
import { enclosingFunction, inBody } from './functions';

export type MacroLookup = (name: string) => MacroDef | undefined;

/** The macros a file sees: its own live definitions, then those of the headers it includes. */
export function macroLookup(fm: FileModel): MacroLookup {
  return (name) => fm.macros.get(name) ?? fm.parsed.projectMacros?.get(name);
}

/** A macro body that pastes a `PyInit_` name together: the init symbol is made by the preprocessor. */
export function pastesInitName(def: MacroDef): boolean {
  return /\bPyInit_\s*##/.test(def.body);
}

/** `PyInit_` handed to a macro call with the name's last part (`_PASTE2(PyInit_, MODULE_NAME)`). */
const PASTED_PART = /\bPyInit_\s*,\s*([A-Za-z_]\w*)\s*\)/;

/**
 * An object-like macro that pastes `PyInit_` to another macro through paste helpers (`#define
 * _MODULE_NAME _PASTE2(PyInit_, MODULE_NAME)`): that macro (`part`), and the init name when the
 * file sees its value (`PyInit_<value>`); undefined unless expanding the body really glues the two.
 */
export function gluedInitName(def: MacroDef, lookup: MacroLookup): { part: string; name?: string } | undefined {
  if (def.params) return undefined;
  const part = PASTED_PART.exec(def.body)?.[1];
  if (!part) return undefined;
  const expanded = expandMacros(def.body, lookup).replace(/\s+/g, '');
  const value = lookup(part);
  if (value && value.params) return undefined;
  const name = value ? `PyInit_${expandMacros(value.body, lookup).trim()}` : undefined;
  if (expanded !== (name ?? `PyInit_${part}`)) return undefined;
  return name && /^PyInit_\w+$/.test(name) ? { part, name } : { part };
}

/**
 * `MOD_INIT(checksum)` -> `PyInit_checksum` when the macro's body ends with the declarator of
 * that function (`PyMODINIT_FUNC PyInit_##name(void)`, possibly after a prototype of it).
 */
export function initHeaderName(def: MacroDef | undefined, arg: string): string | undefined {
  if (!def || !def.params || def.params.length !== 1 || !/^[A-Za-z_]\w*$/.test(arg)) return undefined;
  const segments = withoutComments(def.body).split(';').map((s) => s.trim()).filter((s) => s !== '');
  const last = segments[segments.length - 1] ?? '';
  const p = def.params[0];
  const re = new RegExp(`^(?:[A-Za-z_][\\w\\s*]*?\\s)?PyInit_\\s*##\\s*${p}\\s*\\(\\s*(?:void)?\\s*\\)$`);
  return re.test(last.replace(/\s+/g, ' ')) ? `PyInit_${arg}` : undefined;
}

const TOKEN = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|##|#\s*[A-Za-z_]\w*|[A-Za-z_]\w*|[\s\S]/g;

/** The body of a function-like macro with its parameters replaced by `args` (`#p` quotes, `##` pastes). */
export function substitute(def: MacroDef, args: string[]): string {
  const params = def.params ?? [];
  const value = (name: string): string | undefined => {
    const i = params.indexOf(name);
    return i === -1 ? undefined : (args[i] ?? '').trim();
  };
  let out = '';
  let pasting = false;
  for (const m of def.body.match(TOKEN) ?? []) {
    if (m === '##') {
      out = out.replace(/\s+$/, '');
      pasting = true;
      continue;
    }
    if (pasting && /^\s$/.test(m)) continue;
    pasting = false;
    if (m.startsWith('#') && m.length > 1) {
      const v = value(m.slice(1).trim());
      out += v !== undefined ? JSON.stringify(v) : m;
      continue;
    }
    const v = /^[A-Za-z_]/.test(m) ? value(m) : undefined;
    out += v !== undefined ? v : m;
  }
  return out;
}

/**
 * The arguments of a macro call whose `(` is at `open` (or the elements of an initializer whose
 * `{` is there), and the offset of the closing bracket; undefined when unbalanced.
 */
export function callArguments(text: string, open: number): { args: string[]; close: number } | undefined {
  if (text[open] !== '(' && text[open] !== '{') return undefined;
  const args: string[] = [];
  let depth = 0;
  let from = open + 1;
  for (let i = open; i < text.length; i++) {
    const c = text[i];
    if (c === '"' || c === "'") {
      // A backslash-newline inside the literal continues it (the preprocessor joins the lines first).
      const lit = new RegExp(`${c}(?:[^${c}\\\\\\n]|\\\\(?:\\r\\n|[\\s\\S]))*${c}`, 'y');
      lit.lastIndex = i;
      const m = lit.exec(text);
      if (m) i += m[0].length - 1;
      continue;
    }
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) {
        args.push(text.slice(from, i));
        return { args: args.length === 1 && args[0].trim() === '' ? [] : args, close: i };
      }
    } else if (c === ',' && depth === 1) {
      args.push(text.slice(from, i));
      from = i + 1;
    }
  }
  return undefined;
}

/** The arguments of the call whose `(` is at `open`, trimmed, each with the offset where its text starts. */
export function argumentSpans(text: string, open: number): { at: number; text: string }[] | undefined {
  const call = callArguments(text, open);
  if (!call) return undefined;
  let from = open + 1;
  return call.args.map((raw) => {
    const span = { at: from + raw.length - raw.trimStart().length, text: raw.trim() };
    from += raw.length + 1;
    return span;
  });
}

/**
 * An expression with the macros it names expanded (object-like ones, and function-like ones
 * called with arguments), a few levels deep: `MOD_ERROR_VAL` -> `NULL`, `MOD_SUCCESS_VAL(m)` -> `m`.
 */
export function expandMacros(expr: string, lookup: MacroLookup, depth = 0, active: Set<string> = new Set()): string {
  if (depth > 6 || !/[A-Za-z_]/.test(expr)) return expr;
  let out = '';
  let i = 0;
  const re = /"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'|[A-Za-z_]\w*/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(expr)) !== null) {
    out += expr.slice(i, m.index);
    i = m.index + m[0].length;
    const def = /^[A-Za-z_]/.test(m[0]) && !active.has(m[0]) ? lookup(m[0]) : undefined;
    if (!def) {
      out += m[0];
      continue;
    }
    const inner = new Set(active).add(def.name);
    if (!def.params) {
      out += expandMacros(withoutComments(def.body).trim(), lookup, depth + 1, inner);
      continue;
    }
    let open = i;
    while (open < expr.length && /\s/.test(expr[open])) open++;
    const call = callArguments(expr, open);
    if (!call) {
      out += m[0];
      continue;
    }
    const args = call.args.map((a) => expandMacros(a, lookup, depth + 1, active));
    out += expandMacros(withoutComments(substitute(def, args)).trim(), lookup, depth + 1, inner);
    i = call.close + 1;
    re.lastIndex = i;
  }
  return out + expr.slice(i);
}

export interface MacroCreate {
  /** The macro call that creates the module (`MOD_DEF(m, "name", doc, methods)`). */
  macro: string;
  start: number;
  /** After its `)`. */
  end: number;
  /** The variable that receives the module, when the macro assigns it. */
  moduleVar?: string;
  defName: string;
  /** The module def the macro declares in its own body, if it does. */
  def?: ModuleDefInfo;
}

/**
 * Uses, inside `f`, of macros that create the module with PyModule_Create: called with arguments
 * (`MOD_DEF(m, "name", doc, methods)`), or object-like (`#define CREATE_MODULE
 * PyModule_Create(&moduledef)`, used as `m = CREATE_MODULE;`).
 */
export function macroCreates(fm: FileModel, f: FunctionInfo): MacroCreate[] {
  const lookup = macroLookup(fm);
  const text = fm.source.text;
  const out: MacroCreate[] = [];
  const names = new Set([...fm.macros.keys(), ...(fm.parsed.projectMacros?.keys() ?? [])]);
  for (const name of names) {
    const def = lookup(name);
    if (!def || !/\bPyModule_Create2?\s*\(/.test(def.body)) continue;
    for (const at of usesOf(fm, name)) {
      if (at <= f.bodyStart || at >= f.bodyEnd) continue;
      const use = expandedUse(text, def, at);
      if (!use) continue;
      const { body, end } = use;
      const create = /(?:([A-Za-z_]\w*)\s*=\s*(?:\([^()]*\)\s*)?)?PyModule_Create2?\s*\(\s*&\s*([A-Za-z_]\w*)/.exec(body);
      if (!create) continue;
      const declared = declaredDef(fm, { owner: f, declStart: f.declStart }, name, body, create[2], at, end) ?? declaringUse(fm, f, create[2], at);
      out.push({ macro: name, start: at, end, moduleVar: create[1], defName: create[2], def: declared });
    }
  }
  return out.sort((a, b) => a.start - b.start);
}

/**
 * The python3porting template: `MOD_DECL(m, "name", doc, methods);` declares `static struct
 * PyModuleDef m_moduledef = {...};` in the init (its name pasted), and `MOD_DEF(m)` creates the module
 * from it. The use of a macro of `f`, before the creation at `before`, that declares `defName` and
 * nothing else: a function-level def, whose statement goes when the def moves to file scope.
 */
function declaringUse(fm: FileModel, f: FunctionInfo, defName: string, before: number): ModuleDefInfo | undefined {
  const lookup = macroLookup(fm);
  const text = fm.source.text;
  const names = new Set([...fm.macros.keys(), ...(fm.parsed.projectMacros?.keys() ?? [])]);
  for (const name of names) {
    const def = lookup(name);
    if (!def || !/\bPyModuleDef\b/.test(def.body)) continue;
    for (const at of usesOf(fm, name)) {
      if (at <= f.bodyStart || at >= before) continue;
      const use = expandedUse(text, def, at);
      if (!use) continue;
      const decl = new RegExp(`^\\s*(?:static\\s+)?(?:struct\\s+)?PyModuleDef\\s+${defName}\\s*=\\s*\\{`).exec(use.body);
      const list = decl ? callArguments(use.body, decl[0].length - 1) : undefined;
      if (!list || !/^\s*;?\s*$/.test(use.body.slice(list.close + 1))) continue;
      // The statement is the use and its `;` (the body ends the declaration itself).
      const semi = /^[ \t]*;/.exec(text.slice(use.end, use.end + 40));
      const end = use.end + (semi ? semi[0].length : 0);
      const info = declaredDef(fm, { owner: f, declStart: f.declStart }, name, use.body, defName, at, end);
      if (info) return { ...info, inFunction: { start: at, end } };
    }
  }
  return undefined;
}

/** The body of a macro used at `at` (with the use's arguments substituted) and where the use ends. */
function expandedUse(text: string, def: MacroDef, at: number): { body: string; end: number } | undefined {
  const end = at + def.name.length;
  if (!def.params) return { body: withoutComments(def.body), end };
  let open = end;
  while (open < text.length && /\s/.test(text[open])) open++;
  const call = callArguments(text, open);
  return call ? { body: withoutComments(substitute(def, call.args)), end: call.close + 1 } : undefined;
}

/**
 * Module defs declared at file scope by a macro of the project (`MODULE_DEF("name", doc, methods);`
 * with `#define MODULE_DEF(name, doc, methods) static struct PyModuleDef moduledef = {...};`), the
 * creation being another macro in the init (`MODULE_CREATE(m, ...)` around `PyModule_Create(&moduledef)`).
 */
export function fileScopeMacroDefs(fm: FileModel): ModuleDefInfo[] {
  const lookup = macroLookup(fm);
  const text = fm.source.text;
  const out: ModuleDefInfo[] = [];
  const names = new Set([...fm.macros.keys(), ...(fm.parsed.projectMacros?.keys() ?? [])]);
  for (const name of names) {
    const def = lookup(name);
    if (!def || !/\bPyModuleDef\s+[A-Za-z_]\w*\s*=\s*\{/.test(def.body)) continue;
    for (const at of usesOf(fm, name)) {
      if (inBody(enclosingFunction(fm, at), at) || macroAt(fm, at)) continue;
      if (at > 0 && /[\w.>]/.test(text[at - 1])) continue;
      const use = expandedUse(text, def, at);
      if (!use) continue;
      const body = use.body;
      let end = use.end;
      // The `;` after the use belongs to it (the body ends its declaration itself).
      const semi = /^[ \t]*;/.exec(text.slice(end, end + 40));
      if (semi) end += semi[0].length;
      // The use is replaced by the def written out: the macro must declare that and nothing else.
      const decl = /^\s*(?:static\s+)?(?:struct\s+)?PyModuleDef\s+([A-Za-z_]\w*)\s*=\s*\{/.exec(body);
      const list = decl ? callArguments(body, decl[0].length - 1) : undefined;
      if (!decl || !list || !/^\s*;?\s*$/.test(body.slice(list.close + 1))) continue;
      const info = declaredDef(fm, { declStart: fm.source.lineStart(at) }, name, body, decl[1], at, end);
      if (info) out.push({ ...info, fromMacro: { ...info.fromMacro!, atFileScope: true } });
    }
  }
  return out;
}

/** `static struct PyModuleDef D = {...};` inside a macro body, decoded as the module def it declares. */
function declaredDef(fm: FileModel, where: { owner?: FunctionInfo; declStart: number }, macro: string, body: string, name: string, callStart: number, callEnd: number): ModuleDefInfo | undefined {
  const decl = new RegExp(`\\b(?:struct\\s+)?PyModuleDef\\s+${name}\\s*=\\s*\\{`).exec(body);
  if (!decl) return undefined;
  const open = decl.index + decl[0].length - 1;
  const list = callArguments(body, open);
  if (!list) return undefined;
  const fields = new Map<string, FieldInit>();
  let designated = 0;
  let index = 0;
  for (const raw of list.args) {
    const v = raw.trim();
    if (v === '') continue;
    const d = /^\.\s*(m_\w+)\s*=\s*([\s\S]+)$/.exec(v);
    const field = d ? d[1] : MODULEDEF_FIELDS[index++];
    if (d) designated++;
    if (!field) return undefined;
    // `(name)` from a macro that parenthesises its parameters: the argument itself when it is one token.
    const value = (d ? d[2].trim() : v).replace(/^\(\s*("(?:[^"\\\n]|\\.)*"|[A-Za-z_]\w*|-?\d+)\s*\)$/, '$1');
    fields.set(field, { field, value, valueStart: callStart, valueEnd: callEnd, elemStart: callStart, elemEnd: callEnd, designated: !!d, conditional: false });
  }
  const taken = (n: string): boolean => fm.globals.some((g) => g.name === n) || fm.moduleDefs.some((x) => x.name === n) || fm.functionsByName.has(n);
  const nameField = fields.get('m_name');
  return {
    // Declared inside the init, the def may share its name with something at file scope it moves beside.
    name: where.owner && taken(name) ? `${where.owner.name.replace(/^PyInit_/, '')}_${name}` : name,
    file: fm,
    storage: 'static',
    declStart: where.declStart,
    declEnd: where.declStart,
    initStart: where.declStart,
    initEnd: where.declStart,
    style: designated === 0 ? 'positional' : index === 0 ? 'designated' : 'mixed',
    fields,
    moduleName: nameField ? stringLiteralValue(nameField.value) : undefined,
    fromMacro: { macro, callStart, callEnd },
  };
}
