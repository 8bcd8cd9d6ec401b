/**
 * The tp_doc text a spec leaves out (the instances have a `__doc__` descriptor of their own,
 * docDescriptor): a `PyDoc_STRVAR(name, ...)` or `static const char name[]` only the initializer
 * named is named nowhere after the conversion, and gcc -Wall would say "defined but not used".
 * It is kept, marked unused for GCC and clang, with a comment saying why.
 */
import type { StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stripCasts } from '../../src/model/cnodes';

export function markOrphanedDoc(t: StaticType, ctx: TransformContext): void {
  const doc = t.fields.get('tp_doc');
  const name = doc ? stripCasts(doc.value).trim() : '';
  if (!doc || !/^[A-Za-z_]\w*$/.test(name) || t.runtimeFields.some((r) => r.field === 'tp_doc')) return;
  const f = t.file;
  if (ctx.ext.files.some((o) => o !== f && o.allIdentifiers.has(name))) return;
  // (The file's identifier index holds only names of interest: a plain scan.)
  const uses = [...f.source.text.matchAll(new RegExp(`\\b${name}\\b`, 'g'))].map((m) => m.index!);
  const others = uses.filter((at) => at < doc.valueStart || at >= doc.valueEnd);
  if (others.length !== 1) return;
  const src = f.source;
  const at = src.lineStart(others[0]);
  const line = src.text.slice(at, others[0]);
  // Its definition, at the start of its line: `PyDoc_STRVAR(name,` or `static const char name[] =`.
  if (!/^\s*(?:PyDoc_STRVAR\s*\(\s*|static\s+(?:const\s+)?char\s+(?:const\s+)?)$/.test(line)) return;
  const text = [
    `/* pyext-isolate: this was ${t.name}'s tp_doc; its heap type leaves the text out so that its`,
    ` * instances keep their own __doc__ (a heap type writes tp_doc over it), and nothing names it any more. */`,
    `#if defined(__GNUC__)`,
    `__attribute__((unused))`,
    `#endif`,
    ``,
  ].join('\n');
  ctx.insert(f, at, src.adapt(text), 0);
}
