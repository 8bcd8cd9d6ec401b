/**
 * Whether a C data global is changed at run time: written, its address passed to code not known
 * to only read through it (const parameters of libc and CPython functions, argument parsers'
 * keyword lists), or an array's storage passed on.
 */
import type { SyntaxNode } from '../core/parse';
import type { GlobalVar, Use } from './types';
import { prevNonSpace } from './identifiers';

/**
 * The first use in a function that may change the data: a write, an `&g` that is not only read (a
 * `const` parameter of a known function), or an array passed as a pointer (`f(tab)`, `f(tab + 1)`, a
 * row `f(grid[i])`) to code not known to only read it. An element passed by value (`f(tab[i])`,
 * `f(s.field)`) is a read.
 */
export function mutatingUse(g: GlobalVar): GlobalVar['mutatedBy'] {
  let dims: number | undefined;
  // A macro body writes at run time wherever the macro is expanded (`#define COUNT() (hits++)`):
  // named when no function's own use says so first.
  let macroWrite: GlobalVar['mutatedBy'];
  for (const u of g.uses) {
    if (u.inMacro && (u.kind === 'write' || u.kind === 'member-write')) macroWrite ??= { use: u, how: 'write' };
    if (!u.func) continue;
    if (u.kind === 'write' || u.kind === 'member-write') return { use: u, how: 'write' };
    if (u.kind === 'address') {
      if (!addressOnlyRead(u)) return { use: u, how: 'address' };
    } else if (u.kind === 'read' && g.arrayLen !== undefined && !isStringTable(g)) {
      dims ??= arrayDims(g);
      if (arrayStoragePassed(u, dims)) return { use: u, how: 'passed' };
    }
  }
  return macroWrite;
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
