/**
 * Module inits only the preprocessor would show (a pasted `PyInit_` name, a `PyModule_Create` outside
 * every function read): findings rather than silent misses.
 */
import { basename } from 'path';
import type { FileModel } from '../../src/model/types';
import { macroAt, macroUsers, usesOf } from '../../src/model/macro-users';
import { pastesInitName } from '../../src/model/init-macros';
import type { TransformContext } from '../types';
import { pastedInitNames } from './pasted-init-name';

/** A module init the preprocessor makes that the model could not read (never a silent miss). */
export interface UnreadInitCandidate {
  kind: 'unread-init';
  file: FileModel;
  start: number;
  end: number;
  message: string;
  steps: string;
}

/**
 * What only the preprocessor would show: a `PyInit_*` name pasted by a macro (`MOD_INIT(x)`)
 * where no init function was read, and a PyModule_Create outside every function read as one
 * (in a macro the init function does not use). Each is a finding rather than a silent miss.
 */
export function unreadInits(ctx: TransformContext): UnreadInitCandidate[] {
  const out: UnreadInitCandidate[] = [];
  const ext = ctx.ext;
  const headers = ext.files.flatMap((f) => f.functions.filter((fn) => fn.headerMacro).map((fn) => ({ file: f, span: fn.headerMacro! })));
  const read = (file: FileModel, at: number): boolean => headers.some((h) => h.file === file && at >= h.span.start && at < h.span.end);
  const where = (f: FileModel, at: number): string => `${basename(f.path)}:${f.source.position(at).line}`;
  for (const f of ext.files) {
    for (const m of f.macros.values()) {
      if (!pastesInitName(m)) continue;
      for (const file of ext.files) {
        for (const at of usesOf(file, m.name)) {
          if (macroAt(file, at) || read(file, at)) continue;
          out.push({
            kind: 'unread-init', file, start: at, end: at + m.name.length,
            message: `the module's PyInit_ function is made by macro ${m.name}() (${where(f, m.start)}), and what it heads could not be read as an init function: nothing of the module's init is converted or checked`,
            steps: `write the init function's head out here (PyMODINIT_FUNC PyInit_<name>(void)), or make ${m.name}() take only the module name and expand to that head, then run again`,
          });
        }
      }
    }
  }
  // Macros of the project's headers (a header shared by several small extensions, the name glued from a
  // -D of the build: `#define MOD_INIT_FUNC PyMODINIT_FUNC GLUE(PyInit_, MODNAME)(void)`), used in a file
  // of this extension where no init function was read: the module would otherwise pass as having no hazard.
  if (!ext.init) {
    for (const file of ext.files) {
      for (const pm of file.parsed.projectMacros?.values() ?? []) {
        if (file.macros.has(pm.name)) continue;
        const pastes = /\bPyInit_\s*(##|,)/.test(pm.body);
        const creates = /\bPyModule_Create2?\s*\(/.test(pm.body);
        if (!pastes && !creates) continue;
        const use = usesOf(file, pm.name).find((at) => !macroAt(file, at) && !read(file, at));
        if (use === undefined) continue;
        out.push({
          kind: 'unread-init', file, start: use, end: use + pm.name.length,
          message: pastes
            ? `the module's PyInit_ function is made by macro ${pm.name} of ${basename(pm.file)} (its name glued from other macros), and what it heads could not be read as an init function: nothing of the module's init is converted or checked`
            : `PyModule_Create in macro ${pm.name} of ${basename(pm.file)} is used where no init function was read: that module creation is not converted, and nothing of the module's init is checked`,
          steps: 'write the init function\'s head out here (PyMODINIT_FUNC PyInit_<name>(void)) with its module creation, then run again',
        });
      }
    }
  }
  // Also where linking joined the template to another module's files: that init is not this one.
  for (const c of pastedInitNames(ext, read)) out.push({ kind: 'unread-init', ...c });
  const viaMacro = new Set(ext.files.flatMap((f) => f.inits).map((i) => i.createCall?.viaMacro).filter((x): x is string => !!x));
  for (const f of ext.files) {
    for (const c of f.apiCalls) {
      if ((c.api !== 'PyModule_Create' && c.api !== 'PyModule_Create2') || c.func) continue;
      const m = macroAt(f, c.start);
      if (m && viaMacro.has(m.name)) continue;
      if (m && unusedMacro(f, c.start, ctx)) continue;
      out.push({
        kind: 'unread-init', file: f, start: c.start, end: c.end,
        message: m
          ? `${c.api} in macro ${m.params ? `${m.name}()` : m.name} is used where no init function was read (${macroUsers(ext, m.name).funcs.map((fn) => fn.name + '()').join(', ') || 'outside any function'}): that module creation is not converted`
          : `${c.api} outside any function that could be read (macros may make the code around it): that module creation is not converted`,
        steps: 'write the init function out (PyMODINIT_FUNC PyInit_<name>(void) { ... PyModule_Create(&def) ... }), then run again',
      });
    }
  }
  return out;
}

/** A `#define` body that no function or other macro expands. */
export function unusedMacro(f: FileModel, at: number, ctx: TransformContext): boolean {
  const m = macroAt(f, at);
  if (!m) return false;
  const users = macroUsers(ctx.ext, m.name);
  return users.funcs.length === 0 && users.outside === 0;
}
