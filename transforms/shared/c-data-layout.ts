/**
 * Whether C data can be written as a state field and started in exec: its type declared above where the
 * state struct goes, its array lengths, its initializer (zero, a scalar, or an aggregate copied from a
 * `static const` template).
 */
import type { ExtensionModel, FileModel, FunctionInfo, GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { isHeaderPath } from '../../src/core/parse';
import { guardAt, impliedBy } from '../../src/core/conditions';
import { branchesAt, definitionsOf } from '../../src/core/lex';
import { typeDefinitionSpan } from '../../src/model/globals';
import { isPythonHeaderType } from '../../src/core/python-header-types';

/** C scalar types every file knows (from the C and Python headers). */
const BUILTIN = /^(?:(?:unsigned|signed|short|long|const|volatile)\s+)*(?:void|char|short|int|long|float|double|_Bool|bool|size_t|ssize_t|ptrdiff_t|intptr_t|uintptr_t|u?int(?:8|16|32|64)_t|sig_atomic_t|Py_ssize_t|Py_hash_t|Py_UCS[124]|Py_uintptr_t|Py_intptr_t|PY_LONG_LONG|unsigned|signed)$/;

/**
 * An array length the state struct can repeat: a name or a constant expression of numbers and
 * names (`ERR_MAX - ERR_MIN + 1`) whose macros a .c file of the extension defines, if at all,
 * before its first function (the state struct goes above the first function that needs it).
 */
export function stateArrayLength(len: string, ext: ExtensionModel): boolean {
  if (/^\w+$/.test(len)) return true;
  if (!/^[\w\s+\-*/()]+$/.test(len) || !/\w/.test(len)) return false;
  for (const name of len.match(/[A-Za-z_]\w*/g) ?? []) {
    for (const f of ext.files) {
      if (isHeaderPath(f.path)) continue;
      const def = definitionsOf(f.parsed.lex, name)[0];
      if (!def) continue;
      const firstFn = f.functions.reduce((m, fn) => Math.min(m, fn.declStart), Infinity);
      if (def.start > firstFn) return false;
    }
  }
  return true;
}

/** An initializer the state can start from: nothing, or zero (module state is zero-filled). */
export function zeroInit(text: string): boolean {
  return /^\s*(?:0|0[uUlL]*|0\.0f?|NULL|false|\(\s*\w+\s*\*?\s*\)\s*(?:0|NULL)|\{\s*(?:0|NULL)?\s*\})\s*$/.test(text);
}

/** A scalar initializer exec can assign (`= 1`, `= -1`, `= -1.0`, `= 1e-9`, `= hash_generic`, `= MY_DEFAULT`). */
export function scalarInit(text: string): boolean {
  return /^\s*[-+]?\s*(?:\w+|(?:\d+\.\d*|\.\d+)(?:[eE][-+]?\d+)?[fFlL]?|\d+[eE][-+]?\d+[fFlL]?|'(?:[^'\\]|\\.)+')\s*$/.test(text) && !/^\s*\{/.test(text);
}

/**
 * A type defined in a .c file after the file's first function or prototype: the state struct goes
 * above the first function that needs it, so it could come before the type.
 */
export function lateType(g: GlobalVar, ext: ExtensionModel): string | undefined {
  if (BUILTIN.test(g.baseType.trim()) || (/^(struct|union|enum)\s/.test(g.baseType) && g.pointerDepth > 0)) return undefined;
  for (const f of ext.files) {
    if (isHeaderPath(f.path)) continue;
    const span = typeDefinitionSpan(f, g.baseType);
    if (!span) continue;
    if (span.end > firstStateUserCandidate(f, ext)) return f.path.replace(/^.*[\\/]/, '');
  }
  return undefined;
}

/**
 * The `#include <...>` inside an #if block above `g` (pyinstrument's `<windows.h>` under
 * `#if defined(MS_WINDOWS)`, before `static LARGE_INTEGER ctrStart;`), when g's type is no builtin and
 * no file of the extension declares it: the type presumably comes from that header. Not a type that
 * Python.h itself declares (scandir's `static newfunc structseq_new;`, py-lmdb's `static pid_t
 * _cached_pid;`): those are known wherever the state struct goes.
 */
export function conditionalSystemHeader(g: GlobalVar, ext: ExtensionModel): string | undefined {
  const base = g.baseType.replace(/\b(const|volatile)\b/g, '').trim();
  if (BUILTIN.test(base) || /^(struct|union|enum)\s/.test(base) || /^_?Py/.test(base) || isPythonHeaderType(base)) return undefined;
  if (ext.files.some((f) => typeDefinitionSpan(f, g.baseType))) return undefined;
  const lx = g.file.parsed.lex;
  const inc = lx.directives.find((d) => d.kind === 'include' && d.start < g.declStart && /^\s*</.test(d.rest) && branchesAt(lx, d.start).length > 0);
  if (!inc) return undefined;
  const header = inc.rest.trim().replace(/\s.*$/, '');
  // The header included under the field's own condition above every place the state struct may go
  // (pyinstrument's <windows.h> for a QueryPerformanceCounter origin, once the file includes it at the
  // top as this finding asks): the field, written under that condition, sees the type.
  const stateAt = firstStateUserCandidate(g.file, ext);
  // (Its #if block must end above that place: the state struct cannot go inside it.)
  const around = new Set(Number.isFinite(stateAt) ? branchesAt(lx, stateAt) : []);
  const includedUnder = (at: number): boolean => {
    const c = guardAt(lx, at);
    return !!c && impliedBy(c, g.guard) && !branchesAt(lx, at).some((b) => around.has(b));
  };
  const seen = lx.directives.some((d) => d.kind === 'include' && d.start < stateAt && d.rest.trim().replace(/\s.*$/, '') === header && (branchesAt(lx, d.start).length === 0 || includedUnder(d.start)));
  return seen ? undefined : header;
}

/**
 * The earliest place in `f` that may need the state struct: a function (or its prototype) that uses
 * one of the extension's Python-object or written globals and statics, or a static type: what may
 * move into the state.
 * The state block goes below a typedef that ends above it (emit's blockPoint), so a type defined
 * after the code that never touches module state (a type's own methods, pybcj) is no obstacle.
 */
function firstStateUserCandidate(f: FileModel, ext: ExtensionModel): number {
  const users = new Set<FunctionInfo>();
  // Constants and read-only tables stay where they are: their users need no state.
  const movable = ext.globals.filter((g) => !g.isConst && (g.isPythonObject || g.objectGuess || g.mutatedBy !== undefined));
  for (const g of movable) for (const u of g.uses) if (u.func && u.file === f) users.add(u.func);
  for (const g of movable) if (g.scope === 'function' && g.func && g.func.file === f) users.add(g.func);
  for (const t of ext.types) for (const u of t.uses) if (u.func && u.file === f) users.add(u.func);
  let first = Infinity;
  for (const fn of users) {
    first = Math.min(first, fn.declStart);
    const proto = f.prototypes.get(fn.name);
    if (proto) first = Math.min(first, proto.start);
  }
  return first;
}

/**
 * The lengths of an array's dimensions as its declarator writes them (`[4][256]` gives 4 and 256;
 * a table of tables is plain C in a struct too), or undefined for anything but a name followed by
 * lengths (a pointer to an array, a function pointer: those need a typedef to be a field).
 */
export function arrayDims(g: GlobalVar): string[] | undefined {
  if (g.arrayLen === undefined) return undefined;
  const declarator = g.file.source.text.slice(g.declaratorStart, g.declaratorEnd).replace(/=[^]*$/, '');
  const m = /^\s*\**\s*(?:const\s+)?\w+\s*((?:\[[^[\]]*\]\s*)+)$/.exec(declarator);
  if (!m) return undefined;
  const dims = [...m[1].matchAll(/\[([^[\]]*)\]/g)].map((d) => d[1].trim());
  return dims.every((d) => d !== '') ? dims : undefined;
}

/**
 * Why exec cannot copy `g`'s aggregate initializer (`{ Alloc, Free }`, a table's values) from a
 * `static const` template left in the declaration's place, or undefined when it can: the template
 * keeps the original's text (its names are visible there by construction), so exec must see it
 * (same file, below it), and `const` must make the whole object read-only.
 */
export function templateProblem(g: GlobalVar, ctx: TransformContext): string | undefined {
  if (!/^\s*\{/.test(g.init!.text)) return 'the state cannot start from';
  if (g.scope !== 'file' || g.siblings > 1) return 'can be copied from a template only when it is declared alone at file scope';
  if (g.pointerDepth > 0) return 'can be copied only from a template of its own type, and const would not cover its pointers';
  if (/[{}]/.test(g.baseType)) return 'has a type without a name, so a template of it would be another type';
  if (!new RegExp(`^\\s*${g.name}\\b`).test(g.file.source.text.slice(g.declaratorStart, g.declaratorEnd))) return 'can be copied only from a template whose declarator starts with its name';
  const exec = ctx.plan.execFunction ?? ctx.ext.init?.func;
  if (!exec || exec.file !== g.file || exec.declStart < g.declEnd) return "can be copied only from a template the module's init sees (in its file, above it)";
  if (new RegExp(`\\b${g.name}\\b`).test(g.init!.text.replace(/"(?:[^"\\]|\\.)*"/g, '""'))) return 'refers to itself';
  return undefined;
}

/**
 * The name of the `static const` template an aggregate initializer stays in: `<name>_initial`,
 * or with a number when a file of the extension (its headers included) uses that name already.
 */
export function templateName(g: GlobalVar, ext: ExtensionModel): string {
  for (let i = 0; ; i++) {
    const name = `${g.name}_initial${i === 0 ? '' : i + 1}`;
    const word = new RegExp(`\\b${name}\\b`);
    if (!ext.files.some((f) => word.test(f.source.text))) return name;
  }
}
