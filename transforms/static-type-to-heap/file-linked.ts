/**
 * Whether the build links the file a never-readied type is defined in: a type created in exec from a
 * spec of another file links only if that file is compiled (pylzma's compressobj.c is not: its type is
 * named only under #if 0).
 */
import * as path from 'path';
import type { FileModel, FunctionInfo, StaticType, TableEntry } from '../../src/model/types';
import type { TransformContext } from '../types';
import { stripCasts } from '../../src/model/cnodes';
import { guardAt, type Guard } from '../../src/core/conditions';

/** An entry of the module's own method table naming a function of `file`, and the #if condition around it (none: every build has it). */
export interface MethodOfFile {
  entry: TableEntry;
  func: FunctionInfo;
  guard?: Guard;
}

/** The entries of the module def's method table whose function `file` defines (not static: another file's table names it). */
export function moduleMethodsOf(file: FileModel, ctx: TransformContext): MethodOfFile[] {
  const def = ctx.ext.moduleDef;
  const expr = def?.fields.get('m_methods')?.value;
  if (!def || !expr) return [];
  const name = stripCasts(expr).replace(/^&\s*/, '');
  const table = ctx.ext.tables.find((t) => t.kind === 'methods' && t.name === name && t.file === def.file);
  if (!table || table.file === file) return [];
  const out: MethodOfFile[] = [];
  for (const entry of table.entries) {
    const func = entry.func ? file.functionsByName.get(entry.func) : undefined;
    if (!func || func.isStatic) continue;
    out.push({ entry, func, guard: guardAt(table.file.parsed.lex, entry.start, table.file.source.text) });
  }
  return out;
}

/**
 * Undefined when every build links `t`'s file (exec names the type, or the module's method table a
 * function of that file, outside any #if); else why the type cannot be created in exec.
 */
export function unlinkedReason(t: StaticType, exec: FunctionInfo, namedByExec: boolean, ctx: TransformContext, notFound: string): { reason: string; steps?: string } | undefined {
  if (t.file === exec.file || namedByExec) return undefined;
  const methods = moduleMethodsOf(t.file, ctx);
  if (methods.some((m) => !m.guard)) return undefined;
  const base = path.basename(t.file.path);
  if (methods.length > 0) return { reason: `${notFound}, and it is defined in ${base}, whose functions the module's method table names only under #if ${methods[0].guard!.expr} (${methods[0].func.name}()): created in exec, the type would need that condition too` };
  return { reason: `${notFound}, and it is defined in ${base}, while the init function names it nowhere, or only under #if: its spec, created in exec, would not link in a build that leaves ${base} out`, steps: `ready it in the init function (PyType_Ready(&${t.name})), then run again` };
}
