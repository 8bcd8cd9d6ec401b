/**
 * Calls of the C-API functions the model records, found through the identifier pass, and the
 * per-process strings `_Py_IDENTIFIER(name)` declares.
 */
import { guardAt } from '../core/conditions';
import type { ApiCall, FileModel } from './types';
import { identifierOffsets } from './identifiers';
import { enclosingFunction } from './functions';
import { inRegions } from './regions';
import { LIBRARY_IMPORT_NAMES } from './library-imports';

/** C-API functions whose calls the model records. */
export const API_NAMES = new Set([
  'PyModule_Create', 'PyModule_Create2', 'PyModuleDef_Init', 'PyModule_FromDefAndSpec', 'PyModule_FromDefAndSpec2',
  'PyState_FindModule', 'PyState_AddModule', 'PyState_RemoveModule',
  'PyGILState_Ensure', 'PyGILState_Release', 'PyGILState_GetThisThreadState', 'PyGILState_Check',
  'PyCapsule_New', 'PyCapsule_Import',
  'PyType_Ready', 'PyModule_AddObject', 'PyModule_AddObjectRef', 'PyModule_AddType', 'PyModule_Add',
  'PyType_FromSpec', 'PyType_FromSpecWithBases', 'PyType_FromModuleAndSpec', 'PyType_FromMetaclass',
  'PyStructSequence_InitType', 'PyStructSequence_InitType2', 'PyStructSequence_NewType',
  'PyThread_allocate_lock', 'PyThread_tss_create', 'PyThread_create_key', 'Py_AtExit',
  '_Py_IDENTIFIER', '_Py_static_string', 'Py_mod_gil', 'Py_mod_multiple_interpreters', 'Py_mod_exec', 'Py_mod_create',
  'PyType_GetModuleByDef', 'PyModule_GetState', 'PyType_GetModuleState', 'PyType_GetModule',
  'PyInterpreterState_Main', 'PyInterpreterState_Get',
  ...LIBRARY_IMPORT_NAMES,
]);

export function collectApiCalls(fm: FileModel): void {
  const text = fm.source.text;
  for (const api of API_NAMES) {
    const offsets = fm.identifierUses.get(api);
    if (!offsets) continue;
    for (const at of offsets) {
      const end = at + api.length;
      const call: ApiCall = { api, start: at, end, func: enclosingFunction(fm, at) };
      // Include the argument list when the name is called.
      let j = end;
      while (j < text.length && (text[j] === ' ' || text[j] === '\t')) j++;
      if (text[j] === '(') {
        const node = fm.parsed.tree.rootNode.descendantForIndex(at, end);
        const callNode = node.parent && node.parent.type === 'call_expression' ? node.parent : null;
        if (callNode) call.end = callNode.endIndex;
      }
      fm.apiCalls.push(call);
    }
  }
  fm.apiCalls.sort((a, b) => a.start - b.start);
}

/** `_Py_IDENTIFIER(name)` declares a static `_Py_Identifier PyId_name`: a cached string per process. */
export function collectPyIdentifiers(fm: FileModel): void {
  const text = fm.source.text;
  const added: string[] = [];
  for (const c of fm.apiCalls) {
    if (c.api !== '_Py_IDENTIFIER' && c.api !== '_Py_static_string') continue;
    const m = /^\w+\s*\(\s*([A-Za-z_]\w*)\s*(?:,\s*("(?:[^"\\]|\\.)*"))?\s*\)\s*;?/.exec(text.slice(c.start, c.end + 2));
    if (!m) continue;
    const name = c.api === '_Py_IDENTIFIER' ? 'PyId_' + m[1] : m[1];
    const stmtEnd = text[c.end] === ';' ? c.end + 1 : c.end;
    fm.globals.push({
      name,
      file: fm,
      scope: c.func ? 'function' : 'file',
      func: c.func,
      storage: 'static',
      isConst: false,
      ctype: '_Py_Identifier',
      baseType: '_Py_Identifier',
      pointerDepth: 0,
      isPythonObject: true,
      declStart: c.start,
      declEnd: stmtEnd,
      siblings: 1,
      declaratorStart: c.start,
      declaratorEnd: stmtEnd,
      init: { start: c.start, end: c.end, text: m[2] ?? JSON.stringify(m[1]) },
      category: 'py-identifier',
      uses: [],
      fills: [],
      addressEscapes: [],
      inTemplate: inRegions(fm.templateRegions, c.start),
      conditional: false,
      guard: guardAt(fm.parsed.lex, c.start, text),
    });
    fm.globals[fm.globals.length - 1].conditional = fm.globals[fm.globals.length - 1].guard !== undefined;
    added.push(name);
  }
  if (added.length > 0) {
    for (const [k, v] of identifierOffsets(text, fm.parsed.gaps, new Set(added))) fm.identifierUses.set(k, v);
  }
}

