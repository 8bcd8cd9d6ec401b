/** Lookups over a file's functions (sorted by start). */
import type { FileModel, FunctionInfo } from './types';
import { lastStartingAtOrBefore } from '../core/search';

/** The function whose body or signature contains `offset`. */
export function enclosingFunction(fm: FileModel, offset: number): FunctionInfo | undefined {
  const i = lastStartingAtOrBefore(fm.functions, offset, (f) => f.start);
  return i >= 0 && offset < fm.functions[i].end ? fm.functions[i] : undefined;
}

/** `f` when `offset` is inside its body (between the braces), else undefined. */
export function inBody(f: FunctionInfo | undefined, offset: number): FunctionInfo | undefined {
  return f && offset > f.bodyStart && offset < f.bodyEnd ? f : undefined;
}

/**
 * The function `name` means in `fm`: its own definition first (two files may each define a static
 * function of that name), else the extension's (a non-static one, or one of an included header).
 */
export function functionNamedIn(fm: FileModel, name: string, extFunctions: ReadonlyMap<string, FunctionInfo>): FunctionInfo | undefined {
  return fm.functionsByName.get(name) ?? extFunctions.get(name);
}
