/**
 * A module that is already multi-phase: its one exec function and its own state struct, which the
 * state transforms extend (used by the pipeline, not by this transform's decisions).
 */
import { basename } from 'path';
import type { ExtensionModel, FileModel, FunctionInfo, StructDef } from '../../src/model/types';
import { branchesAt } from '../../src/core/lex';
import { translationUnits } from '../../src/model/translation-units';
import { moduleSlotsTable } from '../../src/model/module-slots';

/**
 * For a module that is already multi-phase: its exec function, which receives the state the
 * other transforms move in (fields filled where the old code filled the globals); else the
 * reason the state cannot be extended.
 */
export function existingExec(ext: ExtensionModel): { exec: FunctionInfo; param: string } | string {
  const def = ext.moduleDef;
  if (ext.ambiguous && ext.ambiguous.length > 0) return `its files are shared with ${ext.ambiguous.join(', ')}`;
  if (!def) return 'its PyModuleDef was not found among these files';
  if ([...def.fields.values()].some((f) => f.conditional)) return 'fields of its module def are inside #if blocks';
  const table = moduleSlotsTable(ext);
  if (!table) return 'its module slots table was not found among these files';
  const execs = table.entries.filter((e) => e.pyName === 'Py_mod_exec');
  if (execs.length !== 1) return execs.length === 0 ? 'it has no Py_mod_exec function to fill the state in' : 'it has several Py_mod_exec functions';
  const exec = execs[0].func ? ext.functionsByName.get(execs[0].func) : undefined;
  if (!exec) return `its exec function ${execs[0].func ?? ''} was not found among these files`;
  // `PyObject *Py_UNUSED(m)` (as a partial run writes it) names it too: the wrapper goes when the state needs it.
  const param = exec.params[0]?.name;
  if (!param) return `its exec function ${exec.name}() does not name its module parameter`;
  return { exec, param };
}

/**
 * The module's own state struct, from `m_size = sizeof(S)`: new fields can go into it when it is
 * defined outside any `#if`, in the def's file before the def, or in a header of the extension that
 * the def's file includes and that only files of the extension include (an earlier run's
 * `<mod>_state.h`, or the module's own header); else the reason they cannot.
 */
export function ownStateStruct(ext: ExtensionModel, size: string): { type: string; def: StructDef; file: FileModel } | string {
  const m = /^sizeof\s*\(\s*((?:struct\s+)?[A-Za-z_]\w*)\s*\)$/.exec(size);
  if (!m) return `its m_size (${size}) does not name a struct`;
  const type = m[1].replace(/\s+/g, ' ');
  const def = ext.moduleDef!;
  const inDefFile = def.file.structs.get(type);
  const file = inDefFile ? def.file : stateHeader(ext, def.file, type);
  if (typeof file === 'string') return file;
  const st = file.structs.get(type)!;
  if (file === def.file && st.end > def.declStart) return `its state struct ${type} is defined after the module def`;
  if (branchesAt(file.parsed.lex, st.start).length > 0) return `its state struct ${type} is defined inside an #if block`;
  if (file.source.text[st.end - 1] !== '}') return `the end of its state struct ${type} was not found`;
  return { type, def: st, file };
}

/**
 * The header of the extension, reached from the def's file through its `#include`s, that defines the
 * state struct `type`: new fields can go there only when every file that includes it is one of the
 * extension's (another module or an unseen file would compile the old layout).
 */
function stateHeader(ext: ExtensionModel, defFile: FileModel, type: string): FileModel | string {
  const all = [...ext.files, ...(ext.otherFiles ?? [])];
  const units = translationUnits(all);
  const reached = units.filter((u) => u.root === defFile || u.files.includes(defFile)).flatMap((u) => u.files);
  const header = reached.find((f) => f !== defFile && f.structs.has(type));
  if (!header) return `its state struct ${type} is not defined in ${basename(defFile.path)} or a header of the extension it includes`;
  if (!ext.files.includes(header) || ext.publicHeaders?.has(header)) return `its state struct ${type} is defined in ${basename(header.path)}, a header other modules compile too`;
  const outsider = units.find((u) => u.files.includes(header) && !ext.files.includes(u.root));
  if (outsider) return `its state struct ${type} is defined in ${basename(header.path)}, which ${basename(outsider.root.path)} includes too (not a file of this module)`;
  return header;
}
