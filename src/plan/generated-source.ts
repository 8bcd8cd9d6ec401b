/**
 * Source files another tool writes (Argument Clinic's `clinic/*.c.h`, a constants header a script
 * prints, Cython's or SWIG's output): a rewrite of one is undone the next time it is generated, and
 * the build then breaks against the converted files. The file says so at its top.
 */
import { findingAt, type Finding } from '../core/findings';
import type { FileModel } from '../model/types';

export const GENERATED_EDITED_RULE = 'engine/generated-file-edited';

/** How far into a file its "generated" notice is looked for: the leading comments of real generators fit. */
const HEAD = 1200;

/**
 * The phrase by which a file says another tool writes it, from its leading comments, or undefined.
 * Only comments before the first code count: a comment elsewhere that mentions generated code
 * says nothing about the file.
 */
export function generatedNotice(text: string): string | undefined {
  const head = text.slice(0, HEAD);
  const comments = /^(?:\s*(?:\/\*[\s\S]*?\*\/|\/\/[^\n]*))+/.exec(head)?.[0] ?? '';
  const m = /\[clinic\s+start\s+generated\s+code\]|\b(?:(?:auto(?:matically)?[- ]?)?generated\s+(?:by|with|from|code|file)\b|do\s+not\s+edit\b|don't\s+edit\b)/i.exec(comments);
  return m ? m[0].replace(/\s+/g, ' ') : undefined;
}

/** A warning for a generated file the rewrite changes: the same change belongs in its generator. */
export function generatedFileEdited(f: FileModel): Finding | undefined {
  const notice = generatedNotice(f.source.text);
  if (!notice) return undefined;
  const at = f.source.text.search(/\S/);
  return findingAt(f.source, Math.max(0, at), Math.max(0, at) + 2, GENERATED_EDITED_RULE, 'warning', 'manual',
    `${f.path.replace(/^.*[\\/]/, '')} says another tool writes it ("${notice}"), and the rewrite changes it: generating it again undoes the change, and the build then fails against the converted files`,
    'make the same change in its generator (or its input), so that the next generation writes what the rewrite wrote');
}
