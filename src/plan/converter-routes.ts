/**
 * PyArg "O&" converters that need the state: how the argument parser can pass it on (an adapter and
 * a struct of the state and the output), or why it cannot, and what the user can change.
 */
import type { ExtensionModel, FileModel, FunctionInfo } from '../model/types';
import { isHeaderPath } from '../core/parse';
import type { SyntaxNode } from '../core/parse';
import { enclosingFunction, inBody } from '../model/functions';
import { errorValue, sameType } from './helper-signature';

/**
 * A PyArg "O&" converter that takes the state as a parameter: the parser calls an adapter
 * (`<conv>_with_state(PyObject *, void *)`) instead, given `&(<conv>_arg){st, <address>}`, which
 * passes the state on. The parser calls it exactly where and how it called the converter (same
 * object, same order, the cleanup call of a Py_CLEANUP_SUPPORTED converter with the same address),
 * so no error or its order changes.
 */
export interface ConverterRoute {
  /** The converter's output pointer type (its second parameter). */
  outType: string;
  sites: ConverterSite[];
}

export interface ConverterSite {
  file: FileModel;
  caller: FunctionInfo;
  /** The converter's name in the parser's arguments, and the whole address argument after it. */
  nameAt: number;
  addrStart: number;
  addrEnd: number;
}

/**
 * What makes a PyArg "O&" converter reach the state without changing when the parser calls it
 * (parsing with "O" and converting afterwards would change which error wins when two arguments
 * are bad, and skip the cleanup call of a Py_CLEANUP_SUPPORTED converter).
 */
export function converterStep(conv: { name: string; parser: string; caller: string }): string {
  return `make ${conv.name}() a static function of the file that parses with it, of the form int (PyObject *, T *), defined above every PyArg_ParseTuple(), PyArg_ParseTupleAndKeywords() or PyArg_Parse() call that passes it (as ${conv.parser}() does in ${conv.caller}()) and passed nowhere else: the tool then gives it the state through its address argument (a struct of the state and the output, and an adapter the parser calls), which keeps when and in which order the parser converts`;
}

/** A function whose address a PyArg_Parse* call takes as an "O&" converter. */
export interface ArgConverter {
  name: string;
  /** The parsing call (`PyArg_ParseTupleAndKeywords`) and the function it is in. */
  parser: string;
  caller: string;
}

/** The parsers whose variable arguments pair an "O&" converter with the address after it. */
const CONVERTER_PARSERS = /^PyArg_(?:ParseTuple|ParseTupleAndKeywords|Parse)$/;

/**
 * How the argument parser can pass the state to converter `f` (see ConverterRoute), or why it
 * cannot: every use of its name that is not a call must be a converter argument of a
 * PyArg_ParseTuple(AndKeywords)/PyArg_Parse call in a function of its file, after its definition
 * (the adapter goes right below it), followed by the address argument.
 */
export function converterRoute(ext: ExtensionModel, f: FunctionInfo, valueUses: number[]): ConverterRoute | string {
  if (!f.isStatic || isHeaderPath(f.file.path) || /\.inc(\.src)?$/.test(f.file.path)) return 'it is not a static function of a .c file';
  const [obj, out] = f.params;
  if (f.params.length !== 2 || !obj.name || !out.name || !sameType(obj.type, 'PyObject *') || !/^(?:const\s+)?(?:struct\s+)?\w+(?:\s*\*\s*(?:const\s*)?)+$/.test(out.type.trim()) || errorValue(f.returnType) !== '-1') return 'its signature is not int (PyObject *, T *)';
  const fm = f.file;
  for (const n of [`${f.name}_with_state`, `${f.name}_arg`]) if (ext.files.some((x) => x.allIdentifiers.has(n))) return `the name ${n} is taken`;
  const sites: ConverterSite[] = [];
  for (const at of valueUses) {
    let n: SyntaxNode | null = fm.parsed.tree.rootNode.descendantForIndex(at, at + f.name.length);
    if (!n || n.type !== 'identifier') return 'a use of its name is not a plain identifier';
    while (n.parent && (n.parent.type === 'cast_expression' || n.parent.type === 'parenthesized_expression' || n.parent.type === 'pointer_expression')) n = n.parent;
    const list = n.parent?.type === 'argument_list' ? n.parent : null;
    const call = list?.parent?.type === 'call_expression' ? list.parent : null;
    const callee = call?.childForFieldName('function');
    const parser = callee ? fm.source.text.slice(callee.startIndex, callee.endIndex) : '';
    if (!list || !CONVERTER_PARSERS.test(parser)) return 'its address is also used elsewhere than as a converter of PyArg_ParseTuple(), PyArg_ParseTupleAndKeywords() or PyArg_Parse()';
    const args = list.namedChildren.filter((c) => c.type !== 'comment');
    const k = args.findIndex((c) => c.startIndex === n!.startIndex && c.endIndex === n!.endIndex);
    const addr = k === -1 ? undefined : args[k + 1];
    const caller = inBody(enclosingFunction(fm, at), at);
    if (!addr || !caller) return `its use in ${parser}() has no address argument after it`;
    if (at < f.end) return `${parser}() in ${caller.name}() comes before its definition`;
    sites.push({ file: fm, caller, nameAt: at, addrStart: addr.startIndex, addrEnd: addr.endIndex });
  }
  return { outType: out.type.trim(), sites };
}

/** `static int conv_with_state(PyObject *o, void *arg) { conv_arg *a = (conv_arg *)arg; return conv(a->st, o, a->out); }`, as a run writes it. */
export function isConverterAdapter(f: FunctionInfo): boolean {
  if (!f.name.endsWith('_with_state') || f.params.length !== 2) return false;
  const base = f.name.slice(0, -'_with_state'.length);
  const body = f.file.source.text.slice(f.bodyStart, f.bodyEnd).replace(/\/\*[^]*?\*\//g, ' ');
  return new RegExp(`^\\{\\s*${base}_arg\\s*\\*\\s*(\\w+)\\s*=\\s*\\(\\s*${base}_arg\\s*\\*\\s*\\)\\s*${f.params[1].name}\\s*;\\s*return\\s+${base}\\s*\\(\\s*\\1->st\\s*,\\s*${f.params[0].name}\\s*,\\s*\\1->out\\s*\\)\\s*;\\s*\\}$`).test(body);
}
