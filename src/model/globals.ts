/**
 * Uses, fills and the category of each global (c-analyzer's taxonomy: a function-level
 * `static` is a global too).
 */
import type { SyntaxNode } from '../core/parse';
import type { Fill, FileModel, GlobalCategory, GlobalVar, Use, UseKind } from './types';
import { enclosingFunction } from './functions';
import { isOffsetofMember, nextNonSpace, prevNonSpace } from './identifiers';
import { isZeroExpr, nodeText, stripCasts } from './cnodes';
import { directiveAt } from '../core/lex';
import { mutatingUse } from './mutating-uses';
import { namesDeclaredIn } from './declared-names';

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

/**
 * How the identifier at `start..end` is used. `isBinaryAmp(p)` says, from the tree, whether the `&` at
 * `p` before it is a bitwise and (`5UL & mask[i]`) rather than address-of; without it every such `&`
 * counts as address-of.
 */
export function useKindAt(text: string, start: number, end: number, isBinaryAmp?: (p: number) => boolean): UseKind {
  const p = prevNonSpace(text, start);
  if (p >= 0 && text[p] === '&' && text[p - 1] !== '&' && !isBinaryAmp?.(p)) return 'address';
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
    // Its twin in another #if branch (`#if X static char *kw[] = {...}; #else static char *kw[] = {...}; #endif`).
    if (own && fm.globals.some((o) => o !== g && o.name === g.name && o.func === g.func && at >= o.declaratorStart && at < o.declaratorEnd)) continue;
    if (/#\s*define\s+$/.test(text.slice(Math.max(0, at - 40), at))) continue; // a macro of that name
    if (fm.externDecls.some((d) => at >= d.declStart && at < d.declEnd)) continue; // `extern T g;`
    if (text[at - 1] === '.' || (text[at - 1] === '>' && text[at - 2] === '-')) continue; // a struct field of that name
    if (isOffsetofMember(text, at)) continue; // `offsetof(T, g)`: a field of that name
    // A member of that name declared in a struct (`typedef struct { PyObject *Error; } mod_state;`).
    if (fm.parsed.tree.rootNode.descendantForIndex(at, end).type === 'field_identifier') continue;
    const func = enclosingFunction(fm, at);
    if (g.scope === 'function') {
      if (func !== g.func) continue;
    } else if (func && namesDeclaredIn(func).has(g.name)) {
      continue; // shadowed by a local or parameter
    }
    const inMacro = !func && inDirectiveLine(fm, at);
    const kind: UseKind = useKindAt(text, at, end, (p) => isBinaryOperator(fm, p));
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

/** The operator token at `p` is the operator of a binary expression (`a & b`), per the tree. */
function isBinaryOperator(fm: FileModel, p: number): boolean {
  const tok = fm.parsed.tree.rootNode.descendantForIndex(p, p + 1);
  return tok.startIndex === p && tok.parent?.type === 'binary_expression' && tok.parent.childForFieldName('operator')?.startIndex === p;
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
  const value = nodeText(chainedNull(right, text) ?? right, text);
  return { ...use, exprStart: p.startIndex, exprEnd: p.endIndex, value, api: calledApi(value) };
}

/**
 * The NULL at the end of a chained store (`a = b = c = NULL;`, a lazy import's reset): each name
 * of the chain is set to it. Undefined for any other right side (a chain ending in an object would
 * hand one reference to several names).
 */
function chainedNull(right: SyntaxNode, text: string): SyntaxNode | undefined {
  const plain = (n: SyntaxNode): boolean => {
    const op = n.childForFieldName('operator');
    return !!op && nodeText(op, text) === '=';
  };
  let r: SyntaxNode | null = right;
  while (r && r.type === 'assignment_expression' && plain(r)) r = r.childForFieldName('right');
  if (!r || r === right) return undefined;
  return isZeroExpr(nodeText(r, text)) ? r : undefined;
}

export function classifyGlobal(fm: FileModel, g: GlobalVar): void {
  classifyByUse(fm, g);
  // A C table or C data handed to PyCapsule_New in its file (a Python object's address there is an
  // escape instead). Here, so that classifying again after linking (a non-static global) keeps it.
  if (!g.isPythonObject && fm.capsuleExports.some((c) => c.table === g.name)) g.category = 'capsule-table';
}

function classifyByUse(fm: FileModel, g: GlobalVar): void {
  const text = fm.source.text;
  const declText = text.slice(g.declStart, g.declEnd);
  g.isPythonObject = g.isPythonObject || isPythonObjectType(fm, g.baseType, g.pointerDepth);
  if (SYNC_TYPES.has(g.baseType) || /\b(_Thread_local|__thread|thread_local)\b/.test(declText.slice(0, declText.indexOf(g.name)))) {
    g.category = 'sync';
    return;
  }
  if (TABLE_TYPES.has(g.baseType) && g.pointerDepth === 0) {
    g.category = g.subStruct ? 'sub-struct' : 'python-table';
    // A table changed at run time (`def.m_methods = ...`, `slots[i].pfunc = ...`) is shared C data.
    const written = g.uses.find((u) => u.func && (u.kind === 'write' || u.kind === 'member-write'));
    if (written) {
      g.mutatedBy = { use: written, how: 'write' };
      g.category = 'mutable-c';
    }
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
  g.mutatedBy = mutatingUse(g);
  g.category = g.mutatedBy ? 'mutable-c' : 'const-c';
}

/**
 * Where a type name used by a declaration is defined in a file (`typedef ... name;`, a typedef'd
 * or tagged struct, union or enum): the span up to its closing `;`, or undefined.
 */
export function typeDefinitionSpan(f: FileModel, typeName: string): { start: number; end: number } | undefined {
  // Asked for every file of an extension about the type of every global: one search per file and name.
  let known = typeSpans.get(f);
  if (!known) typeSpans.set(f, (known = new Map()));
  if (known.has(typeName)) return known.get(typeName);
  const span = findTypeDefinition(f, typeName);
  known.set(typeName, span);
  return span;
}

const typeSpans = new WeakMap<FileModel, Map<string, { start: number; end: number } | undefined>>();

function findTypeDefinition(f: FileModel, typeName: string): { start: number; end: number } | undefined {
  const text = f.source.text;
  const st = f.structs.get(typeName);
  if (st) {
    const semi = text.indexOf(';', st.end);
    return { start: st.start, end: semi === -1 ? st.end : semi + 1 };
  }
  const bare = typeName.replace(/^(struct|union|enum)\s+/, '');
  if (!/^[A-Za-z_]\w*$/.test(bare) || !text.includes(bare)) return undefined;
  const m = new RegExp(`\\btypedef\\b[^;{}]*(?:\\{[^]*?\\}[^;{}]*)?\\b${bare}\\b\\s*(?:\\)\\s*\\([^;]*)?;|\\b(?:struct|union|enum)\\s+${bare}\\s*\\{[^]*?\\}[^;]*;`).exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

/** The type name a C declaration's type text rests on: `const FreeList *` -> `FreeList`, `struct node *` -> `struct node`. */
export function baseTypeName(ctype: string): string {
  return ctype.replace(/\*/g, ' ').replace(/\b(const|volatile|static|extern|unsigned|signed)\b/g, ' ').replace(/\s+/g, ' ').trim();
}
