/**
 * A struct sequence type kept as a static `PyTypeObject X;` that the init fills with
 * `PyStructSequence_InitType(&X, &desc)` (or `InitType2`), often behind a process-wide
 * `static bool initialized` so that a second import does not fill it again. Per module it is
 * `PyStructSequence_NewType(&desc)` (a heap type on every supported version, 3.9-3.13) kept in
 * the state; every `&X` reads the field, and the guard goes: each module fills its own (also a
 * guard on the type's own `tp_name`, whose block then runs for every module).
 * The `PyStructSequence_Desc` stays a C table: NewType copies what it needs from it.
 */
import type { SyntaxNode } from '../../src/core/parse';
import type { ExtensionModel, FileModel, FunctionInfo, GlobalVar, Use } from '../../src/model/types';
import { isInert } from '../../src/core/lex';

const INIT_TYPE = /^PyStructSequence_InitType2?$/;

export interface StructSequenceFill {
  g: GlobalVar;
  func: FunctionInfo;
  /** The file of the fill (a type declared in a header is filled in a .c file). */
  file: FileModel;
  /** The `&X` that is the call's first argument. */
  use: Use;
  /** The desc argument as written (`&desc`). */
  desc: string;
  /** What is replaced, and how: a statement of its own, or `InitType2(...) < 0` in a condition. */
  form: 'statement' | 'condition';
  start: number;
  end: number;
  /** `if (!flag) { fill; flag = 1; }` around it: the whole `if` goes, and the flag with it. */
  guard?: { flag: GlobalVar; start: number; end: number };
  /** For the condition form: the `if` statement whose condition it is. */
  ifStatement?: SyntaxNode;
  /**
   * `if (X.tp_name == 0) { <the fill>; ... }`: the type guards its own fill once per process. Per
   * module the type is always new, so the `if (...)` head goes and its block stays; `use` is the
   * guard's read of the type, which goes with it.
   */
  nameGuard?: { start: number; end: number; use: Use };
}

/** The fill of `g` when it is such a type, else why it cannot be read as one (or undefined: not one). */
export function structSequenceFill(g: GlobalVar, ext: ExtensionModel): StructSequenceFill | { problem: string } | undefined {
  if (g.scope !== 'file' || g.baseType !== 'PyTypeObject' || g.pointerDepth !== 0 || g.arrayLen !== undefined || g.init) return undefined;
  const calls = g.uses.map((u) => ({ u, call: initTypeCall(u) })).filter((x) => x.call);
  if (calls.length === 0) return undefined;
  if (calls.length > 1) return { problem: `it is filled by ${calls.length} PyStructSequence_InitType calls` };
  const { u, call } = calls[0];
  const func = u.func;
  if (!func || u.inMacro) return { problem: 'it is filled outside a function body the tool reads' };
  const text = u.file.source.text;
  const args = call!.childForFieldName('arguments')!.namedChildren;
  if (args.length !== 2) return { problem: 'its PyStructSequence_InitType call does not have two arguments' };
  const desc = text.slice(args[1].startIndex, args[1].endIndex);
  const api = text.slice(call!.childForFieldName('function')!.startIndex, call!.childForFieldName('function')!.endIndex);
  let form: StructSequenceFill['form'];
  let start: number;
  let end: number;
  const parent = call!.parent!;
  if (parent.type === 'expression_statement') {
    form = 'statement';
    start = parent.startIndex;
    end = parent.endIndex;
  } else if (api === 'PyStructSequence_InitType2') {
    // `if (InitType2(&X, &d) < 0)`, `!= 0`, `== -1`, or the call alone as the condition.
    const cmp = parent.type === 'binary_expression' ? text.slice(call!.endIndex, parent.endIndex).replace(/\s+/g, '') : '';
    const inCondition = (n: SyntaxNode): boolean => n.parent?.type === 'parenthesized_expression' && n.parent.parent?.type === 'if_statement';
    if (parent.type === 'binary_expression' && /^(<0|!=0|==-1)$/.test(cmp) && parent.childForFieldName('left')?.id === call!.id && inCondition(parent)) {
      form = 'condition';
      start = parent.startIndex;
      end = parent.endIndex;
    } else if (inCondition(call!)) {
      form = 'condition';
      start = call!.startIndex;
      end = call!.endIndex;
    } else return { problem: `the result of ${api}() is used in a way the tool does not rewrite` };
  } else return { problem: `the result of ${api}() is used in a way the tool does not rewrite` };
  const fill: StructSequenceFill = { g, func, file: u.file, use: u, desc, form, start, end };
  if (form === 'condition') {
    let n: SyntaxNode | null = call!;
    while (n && n.type !== 'if_statement') n = n.parent;
    fill.ifStatement = n!;
  }
  if (form === 'statement') {
    const guard = onceGuard(parent, g, u.file, ext);
    if (guard) fill.guard = guard;
  }
  const nameGuard = tpNameGuard(form === 'statement' ? parent : fill.ifStatement!, g, u.file);
  if (nameGuard) fill.nameGuard = nameGuard;
  // Every other use takes the address (`&X`, `(PyObject *)&X`) or reads a member: a pointer serves.
  return fill;
}

/** `PyStructSequence_InitType(&X, ...)` whose first argument is the use `u`. */
function initTypeCall(u: Use): SyntaxNode | undefined {
  if (u.kind !== 'address' || !u.func) return undefined;
  let n: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  while (n && n.type !== 'pointer_expression') n = n.parent;
  const args = n?.parent;
  const call = args?.parent;
  if (!n || args?.type !== 'argument_list' || call?.type !== 'call_expression') return undefined;
  if (args.namedChildren[0]?.id !== n.id) return undefined;
  const fn = call.childForFieldName('function');
  if (!fn || !INIT_TYPE.test(u.file.source.text.slice(fn.startIndex, fn.endIndex))) return undefined;
  return call;
}

/**
 * `if (!flag) { <the fill>; flag = true; }` where `flag` is a file-scope static used nowhere else:
 * a once-per-process guard, which per module has nothing left to guard.
 */
function onceGuard(stmt: SyntaxNode, g: GlobalVar, file: FileModel, ext: ExtensionModel): StructSequenceFill['guard'] | undefined {
  const block = stmt.parent;
  const ifs = block?.type === 'compound_statement' ? block.parent : undefined;
  if (!block || !ifs || ifs.type !== 'if_statement' || ifs.childForFieldName('alternative')) return undefined;
  const text = file.source.text;
  const cond = ifs.childForFieldName('condition');
  const m = cond && /^\(\s*!\s*([A-Za-z_]\w*)\s*\)$/.exec(text.slice(cond.startIndex, cond.endIndex));
  if (!m) return undefined;
  const flag = ext.globals.find((x) => x.name === m[1] && x.file === file && x.scope === 'file' && x.storage === 'static' && x.pointerDepth === 0 && !x.isPythonObject);
  if (!flag) return undefined;
  const others = block.namedChildren.filter((c) => c.id !== stmt.id && c.type !== 'comment');
  if (others.length !== 1 || !new RegExp(`^${flag.name}\\s*=\\s*(true|1)\\s*;$`).test(text.slice(others[0].startIndex, others[0].endIndex))) return undefined;
  const uses = flag.uses.filter((x) => x.kind !== 'decl');
  if (uses.length !== 2 || !uses.every((x) => x.start > ifs.startIndex && x.end < ifs.endIndex && !x.inMacro)) return undefined;
  return { flag, start: ifs.startIndex, end: ifs.endIndex };
}

/**
 * `if (X.tp_name == 0)` (`== NULL`, `!X.tp_name`) with no else, whose block holds the fill `stmt`
 * directly: its head, up to the block's `{`, and the one use of `g` in it.
 */
function tpNameGuard(stmt: SyntaxNode, g: GlobalVar, file: FileModel): StructSequenceFill['nameGuard'] | undefined {
  const block = stmt.parent;
  const ifs = block?.type === 'compound_statement' ? block.parent : undefined;
  if (!block || !ifs || ifs.type !== 'if_statement' || ifs.childForFieldName('alternative') || ifs.childForFieldName('consequence')?.id !== block.id) return undefined;
  const cond = ifs.childForFieldName('condition');
  if (!cond) return undefined;
  const text = file.source.text;
  const guard = new RegExp(`^\\(\\s*(?:!\\s*${g.name}\\s*\\.\\s*tp_name|${g.name}\\s*\\.\\s*tp_name\\s*==\\s*(?:0|NULL))\\s*\\)$`);
  if (!guard.test(text.slice(cond.startIndex, cond.endIndex))) return undefined;
  const inside = g.uses.filter((u) => u.file === file && u.start >= cond.startIndex && u.end <= cond.endIndex);
  if (inside.length !== 1 || inside[0].inMacro) return undefined;
  return { start: ifs.startIndex, end: block.startIndex, use: inside[0] };
}

/** The flag is the once-guard of a struct sequence fill that moves per module. */
export function guardsStructSequence(flag: GlobalVar, ext: ExtensionModel): GlobalVar | undefined {
  for (const g of ext.globals) {
    const f = structSequenceFill(g, ext);
    if (f && 'g' in f && f.guard?.flag === flag) return g;
  }
  return undefined;
}

/**
 * A use the parse puts in a function it is not in: counted lexically from the function's `{`, the
 * braces close that function before the use (a parse that lost a brace reads the functions after it
 * as part of one: python-systemd's Reader_init swallowed Reader_get_monotonic). The state would be
 * looked up in the wrong function, and the use would name an undeclared `st`.
 */
export function outsideItsFunction(u: Use): boolean {
  const f = u.func;
  if (!f || u.inMacro) return false;
  const text = u.file.source.text;
  const lx = u.file.parsed.lex;
  const directives = lx.directives.filter((d) => d.end > f.bodyStart && d.start < u.start);
  let depth = 0;
  for (let i = f.bodyStart; i < u.start; i++) {
    const ch = text.charCodeAt(i);
    if (ch !== 123 && ch !== 125) continue;
    if (isInert(lx, i) || directives.some((d) => i >= d.start && i < d.end)) continue;
    depth += ch === 123 ? 1 : -1;
    if (depth <= 0) return true;
  }
  return false;
}
