/**
 * Uses, fills and the category of each global (c-analyzer's taxonomy: a function-level
 * `static` is a global too).
 */
import type { SyntaxNode } from '../core/parse';
import type { Fill, FileModel, FunctionInfo, GlobalCategory, GlobalVar, Use, UseKind } from './types';
import { enclosingFunction } from './functions';
import { nextNonSpace, prevNonSpace } from './identifiers';
import { isZeroExpr, nodeText, stripCasts } from './cnodes';
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
 * The first use in a function that may change the data: a write, an `&g` that is not only read (a
 * `const` parameter of a known function), or an array passed as a pointer (`f(tab)`, `f(tab + 1)`, a
 * row `f(grid[i])`) to code not known to only read it. An element passed by value (`f(tab[i])`,
 * `f(s.field)`) is a read.
 */
export function mutatingUse(g: GlobalVar): GlobalVar['mutatedBy'] {
  let dims: number | undefined;
  for (const u of g.uses) {
    if (!u.func) continue;
    if (u.kind === 'write' || u.kind === 'member-write') return { use: u, how: 'write' };
    if (u.kind === 'address') {
      if (!addressOnlyRead(u)) return { use: u, how: 'address' };
    } else if (u.kind === 'read' && g.arrayLen !== undefined && !isStringTable(g)) {
      dims ??= arrayDims(g);
      if (arrayStoragePassed(u, dims)) return { use: u, how: 'passed' };
    }
  }
  return undefined;
}

/**
 * Functions whose pointer arguments at these positions are only read (`const` parameters);
 * `n+` means every argument from `n` on (format arguments).
 */
const READ_ONLY_ARGS: Map<string, (i: number) => boolean> = new Map(
  [
    'memcpy:1', 'memmove:1', 'memccpy:1', 'memcmp:0,1', 'memchr:0', 'bcmp:0,1',
    'strcpy:1', 'strncpy:1', 'strcat:1', 'strncat:1', 'strlcpy:1', 'strlcat:1', 'strdup:0', 'strndup:0',
    'strlen:0', 'strnlen:0', 'strcmp:0,1', 'strncmp:0,1', 'strcasecmp:0,1', 'strncasecmp:0,1', 'strcoll:0,1',
    'strchr:0', 'strrchr:0', 'strstr:0,1', 'strspn:0,1', 'strcspn:0,1', 'strpbrk:0,1',
    'atoi:0', 'atol:0', 'atoll:0', 'atof:0', 'strtol:0', 'strtoul:0', 'strtoll:0', 'strtoull:0', 'strtod:0', 'strtof:0',
    'printf:0+', 'fprintf:1+', 'sprintf:1+', 'snprintf:2+', 'puts:0', 'fputs:0', 'fwrite:0', 'sscanf:0,1',
    'PyOS_snprintf:2+', 'PyOS_stricmp:0,1', 'PyOS_strnicmp:0,1',
    'PyUnicode_FromString:0', 'PyUnicode_FromStringAndSize:0', 'PyUnicode_FromFormat:0+', 'PyUnicode_InternFromString:0',
    'PyUnicode_DecodeUTF8:0,2', 'PyUnicode_DecodeASCII:0,2', 'PyUnicode_DecodeLatin1:0,2',
    'PyBytes_FromString:0', 'PyBytes_FromStringAndSize:0', 'PyBytes_FromFormat:0+', 'PyByteArray_FromStringAndSize:0',
    'PyErr_SetString:1', 'PyErr_Format:1+', 'PyErr_WarnEx:1', 'PyErr_WarnFormat:2+', 'Py_BuildValue:0+',
    'PyModule_AddStringConstant:1,2', 'PyModule_AddIntConstant:1', 'PyModule_AddObject:1', 'PyModule_AddObjectRef:1',
    'PyObject_GetAttrString:1', 'PyObject_SetAttrString:1', 'PyObject_HasAttrString:1', 'PyDict_GetItemString:1',
    'PyDict_SetItemString:1', 'PyImport_ImportModule:0', 'PyErr_NewException:0', 'PyErr_NewExceptionWithDoc:0,1',
    // The keyword list (`char *kwlist[]`) is read only, whether given as `kwlist` or `&kwlist[0]`.
    'PyArg_ParseTuple:1', 'PyArg_ParseTupleAndKeywords:2,3', 'PyArg_VaParseTupleAndKeywords:2,3', 'PyCapsule_New:1', 'PyCapsule_Import:0', 'PyCapsule_GetPointer:1',
  ].map((spec) => {
    const [name, list] = spec.split(':');
    if (list.endsWith('+')) {
      const from = Number(list.slice(0, -1));
      return [name, (i: number) => i >= from];
    }
    const at = new Set(list.split(',').map(Number));
    return [name, (i: number) => at.has(i)];
  }),
);

/** Macros and argument parsers an array is given to without its data being written. */
const SIZE_ONLY = /^(sizeof|Py_ARRAY_LENGTH|_countof|ARRAY_SIZE)$/;
const ARG_PARSERS = /^(PyArg_ParseTupleAndKeywords|PyArg_ParseTuple|_PyArg_ParseTupleAndKeywordsFast|PyArg_VaParseTupleAndKeywords)$/;
const ARG_PARSER_CALL = /\b(PyArg_ParseTupleAndKeywords|PyArg_ParseTuple|_PyArg_ParseTupleAndKeywordsFast|PyArg_VaParseTupleAndKeywords)\s*\(/;

/** Array dimensions of the declarator (`int grid[4][4]` has 2), from the tree. */
function arrayDims(g: GlobalVar): number {
  let n: SyntaxNode | null = g.file.parsed.tree.rootNode.descendantForIndex(g.declaratorStart, g.declaratorEnd);
  let dims = 0;
  for (let guard = 0; n && guard < 50; guard++) {
    if (n.type === 'array_declarator') dims++;
    else if (!['init_declarator', 'pointer_declarator', 'parenthesized_declarator', 'attributed_declarator'].includes(n.type)) break;
    n = n.childForFieldName('declarator') ?? (n.type === 'parenthesized_declarator' || n.type === 'attributed_declarator' ? n.namedChildren[0] ?? null : null);
  }
  return Math.max(dims, 1);
}

const same = (a: SyntaxNode | null | undefined, b: SyntaxNode): boolean => !!a && a.startIndex === b.startIndex && a.endIndex === b.endIndex && a.type === b.type;

/**
 * The call and argument position the value of `node` is passed as, through parentheses, casts,
 * pointer arithmetic and `?:` branches; null when it is not an argument, 'unknown' in damaged code.
 */
function argumentOf(node: SyntaxNode, text: string): { fn: string; index: number } | null | 'unknown' {
  let x = node;
  for (let guard = 0; guard < 64; guard++) {
    const p = x.parent;
    if (!p) return null;
    switch (p.type) {
      case 'parenthesized_expression':
        break;
      case 'cast_expression':
        if (!same(p.childForFieldName('value'), x)) return null;
        break;
      case 'binary_expression': {
        const op = p.childForFieldName('operator');
        const o = op ? text.slice(op.startIndex, op.endIndex) : '';
        if (o !== '+' && o !== '-') return null;
        break;
      }
      case 'conditional_expression':
        if (same(p.childForFieldName('condition'), x)) return null;
        break;
      case 'argument_list': {
        const args = p.namedChildren.filter((c) => c.type !== 'comment');
        const index = args.findIndex((a) => same(a, x));
        const fnNode = p.parent?.childForFieldName('function');
        return { fn: fnNode ? text.slice(fnNode.startIndex, fnNode.endIndex) : '', index };
      }
      case 'ERROR':
        return 'unknown';
      default:
        return null;
    }
    x = p;
  }
  return null;
}

/** `&g` (or `&g[i]`, `&g.f`) given only to a parameter a known function reads. */
function addressOnlyRead(u: Use): boolean {
  const text = u.file.source.text;
  let x: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  if (x?.type !== 'identifier') return false;
  for (let guard = 0; x && guard < 32; guard++) {
    const p: SyntaxNode | null = x.parent;
    if (!p) return false;
    if (p.type === 'pointer_expression') {
      const op = p.childForFieldName('operator');
      if (!op || text.slice(op.startIndex, op.endIndex) !== '&') return false;
      const arg = argumentOf(p, text);
      if (arg === 'unknown') return kwlistByText(text, p.startIndex);
      return !!arg && arg.index >= 0 && !!READ_ONLY_ARGS.get(arg.fn)?.(arg.index);
    }
    if (p.type !== 'parenthesized_expression' && !(p.type === 'subscript_expression' && same(p.childForFieldName('argument'), x)) && p.type !== 'field_expression') return false;
    x = p;
  }
  return false;
}

/** The array's storage (not one element's value) is passed to a function that may write it. */
function arrayStoragePassed(u: Use, dims: number): boolean {
  const text = u.file.source.text;
  let x: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  if (x?.type !== 'identifier' || x.startIndex !== u.start) return passedAsArgument(text, u.start) && !moduleDefMacroArgument(u);
  // Indexing (or `*`) as many times as the array has dimensions gives an element, a value.
  let depth = 0;
  for (let guard = 0; guard < 32; guard++) {
    const p: SyntaxNode | null = x.parent;
    if (!p) break;
    if (p.type === 'parenthesized_expression') x = p;
    else if (p.type === 'subscript_expression' && same(p.childForFieldName('argument'), x)) {
      depth++;
      x = p;
    } else if (p.type === 'pointer_expression' && text[p.startIndex] === '*') {
      depth++;
      x = p;
    } else break;
    if (depth >= dims) return false;
  }
  if (x.parent?.type === 'field_expression') return false; // `tab->field`: a member's value
  const arg = argumentOf(x, text);
  if (arg === 'unknown') return passedAsArgument(text, u.start) && !moduleDefMacroArgument(u);
  if (!arg) return false;
  if (SIZE_ONLY.test(arg.fn)) return false;
  if (ARG_PARSERS.test(arg.fn)) return false; // a kwlist given to the argument parser
  if (moduleDefMacroArgument(u)) return false;
  return arg.index < 0 || !READ_ONLY_ARGS.get(arg.fn)?.(arg.index);
}

/**
 * An argument of a macro of the file (`MOD_DEF(m, "name", module___doc__, methods)`) whose body puts that
 * parameter only into the initializer of a PyModuleDef (its m_doc): CPython reads the module def's
 * fields and never writes them, and after conversion the same text is the def's static initializer.
 */
function moduleDefMacroArgument(u: Use): boolean {
  const text = u.file.source.text;
  let depth = 0;
  let index = 0;
  let i = u.start - 1;
  for (; i >= 0; i--) {
    const c = text[i];
    if (c === ')' || c === ']' || c === '}') depth++;
    else if (c === '(' || c === '[' || c === '{') {
      if (depth === 0) break;
      depth--;
    } else if (c === ',' && depth === 0) index++;
    else if (c === ';') return false;
  }
  if (i < 0 || text[i] !== '(') return false;
  const name = /([A-Za-z_]\w*)\s*$/.exec(text.slice(Math.max(0, i - 64), i))?.[1];
  const m = name ? u.file.macros.get(name) : undefined;
  const param = m?.params?.[index];
  if (!m || !param) return false;
  const init = /\bPyModuleDef\b[^=;{]*=\s*\{([^{}]*)\}/.exec(m.body);
  if (!init) return false;
  const elements = init[1].split(',').map((e) => e.trim());
  const inInit = elements.filter((e) => e === param).length;
  const all = (m.body.match(new RegExp(`\\b${param}\\b`, 'g')) ?? []).length;
  return inInit > 0 && inInit === all;
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
  return !kwlistByText(text, at);
}

/**
 * In code the parser could not read: whether the argument starting at `at` (after `(`, `,` or a
 * cast) is most likely a keyword list given to an argument parser called just before it.
 */
function kwlistByText(text: string, at: number): boolean {
  const before = text.slice(Math.max(0, at - 200), at).replace(/\(\s*(?:const\s+)?char\s*\*\s*(?:const\s*)?\*\s*\)\s*$/, '');
  return /[(,]\s*$/.test(before) && ARG_PARSER_CALL.test(before);
}

/**
 * Where a type name used by a declaration is defined in a file (`typedef ... name;`, a typedef'd
 * or tagged struct, union or enum): the span up to its closing `;`, or undefined.
 */
export function typeDefinitionSpan(f: FileModel, typeName: string): { start: number; end: number } | undefined {
  const text = f.source.text;
  const st = f.structs.get(typeName);
  if (st) {
    const semi = text.indexOf(';', st.end);
    return { start: st.start, end: semi === -1 ? st.end : semi + 1 };
  }
  const bare = typeName.replace(/^(struct|union|enum)\s+/, '');
  if (!/^[A-Za-z_]\w*$/.test(bare)) return undefined;
  const m = new RegExp(`\\btypedef\\b[^;{}]*(?:\\{[^]*?\\}[^;{}]*)?\\b${bare}\\b\\s*(?:\\)\\s*\\([^;]*)?;|\\b(?:struct|union|enum)\\s+${bare}\\s*\\{[^]*?\\}[^;]*;`).exec(text);
  return m ? { start: m.index, end: m.index + m[0].length } : undefined;
}

/** The type name a C declaration's type text rests on: `const FreeList *` -> `FreeList`, `struct node *` -> `struct node`. */
export function baseTypeName(ctype: string): string {
  return ctype.replace(/\*/g, ' ').replace(/\b(const|volatile|static|extern|unsigned|signed)\b/g, ' ').replace(/\s+/g, ' ').trim();
}
