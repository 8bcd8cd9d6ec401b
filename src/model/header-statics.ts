/**
 * File-scope `static` variables of a header that the header's own code writes (`static void
 * **Box_API;` filled by its `import_box()`, zope's `static ProxyInterface *_proxy_api`): every file
 * that includes the header gets a copy, one per process. Read lexically, for headers the tool does
 * not parse (outside the files given): the file's lexer gives comments, literals and `#if`
 * groups; braces are counted in the code between them.
 */
import { branchesAt, lex, type CondBranch, type LexInfo } from '../core/lex';

export interface HeaderStatic {
  name: string;
  line: number;
  /** The `#ifdef X` / `#ifndef X` (and `#if [!]defined(X)`) groups around it: active only when X is (not) defined. */
  guards: { macro: string; defined: boolean }[];
}

export function writtenHeaderStatics(text: string): HeaderStatic[] {
  const lx = lex(text);
  const code = blankInertAndDirectives(text, lx);
  const out: HeaderStatic[] = [];
  const newlines: number[] = [];
  for (let i = code.indexOf('\n'); i !== -1; i = code.indexOf('\n', i + 1)) newlines.push(i);
  const lineOf = (at: number): number => {
    let lo = 0;
    let hi = newlines.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (newlines[mid] < at) lo = mid + 1;
      else hi = mid;
    }
    return lo + 1;
  };
  let depth = 0;
  let stmtStart = 0;
  for (let i = 0; i < code.length; i++) {
    const c = code[i];
    if (c === '{') depth++;
    else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) stmtStart = i + 1;
    } else if (c === ';' && depth === 0) {
      const raw = code.slice(stmtStart, i);
      const v = staticVariable(raw.trim());
      const at = stmtStart + raw.length - raw.trimStart().length;
      if (v) out.push({ name: v, line: lineOf(at), guards: guardsAt(lx, at) });
      stmtStart = i + 1;
    }
  }
  return out.filter((s) => writesOf(code, s.name));
}

/** The `#ifdef X` / `#ifndef X` / `#if [!]defined(X)` branches around `at` (an `#else` negates its group's first). */
function guardsAt(lx: LexInfo, at: number): HeaderStatic['guards'] {
  const simple = (b: CondBranch): { macro: string; defined: boolean } | undefined => {
    const rest = b.directive.rest.trim();
    if (b.directive.kind === 'ifdef') return { macro: rest.split(/\s/)[0], defined: true };
    if (b.directive.kind === 'ifndef') return { macro: rest.split(/\s/)[0], defined: false };
    const def = b.directive.kind === 'if' ? /^(!)?\s*defined\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*$/.exec(rest) : null;
    return def ? { macro: def[2], defined: !def[1] } : undefined;
  };
  const out: HeaderStatic['guards'] = [];
  for (const b of branchesAt(lx, at)) {
    const g = lx.groups.find((x) => x.branches.includes(b));
    if (!g) continue;
    const k = g.branches.indexOf(b);
    const first = simple(g.branches[0]);
    const guard = k === 0 ? first : b.directive.kind === 'else' && g.branches.length === 2 && first ? { macro: first.macro, defined: !first.defined } : undefined;
    if (guard) out.push(guard);
  }
  return out;
}

/** The variable a `static ...;` statement defines (not a function, not a const object), if any. */
function staticVariable(stmt: string): string | undefined {
  if (!/^static\b/.test(stmt) || /\binline\b|\btypedef\b/.test(stmt)) return undefined;
  const head = stmt.split('=')[0];
  // `static int (*fp)(void)`: a function pointer variable; other parentheses: a prototype.
  const fp = /\(\s*\*\s*([A-Za-z_]\w*)\s*\)\s*\(/.exec(head);
  if (fp) return fp[1];
  if (head.includes('(')) return undefined;
  const m = /([A-Za-z_]\w*)\s*(?:\[[^\]]*\]\s*)*$/.exec(head.trim());
  if (!m) return undefined;
  const before = head.slice(0, head.lastIndexOf(m[1]));
  // `static const T x` (no pointer) or `T *const x`: the object itself is const.
  if (/\bconst\s*$/.test(before) || (/\bconst\b/.test(before) && !before.includes('*'))) return undefined;
  return m[1];
}

/** Assigned, incremented or address-taken somewhere (its own initializer aside). */
function writesOf(code: string, name: string): boolean {
  const re = new RegExp(`(?:[^=!<>]|^)\\b${name}\\s*(?:[-+*/%&|^]|<<|>>)?=(?!=)|\\b${name}\\s*(?:\\+\\+|--)|(?:\\+\\+|--)\\s*${name}\\b|&\\s*${name}\\b`, 'g');
  let m: RegExpExecArray | null;
  while ((m = re.exec(code))) {
    // The definition's own `= init` follows `static ... name`.
    const lineStart = code.lastIndexOf('\n', m.index) + 1;
    if (/^\s*static\b/.test(code.slice(lineStart, m.index + m[0].length)) && /=\s*$/.test(m[0])) continue;
    return true;
  }
  return false;
}

/** The text with comments, literals and directive lines blanked (line breaks kept), as the code outside them reads. */
function blankInertAndDirectives(text: string, lx: LexInfo): string {
  const chars = text.split('');
  const blank = (from: number, to: number): void => {
    for (let i = from; i < to; i++) if (chars[i] !== '\n') chars[i] = ' ';
  };
  lx.inertStarts.forEach((st, k) => blank(st, lx.inertEnds[k]));
  for (const d of lx.directives) blank(d.start, d.end);
  return chars.join('');
}
