/** Adding an `#include` a rewrite needs, once per file, after the file's Python.h include. */
import type { FileModel } from '../../src/model/types';
import type { TransformContext } from '../types';

const added = new WeakMap<TransformContext, Set<string>>();

export function ensureInclude(file: FileModel, header: string, ctx: TransformContext): void {
  const re = new RegExp(`^[ \\t]*#[ \\t]*include[ \\t]*[<"]${header.replace('.', '\\.')}[>"]`, 'm');
  if (re.test(file.source.text)) return;
  let done = added.get(ctx);
  if (!done) added.set(ctx, (done = new Set()));
  const key = `${file.path}:${header}`;
  if (done.has(key)) return;
  done.add(key);
  const py = file.parsed.lex.directives.find((d) => d.kind === 'include' && /[<"]Python\.h[>"]/.test(d.rest));
  const last = [...file.parsed.lex.directives].reverse().find((d) => d.kind === 'include' && d.braceDepth === 0);
  const anchor = py ?? last;
  const at = anchor ? file.source.lineEndIncludingEol(anchor.end) : 0;
  ctx.insert(file, at, file.source.adapt(`#include "${header}"\n`), 0);
}
