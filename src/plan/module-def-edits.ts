/**
 * The module def and the load guard: m_size, m_slots and the hooks written into the def (also one
 * a macro declares), and the once-per-process guard of a module that still has manual findings
 * (inserted, renamed, or dropped once nothing needs it).
 */
import type { TransformContext } from '../../transforms/types';
import type { FileModel, FunctionInfo, ModuleDefInfo } from '../model/types';
import { isZeroExpr, stripCasts } from '../model/cnodes';
import { macroUsers } from '../model/macro-users';
import { moduleSlotsTable } from '../model/module-slots';
import { statementRemoval } from './text-util';
import { functionLayout, linesAt, statementPoint } from './placement';
import { styled, styledLines } from './code-style';
import { hoist } from './hoist';
import { MODULEDEF_FIELDS } from '../model/initializers';
import { RewriteRefusal } from './refusal';
import { indentedSlotLines, isolatedSlotLines } from './interpreters-slot';
import { macroLookup } from '../model/init-macros';

const LOAD_GUARD_NOTE = '/* pyext-isolate: C globals are left (see `pyext-isolate check`), so the module loads once per process. */';
const DAMAGE_GUARD_NOTE = '/* pyext-isolate: parts of the code could not be parsed (see `pyext-isolate check`), so the module loads once per process. */';

/**
 * Where the slots (and a def that a macro declared) go: above the def's declaration, out of `#if` groups, except
 * for a def written from a macro call: that goes above its init function and stays in the groups that hold the
 * call, as the names it uses (a docstring macro, the method table) may be defined only there.
 */
export function defPosition(def: ModuleDefInfo): number {
  return hoist(def.file, def.declStart, def.fromMacro ? [def.fromMacro.callStart] : []);
}

/**
 * A value replaced in a def whose elements carry aligned comments (`-1,     // m_size`, or a block
 * comment) keeps its comment in the column it had, one space after the value at least.
 */
function replaceKeepingComment(ctx: TransformContext, file: FileModel, start: number, end: number, value: string): void {
  const text = file.source.text;
  const after = /^(,?)( +)(?=\/\*|\/\/)/.exec(text.slice(end, end + 200));
  // Only an element on a line of its own: elsewhere the comment is no column to keep.
  const alone = text.slice(file.source.lineStart(start), start).trim() === '';
  if (!after || !alone || value.includes('\n')) {
    ctx.replace(file, start, end, value);
    return;
  }
  const column = end + after[0].length - file.source.lineStart(start);
  const lead = start - file.source.lineStart(start);
  const pad = Math.max(1, column - lead - value.length - after[1].length);
  ctx.replace(file, start, end + after[0].length, `${value}${after[1]}${' '.repeat(pad)}`);
}

export function removeStatic(ctx: TransformContext, def: ModuleDefInfo): void {
  if (def.fromMacro || def.inFunction) {
    ctx.plan.externDef = true; // written without `static` when it is rendered
    return;
  }
  const text = def.file.source.text;
  const m = /\bstatic\s+/.exec(text.slice(def.declStart, def.initStart));
  if (m) ctx.replace(def.file, def.declStart + m.index, def.declStart + m.index + m[0].length, '');
}

/**
 * The def's m_size as a value: casts stripped (`(Py_ssize_t)-1`), an object-like macro of its file or
 * of a project header it includes (`#define NO_STATE -1`) expanded; undefined when the def does not give it.
 */
export function moduleDefSize(def: ModuleDefInfo): string | undefined {
  const written = def.fields.get('m_size')?.value;
  if (written === undefined) return undefined;
  let v = stripCasts(written.replace(/\/\*[\s\S]*?\*\//g, '').trim());
  for (let depth = 0; depth < 4 && /^[A-Za-z_]\w*$/.test(v); depth++) {
    const m = macroLookup(def.file)(v);
    if (!m || m.params) break;
    v = stripCasts(m.body.replace(/\/\*[\s\S]*?\*\//g, '').trim());
  }
  return v;
}

export function editModuleDef(ctx: TransformContext, def: ModuleDefInfo, hasState: boolean, converting: boolean, keepOwnState = false): void {
  const n = ctx.plan.names;
  // Multi-phase init refuses a negative m_size: one kept as written must read as a size.
  if (converting && keepOwnState && !ctx.plan.ownStruct) {
    const size = moduleDefSize(def) ?? '-1';
    if (!/^sizeof\b/.test(size) && !/^\d+[uUlL]*$/.test(size)) {
      throw new RewriteRefusal(`the module def's m_size (${def.fields.get('m_size')?.value.trim() ?? 'not given: -1'}) stays as written, and it is not read as a size: multi-phase init would refuse a negative one at import`, def.file, def.initStart);
    }
  }
  const owned = ctx.plan.fields.some((f) => f.owns === 'strong');
  const want: Record<string, string> = keepOwnState || ctx.plan.ownStruct ? {} : { m_size: hasState ? `sizeof(${n.struct})` : '0' };
  if (hasState && keepOwnState) throw new Error('state fields requested for a module that keeps its own state struct');
  if (converting) want.m_slots = n.slots;
  if (hasState && owned) {
    // Hooks the def already names stay (they are extended); the others are ours.
    const has = (h: string): boolean => !!def.fields.get(h) && !isZeroExpr(def.fields.get(h)!.value);
    if (!has('m_traverse')) want.m_traverse = n.traverse;
    if (!has('m_clear')) want.m_clear = n.clear;
    if (!has('m_free')) want.m_free = n.free;
  }
  const file = def.file;
  const src = file.source;
  const text = src.text;
  if (def.fromMacro?.atFileScope) {
    // `MODULE_DEF("name", doc, methods);` at file scope: the def written out takes its place.
    const { callStart, callEnd } = def.fromMacro;
    const lineStart = src.lineStart(callStart);
    const lineEnd = src.lineEndIncludingEol(callEnd);
    const whole = text.slice(lineStart, callStart).trim() === '' && text.slice(callEnd, lineEnd).trim() === '';
    const rendered = renderDefFromMacro(ctx, def, want).replace(/\n\n$/, whole ? '\n' : '');
    ctx.replace(file, whole ? lineStart : callStart, whole ? lineEnd : callEnd, src.adapt(rendered));
    return;
  }
  if (def.fromMacro || def.inFunction) {
    ctx.insert(file, defPosition(def), src.adapt(renderDefFromMacro(ctx, def, want)), 6);
    // The function-level static goes: the def at file scope replaces it under the same name.
    if (def.inFunction) {
      const r = statementRemoval(src, def.inFunction.start, def.inFunction.end);
      ctx.replace(file, r.start, r.end, '');
    }
    return;
  }
  const designated = def.style !== 'positional';
  // Replace values that are there.
  for (const [field, value] of Object.entries(want)) {
    const f = def.fields.get(field);
    if (f) {
      if (f.value.trim() !== value) {
        replaceKeepingComment(ctx, file, f.valueStart, f.valueEnd, value);
        if (field === 'm_slots') renameReloadComment(ctx, file, f.valueEnd);
      }
      delete want[field];
    }
  }
  const missing = Object.keys(want);
  if (missing.length === 0) return;
  // The last element of the initializer, and the indentation of the elements.
  const elems = [...def.fields.values()].sort((a, b) => a.elemEnd - b.elemEnd);
  const last = elems[elems.length - 1];
  const indent = last ? src.indentAt(last.elemStart) || src.indentUnit : src.indentUnit;
  const inline = last ? src.lineStart(last.elemStart) === src.lineStart(def.initStart) : true;
  const sep = inline ? ' ' : src.eol + indent;
  let insertAt = last ? last.elemEnd : def.initStart + 1;
  const afterLast = text.slice(insertAt, def.initEnd - 1);
  const hasTrailingComma = /^\s*(\/\*[\s\S]*?\*\/\s*)*,/.test(afterLast);
  if (hasTrailingComma) insertAt = insertAt + afterLast.indexOf(',') + 1;
  // `methods,        /* m_methods */`: the comment stays with its element.
  if (!inline && hasTrailingComma) {
    const comment = /^[ \t]*(?:\/\*[^\n]*?\*\/|\/\/[^\r\n]*)/.exec(text.slice(insertAt, def.initEnd));
    if (comment) insertAt += comment[0].length;
  }
  let add: string;
  if (designated) {
    add = missing.map((m) => `.${m} = ${want[m]}`).join(`,${sep}`);
  } else {
    // Positional: fill every field from the next index up to the last one needed.
    const lastIndex = last ? MODULEDEF_FIELDS.indexOf(last.field) : 0;
    const upTo = Math.max(...missing.map((m) => MODULEDEF_FIELDS.indexOf(m)));
    const vals: string[] = [];
    for (let i = lastIndex + 1; i <= upTo; i++) vals.push(want[MODULEDEF_FIELDS[i]] ?? 'NULL');
    add = vals.join(`,${sep}`);
  }
  ctx.insert(file, insertAt, hasTrailingComma ? `${sep}${add},` : `,${sep}${add}`, 5);
  void isZeroExpr;
}

/**
 * A positional `NULL,` commented `m_reload` that now holds the slots: the comment on its line names the
 * field by the name the slots replaced in 3.5; it says `m_slots` now.
 */
function renameReloadComment(ctx: TransformContext, file: FileModel, valueEnd: number): void {
  const text = file.source.text;
  const m = /^\s*,?[ \t]*\/\*[ \t]*(m_reload)\b[^\n]*?\*\//.exec(text.slice(valueEnd, file.source.lineEndIncludingEol(valueEnd)));
  if (!m) return;
  const at = valueEnd + m.index + m[0].indexOf('m_reload');
  ctx.replace(file, at, at + 'm_reload'.length, 'm_slots');
}

/**
 * A module this tool converted while hazards were left (a partial run, or findings a human has
 * since resolved): once nothing is left, its load-once guard goes and its slot declares
 * isolation, so that runs in steps end where one run would.
 */
export function dropLoadGuard(ctx: TransformContext): void {
  const guard = existingLoadGuard(ctx);
  const table = moduleSlotsTable(ctx.ext);
  if (!guard || !table) return;
  // Written for code the parser could not read: while any is left (its share may have fallen below
  // the reporting threshold only because the rewrite made the file longer; a missing `;` counts, as it
  // did in the share that blocked) the guard stays, so a re-run converges. A guard written for other
  // hazards goes once those are gone, damage or not, as one run decides on the same damage.
  if (guard.damaged && ctx.ext.files.some((f) => f.parsed.damageBytes > 0)) return;
  const text = table.file.source.text;
  const value = /\bPy_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\b/.exec(text.slice(table.start, table.end));
  if (!value || table.file !== guard.file) return;
  ctx.replace(guard.file, guard.note.start, guard.note.end, '');
  const emptied = emptiedInlineBody(ctx, guard);
  if (emptied) ctx.replace(guard.file, emptied.start, emptied.end, '');
  else {
    ctx.replace(guard.file, guard.check.start, guard.check.end, '');
    for (const x of guard.sets) ctx.replace(guard.file, x.start, x.end, '');
  }
  // The entry as one run writes it: the partial run's longer value may have been wrapped onto a line of its own.
  const src = table.file.source;
  const entry = /\{\s*Py_mod_multiple_interpreters\s*,\s*Py_MOD_MULTIPLE_INTERPRETERS_NOT_SUPPORTED\s*\},?/.exec(text.slice(table.start, table.end));
  const entryAt = entry ? table.start + entry.index : -1;
  const lines = isolatedSlotLines(ctx.ext, ctx);
  if (entry && text.slice(src.lineStart(entryAt), entryAt).trim() === '' && entry[0].endsWith(',')) {
    ctx.replace(table.file, src.lineStart(entryAt), entryAt + entry[0].length, styled(table.file, indentedSlotLines(lines, '    ').join('\n')));
  } else if (lines.length > 1) {
    // A value that is not an entry of its own line cannot take the #if: refused rather than half-declared.
    throw new RewriteRefusal(`the Py_mod_multiple_interpreters entry of '${table.name}' shares its line with other text, and the value it needs differs by Python version (#if PY_VERSION_HEX)`, table.file, entryAt < 0 ? table.start : entryAt);
  } else ctx.replace(table.file, table.start + value.index, table.start + value.index + value[0].length, 'Py_MOD_PER_INTERPRETER_GIL_SUPPORTED');
}

/**
 * What insertLoadGuard wrote into an exec body with no statement, on the brace's line (`{ }`): a line
 * break, the guard and the flag set, and the statements' indent before the `}`. Once the guard goes,
 * all of it goes, so the body reads as one run leaves it. Undefined when the guard was written on
 * lines of its own, or anything else stands between it and the `}`.
 */
function emptiedInlineBody(ctx: TransformContext, guard: NonNullable<ReturnType<typeof existingLoadGuard>>): { start: number; end: number } | undefined {
  const exec = ctx.plan.execFunction!;
  const lay = functionLayout(exec);
  if (!lay) return undefined;
  const text = exec.file.source.text;
  const e = exec.file.source.eol;
  const pieces = [guard.check, ...guard.sets].sort((x, y) => x.start - y.start);
  for (let i = 1; i < pieces.length; i++) if (pieces[i].start !== pieces[i - 1].end) return undefined;
  const start = pieces[0].start - e.length;
  const end = pieces[pieces.length - 1].end;
  // (A `}` at the statements' indent on a line of its own reads the same: a body written so is rare.)
  if (text.slice(start, pieces[0].start) !== e || text.slice(end, lay.close) !== lay.indent) return undefined;
  return { start, end: lay.close };
}

/** The load-once guard an earlier run of this tool wrote around the exec function (see insertLoadGuard). */
export function existingLoadGuard(ctx: TransformContext): { file: FileModel; damaged: boolean; note: { start: number; end: number }; check: { start: number; end: number }; sets: { start: number; end: number }[]; fillsAt: number } | undefined {
  const exec = ctx.plan.execFunction;
  if (!exec || ctx.ext.init?.phase !== 'multi') return undefined;
  const src = exec.file.source;
  const text = src.text;
  const flag = ctx.plan.names.loadedFlag;
  const e = src.eol;
  const esc = (x: string): string => x.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // Both were written in the file's style (styled): the note wrapped at its width, the block's braces
  // where it puts them, a long call split after its comma; any run of blanks between tokens matches.
  const spaced = (x: string): string => esc(x).replace(/ /g, '\\s+');
  const noteText = (x: string): string => spaced(x).replace(/\\s\+/g, '(?:\\s+\\*)?\\s+');
  // Right above the exec function, or above what was inserted there with it (a def rendered from a macro).
  const notes = [...text.slice(0, exec.declStart).matchAll(new RegExp(`(?:${noteText(LOAD_GUARD_NOTE)}|(${noteText(DAMAGE_GUARD_NOTE)}))\\r?\\nstatic int ${flag} = 0;${e}${e}`, 'g'))];
  const last = notes[notes.length - 1];
  if (!last) return undefined;
  const noteAt = last.index!;
  const note = last[0];
  const body = text.slice(exec.bodyStart, exec.bodyEnd);
  const call = `PyErr_SetString\\(\\s*PyExc_ImportError,\\s*"${esc(ctx.plan.names.mod)} cannot be loaded more than once per process"\\s*\\);`;
  const guard = new RegExp(`(?<=\\n)[ \\t]*if \\(${flag}\\)\\s*\\{\\s*${call}\\s*return -1;\\r?\\n[ \\t]*\\}(\\r?\\n| )`).exec(body);
  if (!guard) return undefined;
  // `flag = 1;` before each successful return (insertLoadGuard), on a line of its own; eager fills a later run adds
  // go after the check and so before these, where one run puts them.
  const sets: { start: number; end: number }[] = [];
  const set = new RegExp(`(?<=\\n)[ \\t]*${flag} = 1;\\r?\\n`, 'g');
  for (let m = set.exec(body); m !== null; m = set.exec(body)) {
    if (m.index >= guard.index && m.index < guard.index + guard[0].length) continue;
    sets.push({ start: exec.bodyStart + m.index, end: exec.bodyStart + m.index + m[0].length });
  }
  const check = { start: exec.bodyStart + guard.index, end: exec.bodyStart + guard.index + guard[0].length };
  // Where a later run's eager fills go: after the check, and after the set when it follows the check
  // directly (insertLoadGuard writes the two together when no success return could be found).
  const fillsAt = sets.find((x) => x.start === check.end)?.end ?? check.end;
  return { file: exec.file, damaged: last[1] !== undefined, note: { start: noteAt, end: noteAt + note.length }, check, sets, fillsAt };
}

/**
 * A module def that a macro declared inside the init function (`MOD_DEF(m, name, doc, methods)`),
 * written out at file scope with the values the call gave it and the new fields.
 */
function renderDefFromMacro(ctx: TransformContext, def: ModuleDefInfo, want: Record<string, string>): string {
  const value = (field: string): string => want[field] ?? def.fields.get(field)?.value ?? (field === 'm_size' ? '-1' : 'NULL');
  // Every field written once there are fields past m_methods: a positional initializer that stops
  // short warns under -Wextra (-Wmissing-field-initializers), and this def is the tool's own text.
  const given = Math.max(...MODULEDEF_FIELDS.map((f, i) => (want[f] !== undefined || def.fields.has(f) ? i : 0)));
  const last = given > 4 ? MODULEDEF_FIELDS.length - 1 : given;
  const first = ['PyModuleDef_HEAD_INIT', ...MODULEDEF_FIELDS.slice(1, 5).map(value)];
  const rest = MODULEDEF_FIELDS.slice(5, last + 1).map(value);
  const storage = def.storage === 'static' && !ctx.plan.externDef ? 'static ' : '';
  // The fields after m_methods one per line, as editModuleDef adds them to a written def (so a later run that
  // adds hooks to this def writes what one run writes).
  return [`${storage}struct PyModuleDef ${def.name} = {`, `    ${first.join(', ')}${rest.length > 0 ? ',' : ''}`, ...rest.map((v, i) => `    ${v}${i < rest.length - 1 ? ',' : ''}`), `};`, ``, ``].join('\n');
}

/**
 * Multi-phase init over state that is still global is worse than single-phase (each import runs
 * exec again over the same statics): the isolation HOWTO's opt-out, load once per process. The
 * flag is set where exec succeeds, so that an import that failed (out of memory) can be retried.
 */
export function insertLoadGuard(ctx: TransformContext, damaged: boolean): void {
  const exec = ctx.plan.execFunction!;
  const n = ctx.plan.names;
  const src = exec.file.source;
  const e = src.eol;
  const flag = `${damaged ? DAMAGE_GUARD_NOTE : LOAD_GUARD_NOTE}\nstatic int ${n.loadedFlag} = 0;\n\n`;
  // Above the head as rewritten: a Python-version #if around `PyMODINIT_FUNC PyInit_x(void)` / `#else`
  // / `initx(void)` is replaced whole from its #if line (multi-phase-init).
  let at = exec.declStart;
  for (const e of ctx.edits) if (e.file === exec.file.path && e.start < at && at < e.end) at = e.start;
  ctx.insert(exec.file, at, styled(exec.file, flag), 0);
  const successes = successReturns(ctx, exec);
  const lines = [`if (${n.loadedFlag}) {`, `    PyErr_SetString(PyExc_ImportError, "${n.mod} cannot be loaded more than once per process");`, `    return -1;`, `}`, ...(successes ? [] : [`${n.loadedFlag} = 1;`])];
  const lay = functionLayout(exec);
  if (!lay) throw new Error(`internal: the exec function ${exec.name}() has no body`);
  const p = statementPoint(src, lay);
  ctx.insert(exec.file, p.at, linesAt(src, p, lay.indent, styledLines(exec, lines, lay.indent)), 2);
  // The flag is set where the module is returned: a failed first import may be retried.
  for (const r of successes ?? []) ctx.insert(exec.file, r, `${n.loadedFlag} = 1;${e}${src.indentAt(r)}`, 2);
}

/**
 * Where the converted init returns its module (`return m;`, `return PyModule_Create(&def);`): each
 * a statement of its own in a block, at the start of its line. Undefined when a success return is
 * anywhere else (a macro, an unbraced if): the flag is then set right after the check, as before.
 */
function successReturns(ctx: TransformContext, exec: FunctionInfo): number[] | undefined {
  const create = ctx.ext.init?.createCall;
  const mv = create?.moduleVar;
  const src = exec.file.source;
  const text = src.text;
  const body = exec.node.childForFieldName('body');
  if (!body || !create) return undefined;
  const out: number[] = [];
  const walk = (node: import('../core/parse').SyntaxNode): boolean => {
    for (const c of node.namedChildren) {
      if (c.type === 'return_statement') {
        const value = c.namedChildren.find((x) => x.type !== 'comment');
        const v = value ? stripCasts(text.slice(value.startIndex, value.endIndex)).replace(/^\((.*)\)$/s, '$1').trim() : '';
        const success = (mv !== undefined && v === mv) || (c.startIndex <= create.start && create.end <= c.endIndex);
        if (!success) continue;
        if (c.parent?.type !== 'compound_statement' || text.slice(src.lineStart(c.startIndex), c.startIndex).trim() !== '') return false;
        out.push(c.startIndex);
      } else if (!walk(c)) return false;
    }
    return true;
  };
  if (!walk(body) || out.length === 0) return undefined;
  // A success return that a macro expands to is not seen: then the flag could stay unset.
  if (macroReturns(ctx, exec)) return undefined;
  return out;
}

/** The function uses a macro of the extension that may return something other than an error (NULL). */
function macroReturns(ctx: TransformContext, f: FunctionInfo): boolean {
  for (const file of ctx.ext.files) {
    for (const m of file.macros.values()) {
      const returns = m.body.match(/\breturn\b[^;]*/g) ?? [];
      if (returns.every((r) => /^return\s+(NULL|0|-\s*1|\(\s*PyObject\s*\*\s*\)\s*NULL)$/.test(r.trim()))) continue;
      if (macroUsers(ctx.ext, m.name).funcs.includes(f)) return true;
    }
  }
  return false;
}
