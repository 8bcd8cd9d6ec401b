/**
 * Shared by the transforms that move something into the module state: the edits that make each
 * use read `st-><field>` instead (whether every use can reach the state is use-problems.ts).
 */
import type { FileModel, FunctionInfo, MacroDef, PasteChain, Use } from '../../src/model/types';
import type { SyntaxNode } from '../../src/core/parse';
import type { TransformContext } from '../types';
import { macroUsers as extMacroUsers } from '../../src/model/macro-users';
import { enclosingFunction, inBody } from '../../src/model/functions';
import { macroAt, usesOf } from '../../src/model/macro-users';
import { macroUseGuard, useGuard } from '../../src/plan/use-guards';
import { INCREF_CALL } from './ownership';

export function macroUsers(file: FileModel, macro: MacroDef, ctx: TransformContext): { funcs: FunctionInfo[]; outside: number } {
  void file;
  return extMacroUsers(ctx.ext, macro.name);
}

/**
 * Rewrites every use of a global to `st-><field>` (macro bodies included) and registers the state
 * needs. `st` is the function's state variable (StatePlan.stateVar; in a macro body, the macro's
 * parameter); `holder`: another variable that holds the field (a per-interpreter cache).
 */
export function rewriteUses(uses: Use[], name: string, field: string, ctx: TransformContext, memberArrow = false, holder?: string): void {
  const done = new Set<string>();
  for (const u of uses) {
    if (u.kind === 'decl') continue;
    if (u.pasted) {
      // `str_##S` in the macro's body reads `st->str_##S` (once for every name it forms).
      let rewritten = rewrittenChains.get(ctx);
      if (!rewritten) rewrittenChains.set(ctx, (rewritten = new Set()));
      if (!rewritten.has(u.pasted)) ctx.insert(u.file, u.pasted.start, 'st->');
      rewritten.add(u.pasted);
      needStateFor(u, ctx);
      continue;
    }
    const key = `${u.file.path}:${u.start}`;
    if (done.has(key)) continue;
    done.add(key);
    let end = u.end;
    const via = holder ?? (u.func && !u.inMacro ? ctx.plan.stateVar(u.func) : 'st');
    let text = `${via}->${field}`;
    if (memberArrow && u.kind === 'member') {
      // `Type.tp_x` -> `st->Type->tp_x`
      const dot = u.file.source.text.indexOf('.', u.end);
      end = dot + 1;
      text = `${via}->${field}->`;
    } else if (memberArrow && u.kind === 'address') {
      // `&Type` -> `st->Type`; `Py_DECREF(&Type)` on an error path of exec -> `Py_CLEAR(st->Type)` (see below).
      const src = u.file.source.text;
      const amp = src.lastIndexOf('&', u.start);
      const before = /\bPy_X?DECREF\s*\(\s*$/.exec(src.slice(Math.max(0, amp - 24), amp));
      if (before && /^\s*\)/.test(src.slice(u.end, u.end + 8)) && u.func === ctx.plan.execFunction && !balancesFailedAdd(u, name, true) && onErrorPath(u)) {
        ctx.replace(u.file, amp - before[0].length, u.end, `Py_CLEAR(${text}`);
      } else ctx.replace(u.file, amp, u.end, text);
      needStateFor(u, ctx, holder);
      continue;
    } else if (memberArrow && u.kind === 'read') {
      // The type by value (a macro argument the body uses as `t.tp_alloc(&t, 0)`, `sizeof(Type)`):
      // the object the field points to, an lvalue like the static was.
      text = `(*${via}->${field})`;
    }
    // `Py_DECREF(G);` / `Py_XDECREF(G);` on a state field would leave it dangling for m_clear:
    // Py_CLEAR drops the same reference and NULLs the field. Except where it drops the extra
    // reference a failed PyModule_AddObject did not take: the field keeps its own.
    if (!memberArrow) {
      const src = u.file.source.text;
      const before = /\bPy_X?DECREF\s*\(\s*$/.exec(src.slice(Math.max(0, u.start - 24), u.start));
      if (before && /^\s*\)/.test(src.slice(u.end, u.end + 8)) && !balancesFailedAdd(u, name, false)) {
        ctx.replace(u.file, u.start - before[0].length, u.end, `Py_CLEAR(${text}`);
        needStateFor(u, ctx, holder);
        continue;
      }
    }
    ctx.replace(u.file, u.start, end, text);
    needStateFor(u, ctx, holder);
  }
}

/**
 * `Py_INCREF(G); if (PyModule_AddObject(m, "G", G) < 0) { Py_DECREF(G); ... }`: the first drop of G
 * in the failure branch gives back the extra reference that PyModule_AddObject did not steal (for a
 * global without the Py_INCREF, globals-to-state inserts one). The state keeps its own reference,
 * and m_free drops it: this drop stays a Py_DECREF.
 */
function balancesFailedAdd(u: Use, name: string, needIncref: boolean): boolean {
  const text = u.file.source.text;
  let stmt: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  while (stmt && stmt.type !== 'expression_statement') stmt = stmt.parent;
  const ifs = stmt?.parent?.type === 'compound_statement' ? stmt.parent.parent : stmt?.parent;
  if (!stmt || !ifs || ifs.type !== 'if_statement') return false;
  const cons = ifs.childForFieldName('consequence');
  const cond = ifs.childForFieldName('condition');
  if (!cons || !cond || stmt.startIndex < cons.startIndex || stmt.endIndex > cons.endIndex) return false;
  const ref = `(?:\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&?\\s*${name}`;
  if (!new RegExp(`\\bPyModule_AddObject\\s*\\([^;]*,\\s*${ref}\\s*\\)`).test(text.slice(cond.startIndex, cond.endIndex))) return false;
  if (new RegExp(`\\bPy_(?:X?DECREF|CLEAR)\\s*\\(\\s*${ref}\\s*\\)`).test(text.slice(cons.startIndex, stmt.startIndex))) return false;
  const lead = text.slice(Math.max(0, ifs.startIndex - 300), ifs.startIndex);
  if (new RegExp(`\\b${INCREF_CALL}\\s*\\(\\s*${ref}\\s*\\)\\s*;\\s*$`).test(lead)) return true;
  // `if (G == NULL || PyModule_AddObject(m, "G", G) < 0) { Py_XDECREF(G); ... } Py_INCREF(G);`: no
  // extra reference before the add (none is inserted either: the code takes its own after it), so
  // this drop is the field's only reference: it must not stay in the state.
  if (new RegExp(`^\\s*${INCREF_CALL}\\s*\\(\\s*${ref}\\s*\\)\\s*;`).test(text.slice(ifs.endIndex, ifs.endIndex + 300).replace(/\/\*[^]*?\*\//g, (c) => ' '.repeat(c.length)))) return false;
  return !needIncref;
}

/** The statement is in a block that leaves the function (an error exit: `{ Py_DECREF(&T); return NULL; }`). */
function onErrorPath(u: Use): boolean {
  let stmt: SyntaxNode | null = u.file.parsed.tree.rootNode.descendantForIndex(u.start, u.end);
  while (stmt && stmt.type !== 'expression_statement') stmt = stmt.parent;
  const block = stmt?.parent;
  if (!stmt || !block || block.type !== 'compound_statement' || block.parent?.type === 'function_definition') return false;
  const rest = u.file.source.text.slice(stmt.endIndex, block.endIndex);
  // A statement macro that returns (`INITERROR;`) is blank in the parse view: the text says it.
  return /\b(return|goto)\b/.test(rest) || /\b[A-Z_][A-Z0-9_]{2,}\s*;\s*\}$/.test(rest);
}

const rewrittenChains = new WeakMap<TransformContext, Set<PasteChain>>();

function needStateFor(u: Use, ctx: TransformContext, holder?: string): void {
  if (holder !== undefined) return; // another holder (a per-interpreter cache) declares itself
  if (u.func) {
    // A use under `#ifdef X` inside the function: `st` is needed only where X is defined.
    ctx.stateIn(u.func, useGuard(u.file, u.start, u.func));
    return;
  }
  if (u.inMacro) {
    const macro = macroAt(u.file, u.start);
    if (macro) for (const f of macroUsers(u.file, macro, ctx).funcs) if (!expansionsReplaced(f, macro.name, ctx)) ctx.stateIn(f, macroUseGuard(macro, u.file, f));
  }
}

/**
 * Every expansion of `macro` in f's body is inside text an edit already replaced (a type check of a
 * teardown slot's own object that now names Py_TYPE(self)): f no longer expands it.
 */
function expansionsReplaced(f: FunctionInfo, macro: string, ctx: TransformContext): boolean {
  const at = usesOf(f.file, macro).filter((x) => x > f.bodyStart && x < f.bodyEnd);
  return at.length > 0 && at.every((x) => ctx.edits.some((e) => e.file === f.file.path && e.start <= x && e.end > x && !e.text.includes(macro)));
}

/** The state variable where `at` is: its function's (StatePlan.stateVar), else `st` (a macro's parameter). */
export function stateVarAt(ctx: TransformContext, file: FileModel, at: number): string {
  const f = inBody(enclosingFunction(file, at), at);
  return f ? ctx.plan.stateVar(f) : 'st';
}

/** `line 12` in the same file, `other.c:12` elsewhere. */
export function useLocation(file: FileModel, at: number, home: FileModel): string {
  const line = file.source.position(at).line;
  return file === home ? `line ${line}` : `${file.path.replace(/^.*[\\/]/, '')}:${line}`;
}
