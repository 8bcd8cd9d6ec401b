/**
 * Capsules a file exports (`PyCapsule_New`, also through a function-like macro of the project whose
 * expansion calls it) and imports (`PyCapsule_Import`, also inside a `#define` body).
 */
import type { SyntaxNode } from '../core/parse';
import type { CapsuleExport, FileModel } from './types';
import { nodeText, stripCasts } from './cnodes';
import { callArguments, expandMacros, macroLookup } from './init-macros';
import { usesOf } from './macro-users';
import { enclosingFunction, inBody } from './functions';

export function collectCapsules(fm: FileModel): void {
  const text = fm.source.text;
  const root = fm.parsed.tree.rootNode;
  for (const c of fm.apiCalls) {
    if (c.api !== 'PyCapsule_New' && c.api !== 'PyCapsule_Import') continue;
    const node = root.descendantForIndex(c.start, c.start + c.api.length);
    const call = node.parent && node.parent.type === 'call_expression' ? node.parent : null;
    const args = call?.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    if (c.api === 'PyCapsule_New') {
      if (!call) continue;
      const ptr = args[0] ? nodeText(args[0], text) : '';
      const bare = stripCasts(ptr).replace(/^&\s*/, '');
      const exp: CapsuleExport = {
        file: fm,
        func: c.func,
        callStart: call.startIndex,
        callEnd: call.endIndex,
        pointerExpr: ptr,
        table: /^[A-Za-z_]\w*$/.test(bare) ? bare : undefined,
        tableField: fieldOf(bare),
        capsuleName: args[1] ? nodeText(args[1], text) : '',
      };
      fm.capsuleExports.push(exp);
    } else {
      let target: string | undefined;
      if (call) {
        let p: SyntaxNode | null = call.parent;
        while (p && p.type === 'cast_expression') p = p.parent;
        if (p && p.type === 'assignment_expression') {
          const left = p.childForFieldName('left');
          if (left) target = nodeText(left, text);
        }
      }
      if (!call) continue; // inside a #define body: handled with the macros below
      fm.capsuleImports.push({
        file: fm,
        func: c.func,
        start: c.start,
        end: c.end,
        capsuleName: args[0] ? nodeText(args[0], text) : '',
        target,
        inMacro: false,
      });
    }
  }
  fm.capsuleExports.push(...macroCapsuleExports(fm));
  // import_xxx() macros in headers: PyCapsule_Import inside a #define body.
  for (const m of fm.macros.values()) {
    const im = /PyCapsule_Import\s*\(\s*([^,]+),/.exec(m.body);
    if (!im) continue;
    const tm = /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)*PyCapsule_Import/.exec(m.body);
    fm.capsuleImports.push({ file: fm, start: m.start, end: m.end, capsuleName: im[1].trim(), target: tm?.[1], inMacro: true });
  }
}


/** `st->api_table`, `(st->capi)`: a field of a struct pointer (a table an earlier run moved into the state). */
function fieldOf(bare: string): { base: string; field: string } | undefined {
  const m = /^\(?\s*([A-Za-z_]\w*)\s*->\s*([A-Za-z_]\w*)\s*\)?$/.exec(bare);
  return m ? { base: m[1], field: m[2] } : undefined;
}

/**
 * Capsules made in functions through a function-like macro of the file or of its project headers
 * whose expansion calls PyCapsule_New (`#define PyCObject_FromVoidPtr(p, d) PyCapsule_New(p, NULL, d)`,
 * the usual Python 2 compatibility name, or a macro built on that one): read at each call with the
 * arguments substituted, so the pointer is the one the call hands over (`&codec_default`).
 */
function macroCapsuleExports(fm: FileModel): CapsuleExport[] {
  const text = fm.source.text;
  const lookup = macroLookup(fm);
  const names = new Set<string>([...fm.macros.keys(), ...(fm.parsed.projectMacros?.keys() ?? [])]);
  const out: CapsuleExport[] = [];
  for (const name of names) {
    const def = lookup(name);
    if (!def?.params || name === 'PyCapsule_New') continue;
    // Cheap test first: the body names PyCapsule_New or another macro (a chain is expanded at the call).
    if (!/\bPyCapsule_New\b/.test(expandMacros(def.body, lookup))) continue;
    for (const at of usesOf(fm, name)) {
      const func = inBody(enclosingFunction(fm, at), at);
      if (!func) continue;
      let open = at + name.length;
      while (open < text.length && (text[open] === ' ' || text[open] === '\t')) open++;
      const call = callArguments(text, open);
      if (!call) continue;
      const expanded = expandMacros(text.slice(at, call.close + 1), lookup);
      const m = /\bPyCapsule_New\s*(?=\()/.exec(expanded);
      const inner = m ? callArguments(expanded, m.index + m[0].length) : undefined;
      if (!inner || inner.args.length < 1) continue;
      const ptr = inner.args[0].trim();
      const bare = stripCasts(ptr).replace(/^\(\s*(.*?)\s*\)$/, '$1').replace(/^&\s*/, '');
      out.push({
        file: fm,
        func,
        callStart: at,
        callEnd: call.close + 1,
        pointerExpr: ptr,
        table: /^[A-Za-z_]\w*$/.test(bare) ? bare : undefined,
        capsuleName: inner.args[1] !== undefined ? inner.args[1].trim() : '',
        viaMacro: name,
      });
    }
  }
  return out;
}
