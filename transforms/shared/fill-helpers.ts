/**
 * Cache-fill helpers: `static PyObject *exc = NULL; npy_cache_import("m", "AxisError", &exc);`.
 * The cache's address goes to a helper of the project that only tests `*arg` and fills it
 * (NumPy's npy_cache_import, and any helper of that shape). Such an address does not escape:
 * the state field's address (`&st->exc`) can be passed instead, and the field owns what the
 * helper stores there.
 */
import type { FunctionInfo, Use } from '../../src/model/types';
import type { TransformContext } from '../types';
import { nodeText, stripCasts } from '../../src/model/cnodes';
import { findAll } from '../../src/model/walk';
import type { SyntaxNode } from '../../src/core/tree-sitter';
import { isBorrowingApi } from './ownership';

export interface FillHelperUse {
  helper: FunctionInfo;
  /** The parameter the address goes to. */
  param: string;
  /** What the helper stores: a reference of its own ('strong') or a borrowed one ('none'). */
  owns: 'strong' | 'none';
}

/** The helper call `&name` is an argument of, when that helper only tests and fills `*param`. */
export function fillHelperOf(u: Use, ctx: TransformContext): FillHelperUse | undefined {
  if (u.kind !== 'address') return undefined;
  const root = u.file.parsed.tree.rootNode;
  const text = u.file.source.text;
  let node = root.descendantForIndex(u.start, u.end);
  // `&name` (possibly in parentheses or cast) as one whole argument.
  while (node.parent && ['pointer_expression', 'parenthesized_expression', 'cast_expression'].includes(node.parent.type)) node = node.parent;
  if (node.type !== 'pointer_expression' || !node.parent || node.parent.type !== 'argument_list') return undefined;
  if (stripCasts(nodeText(node, text)).replace(/\s+/g, '') !== `&${nodeText(root.descendantForIndex(u.start, u.end), text)}`) return undefined;
  const target = fillParamOf(node, text, ctx.ext.functionsByName);
  if (!target) return undefined;
  const owns = onlyTestsAndFills(target.helper, target.param, ctx.ext.functionsByName);
  return owns ? { helper: target.helper, param: target.param, owns } : undefined;
}

/** The helper and its `PyObject **` parameter that the whole argument `arg` of a call of a function of these files goes to. */
function fillParamOf(arg: SyntaxNode, text: string, functions: Map<string, FunctionInfo>): { helper: FunctionInfo; param: string } | undefined {
  const call = arg.parent?.parent;
  const fn = call?.type === 'call_expression' ? call.childForFieldName('function') : null;
  if (!call || !fn || fn.type !== 'identifier') return undefined;
  const index = arg.parent!.namedChildren.filter((a) => a.type !== 'comment').findIndex((a) => a.id === arg.id);
  const helper = functions.get(nodeText(fn, text));
  if (!helper || index < 0) return undefined;
  const param = helper.params[index];
  if (!param || !/\*\s*\*\s*$/.test(param.type) || !/^PyObject\b/.test(param.type)) return undefined;
  return { helper, param: param.name };
}

/**
 * C-API calls that take a reference of an argument, or drop or replace one: a cached object passed to them
 * is no mere read. `Py_CLEAR(*cache)` is not among them: it empties the cache, as a fill with NULL does.
 */
const TAKES_ARGUMENT = /^(?:Py(?:Tuple|List|StructSequence)_(?:SET_ITEM|SetItem)|PyModule_Add(?:Object)?|PyCell_SET|PyErr_Restore|PyErr_SetRaisedException|PyException_Set(?:Cause|Context|Traceback)|_PyTuple_Resize|_PyBytes_Resize|PyBytes_Concat(?:AndDel)?|PyUnicode_Append(?:AndDel)?|Py_X?(?:DECREF|SETREF)|Py_DecRef)$/;

/** A CPython API function that only borrows its object arguments for the call. */
function borrowsArguments(name: string): boolean {
  return /^_?Py[A-Za-z]*_\w+$/.test(name) && !TAKES_ARGUMENT.test(name);
}

const cache = new WeakMap<FunctionInfo, Map<string, 'strong' | 'none' | undefined>>();

/**
 * Every use of `p` in the helper's body is `*p` compared, assigned or read as a call's argument
 * (`PyDict_GetItem(*cache, key)`), or `p` itself handed whole to another helper of these files
 * that does the same with it (a keyword parser passing the cache on to the function that builds
 * it), with at least one assignment of a call (whose reference the cache then holds) on the
 * way; undefined when anything else happens to `p` (stored, indexed, freed).
 */
function onlyTestsAndFills(helper: FunctionInfo, p: string, functions: Map<string, FunctionInfo>): 'strong' | 'none' | undefined {
  let byParam = cache.get(helper);
  if (!byParam) cache.set(helper, (byParam = new Map()));
  if (byParam.has(p)) return byParam.get(p);
  byParam.set(p, undefined); // a helper that hands the pointer back to itself proves nothing
  const result = analyze(helper, p, functions);
  byParam.set(p, result);
  return result;
}

function analyze(helper: FunctionInfo, p: string, functions: Map<string, FunctionInfo>): 'strong' | 'none' | undefined {
  const body = helper.node.childForFieldName('body');
  if (!body) return undefined;
  const text = helper.file.source.text;
  let strong = 0;
  let borrowed = 0;
  for (const id of findAll(body, new Set(['identifier']))) {
    if (nodeText(id, text) !== p) continue;
    if (id.parent?.type === 'argument_list') {
      const next = fillParamOf(id, text, functions);
      const owns = next && onlyTestsAndFills(next.helper, next.param, functions);
      if (!owns) return undefined;
      if (owns === 'strong') strong++;
      else borrowed++;
      continue;
    }
    const deref = id.parent;
    if (!deref || deref.type !== 'pointer_expression' || text[deref.startIndex] !== '*') return undefined;
    let outer = deref;
    while (outer.parent && outer.parent.type === 'parenthesized_expression') outer = outer.parent;
    const parent = outer.parent;
    if (!parent) return undefined;
    if (parent.type === 'assignment_expression' && parent.childForFieldName('left')?.id === outer.id) {
      if (nodeText(parent, text).slice(outer.endIndex - parent.startIndex).trimStart()[0] !== '=') return undefined; // `*p += ...`
      const right = parent.childForFieldName('right');
      const m = right ? /^([A-Za-z_]\w*)\s*\(/.exec(stripCasts(nodeText(right, text))) : null;
      if (!m) {
        if (right && /^(NULL|0)$/.test(stripCasts(nodeText(right, text)))) continue;
        return undefined;
      }
      if (isBorrowingApi(m[1])) borrowed++;
      else strong++;
      continue;
    }
    const isTest =
      (parent.type === 'binary_expression' && ['==', '!='].includes(parent.childForFieldName('operator')?.type ?? '')) ||
      (parent.type === 'unary_expression' && text[parent.startIndex] === '!') ||
      parent.type === 'condition_clause' ||
      // Read: the cached object is an argument of a C-API call that borrows it (`PyDict_GetItem(*cache, key)`).
      (parent.type === 'argument_list' && parent.parent?.type === 'call_expression' && borrowsArguments(nodeText(parent.parent.childForFieldName('function') ?? parent, text))) ||
      (parent.type === 'argument_list' && /^(NPY_UNLIKELY|NPY_LIKELY|Py_UNLIKELY|Py_LIKELY|likely|unlikely)$/.test(nodeText(parent.parent?.childForFieldName('function') ?? parent, text)));
    if (!isTest) return undefined;
  }
  if (strong + borrowed === 0 || (strong > 0 && borrowed > 0)) return undefined;
  return strong > 0 ? 'strong' : 'none';
}
