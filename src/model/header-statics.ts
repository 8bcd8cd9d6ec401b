/**
 * File-scope `static` variables of a header that the header's own code writes (`static void
 * **Box_API;` filled by its `import_box()`, zope's `static ProxyInterface *_proxy_api`): every file
 * that includes the header gets a copy, one per process. Read lexically, for headers the tool does
 * not parse (outside the files given): comments and literals blanked, braces counted.
 */
export interface HeaderStatic {
  name: string;
  line: number;
  /** The `#ifdef X` / `#ifndef X` (and `#if [!]defined(X)`) groups around it: active only when X is (not) defined. */
  guards: { macro: string; defined: boolean }[];
}

export function writtenHeaderStatics(text: string): HeaderStatic[] {
  const code = blankCommentsAndLiterals(text);
  const out: HeaderStatic[] = [];
  const stack: ({ macro: string; defined: boolean } | undefined)[] = [];
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
    // A directive line (with its continuations): track #if groups, skip the rest.
    if (c === '#' && /^[ \t]*$/.test(code.slice(code.lastIndexOf('\n', i - 1) + 1, i))) {
      let end = i;
      while (end < code.length && !(code[end] === '\n' && code[end - 1] !== '\\')) end++;
      const d = code.slice(i, end).replace(/\\\n/g, ' ');
      const m = /^#\s*(ifdef|ifndef|if|elif|else|endif)\b\s*(.*)$/.exec(d);
      if (m) {
        const [, kw, rest] = m;
        const def = /^(!)?\s*defined\s*\(?\s*([A-Za-z_]\w*)\s*\)?\s*$/.exec(rest.trim());
        if (kw === 'ifdef') stack.push({ macro: rest.trim().split(/\s/)[0], defined: true });
        else if (kw === 'ifndef') stack.push({ macro: rest.trim().split(/\s/)[0], defined: false });
        else if (kw === 'if') stack.push(def ? { macro: def[2], defined: !def[1] } : undefined);
        else if (kw === 'else') {
          const top = stack.pop();
          stack.push(top ? { macro: top.macro, defined: !top.defined } : undefined);
        } else if (kw === 'elif') {
          stack.pop();
          stack.push(undefined);
        } else stack.pop();
      }
      i = end - 1;
      stmtStart = end;
      continue;
    }
    if (c === '{') depth++;
    else if (c === '}') {
      depth = Math.max(0, depth - 1);
      if (depth === 0) stmtStart = i + 1;
    } else if (c === ';' && depth === 0) {
      const raw = code.slice(stmtStart, i);
      const stmt = raw.trim();
      const v = staticVariable(stmt);
      if (v) out.push({ name: v, line: lineOf(stmtStart + raw.length - raw.trimStart().length), guards: stack.filter((g): g is { macro: string; defined: boolean } => !!g) });
      stmtStart = i + 1;
    }
  }
  return out.filter((s) => writesOf(code, s.name));
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

function blankCommentsAndLiterals(text: string): string {
  return text.replace(/\/\*[^]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (s) => s.replace(/[^\n]/g, ' '));
}
