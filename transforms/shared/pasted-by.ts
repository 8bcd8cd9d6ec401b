/**
 * Macros that may form a name by token pasting (`str ## S`), where no rewrite sees the use.
 */
import type { TransformContext } from '../types';
import { pastingMacro } from '../../src/model/pasting-macros';

/** A macro of the extension that forms identifiers by token pasting and could form `name` (see model/pasting-macros). */
export function pastedBy(name: string, ctx: TransformContext, except: ReadonlySet<string> = new Set()): string | undefined {
  return pastingMacro(ctx.ext.files, name, except);
}
