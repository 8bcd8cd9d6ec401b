import * as path from 'path';
import type { ExtensionModel } from './types';

/**
 * The first header outside the files given (see library/outside-headers.ts) that one of the
 * extension's files includes and that names `name`, with the file that includes it.
 */
export function namedOutside(ext: ExtensionModel, name: string): { header: string; includer: string } | undefined {
  for (const f of ext.files) {
    for (const h of f.outsideHeaders ?? []) if (h.names.has(name)) return { header: h.path, includer: f.path };
  }
  return undefined;
}

/** The finding's reason and remedy for a name such a header mentions. */
export function outsideHeaderProblem(ext: ExtensionModel, name: string): { reason: string; steps: string } | undefined {
  const o = namedOutside(ext, name);
  if (!o) return undefined;
  const h = path.basename(o.header);
  return {
    reason: `${h}, which ${path.basename(o.includer)} includes, names it too, and ${h} is not among the files given: its uses there could not be rewritten (and a declaration there would stand for the moved object)`,
    steps: `give ${h} to pyext-isolate as well (with the paths or in the module's sources), then run again`,
  };
}
