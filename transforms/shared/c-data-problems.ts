/**
 * What C data is (mutable, no Python object, no CPython table) and why a piece of it cannot become a
 * C field of the state: the reasons checks reports and the transforms refuse with.
 */
import type { ExtensionModel, FileModel, GlobalVar } from '../../src/model/types';
import type { TransformContext } from '../types';
import { isHeaderPath } from '../../src/core/parse';
import { guardMacroSetInBlock } from '../../src/core/conditions';
import type { Guard } from '../../src/core/conditions';
import { fileLocalGuardMacro, fileLocalGuardProblem, unguardedFieldFits } from './local-guard';
import { exportedBy } from '../../src/plan/export-marks';
import { useProblem } from './use-problems';
import { pastedBy } from './pasted-by';
import { hiddenUser } from './unreached-users';
import { processWideProblem } from './process-wide-data';
import { stateArrayLength, zeroInit, scalarInit, lateType, conditionalSystemHeader, arrayDims, templateProblem } from './c-data-layout';

/** Mutable C data that could become a C field of the state (not a Python-object or table global). */
export function isCData(g: GlobalVar): boolean {
  return g.category === 'mutable-c' && !g.isPythonObject && !g.subStruct && !/^(PyModuleDef|PyModuleDef_Slot|PyMethodDef|PyMemberDef|PyGetSetDef|PyType_Slot|PyType_Spec|PyTypeObject|PyNumberMethods|PySequenceMethods|PyMappingMethods|PyAsyncMethods|PyBufferProcs)$/.test(g.baseType);
}

/**
 * Why `g` cannot become a C field of the state (with the place that stops it), or undefined when
 * it can. The uses decide, as for Python objects: every function that reads or writes it must
 * reach the state.
 */
export function cDataProblem(g: GlobalVar, ctx: TransformContext): { reason: string; steps: string; at?: number; file?: FileModel } | undefined {
  const steps = 'decide: make it a field of the module state by hand, a const table, or per-process data behind a lock or an atomic';
  if (g.inTemplate) return { reason: 'it is declared inside a .c.src template block', steps };
  // What the data is comes before how it is written: process-wide data stays so whatever its shape.
  const processWide = processWideProblem(g, ctx);
  if (processWide) return processWide;
  const twin = repeatedDeclaration(g, ctx.ext);
  if (twin) return twin;
  const setHere = selfSetGuard(g);
  if (setHere) return setHere;
  const local = fileLocalGuardMacro(g, ctx.ext);
  if (local && !localGuardDropped(g)) return fileLocalGuardProblem(g, local);
  if (g.scope === 'file' && g.storage !== 'static') {
    const exported = g.storage === 'extern' ? 'is declared extern here' : ctx.options.assumeInternal ? exportedBy(ctx.ext, g.name, g.file, g.declStart, g.declaratorStart, 'data') : 'assume-internal is off';
    if (exported) return { reason: `it is not static and ${exported}, so code outside these files may use it by name`, steps: 'make it static (when only this extension uses it), then run again' };
  }
  if (isHeaderPath(g.file.path) && g.storage === 'none' && !g.init) return { reason: 'it is a tentative definition in a header that no other file of the extension defines: each file that includes it defines it, one object only where -fcommon merges them (GCC 10 and later default to -fno-common)', steps: `define it in one .c file of the extension (\`${g.ctype} ${g.name};\`) and leave the header's line as its declaration, then run again` };
  if (isHeaderPath(g.file.path)) return { reason: 'it is declared in a header, so every file that includes it has its own copy', steps };
  const dims = arrayDims(g);
  const declarator = g.file.source.text.slice(g.declaratorStart, g.declaratorEnd).replace(/=[^]*$/, '');
  if ((!dims && (declarator.match(/\[/g) ?? []).length > 1) || /\(/.test(declarator)) return { reason: `its declarator (${declarator.trim()}) cannot be written as a field as it is`, steps: 'give the type a typedef name, then run again' };
  if (g.arrayLen !== undefined && (!dims || dims.some((d) => !stateArrayLength(d, ctx.ext)))) return { reason: 'it is an array without a simple length', steps };
  if (/[()[\]]/.test(g.ctype.replace(/\[[^\]]*\]$/, ''))) return { reason: `its type (${g.ctype}) cannot be written as a field as it is`, steps: 'give the type a typedef name, then run again' };
  if (g.init && !zeroInit(g.init.text) && (g.arrayLen !== undefined || !scalarInit(g.init.text))) {
    const why = templateProblem(g, ctx);
    if (why) return { reason: `it starts as '${short(g.init.text)}', which ${why}`, steps };
  }
  const late = lateType(g, ctx.ext);
  if (late) return { reason: `its type ${g.baseType} is defined in ${late} after the place the state struct may go`, steps: `move the definition of ${g.baseType} to the top of the file (or a header), then run again` };
  const system = conditionalSystemHeader(g, ctx.ext);
  if (system) return { reason: `its type ${g.baseType} is declared by none of the extension's files, so it comes from a system header such as ${system}, which the file includes inside an #if block above it: the state struct cannot go inside that block, and above it the type is not declared`, steps: `include ${system} at the top of the file (under the same condition), then run again` };
  const stored = g.uses.find((u) => u.kind === 'address' && u.func && storesAddress(u.file, u.start));
  if (stored) return { reason: `its address is stored (in ${stored.func!.name}()), and may outlive the module`, steps, at: stored.start, file: stored.file };
  const pasted = pastedBy(g.name, ctx);
  if (pasted) return { reason: `macro ${pasted}() builds identifiers by token pasting and may use it where no rewrite can see`, steps: 'expand the macro by hand for this name, then run again' };
  const hidden = hiddenUser(g, ctx);
  if (hidden) return { reason: `${hidden.name}() uses it, and no call or table entry of ${hidden.name}() can be seen, while a macro of its file pastes names like it: its address may be taken there, where the state cannot be handed to it`, steps: 'expand that macro by hand where it names the function, then run again', at: hidden.start, file: hidden.file };
  const p = useProblem(g.uses, g.name, ctx);
  if (p) return { reason: p.reason, steps: p.suggestion, at: p.at, file: p.file };
  if (ctx.moduleReady !== true) return { reason: `the module cannot get a state yet: ${ctx.moduleReady}`, steps: 'resolve the multi-phase-init finding first' };
  return undefined;
}

/**
 * The condition of g's field: g's own, except for one its file sets itself (local-guard.ts) on a
 * field that every build can carry, which is then declared unconditionally.
 */
export function cDataFieldGuard(g: GlobalVar, ext: ExtensionModel): Guard | undefined {
  return fileLocalGuardMacro(g, ext) && localGuardDropped(g) ? undefined : g.guard;
}

function localGuardDropped(g: GlobalVar): boolean {
  return g.arrayLen === undefined && unguardedFieldFits(g.ctype.replace(/^\s*(static|extern)\s+/, ''), !g.init || zeroInit(g.init.text));
}

/**
 * `#ifndef X` / `#define X ...` / `static int g;` / `#endif`: the field, its fill in exec and its uses
 * would each be compiled under `#ifndef X` where they stand, and X differs above and below the block.
 */
export function selfSetGuard(g: GlobalVar): { reason: string; steps: string } | undefined {
  const name = g.guard ? guardMacroSetInBlock(g.file.parsed.lex, g.declStart, g.guard) : undefined;
  if (!name) return undefined;
  return {
    reason: `it is declared in an #if block that itself #defines or #undefs ${name}, which the block's own condition reads, so code written for it elsewhere in the file would be compiled under a different condition`,
    steps: `move the #define of ${name} out of that block (or the declaration out of the #if), then run again`,
  };
}

/**
 * Another declaration of the same name in the same scope where one of the two is under an #if
 * (`#ifdef _WIN32 static int x = 1; #else static int x = 2; #endif`, or `static int x;` and again
 * under `#if A`): one field cannot stand for both. Every declaration of the name is refused alike:
 * moving the unconditional one and keeping the other left a global that the next run moved
 * (fuzz regression 36c6d4f89ad5). Plain repeats (`static T x;` then `static T x = NULL;`, one object)
 * are manual too: both moves removed and rewrote the same text, and the conflicting edits refused
 * the whole extension. The reason and the manual step, or undefined.
 */
export function repeatedDeclaration(g: GlobalVar, ext: ExtensionModel): { reason: string; steps: string } | undefined {
  const twins = ext.globals.filter((o) => o !== g && o.name === g.name && o.file === g.file && o.scope === g.scope && o.func === g.func);
  if (twins.length === 0) return undefined;
  const line = (o: GlobalVar): number => o.file.source.position(o.declStart).line;
  const steps = 'declare it once, outside the #if, then run again';
  const other = twins.find((o) => o.conditional);
  if (g.conditional && !other) return { reason: `it is declared under #if ${g.guard!.expr} and again outside it (line ${line(twins[0])}), and one state field cannot stand for both`, steps };
  if (g.conditional) return { reason: `it is declared in more than one #if branch (${g.guard!.expr} and another), and one state field cannot stand for both`, steps };
  if (other) return { reason: `it is declared again under #if ${other.guard!.expr} (line ${line(other)}), and one state field cannot stand for both`, steps };
  // `static T x;` ahead of `static T x = {...};` is one object, declared ahead because code above the
  // definition names it: deleting the declaration ahead would break that code.
  const all = [g, ...twins].sort((a, b) => a.declStart - b.declStart);
  const ahead = all.length === 2 && !all[0].init && !!all[1].init;
  const manualSteps = ahead
    ? `it is one object declared ahead (line ${line(all[0])}) of its definition (line ${line(all[1])}): move it into the module state by hand, or move the definition up in place of the declaration ahead when its initializer names nothing defined in between, then run again`
    : 'keep one declaration of it (the one with the initializer), then run again';
  return { reason: `it is declared more than once (again at line ${line(twins[0])}), and moving a repeated declaration is not automated`, steps: manualSteps };
}

/** An initializer on one line, cut at 40 characters. */
function short(text: string): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > 40 ? `${t.slice(0, 37)}...` : t;
}

/** `p = &x;` / `s.f = &x;`: the address goes into a variable (a call argument `f(&x)` is lent, not kept). */
function storesAddress(file: FileModel, at: number): boolean {
  const text = file.source.text;
  const amp = text.lastIndexOf('&', at);
  const before = text.slice(Math.max(0, amp - 80), amp);
  return /[^=!<>]=\s*(?:\([^()]*\)\s*)?$/.test(before) || /\breturn\s*(?:\([^()]*\)\s*)?$/.test(before);
}
