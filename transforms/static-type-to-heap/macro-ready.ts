/**
 * Types readied by a function-like macro that takes the type as a parameter
 * (`#define ADD_TYPE(name, type) { type.tp_new = PyType_GenericNew; if (PyType_Ready(&type) < 0) ...;
 * Py_INCREF(&type); PyModule_AddObject(m, name, (PyObject *)&type); }`, `ADD_TYPE("parse", Parse_Type);`).
 * The macro's body is one text for every type it is given, so it is rewritten once, for all of them:
 * `PyType_Ready(&type)` creates the heap type from `type##_spec` into `st->type`, every other `&type` reads
 * `st->type`, and its `type.tp_field = value;` stores fold into each type's spec. That holds only when every
 * use of the macro gives it a type that becomes a heap type in the exec function, and its body uses the
 * parameter in no other way.
 */
import type { FunctionInfo, MacroDef, RuntimeField, StaticType } from '../../src/model/types';
import type { TransformContext } from '../types';
import { definitionsOf } from '../../src/core/lex';
import { usesOf } from '../../src/model/macro-users';
import { enclosingFunction } from '../../src/model/functions';
import { isZeroExpr, stripCasts } from '../../src/model/cnodes';
import { atLeast } from '../../src/core/pyversion';
import { closingParen, macroArgumentAt } from '../../src/core/macro-calls';
import { callArguments } from '../../src/model/init-macros';

/** A use of `t` as the argument of a macro whose body readies that parameter. */
export interface MacroArgument {
  use: StaticType['uses'][number];
  def: MacroDef;
  param: string;
  defLine: number;
  /** The call `NAME(...)` around the argument. */
  call: { start: number; end: number };
}

/**
 * A use of `t` as an argument of a function-like macro whose body readies that parameter
 * (`#define ADD_TYPE(name, type) { ... PyType_Ready(&type) ... }`, `ADD_TYPE("basic_parse", X);`).
 */
export function readiedThroughMacro(t: StaticType): MacroArgument | undefined {
  for (const u of t.uses) {
    if (!u.func || u.kind === 'decl') continue;
    const call = macroArgumentAt(u.file.source.text, u.start, u.end);
    const def = call && u.file.macros.get(call.name);
    const param = def?.params?.[call!.index];
    if (!def || !param) continue;
    const ready = new RegExp(`\\bPyType_Ready\\s*\\(\\s*(?:\\(\\s*PyTypeObject\\s*\\*\\s*\\)\\s*)?&\\s*${param}\\s*\\)`);
    if (!ready.test(def.body)) continue;
    const text = def.file ? undefined : u.file.source;
    return { use: u, def, param, defLine: text ? text.position(def.start).line : 0, call: { start: call!.start, end: call!.end } };
  }
  return undefined;
}

/**
 * Fields a store in the macro may set: those the spec takes from the folded stores alone. Others (the base,
 * dealloc, traverse, flags, offsets, tables of members, sub-structs) are read elsewhere from the type itself.
 */
const FOLDABLE = /^tp_(new|init|doc|repr|str|hash|call|iter|iternext|richcompare|getattro|setattro|methods|descr_get|descr_set|finalize)$/;

/** The rewrite of a macro that readies its type parameter, shared by every type it is given. */
export interface MacroCreation {
  arg: MacroArgument;
  /** `type.tp_field = value;` stores of the body, folded into each type's spec. */
  fields: RuntimeField[];
  /** Edits of the macro's body (in the use's file). */
  edits: { start: number; end: number; text: string }[];
}

/**
 * Whether the macro of `arg` can be rewritten for all the types it is given, and how; or why not. `exec` is
 * the function that creates the module's types; the types that become heap types are `ctx.heapTypes`.
 */
export function macroCreation(t: StaticType, arg: MacroArgument, ctx: TransformContext, exec: FunctionInfo | undefined): MacroCreation | { problem: string } {
  const { def, param } = arg;
  const file = arg.use.file;
  const name = `${def.name}()`;
  if (def.file) return { problem: `it is readied by macro ${name} of ${def.file} through its parameter '${param}', and a header's macro is not rewritten` };
  if (definitionsOf(file.parsed.lex, def.name).length !== 1) return { problem: `it is readied by macro ${name} through its parameter '${param}', and that macro is defined more than once` };
  const text = file.source.text;
  // Every use of the macro gives it a type of the extension that becomes a heap type, in the exec function.
  const given: StaticType[] = [];
  const index = def.params!.indexOf(param);
  for (const at of usesOf(file, def.name)) {
    if (at >= def.start && at < def.end) continue;
    const func = enclosingFunction(file, at);
    const line = file.source.position(at).line;
    const open = /^\s*\(/.exec(text.slice(at + def.name.length));
    const args = open ? callArguments(text, at + def.name.length + open[0].length - 1)?.args.map((a) => a.trim()) : undefined;
    const x = args && args.length === def.params!.length ? ctx.ext.typesByName.get(args[index]) : undefined;
    if (!x) return { problem: `it is readied by macro ${name} through its parameter '${param}', and the macro is also used at line ${line} with something that is not a static type of the module` };
    if (func !== exec) return { problem: `it is readied by macro ${name} through its parameter '${param}', and the macro is also used in ${func?.name ?? 'no function'}() (line ${line}), not in the module's init function` };
    if (!ctx.heapTypes.has(x.name)) return { problem: `it is readied by macro ${name} through its parameter '${param}', which also readies ${x.name}, and ${x.name} stays a static type` };
    given.push(x);
  }
  // The body: `param` only as `param.tp_f = v;`, in `PyType_Ready(&param)` (once) and as `&param`.
  const open = text.indexOf('(', def.start + text.slice(def.start, def.end).indexOf(def.name));
  const bodyStart = closingParen(text, open) + 1;
  const body = blankCommentsAndStrings(text.slice(bodyStart, def.end));
  const fields: RuntimeField[] = [];
  let readies = 0;
  const ready = new RegExp(`^PyType_Ready\\s*\\(\\s*(?:\\(\\s*PyTypeObject\\s*\\*\\s*\\)\\s*)?&\\s*${param}\\s*\\)`);
  const store = new RegExp(`^${param}\\s*\\.\\s*(tp_\\w+)\\s*=(?!=)\\s*([^;]*);`);
  const added = new RegExp(`\\bPyModule_AddObject\\s*\\(\\s*([A-Za-z_]\\w*)\\s*,[^;]*&\\s*${param}\\s*\\)`).exec(body);
  const edits: MacroCreation['edits'] = [];
  // A static type needed no reference of its own to be added; the heap type's belongs to the state, which
  // PyModule_AddObject would steal: PyModule_AddObjectRef (as for a type added in the init itself).
  if (added && !new RegExp(`\\bPy_X?INCREF\\s*\\(\\s*(?:\\(\\s*PyObject\\s*\\*\\s*\\)\\s*)?&\\s*${param}\\s*\\)`).test(body)) {
    edits.push({ start: bodyStart + added.index, end: bodyStart + added.index + 'PyModule_AddObject'.length, text: 'PyModule_AddObjectRef' });
  }
  const module = added?.[1] ?? /\bPyModule_Add\w*\s*\(\s*([A-Za-z_]\w*)\s*,/.exec(body)?.[1] ?? ctx.plan.execParam ?? 'module';
  for (const m of body.matchAll(new RegExp(`\\b${param}\\b`, 'g'))) {
    const at = m.index!;
    const before = body.slice(0, at);
    if (/(?:\.|->)\s*$/.test(before)) continue; // a member of that name
    if (/#\s*$/.test(before) || /^\s*##/.test(body.slice(at + param.length))) return { problem: `it is readied by macro ${name}, which pastes or quotes its parameter '${param}'` };
    const call = /PyType_Ready\s*\(\s*(?:\(\s*PyTypeObject\s*\*\s*\)\s*)?&\s*$/.exec(before);
    if (call && ready.test(body.slice(call.index))) {
      const r = ready.exec(body.slice(call.index))!;
      readies++;
      edits.push({ start: bodyStart + call.index, end: bodyStart + call.index + r[0].length, text: `${ctx.plan.names.createType}(${module}, &${param}##_spec, NULL, &st->${param}` });
      continue;
    }
    const s = store.exec(body.slice(at));
    if (s) {
      if (!FOLDABLE.test(s[1])) return { problem: `it is readied by macro ${name}, which sets its ${s[1]}, and that field is not folded from a macro` };
      const v = stripCasts(s[2]);
      if (new RegExp(`\\b${param}\\b`).test(v) || (def.params ?? []).some((p) => new RegExp(`\\b${p}\\b`).test(v)) || /[.]|->/.test(v.replace(/^&\s*[A-Za-z_]\w*$/, ''))) {
        return { problem: `it is readied by macro ${name}, which sets its ${s[1]} to '${s[2].trim()}', not a constant a spec slot can hold` };
      }
      fields.push({ field: s[1], value: s[2].trim(), stmtStart: bodyStart + at, stmtEnd: bodyStart + at + s[0].length, func: exec });
      edits.push(lineRemoval(text, bodyStart + at, bodyStart + at + s[0].length));
      continue;
    }
    if (/&\s*$/.test(before)) {
      const amp = before.lastIndexOf('&');
      edits.push({ start: bodyStart + amp, end: bodyStart + at + param.length, text: `st->${param}` });
      continue;
    }
    return { problem: `it is readied by macro ${name}, which uses its parameter '${param}' as '${body.slice(at, at + 30).split(/[;\n]/)[0].trim()}'` };
  }
  if (readies !== 1) return { problem: `it is readied by macro ${name}, which calls PyType_Ready on its parameter '${param}' ${readies} times` };
  // One text creates them all: the same base (object) and the same instantiability for every type.
  for (const x of [t, ...given]) {
    const base = [...x.runtimeFields].reverse().find((r) => r.field === 'tp_base')?.value ?? x.fields.get('tp_base')?.value;
    if (base && !isZeroExpr(base) && stripCasts(base).replace(/^&\s*/, '') !== 'PyBaseObject_Type') {
      return { problem: `it is readied by macro ${name}, and ${x.name} has the base ${base.trim()}: one macro text creates every type it is given, with one base` };
    }
  }
  // Below 3.10 the creation says whether instances can be made from Python (3.10's flag): one answer for all.
  const news = new Set([t, ...given].map((x) => hasNew(x, fields)));
  if (!atLeast(ctx.options.minPython, '3.10') && news.size > 1) {
    return { problem: `it is readied by macro ${name}, and some of the types it is given can be instantiated from Python and some cannot: one macro text creates them all` };
  }
  const extra = atLeast(ctx.options.minPython, '3.10') ? '' : `, ${news.has(false) ? 1 : 0}`;
  for (const e of edits) if (e.text.startsWith(ctx.plan.names.createType)) e.text += `${extra})`;
  return { arg, fields, edits };
}

function hasNew(x: StaticType, fields: RuntimeField[]): boolean {
  const v = [...fields, ...x.runtimeFields].reverse().find((r) => r.field === 'tp_new')?.value ?? x.fields.get('tp_new')?.value;
  return !!v && !isZeroExpr(v);
}

/** A statement of a macro body: its whole line (with the `\` after it) when it stands alone there. */
function lineRemoval(text: string, start: number, end: number): { start: number; end: number; text: string } {
  const ls = text.lastIndexOf('\n', start - 1) + 1;
  const rest = /^[ \t]*\\?[ \t]*\r?\n/.exec(text.slice(end));
  if (/^[ \t]*$/.test(text.slice(ls, start)) && rest && /\\/.test(rest[0])) return { start: ls, end: end + rest[0].length, text: '' };
  const spaces = /^[ \t]*/.exec(text.slice(end))![0];
  return { start, end: end + spaces.length, text: '' };
}

/** Comments and literals blanked (same length), so that a pattern never matches inside them. */
function blankCommentsAndStrings(s: string): string {
  return s.replace(/\/\*[^]*?\*\/|\/\/[^\n]*|"(?:[^"\\\n]|\\.)*"|'(?:[^'\\\n]|\\.)*'/g, (c) => c.replace(/[^\n]/g, ' '));
}
