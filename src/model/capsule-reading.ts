/** Capsules a file exports (`PyCapsule_New`) and imports (`PyCapsule_Import`, also inside a `#define` body). */
import type { SyntaxNode } from '../core/parse';
import type { CapsuleExport, FileModel } from './types';
import { nodeText, stripCasts } from './cnodes';

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
  // import_xxx() macros in headers: PyCapsule_Import inside a #define body.
  for (const m of fm.macros.values()) {
    const im = /PyCapsule_Import\s*\(\s*([^,]+),/.exec(m.body);
    if (!im) continue;
    const tm = /([A-Za-z_]\w*)\s*=\s*(?:\([^)]*\)\s*)*PyCapsule_Import/.exec(m.body);
    fm.capsuleImports.push({ file: fm, start: m.start, end: m.end, capsuleName: im[1].trim(), target: tm?.[1], inMacro: true });
  }
}

