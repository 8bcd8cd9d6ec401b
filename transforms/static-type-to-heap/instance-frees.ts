/**
 * Objects of a type freed by hand outside its dealloc (`PyObject_Free(self)` in a helper that failed
 * to fill a new object, as bitstruct's format parser does). As a static type without GC, such a free
 * matched the allocation; the heap type is a GC type, whose objects carry a GC header in front of
 * them, are tracked from tp_alloc on and hold a reference to their type: the plain free then corrupts
 * the heap. Each such statement is rewritten to untrack, drop the type reference and free with
 * PyObject_GC_Del; a free that is not a statement of its own cannot be, and keeps the type static.
 */
import type { FileModel, FunctionInfo, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import type { SyntaxNode } from '../../src/core/parse';
import { enclosingStatement } from '../../src/model/walk';
import { isInert } from '../../src/core/lex';
import { insertLinesBefore } from '../../src/plan/statement-insert';

export interface InstanceFree {
  func: FunctionInfo;
  file: FileModel;
  /** The free function's name in the call. */
  start: number;
  end: number;
  variable: string;
  /** The call's expression statement, when the call is the whole statement. */
  statement?: SyntaxNode;
}

const FREE_CALL = /\b(PyObject_Del|PyObject_DEL|PyObject_Free|PyObject_FREE)\s*\(\s*(?:\([^()]*\)\s*)?([A-Za-z_]\w*)\s*\)/g;

/** The struct of the type's objects, from `tp_basicsize = sizeof(S)`. */
function objectStruct(t: StaticType): string | undefined {
  return /^\s*sizeof\s*\(\s*(?:struct\s+)?(\w+)\s*\)\s*$/.exec(t.fields.get('tp_basicsize')?.value ?? '')?.[1];
}

/** Whether `v` is a parameter or local of `f` declared as a pointer to `struct`. */
function pointsTo(f: FunctionInfo, v: string, struct: string): boolean {
  const ptr = new RegExp(`^(?:const\\s+)?(?:struct\\s+)?${struct}\\s*\\*$`);
  const p = f.params.find((x) => x.name === v);
  if (p) return ptr.test(p.type.replace(/\s+/g, ' ').trim());
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd);
  return new RegExp(`(?:^|[;{}(,]\\s*)(?:const\\s+)?(?:struct\\s+)?${struct}\\s*\\*\\s*(?:const\\s+)?${v}\\s*[;=,)]`, 'm').test(body);
}

/** The free calls in a function's body, found once (every static type of the extension asks about every function). */
const freeCalls = new WeakMap<FunctionInfo, RegExpMatchArray[]>();
function freeCallsIn(f: FunctionInfo): RegExpMatchArray[] {
  let found = freeCalls.get(f);
  if (!found) freeCalls.set(f, (found = [...f.file.source.text.slice(f.bodyStart, f.bodyEnd).matchAll(FREE_CALL)]));
  return found;
}

/**
 * Frees of `t`'s objects in functions of the extension other than `skip` (the deallocs, which have
 * their own edits, and the allocating functions' error paths, which do too): by a variable declared
 * as a pointer to the type's object struct.
 */
export function instanceFrees(t: StaticType, ctx: TransformContext, skip: (f: FunctionInfo, variable: string) => boolean): InstanceFree[] {
  const struct = objectStruct(t);
  if (!struct || /^(PyObject|PyTypeObject)$/.test(struct)) return [];
  const out: InstanceFree[] = [];
  for (const file of ctx.ext.files) {
    const text = file.source.text;
    for (const f of file.functions) {
      if (f.macroTemplate) continue;
      for (const m of freeCallsIn(f)) {
        const at = f.bodyStart + m.index!;
        // `skip` last: it looks at the type's allocations, the dearest question.
        if (isInert(file.parsed.lex, at) || !pointsTo(f, m[2], struct) || skip(f, m[2])) continue;
        const stmt = enclosingStatement(file.parsed.tree.rootNode.descendantForIndex(at, at + m[0].length));
        const whole = stmt.type === 'expression_statement' && text.slice(stmt.startIndex, stmt.endIndex).replace(/\s+/g, '') === m[0].replace(/\s+/g, '') + ';';
        out.push({ func: f, file, start: at, end: at + m[1].length, variable: m[2], statement: whole ? stmt : undefined });
      }
    }
  }
  return out;
}

/** Untracks, drops the type reference tp_alloc took, and frees as the GC allocation it now is. */
export function instanceFreeEdits(free: InstanceFree, ctx: TransformContext): void {
  const v = free.variable;
  insertLinesBefore(ctx, free.file, free.func, free.statement!, [`PyObject_GC_UnTrack(${v});`, `Py_DECREF(Py_TYPE(${v}));`], 5);
  ctx.replace(free.file, free.start, free.end, 'PyObject_GC_Del');
}
