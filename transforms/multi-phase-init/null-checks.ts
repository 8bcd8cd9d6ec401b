/**
 * The NULL check right after `PyModule_Create` (an `if` or a project's macro) and the simple error
 * exits it may take: dead code in exec, where the module exists.
 */
import type { SyntaxNode } from '../../src/core/parse';
import { nodeText, isZeroExpr, stripCasts } from '../../src/model/cnodes';

export function isNullCheckOf(ifs: SyntaxNode, mv: string, text: string, valueOf: (expr: string) => string): boolean {
  if (ifs.childForFieldName('alternative')) return false;
  const cond = ifs.childForFieldName('condition');
  if (!cond) return false;
  const c = nodeText(cond, text).replace(/\s+/g, '');
  const ok = c === `(${mv}==NULL)` || c === `(!${mv})` || c === `(NULL==${mv})` || c === `(${mv}==0)`;
  return ok && isSimpleExit(ifs.childForFieldName('consequence'), text, valueOf);
}

/**
 * `RETURN_IF_NULL(m, NULL);`, ijson's `X_N(m, MOD_VAL(NULL));` (through `RETURN_X_IF_COND(stmt, X, == NULL)`):
 * a call of the file's macros that, expanded, is only a NULL check of `mv` and an exit. Dead in exec, like
 * the `if` it stands for, once the create call before it is gone.
 */
export function isNullCheckMacroOf(stmt: SyntaxNode, mv: string, text: string, macros: (name: string) => { params?: string[]; body: string } | undefined): boolean {
  const expanded = expandMacroCalls(nodeText(stmt, text).replace(/;\s*$/, ''), macros, 4);
  if (expanded === undefined) return false;
  const e = expanded.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
  const m = `\\(?${mv}\\)?`;
  return new RegExp(`^(?:do\\{)?if\\((?:${m}==(?:NULL|0)|NULL==${m}|!${m})\\)\\{?(?:return[^;{}]*|goto\\w+);\\}?(?:\\}while\\(0\\))?;?$`).test(e);
}

/** `text` with the calls of these function-like macros replaced by their bodies (arguments substituted), `depth` levels deep; undefined when a call cannot be read. */
function expandMacroCalls(text: string, macros: (name: string) => { params?: string[]; body: string } | undefined, depth: number): string | undefined {
  if (depth === 0) return text;
  let out = '';
  let i = 0;
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const def = macros(m[1]);
    if (!def?.params) continue;
    const args: string[] = [];
    let level = 0;
    let from = m.index + m[0].length;
    let j = from;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (ch === '(') level++;
      else if (ch === ')') {
        if (level === 0) break;
        level--;
      } else if (ch === ',' && level === 0) {
        args.push(text.slice(from, j).trim());
        from = j + 1;
      }
    }
    if (j >= text.length) return undefined;
    args.push(text.slice(from, j).trim());
    if (args.length !== def.params.length && !(def.params.length === 0 && args.length === 1 && args[0] === '')) return undefined;
    let body = def.body;
    def.params.forEach((p, k) => {
      body = body.replace(new RegExp(`\\b${p}\\b`, 'g'), () => args[k]);
    });
    out += text.slice(i, m.index) + body;
    i = j + 1;
    re.lastIndex = i;
  }
  out += text.slice(i);
  return out === text ? text : expandMacroCalls(out, macros, depth - 1);
}

/** `return NULL;`, `goto label;` or a block holding only that. */
export function isSimpleExit(n: SyntaxNode | null, text: string, valueOf: (expr: string) => string): boolean {
  if (!n) return false;
  if (n.type === 'compound_statement') {
    const inner = n.namedChildren.filter((c) => c.type !== 'comment');
    return inner.length === 1 && isSimpleExit(inner[0], text, valueOf);
  }
  if (n.type === 'goto_statement') return true;
  if (n.type === 'return_statement') {
    const e = n.namedChildren.find((c) => c.type !== 'comment');
    return !!e && isZeroExpr(valueOf(nodeText(e, text)));
  }
  // `INITERROR;` with `#define INITERROR return NULL`.
  if (n.type === 'expression_statement') {
    const r = /^return\b([\s\S]*?);?$/.exec(valueOf(nodeText(n, text).replace(/;\s*$/, '')).trim());
    // `return ((PyObject *)NULL)` (the porting guide's RETURN_MOD_INIT_ERROR): the cast in its parentheses goes too.
    return !!r && r[1].trim() !== '' && isZeroExpr(stripCasts(r[1].trim()));
  }
  return false;
}
