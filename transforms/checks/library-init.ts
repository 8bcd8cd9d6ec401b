/**
 * A C library's process-wide init (`mysql_library_init(0, NULL, NULL)`, `curl_global_init(...)`)
 * called by the module's init or exec. A single-phase module ran it once per process (other
 * interpreters copied the first module); multi-phase, exec runs it once per module instance: in
 * every interpreter, at every re-import, and with a per-interpreter GIL two interpreters may make
 * their first call at the same time. Libraries allow repeated calls as a rule (a count or a no-op),
 * not always concurrent first ones, which the tool cannot know: a warning says so, not a blocker.
 */
import type { ExtensionModel, FunctionInfo } from '../../src/model/types';
import { moduleSlotsTable } from '../../src/model/module-slots';
import { LIBRARY_INIT_CALL, libraryOwnObject } from '../shared/library-calls';

export interface LibraryInitCall {
  /** The library function called. */
  call: string;
  /** The init (single-phase) or exec function that calls it, directly. */
  func: FunctionInfo;
  start: number;
  end: number;
}

export function libraryInitCalls(ext: ExtensionModel): LibraryInitCall[] {
  const funcs = new Set<FunctionInfo>();
  if (ext.init && ext.init.phase !== 'multi') funcs.add(ext.init.func);
  for (const e of moduleSlotsTable(ext)?.entries ?? []) {
    const f = e.pyName === 'Py_mod_exec' && e.func ? ext.functionsByName.get(e.func) : undefined;
    if (f) funcs.add(f);
  }
  const out: LibraryInitCall[] = [];
  for (const func of funcs) {
    const text = func.file.source.text;
    for (const m of text.slice(func.bodyStart, func.bodyEnd).matchAll(LIBRARY_INIT_CALL)) {
      if (libraryOwnObject(m[1]) || ext.functionsByName.has(m[1])) continue;
      const start = func.bodyStart + m.index!;
      out.push({ call: m[1], func, start, end: start + m[1].length });
    }
  }
  return out;
}
