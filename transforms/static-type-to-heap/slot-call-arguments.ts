/**
 * `X.tp_richcompare(a, b, op)` becomes a direct call of the slot's function, which the initializer
 * put in the slot with a cast (`(richcmpfunc) disk_richcompare`, whose first parameter is the
 * type's own object struct). The slot call passed PyObject *; the direct call casts each pointer
 * argument to its parameter's type, as the slot's function-pointer type did (a call through the cast
 * function itself is a GCC warning, "function called through a non-compatible type").
 */
import type { FileModel } from '../../src/model/types';
import type { TransformContext } from '../types';
import { callArguments } from '../../src/model/init-macros';

export function castSlotCallArguments(file: FileModel, open: number, fn: string, ctx: TransformContext): void {
  const f = ctx.ext.functionsByName.get(fn);
  const text = file.source.text;
  let at = open;
  while (/\s/.test(text[at] ?? '')) at++;
  const call = f && callArguments(text, at);
  if (!f || !call) return;
  let from = at + 1;
  call.args.forEach((arg, i) => {
    const start = from + (arg.length - arg.trimStart().length);
    const end = from + arg.trimEnd().length;
    from += arg.length + 1;
    const type = f.params[i]?.type.replace(/\s+/g, ' ').trim();
    if (!type || !/\*$/.test(type) || /^(?:const )?(?:PyObject|void) \*$/.test(type)) return;
    // A name or a member chain takes the cast as is; anything else in parentheses.
    if (/^[A-Za-z_]\w*(?:\s*(?:->|\.)\s*[A-Za-z_]\w*)*$/.test(text.slice(start, end))) {
      ctx.insert(file, start, `(${type})`);
    } else {
      ctx.insert(file, start, `(${type})(`);
      ctx.insert(file, end, ')');
    }
  });
}
