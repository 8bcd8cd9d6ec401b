/**
 * Uses, fills and the category of each global (c-analyzer's taxonomy: a function-level
 * `static` is a global too).
 */
import type { SyntaxNode } from '../core/parse';
import type { Fill, FileModel, FunctionInfo, GlobalCategory, GlobalVar, Use, UseKind } from './types';
import { enclosingFunction } from './functions';
import { nextNonSpace, prevNonSpace } from './identifiers';
import { nodeText, stripCasts } from './cnodes';
import { directiveAt } from '../core/lex';

/** `Py...` types that are plain C structs, not Python objects. */
const C_STRUCTS = new Set([
  'PyMethodDef', 'PyMemberDef', 'PyGetSetDef', 'PyModuleDef', 'PyModuleDef_Slot', 'PyType_Spec', 'PyType_Slot', 'PyBufferProcs',
  'PyNumberMethods', 'PySequenceMethods', 'PyMappingMethods', 'PyAsyncMethods', 'PyStructSequence_Desc', 'PyStructSequence_Field',
  'PyThreadState', 'PyInterpreterState', 'PyGILState_STATE', 'PyThread_type_lock', 'PyMutex', 'PyCompilerFlags', 'PyConfig',
  'PyPreConfig', 'PyStatus', 'PyWideStringList', 'PyMemAllocatorEx', 'PyObjectArenaAllocator', 'PyCapsule_Destructor',
  'PyArray_ArrFuncs', 'PyArray_Dims', 'PyArray_Chunk', 'PyArray_DatetimeMetaData', 'PyArray_ArrayDescr', 'PyArrayMethod_Spec',
  'PyUFuncGenericFunction', 'PyArray_VectorUnaryFunc', 'PyDataMem_Handler', 'Py_buffer', 'PyHash_FuncDef', 'PyCodeAddressRange',
]);

const SYNC_TYPES = new Set(['PyThread_type_lock', 'PyMutex', 'pthread_mutex_t', 'Py_tss_t', 'PyThread_type_sema', 'pthread_key_t', 'CRITICAL_SECTION', 'SRWLOCK']);
const TABLE_TYPES = new Set([
  'PyMethodDef', 'PyMemberDef', 'PyGetSetDef', 'PyType_Slot', 'PyType_Spec', 'PyModuleDef', 'PyModuleDef_Slot',
  'PyStructSequence_Desc', 'PyStructSequence_Field', 'PyNumberMethods', 'PySequenceMethods', 'PyMappingMethods',
  'PyAsyncMethods', 'PyBufferProcs', '_PyArg_Parser',
]);

/** Which API's result was assigned, mapped to a category. */
const FILL_CATEGORIES: [RegExp, GlobalCategory][] = [
  [/^PyErr_NewException(WithDoc)?$/, 'exception'],
  [/^(PyUnicode_InternFromString|PyUnicode_FromString|PyUnicode_FromStringAndSize|PyBytes_FromString|PyUnicode_DecodeASCII|PyUnicode_FromOrdinal)$/, 'interned-string'],
  [/^(PyImport_ImportModule|PyImport_Import|PyImport_ImportModuleNoBlock|PyImport_ImportModuleLevel|PyImport_ImportModuleLevelObject|PyImport_AddModule)$/, 'imported-module'],
  [/^(PyObject_GetAttrString|PyObject_GetAttr|_PyImport_GetModuleAttrString|PyImport_ImportModuleAttrString|PyImport_ImportModuleAttr|PyDict_GetItemString)$/, 'imported-attribute'],
  [/^(PyType_FromSpec|PyType_FromSpecWithBases|PyType_FromModuleAndSpec|PyType_FromMetaclass|PyStructSequence_NewType)$/, 'cached-type'],
  [/^(PyLong_From\w+|PyFloat_From\w+|Py_BuildValue|PyTuple_Pack|PyTuple_New|PyBytes_FromStringAndSize|PyUnicode_FromFormat|PyComplex_From\w+|PyBool_FromLong|PyFrozenSet_New)$/, 'constant-object'],
  [/^(PyModule_Create2?|PyState_FindModule|PyModule_New|PyModule_NewObject)$/, 'module-object'],
  [/^PyCapsule_Import$/, 'capsule-consumer'],
];

export function isPythonObjectType(fm: FileModel, baseType: string, pointerDepth: number): boolean {
  if (pointerDepth < 1) return false;
  if (baseType === 'PyObject' || baseType === 'PyTypeObject' || baseType === 'PyVarObject') return true;
  if (/^Py[A-Z]\w*Object$/.test(baseType)) return true;
  const s = fm.structs.get(baseType) ?? fm.structs.get('struct ' + baseType);
  if (s?.isPyObject) return true;
  return /Object$/.test(baseType) && !/^(void|char|int|long)$/.test(baseType);
}

/** Statement-level nodes that can hold declarations; expressions are never entered. */
const HOLDS_DECLARATIONS = new Set([
  'compound_statement', 'if_statement', 'else_clause', 'for_statement', 'while_statement', 'do_statement', 'switch_statement',
  'case_statement', 'labeled_statement', 'preproc_if', 'preproc_ifdef', 'preproc_else', 'preproc_elif', 'preproc_elifdef',
]);

/** Names declared in a function (parameters and locals), computed once per function. */
const declaredNames = new WeakMap<FunctionInfo, Set<string>>();
export function namesDeclaredIn(f: FunctionInfo): Set<string> {
  let names = declaredNames.get(f);
  if (names) return names;
  names = new Set(f.params.map((p) => p.name));
  const text = f.file.source.text;
  const body = f.node.childForFieldName('body');
  if (body) {
    // The cursor's own properties avoid building a node object per visited node.
    const cursor = body.walk();
    let depth = 0;
    for (;;) {
      const type = cursor.nodeType;
      if (type === 'declaration') {
        for (const d of cursor.currentNode.childrenForFieldName('declarator')) {
          let x: SyntaxNode | null = d;
          while (x && x.type !== 'identifier') x = x.childForFieldName('declarator') ?? (x.type === 'parenthesized_declarator' ? x.namedChildren[0] : null);
          // Function-level statics count too: they shadow a file-scope global of that name.
          if (x) names.add(nodeText(x, text));
        }
      }
      if ((depth === 0 || HOLDS_DECLARATIONS.has(type)) && cursor.gotoFirstChild()) {
        depth++;
        continue;
      }
      let done = false;
      while (!cursor.gotoNextSibling()) {
        if (depth === 0 || !cursor.gotoParent()) {
          done = true;
          break;
        }
        depth--;
        if (depth === 0) {
          done = true;
          break;
        }
      }
      if (done) break;
    }
  }
  declaredNames.set(f, names);
  return names;
}

export function useKindAt(text: string, start: number, end: number): UseKind {
  const p = prevNonSpace(text, start);
  if (p >= 0 && text[p] === '&' && text[p - 1] !== '&') return 'address';
  if (p >= 1 && ((text[p] === '+' && text[p - 1] === '+') || (text[p] === '-' && text[p - 1] === '-'))) return 'write';
  const q = nextNonSpace(text, end);
  const c = text[q];
  const c2 = text[q + 1];
  if (c === '=' && c2 !== '=') return 'write';
  if ((c === '+' && c2 === '+') || (c === '-' && c2 === '-')) return 'write';
  if ('+-*/%&|^'.includes(c) && c2 === '=') return 'write';
  if ((c === '<' && c2 === '<' && text[q + 2] === '=') || (c === '>' && c2 === '>' && text[q + 2] === '=')) return 'write';
  if (c === '(') return 'call';
  if (c === '.' || (c === '-' && c2 === '>') || c === '[') {
    // `buf[i] = x`, `stats.calls += 1`, `list[i].size--`: the data is written through the access.
    const r = afterAccessChain(text, q);
    const written = (text[r] === '=' && text[r + 1] !== '=') || ('+-*/%&|^'.includes(text[r]) && text[r + 1] === '=') ||
      (text[r] === '+' && text[r + 1] === '+') || (text[r] === '-' && text[r + 1] === '-') ||
      ((text[r] === '<' || text[r] === '>') && text[r + 1] === text[r] && text[r + 2] === '=');
    if (written) return c === '[' ? 'write' : 'member-write';
    return c === '[' ? 'read' : 'member';
  }
  return 'read';
}

/** Offset after `.a`, `->b` and `[...]` accessors starting at `i`. */
function afterAccessChain(text: string, i: number): number {
  let j = i;
  for (let guard = 0; guard < 32; guard++) {
    j = nextNonSpace(text, j);
    if (text[j] === '.' && /[A-Za-z_]/.test(text[j + 1] ?? '')) {
      j++;
      while (/\w/.test(text[j] ?? '')) j++;
    } else if (text[j] === '-' && text[j + 1] === '>') {
      j = nextNonSpace(text, j + 2);
      while (/\w/.test(text[j] ?? '')) j++;
    } else if (text[j] === '[') {
      let depth = 0;
      for (; j < text.length && j < i + 800; j++) {
        if (text[j] === '[') depth++;
        else if (text[j] === ']' && --depth === 0) break;
      }
      j++;
    } else break;
  }
  return nextNonSpace(text, j);
}

export function inDirectiveLine(fm: FileModel, offset: number): boolean {
  return directiveAt(fm.parsed.lex, offset)?.kind === 'define';
}

export function collectUses(fm: FileModel, g: GlobalVar): void {
  collectUsesIn(fm, g);
  if (g.init && !/^\s*(0|NULL)\s*$/.test(g.init.text) && g.init.text.trim() !== '') {
    const api = calledApi(g.init.text);
    g.fills.unshift({ file: fm, start: g.declaratorStart, end: g.declaratorEnd, kind: 'write', func: g.func, exprStart: g.init.start, exprEnd: g.init.end, value: g.init.text, api });
  }
}

/** Uses of `g` in file `fm` (its own file, or another file of the extension for non-static globals). */
export function collectUsesIn(fm: FileModel, g: GlobalVar): void {
  const text = fm.source.text;
  const offsets = fm.identifierUses.get(g.name) ?? [];
  const own = fm === g.file;
  for (const at of offsets) {
    const end = at + g.name.length;
    if (own && at >= g.declaratorStart && at < g.declaratorEnd) continue; // the declaration itself
    if (/#\s*define\s+$/.test(text.slice(Math.max(0, at - 40), at))) continue; // a macro of that name
    if (fm.externDecls.some((d) => at >= d.declStart && at < d.declEnd)) continue; // `extern T g;`
    if (text[at - 1] === '.' || (text[at - 1] === '>' && text[at - 2] === '-')) continue; // a struct field of that name
    const func = enclosingFunction(fm, at);
    if (g.scope === 'function') {
      if (func !== g.func) continue;
    } else if (func && namesDeclaredIn(func).has(g.name)) {
      continue; // shadowed by a local or parameter
    }
    const inMacro = !func && inDirectiveLine(fm, at);
    const kind: UseKind = useKindAt(text, at, end);
    const use: Use = { file: fm, start: at, end, kind, func };
    if (inMacro) use.inMacro = true;
    g.uses.push(use);
    if (kind === 'write') {
      const fill = fillAt(fm, use);
      if (fill) g.fills.push(fill);
    } else if (kind === 'address' && func) {
      if (!isHarmlessAddressUse(text, at)) g.addressEscapes.push(use);
    }
  }
}

/** `sizeof(&x)` or `&x == y` comparisons do not let the address escape. */
function isHarmlessAddressUse(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 12), at);
  return /sizeof\s*\(\s*&\s*$/.test(before);
}

/** The API a value expression calls first, casts stripped: `(PyTypeObject *)PyType_FromSpec(...)` -> PyType_FromSpec. */
export function calledApi(value: string): string | undefined {
  const v = stripCasts(value.trim());
  const m = /^([A-Za-z_]\w*)\s*\(/.exec(v);
  return m ? m[1] : undefined;
}

function fillAt(fm: FileModel, use: Use): Fill | undefined {
  const text = fm.source.text;
  const node = fm.parsed.tree.rootNode.descendantForIndex(use.start, use.end);
  let p: SyntaxNode | null = node;
  // Up to the assignment whose left side is this identifier (possibly parenthesized or cast).
  while (p && p.type !== 'assignment_expression' && p.type !== 'update_expression' && p.type !== 'expression_statement' && p.type !== 'compound_statement') p = p.parent;
  if (!p || p.type !== 'assignment_expression') {
    return { ...use, exprStart: use.start, exprEnd: use.end, value: '' };
  }
  const left = p.childForFieldName('left');
  const right = p.childForFieldName('right');
  if (!left || !right || left.startIndex > use.start || left.endIndex < use.end) return { ...use, exprStart: p.startIndex, exprEnd: p.endIndex, value: '' };
  const value = nodeText(right, text);
  return { ...use, exprStart: p.startIndex, exprEnd: p.endIndex, value, api: calledApi(value) };
}

export function classifyGlobal(fm: FileModel, g: GlobalVar): void {
  const text = fm.source.text;
  const declText = text.slice(g.declStart, g.declEnd);
  g.isPythonObject = g.isPythonObject || isPythonObjectType(fm, g.baseType, g.pointerDepth);
  if (SYNC_TYPES.has(g.baseType) || /\b(_Thread_local|__thread|thread_local)\b/.test(declText.slice(0, declText.indexOf(g.name)))) {
    g.category = 'sync';
    return;
  }
  if (TABLE_TYPES.has(g.baseType) && g.pointerDepth === 0) {
    g.category = g.subStruct ? 'sub-struct' : 'python-table';
    return;
  }
  if (g.fills.some((f) => f.api === 'PyCapsule_Import')) {
    g.category = 'capsule-consumer'; // reported by capsule-api-to-state
    return;
  }
  if (g.isPythonObject) {
    const apis = g.fills.map((f) => f.api).filter((a): a is string => !!a);
    g.category = 'object';
    for (const api of apis) {
      const hit = FILL_CATEGORIES.find(([re]) => re.test(api));
      if (hit) {
        g.category = hit[1];
        break;
      }
    }
    if (g.category === 'object' && g.baseType === 'PyTypeObject') g.category = 'cached-type';
    if (g.category === 'object' && g.fills.some((f) => /PyUnicode_InternInPlace/.test(text.slice(f.exprEnd, f.exprEnd + 60)))) g.category = 'interned-string';
    return;
  }
  if (!g.isConst && g.pointerDepth === 1 && g.arrayLen === undefined && /^Py[A-Z]/.test(g.baseType) && !C_STRUCTS.has(g.baseType)) {
    // `PyArray_Descr *`, `PyArray_DTypeMeta *`: by name a Python object of another library.
    g.objectGuess = true;
    g.category = 'object';
    return;
  }
  if (g.isConst || (g.name.endsWith('_loaded_once') && /pyext-isolate/.test(text.slice(Math.max(0, g.declStart - 200), g.declStart)))) {
    g.category = 'const-c'; // const, or pyext-isolate's own load-once guard
    return;
  }
  // C data: mutable when written in a function, or when its address or (for arrays) its storage escapes.
  const written = g.uses.some((u) => u.func && (u.kind === 'write' || u.kind === 'address' || u.kind === 'member-write'));
  const arrayPassed = g.arrayLen !== undefined && !isStringTable(g) && g.uses.some((u) => u.func && u.kind === 'read' && passedAsArgument(text, u.start));
  g.category = written || arrayPassed ? 'mutable-c' : 'const-c';
}

/** `static char *kwlist[] = {"a", "b", NULL};`: only literals, never written. */
function isStringTable(g: GlobalVar): boolean {
  return !!g.init && /^\{\s*(?:"(?:[^"\\]|\\.)*"\s*,?\s*|NULL\s*,?\s*|0\s*,?\s*)*\}$/.test(g.init.text.replace(/\/\*[\s\S]*?\*\//g, ''));
}

function passedAsArgument(text: string, at: number): boolean {
  const p = prevNonSpace(text, at);
  if (text[p] !== '(' && text[p] !== ',') return false;
  // `sizeof(buf)` and `Py_ARRAY_LENGTH(buf)` only read its size.
  const before = text.slice(Math.max(0, p - 20), p + 1);
  if (/(sizeof|Py_ARRAY_LENGTH|_countof)\s*\($/.test(before)) return false;
  if (/\b(PyArg_ParseTupleAndKeywords|PyArg_ParseTuple|_PyArg_ParseTupleAndKeywordsFast)\s*\(/.test(text.slice(Math.max(0, at - 200), at))) {
    return false; // a kwlist given to the argument parser
  }
  return true;
}
