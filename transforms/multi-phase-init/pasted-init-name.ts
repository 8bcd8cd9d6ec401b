/**
 * An init function named by an object-like macro that pastes `PyInit_` to another macro through a
 * paste helper (`#define _MODULE_NAME _PASTE2(PyInit_, MODULE_NAME)`, then `_MODULE_NAME (void)`),
 * as a template shared by several modules is written: each module file defines MODULE_NAME and
 * includes the template. The model reads no init there; this says why, instead of a silent miss.
 */
import { basename } from 'path';
import type { ExtensionModel, FileModel } from '../../src/model/types';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { gluedInitName, macroLookup } from '../../src/model/init-macros';

export interface PastedInitName {
  file: FileModel;
  start: number;
  end: number;
  message: string;
  steps: string;
}

/**
 * Files of the run that include `file`, directly or through others (the template's own group is
 * only itself: nothing links a file with no init to its includers).
 */
function includersOf(ext: ExtensionModel, file: FileModel): FileModel[] {
  const out: FileModel[] = [];
  const all = [...ext.files, ...(ext.otherFiles ?? [])];
  let names = new Set([basename(file.path)]);
  while (names.size > 0) {
    const next = new Set<string>();
    for (const f of all) {
      if (f === file || out.includes(f)) continue;
      if (!f.localIncludes.some((inc) => names.has(basename(inc)))) continue;
      out.push(f);
      next.add(basename(f.path));
    }
    names = next;
  }
  return out;
}

/**
 * Uses of such a macro outside macro bodies and outside init heads the model read (`read`): the
 * head of an init the tool cannot name, with who names it.
 */
export function pastedInitNames(ext: ExtensionModel, read: (file: FileModel, at: number) => boolean): PastedInitName[] {
  const out: PastedInitName[] = [];
  for (const file of ext.files) {
    for (const m of file.macros.values()) {
      // With the part's value in sight the macro is an alias the model reads (init-reading.ts).
      const glued = gluedInitName(m, macroLookup(file));
      if (!glued || glued.name !== undefined) continue;
      const part = glued.part;
      const uses = usesOf(file, m.name).filter((at) => !macroAt(file, at) && !read(file, at));
      if (uses.length === 0) continue;
      const where = `${basename(file.path)}:${file.source.position(m.start).line}`;
      const namers = includersOf(ext, file).flatMap((f) => {
        const d = f.macros.get(part);
        return d && !d.params ? [`${basename(f.path)}: ${d.body.replace(/\/\*[\s\S]*?\*\/|\/\/.*$/g, '').trim()}`] : [];
      });
      const message = `the module's PyInit_ function is named by macro ${m.name} (${where}), pasted from PyInit_ and ${part}, which this file leaves to the files that include it (${namers.length > 0 ? namers.join(', ') : 'no file given with it includes it and defines it'}): a template compiled into every module that includes it, while the tool converts one module at a time, so nothing of this init is converted or checked`;
      const steps = `convert the template by hand for all of its modules at once: one state struct, exec function and Py_mod_exec slot whose names do not depend on ${part} (every module compiles the same text), the template's static types created into that state; the files that include it need no change`;
      for (const at of uses) out.push({ file, start: at, end: at + m.name.length, message, steps });
    }
  }
  return out;
}
