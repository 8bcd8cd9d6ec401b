/**
 * Globals whose names a macro pastes together, as the zope family writes its interned strings:
 * declared by a file-scope use of a declaring macro (`#define DECLARE_STRING(S) static PyObject
 * *str_##S;` + `DECLARE_STRING(__name__)`), and filled or read through macros that paste the same
 * name (`#define INIT_STRING(S) if (!(str_##S = PyUnicode_InternFromString(#S))) return NULL`).
 * Read lexically, with each expansion's arguments substituted as the preprocessor would.
 */
import { withoutComments } from '../core/macro-scan';
import { DECLARING_BODY } from '../core/project-macro-holes';
import { branchesAt, directiveAt, isInert } from '../core/lex';
import type { FileModel, GlobalVar, MacroDef, PasteChain, Use, Fill } from './types';
import { callArguments, macroLookup, substitute } from './init-macros';
import { usesOf } from './macro-users';
import { enclosingFunction } from './functions';
import { calledApi, useKindAt } from './globals';
import { prevNonSpace } from './identifiers';

/** The globals that file-scope uses of declaring macros declare (the parse blanked those uses). */
export function macroDeclaredGlobals(fm: FileModel): GlobalVar[] {
  const out: GlobalVar[] = [];
  const lookup = macroLookup(fm);
  const text = fm.source.text;
  for (const h of fm.parsed.holes) {
    if (!h.declares) continue;
    const def = lookup(h.name);
    const call = def ? callArguments(text, text.indexOf('(', h.start + h.name.length)) : undefined;
    if (!def || !call) continue;
    const m = DECLARING_BODY.exec(withoutComments(substitute(def, call.args)).trim());
    if (!m || !/^[A-Za-z_]\w*$/.test(m[5])) continue;
    // `DECLARE_STRING(x);`: the statement's own semicolon goes with the use.
    let end = h.end;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    if (text[end] !== ';') end = h.end;
    else end++;
    const baseType = m[3].replace(/^struct\s+/, '');
    out.push({
      name: m[5],
      file: fm,
      scope: 'file',
      storage: m[1] ? 'static' : 'none',
      isConst: false,
      ctype: `${baseType} ${m[4]}`,
      baseType,
      pointerDepth: m[4].length,
      isPythonObject: false,
      declStart: h.start,
      declEnd: end,
      siblings: 1,
      declaratorStart: h.start,
      declaratorEnd: h.end,
      category: 'unknown',
      uses: [],
      fills: [],
      addressEscapes: [],
      inTemplate: false,
      conditional: branchesAt(fm.parsed.lex, h.start).length > 0,
      declaredBy: h.name,
    });
  }
  return out;
}

/**
 * Every name the file's own function-like macros paste from a parameter, outside declaring
 * macros, with the name each expansion forms. Needs the file's functions.
 */
export function pasteChains(fm: FileModel): PasteChain[] {
  const text = fm.source.text;
  const out: PasteChain[] = [];
  for (const def of fm.macros.values()) {
    if (!def.params || def.params.length === 0 || !def.body.includes('##') || def.file) continue;
    if (DECLARING_BODY.test(withoutComments(def.body).trim())) continue;
    const bodyFrom = text.indexOf(')', text.indexOf(def.name, def.start) + def.name.length) + 1;
    for (const { start, end, parts } of pastedWords(fm, bodyFrom, def.end)) {
      if (!parts.some((p) => def.params!.includes(p))) continue;
      const p = prevNonSpace(text, start);
      const member = text[p] === '.' || (text[p] === '>' && text[p - 1] === '-');
      const chain: PasteChain = { macro: def.name, start, end, kind: useKindAt(text, start, end), forms: [], member };
      const value = chain.kind === 'write' ? assignedValue(text.slice(def.start, def.end), end - def.start) : undefined;
      for (const at of usesOf(fm, def.name)) {
        if (at >= def.start && at < def.end) continue; // its own #define
        const d = directiveAt(fm.parsed.lex, at);
        if (d) {
          if (d.kind === 'define') chain.unread ??= 'it is used inside another macro';
          continue; // #undef, #ifdef
        }
        const func = enclosingFunction(fm, at);
        let open = at + def.name.length;
        while (open < text.length && /\s/.test(text[open])) open++;
        const call = callArguments(text, open);
        if (!func || !call || call.args.length !== def.params.length) {
          chain.unread ??= func ? 'a use of it could not be read' : 'it is used outside any function';
          continue;
        }
        const args = new Map(def.params.map((name, i) => [name, call.args[i].trim()]));
        if (parts.some((x) => args.has(x) && !/^\w+$/.test(args.get(x)!))) {
          chain.unread ??= 'a use pastes something that is not a name';
          continue;
        }
        const name = parts.map((x) => args.get(x) ?? x).join('');
        chain.forms.push({ name, start: at, end: call.close + 1, func, value: value !== undefined ? substitute({ ...def, body: value }, call.args).trim() : undefined });
      }
      out.push(chain);
    }
  }
  return out;
}

/**
 * The words joined by `##` between `from` and `to` (`str_ ## S`, `a##B##c`), outside literals
 * and comments. Linear: each `##` is found with indexOf and the word on each side read by a scan
 * (a regex over a body holding a long word would re-scan it from every position).
 */
function pastedWords(fm: FileModel, from: number, to: number): { start: number; end: number; parts: string[] }[] {
  const text = fm.source.text;
  const isWord = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;
  const isBlank = (c: number): boolean => c === 32 || c === 9;
  const out: { start: number; end: number; parts: string[] }[] = [];
  for (let at = text.indexOf('##', from); at !== -1 && at < to; at = text.indexOf('##', at + 2)) {
    if (isInert(fm.parsed.lex, at)) continue;
    let e = at;
    while (e > from && isBlank(text.charCodeAt(e - 1))) e--;
    let s = e;
    while (s > from && isWord(text.charCodeAt(s - 1))) s--;
    let f = at + 2;
    while (f < to && isBlank(text.charCodeAt(f))) f++;
    let t = f;
    while (t < to && isWord(text.charCodeAt(t))) t++;
    if (s === e || f === t || /^[0-9]/.test(text[s])) continue;
    const last = out[out.length - 1];
    if (last && last.end === e) {
      last.end = t;
      last.parts.push(text.slice(f, t));
    } else out.push({ start: s, end: t, parts: [text.slice(s, e), text.slice(f, t)] });
  }
  return out;
}

/** The right side of `= value` after `from`, up to the `)`, `;` or `,` that ends it. */
function assignedValue(raw: string, from: number): string | undefined {
  const eq = /^\s*=/.exec(raw.slice(from));
  if (!eq) return undefined;
  let depth = 0;
  let i = from + eq[0].length;
  const start = i;
  for (; i < raw.length; i++) {
    const c = raw[i];
    if (c === '(' || c === '[' || c === '{') depth++;
    else if (c === ')' || c === ']' || c === '}') {
      if (depth === 0) break;
      depth--;
    } else if ((c === ';' || c === ',') && depth === 0) break;
    else if (c === '"') {
      const close = raw.indexOf('"', i + 1);
      if (close !== -1) i = close;
    }
  }
  return raw.slice(start, i).replace(/\\\r?\n/g, ' ').trim();
}

/** The uses (and fills) of `g` that expansions of the file's paste chains make. */
export function pastedUses(fm: FileModel, g: GlobalVar): void {
  if (g.scope !== 'file' || g.file !== fm) return;
  for (const chain of fm.pasteChains) {
    if (chain.member) continue;
    for (const f of chain.forms) {
      if (f.name !== g.name) continue;
      const use: Use = { file: fm, start: f.start, end: f.start + chain.macro.length, kind: chain.kind, func: f.func, pasted: chain };
      g.uses.push(use);
      if (chain.kind === 'write') {
        const fill: Fill = { ...use, exprStart: f.start, exprEnd: f.end, value: f.value ?? '', api: f.value ? calledApi(f.value) : undefined };
        g.fills.push(fill);
      }
    }
  }
  g.uses.sort((a, b) => a.start - b.start);
}

const expansionCache = new WeakMap<MacroDef, Set<string> | undefined>();

/**
 * Every identifier the expansions of a function-like macro write, with each use's arguments
 * substituted and pasted as the preprocessor would (`COUNT_FUNC(and, "&")` writes `count_and` and
 * `count_and_doc`), when every use in `files` is a call whose arguments could be read; undefined
 * when one is not (inside another macro's body, the name passed on without a call).
 */
export function expansionWords(files: FileModel[], def: MacroDef, defFile: FileModel): Set<string> | undefined {
  if (expansionCache.has(def)) return expansionCache.get(def);
  let words: Set<string> | undefined = new Set<string>();
  outer: for (const fm of files) {
    const text = fm.source.text;
    for (const at of usesOf(fm, def.name)) {
      if (fm === defFile && at >= def.start && at < def.end) continue; // its own #define
      const d = directiveAt(fm.parsed.lex, at);
      if (d) {
        if (d.kind !== 'define') continue; // #undef, #ifdef
        words = undefined;
        break outer;
      }
      let open = at + def.name.length;
      while (open < text.length && /\s/.test(text[open])) open++;
      const call = callArguments(text, open);
      if (!def.params || !call || call.args.length !== def.params.length) {
        words = undefined;
        break outer;
      }
      const body = substitute(def, call.args).replace(/"(?:[^"\\]|\\.)*"/g, '""');
      for (const w of body.match(/[A-Za-z_]\w*/g) ?? []) words.add(w);
    }
  }
  expansionCache.set(def, words);
  return words;
}
