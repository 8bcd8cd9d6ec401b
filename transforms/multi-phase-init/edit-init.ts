/**
 * The planned init edits written: the head becomes the exec's, the body's edits, and the new
 * `PyInit_<name>` returning `PyModuleDef_Init` after it.
 */
import type { FileModel, InitInfo } from '../../src/model/types';
import { statementRemoval, spanOf } from '../../src/plan/text-util';
import type { TransformContext } from '../types';
import { styled } from '../../src/plan/code-style';
import type { InitCandidate } from './init-candidate';
import { versionGroupsInHead, versionGroupOpenedAboveHead } from './head-version-groups';

export function editInit(c: InitCandidate, ctx: TransformContext): void {
  const plan = c.plan;
  if (!plan) return;
  const { file, init } = c;
  const fn = init.func;
  const text = file.source.text;
  // Header: `PyMODINIT_FUNC PyInit_x(void)` -> `static int x_exec(PyObject *m)`, layout kept.
  const typeNode = fn.node.childForFieldName('type');
  const hm = fn.headerMacro;
  let exportLines = '';
  if (hm) {
    // `MOD_INIT(x)` is the whole header: it becomes `static int` and the exec's name and parameters.
    ctx.plan.execHeader = { start: hm.start, end: hm.end, prefix: `static int${file.source.eol}` };
  } else if (typeNode) {
    // The return type ends at the declarator; pointer stars of `PyObject *make(void)` go too.
    const declarator = fn.node.childForFieldName('declarator');
    const nameNode = findName(fn, text);
    // A Python-version #if that picks the name (`PyInit_x(void)` / `#else` / `initx(void)`) is part of
    // the head: the exec's head replaces it whole, as a rewritten type initializer drops its Python 2 head.
    const found = nameNode ? versionGroupsInHead(file, fn) : undefined;
    const around = found && !('why' in found) ? found : undefined;
    const headStart = around ? Math.min(around.start, fn.declStart) : fn.declStart;
    ctx.replace(file, headStart, nameNode?.start ?? typeNode.endIndex, (around?.directives ?? '') + (declarator && nameNode && text.slice(typeNode.endIndex, nameNode.start).includes('\n') ? 'static int\n'.replace('\n', file.source.eol) : 'static int '));
    // `#ifdef _MSC_VER / __declspec(dllexport) / #endif` right above the head exports PyInit: it
    // goes with PyInit (on the static exec, MSVC refuses dllexport).
    const block = exportBlockBefore(file, headStart);
    if (block) {
      ctx.replace(file, block.start, headStart, '');
      exportLines = text.slice(block.start, headStart).replace(/\r\n/g, '\n');
    }
    // The rest of the group goes: after the `)`, or after the `{` when the branches hold it.
    // (Whole lines from the compiled branch's end, so what goes at the body's first line is kept.)
    // The body's first statements in the compiled branch stay: the branches after it and the #endif go.
    if (around?.codeAfterBrace) ctx.replace(file, around.codeAfterBrace.deadAfter, file.source.lineEndIncludingEol(around.end - 1), '');
    else if (around?.braceInside) ctx.replace(file, file.source.lineStart(fn.bodyStart + 1) === file.source.lineStart(fn.bodyStart) ? file.source.lineEndIncludingEol(fn.bodyStart) : fn.bodyStart + 1, file.source.lineEndIncludingEol(around.end - 1), '');
    else if (around && around.end > fn.paramsEnd + 1) ctx.replace(file, fn.paramsEnd + 1, around.end, '');
    // A #if opened above the head with other code closes above the exec's head instead.
    const enclosing = !around && nameNode ? versionGroupOpenedAboveHead(file, fn) : undefined;
    if (enclosing) {
      ctx.insert(file, file.source.lineStart(fn.declStart), enclosing.endif + file.source.eol, 0);
      ctx.replace(file, enclosing.deadFrom, enclosing.deadTo, '');
    }
  }
  // The name and parameters (`PyInit_x(void)` -> `x_exec(PyObject *m)`) are the emitter's: only
  // it knows, after every transform, whether the body still uses the module.
  if (!hm) ctx.plan.execHeader = { start: findName(fn, text)!.start, end: fn.paramsEnd + 1, prefix: '' };
  for (const r of plan.removals) ctx.replace(file, r.start, r.end, '');
  // A module global that globals-to-state removes is not set: its readers get the module another way.
  const keptInGlobal = c.execParam !== undefined && ctx.ext.globals.some((g) => g.name === c.moduleVar && g.scope === 'file' && ctx.movingGlobals.has(g));
  for (const r of plan.replacements) {
    if (keptInGlobal && r.text === `${c.moduleVar} = ${c.execParam};`) ctx.replace(file, ...spanOf(statementRemoval(file.source, r.start, r.end)), '');
    else ctx.replace(file, r.start, r.end, r.text);
  }
  for (const r of plan.helperDrops.edits) ctx.replace(r.file, r.start, r.end, r.text);
  ctx.plan.execFunction = fn;
  ctx.plan.execParam = c.execParam ?? c.moduleVar;
  const def = ctx.ext.moduleDef!;
  if (init.entry) {
    // The helper became the exec function (declared with the slots): its old prototype would be
    // a static declared and never defined.
    const proto = file.prototypes.get(fn.name);
    if (proto && proto.start < fn.declStart) ctx.replace(file, ...spanOf(statementRemoval(file.source, proto.start, proto.end)), '');
    // PyInit already just returns the helper's result: it now returns PyModuleDef_Init.
    const e = init.entry;
    const ret = /return\s+[A-Za-z_]\w*\s*\(\s*(?:void)?\s*\)\s*;/.exec(text.slice(e.bodyStart, e.bodyEnd))!;
    ctx.replace(e.file, e.bodyStart + ret.index, e.bodyStart + ret.index + ret[0].length, `return PyModuleDef_Init(&${def.name});`);
    return;
  }
  // The new PyInit goes right after the exec function, under the name it had: a macro that
  // expands to PyInit_<name> (`#define init_function PyInit_x`) keeps naming it.
  // Export macros in front of the head (`SEQ_EXPORT PyMODINIT_FUNC PyInit_x(void)`) stay on PyInit: the
  // exec is static, and a visibility attribute on it would be ignored with a warning.
  const exported = !hm && fn.declStart < fn.node.startIndex ? text.slice(fn.declStart, fn.node.startIndex).replace(/\r\n/g, '\n') : '';
  const header = `${exportLines}${hm ? text.slice(hm.start, hm.end) : `${exported}PyMODINIT_FUNC\n${fn.name}(void)`}`;
  ctx.insert(file, fn.end, styled(file, `\n\n${header}\n{\n    return PyModuleDef_Init(&${def.name});\n}`), 10);
}

/** A conditional block of export attributes only (`#ifdef _MSC_VER`, `__declspec(dllexport)`, `#endif`) ending right before `at`. */
function exportBlockBefore(file: FileModel, at: number): { start: number } | undefined {
  const text = file.source.text;
  const g = file.parsed.lex.groups.find((x) => x.endif && x.endif.end <= at && /^[ \t]*\r?\n?$/.test(text.slice(x.endif.end, at)));
  if (!g) return undefined;
  const attribute = /^\s*(?:(?:_{1,2}declspec\s*\(\s*dll(?:ex|im)port\s*\)|__attribute__\s*\(\(\s*visibility\s*\(\s*"default"\s*\)\s*\)\))\s*)*$/;
  if (!g.branches.every((b) => attribute.test(text.slice(b.bodyStart, b.bodyEnd)))) return undefined;
  return { start: g.start };
}

/** The function's name in its declarator. */
function findName(fn: InitInfo['func'], text: string): { start: number } | undefined {
  const at = text.indexOf(fn.name, fn.declStart);
  return at === -1 || at > fn.paramsStart ? undefined : { start: at };
}
