/**
 * multi-phase-init: single-phase `PyModule_Create` init -> `Py_mod_exec` + `PyModuleDef_Init`
 * (rewrite spec section 5). The old init body becomes the exec function in place; the module def,
 * slots and the new PyInit are rendered by the state-plan emitter, which alone knows whether
 * isolation may be declared (Rule 0).
 */
import { basename } from 'path';
import type { SyntaxNode } from '../../src/core/parse';
import type { ExtensionModel, FileModel, FunctionInfo, InitInfo, MacroDef, PyTable, StructDef } from '../../src/model/types';
import { branchesAt, isInert } from '../../src/core/lex';
import { translationUnits } from '../../src/model/translation-units';
import { macroAt, macroUsers, usesOf } from '../../src/model/macro-users';
import { MacroLookup, callArguments, expandMacros, macroLookup, pastesInitName, substitute } from '../../src/model/init-macros';
import { findAll } from '../../src/model/walk';
import { libraryImport } from '../../src/model/library-imports';
import { nodeText, isZeroExpr, stripCasts, functionName } from '../../src/model/cnodes';
import { statementRemoval, withoutDoubleBlank, spanOf } from '../../src/plan/text-util';
import type { Decision, Transform, TransformContext } from '../types';
import { fileStyle, styled } from '../../src/plan/code-style';
import { HelperDropEdit, dropsRef, helperModuleDrops, macroDropsArgument } from './helper-module-drops';
import { moduleSlotsTable, slotSentinel } from '../../src/model/module-slots';

export { ID } from './id';
import { ID } from './id';
import { unseenStatementMacro } from './unseen-macros';
import { errorValuesReturned, returnsErrorValue } from './error-returns';
import { decidePyState, editPyState, pyStateBlocker, type PyStateCandidate } from './pystate-calls';
import { pastedInitNames } from './pasted-init-name';
import { limitedApiLabel, limitedApiOf } from '../shared/limited-api';

export interface InitCandidate {
  init: InitInfo;
  file: FileModel;
  moduleVar: string;
  /**
   * The exec function's parameter: the module variable, unless that is a file-scope global (kept
   * by hand), which the parameter must not shadow: the global is then assigned the parameter.
   */
  execParam?: string;
  /** Statement-level edits prepared by decide (so decide and edit agree). */
  plan?: InitEditPlan;
}

interface InitEditPlan {
  removals: { start: number; end: number }[];
  replacements: { start: number; end: number; text: string }[];
  /** Reference drops of the module in helpers the init passes it to (and what they were, for the finding). */
  helperDrops: { edits: HelperDropEdit[]; dropped: string[] };
}

/** A multi-phase module whose slots do not declare Py_mod_multiple_interpreters. */
interface SlotsCandidate {
  kind: 'interpreters-slot';
  table: PyTable;
}

/** A multi-phase module that declares subinterpreter support with a shared GIL only (the maintainers' choice). */
interface SharedGilCandidate {
  kind: 'shared-gil-slot';
  table: PyTable;
  at: number;
}

/** A module init the preprocessor makes that the model could not read (never a silent miss). */
interface UnreadInitCandidate {
  kind: 'unread-init';
  file: FileModel;
  start: number;
  end: number;
  message: string;
  steps: string;
}

export const multiPhaseInit: Transform<InitCandidate | PyStateCandidate | SlotsCandidate | UnreadInitCandidate | SharedGilCandidate> = {
  id: ID,
  title: 'Convert single-phase init to multi-phase init',
  minPython: '3.9',
  find(ctx) {
    const out: (InitCandidate | PyStateCandidate | SlotsCandidate | UnreadInitCandidate | SharedGilCandidate)[] = [];
    const init = ctx.ext.init;
    if (init && init.phase === 'single') {
      out.push({ init, file: init.func.file, moduleVar: init.createCall?.moduleVar ?? 'module' });
    }
    for (const f of ctx.ext.files) {
      for (const c of f.apiCalls) {
        if (c.api === 'PyState_FindModule' || c.api === 'PyState_AddModule' || c.api === 'PyState_RemoveModule') {
          if (!c.func && unusedMacro(f, c.start, ctx)) continue; // in a macro nobody expands
          out.push({ kind: 'pystate', call: c, file: f });
        }
      }
    }
    out.push(...unreadInits(ctx));
    if (init && init.phase === 'multi') {
      const table = moduleSlotsTable(ctx.ext);
      const slots = table ? table.file.source.text.slice(table.start, table.end) : '';
      if (table && !/\bPy_mod_multiple_interpreters\b/.test(slots)) out.push({ kind: 'interpreters-slot', table });
      const shared = /\{\s*Py_mod_multiple_interpreters\s*,\s*Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED\s*\}/.exec(slots);
      if (table && shared) out.push({ kind: 'shared-gil-slot', table, at: table.start + shared.index });
    }
    return out;
  },
  decide(c, ctx) {
    if (!('kind' in c)) return decideInit(c, ctx);
    if (c.kind === 'pystate') return decidePyState(c, ctx);
    if (c.kind === 'unread-init') return { action: 'manual', findings: [ctx.finding(c.file, c.start, c.end, 'unread-init', 'error', 'manual', c.message, c.steps)] };
    if (c.kind === 'shared-gil-slot') {
      // Declared by hand: own-GIL interpreters run the module's C code in parallel, which a C library it
      // calls may not allow; only the maintainers know. Said, never changed.
      return {
        action: 'manual',
        findings: [ctx.finding(c.table.file, c.at, c.at, 'shared-gil-only', 'warning', 'manual',
          `module slots '${c.table.name}' declare Py_MOD_MULTIPLE_INTERPRETERS_SUPPORTED: subinterpreters with their own GIL (Python 3.12+) refuse the module, whatever else is isolated`,
          'once the C code it calls may run in several interpreters at the same time, declare Py_MOD_PER_INTERPRETER_GIL_SUPPORTED instead')],
      };
    }
    if (slotSentinel(c.table) === undefined) {
      return { action: 'manual', findings: [ctx.finding(c.table.file, c.table.start, c.table.start, 'no-interpreters-slot', 'error', 'manual', `module slots '${c.table.name}' do not declare Py_mod_multiple_interpreters, and the table's {0, NULL} sentinel was not found to add it before`, 'add {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED} under #ifdef Py_mod_multiple_interpreters by hand')] };
    }
    return {
      action: 'apply',
      findings: [ctx.finding(c.table.file, c.table.start, c.table.start, 'no-interpreters-slot', 'error', 'auto',
        `module slots '${c.table.name}' do not declare Py_mod_multiple_interpreters: Python 3.12+ then refuses the module in subinterpreters with their own GIL`,
        'multi-phase-init adds {Py_mod_multiple_interpreters, Py_MOD_PER_INTERPRETER_GIL_SUPPORTED} (3.12+ only) once no other hazard is left')],
    };
  },
  edit(c, ctx) {
    if (!('kind' in c)) return editInit(c, ctx);
    if (c.kind === 'pystate') return editPyState(c, ctx);
    if (c.kind === 'unread-init' || c.kind === 'shared-gil-slot') return;
    ctx.plan.interpretersSlotTable = c.table;
  },
};

/**
 * What only the preprocessor would show: a `PyInit_*` name pasted by a macro (`MOD_INIT(x)`)
 * where no init function was read, and a PyModule_Create outside every function read as one
 * (in a macro the init function does not use). Each is a finding rather than a silent miss.
 */
function unreadInits(ctx: TransformContext): UnreadInitCandidate[] {
  const out: UnreadInitCandidate[] = [];
  const ext = ctx.ext;
  const headers = ext.files.flatMap((f) => f.functions.filter((fn) => fn.headerMacro).map((fn) => ({ file: f, span: fn.headerMacro! })));
  const read = (file: FileModel, at: number): boolean => headers.some((h) => h.file === file && at >= h.span.start && at < h.span.end);
  const where = (f: FileModel, at: number): string => `${basename(f.path)}:${f.source.position(at).line}`;
  for (const f of ext.files) {
    for (const m of f.macros.values()) {
      if (!pastesInitName(m)) continue;
      for (const file of ext.files) {
        for (const at of usesOf(file, m.name)) {
          if (macroAt(file, at) || read(file, at)) continue;
          out.push({
            kind: 'unread-init', file, start: at, end: at + m.name.length,
            message: `the module's PyInit_ function is made by macro ${m.name}() (${where(f, m.start)}), and what it heads could not be read as an init function: nothing of the module's init is converted or checked`,
            steps: `write the init function's head out here (PyMODINIT_FUNC PyInit_<name>(void)), or make ${m.name}() take only the module name and expand to that head, then run again`,
          });
        }
      }
    }
  }
  // Macros of the project's headers (a header shared by several small extensions, the name glued from a
  // -D of the build: `#define MOD_INIT_FUNC PyMODINIT_FUNC GLUE(PyInit_, MODNAME)(void)`), used in a file
  // of this extension where no init function was read: the module would otherwise pass as having no hazard.
  if (!ext.init) {
    for (const file of ext.files) {
      for (const pm of file.parsed.projectMacros?.values() ?? []) {
        if (file.macros.has(pm.name)) continue;
        const pastes = /\bPyInit_\s*(##|,)/.test(pm.body);
        const creates = /\bPyModule_Create2?\s*\(/.test(pm.body);
        if (!pastes && !creates) continue;
        const use = usesOf(file, pm.name).find((at) => !macroAt(file, at) && !read(file, at));
        if (use === undefined) continue;
        out.push({
          kind: 'unread-init', file, start: use, end: use + pm.name.length,
          message: pastes
            ? `the module's PyInit_ function is made by macro ${pm.name} of ${basename(pm.file)} (its name glued from other macros), and what it heads could not be read as an init function: nothing of the module's init is converted or checked`
            : `PyModule_Create in macro ${pm.name} of ${basename(pm.file)} is used where no init function was read: that module creation is not converted, and nothing of the module's init is checked`,
          steps: 'write the init function\'s head out here (PyMODINIT_FUNC PyInit_<name>(void)) with its module creation, then run again',
        });
      }
    }
  }
  // Also where linking joined the template to another module's files: that init is not this one.
  for (const c of pastedInitNames(ext, read)) out.push({ kind: 'unread-init', ...c });
  const viaMacro = new Set(ext.files.flatMap((f) => f.inits).map((i) => i.createCall?.viaMacro).filter((x): x is string => !!x));
  for (const f of ext.files) {
    for (const c of f.apiCalls) {
      if ((c.api !== 'PyModule_Create' && c.api !== 'PyModule_Create2') || c.func) continue;
      const m = macroAt(f, c.start);
      if (m && viaMacro.has(m.name)) continue;
      if (m && unusedMacro(f, c.start, ctx)) continue;
      out.push({
        kind: 'unread-init', file: f, start: c.start, end: c.end,
        message: m
          ? `${c.api} in macro ${m.params ? `${m.name}()` : m.name} is used where no init function was read (${macroUsers(ext, m.name).funcs.map((fn) => fn.name + '()').join(', ') || 'outside any function'}): that module creation is not converted`
          : `${c.api} outside any function that could be read (macros may make the code around it): that module creation is not converted`,
        steps: 'write the init function out (PyMODINIT_FUNC PyInit_<name>(void) { ... PyModule_Create(&def) ... }), then run again',
      });
    }
  }
  return out;
}

/**
 * For a module that is already multi-phase: its exec function, which receives the state the
 * other transforms move in (fields filled where the old code filled the globals); else the
 * reason the state cannot be extended.
 */
export function existingExec(ext: ExtensionModel): { exec: FunctionInfo; param: string } | string {
  const def = ext.moduleDef;
  if (ext.ambiguous && ext.ambiguous.length > 0) return `its files are shared with ${ext.ambiguous.join(', ')}`;
  if (!def) return 'its PyModuleDef was not found among these files';
  if ([...def.fields.values()].some((f) => f.conditional)) return 'fields of its module def are inside #if blocks';
  const table = moduleSlotsTable(ext);
  if (!table) return 'its module slots table was not found among these files';
  const execs = table.entries.filter((e) => e.pyName === 'Py_mod_exec');
  if (execs.length !== 1) return execs.length === 0 ? 'it has no Py_mod_exec function to fill the state in' : 'it has several Py_mod_exec functions';
  const exec = execs[0].func ? ext.functionsByName.get(execs[0].func) : undefined;
  if (!exec) return `its exec function ${execs[0].func ?? ''} was not found among these files`;
  // `PyObject *Py_UNUSED(m)` (as a partial run writes it) names it too: the wrapper goes when the state needs it.
  const param = exec.params[0]?.name;
  if (!param) return `its exec function ${exec.name}() does not name its module parameter`;
  return { exec, param };
}

/**
 * The module's own state struct, from `m_size = sizeof(S)`: new fields can go into it when it is
 * defined outside any `#if`, in the def's file before the def, or in a header of the extension that
 * the def's file includes and that only files of the extension include (an earlier run's
 * `<mod>_state.h`, or the module's own header); else the reason they cannot.
 */
export function ownStateStruct(ext: ExtensionModel, size: string): { type: string; def: StructDef; file: FileModel } | string {
  const m = /^sizeof\s*\(\s*((?:struct\s+)?[A-Za-z_]\w*)\s*\)$/.exec(size);
  if (!m) return `its m_size (${size}) does not name a struct`;
  const type = m[1].replace(/\s+/g, ' ');
  const def = ext.moduleDef!;
  const inDefFile = def.file.structs.get(type);
  const file = inDefFile ? def.file : stateHeader(ext, def.file, type);
  if (typeof file === 'string') return file;
  const st = file.structs.get(type)!;
  if (file === def.file && st.end > def.declStart) return `its state struct ${type} is defined after the module def`;
  if (branchesAt(file.parsed.lex, st.start).length > 0) return `its state struct ${type} is defined inside an #if block`;
  if (file.source.text[st.end - 1] !== '}') return `the end of its state struct ${type} was not found`;
  return { type, def: st, file };
}

/**
 * The header of the extension, reached from the def's file through its `#include`s, that defines the
 * state struct `type`: new fields can go there only when every file that includes it is one of the
 * extension's (another module or an unseen file would compile the old layout).
 */
function stateHeader(ext: ExtensionModel, defFile: FileModel, type: string): FileModel | string {
  const all = [...ext.files, ...(ext.otherFiles ?? [])];
  const units = translationUnits(all);
  const reached = units.filter((u) => u.root === defFile || u.files.includes(defFile)).flatMap((u) => u.files);
  const header = reached.find((f) => f !== defFile && f.structs.has(type));
  if (!header) return `its state struct ${type} is not defined in ${basename(defFile.path)} or a header of the extension it includes`;
  if (!ext.files.includes(header) || ext.publicHeaders?.has(header)) return `its state struct ${type} is defined in ${basename(header.path)}, a header other modules compile too`;
  const outsider = units.find((u) => u.files.includes(header) && !ext.files.includes(u.root));
  if (outsider) return `its state struct ${type} is defined in ${basename(header.path)}, which ${basename(outsider.root.path)} includes too (not a file of this module)`;
  return header;
}

/** A `#define` body that no function or other macro expands. */
function unusedMacro(f: FileModel, at: number, ctx: TransformContext): boolean {
  const m = macroAt(f, at);
  if (!m) return false;
  const users = macroUsers(ctx.ext, m.name);
  return users.funcs.length === 0 && users.outside === 0;
}

/** A macro of the extension whose body declares the module def `name` (read, then, as no def of its own). */
function defDeclaringMacro(ext: ExtensionModel, name: string): { name: string; where: string } | undefined {
  const re = new RegExp(`\\bPyModuleDef\\s+${name}\\s*=`);
  for (const f of ext.files) {
    for (const m of f.macros.values()) if (re.test(m.body)) return { name: m.name, where: `${basename(f.path)}:${f.source.position(m.start).line}` };
  }
  return undefined;
}

/** `PyInit_x`, or `init_function (PyInit_x)` when a macro names it. */
function initLabel(init: InitInfo): string {
  const named = (init.entry ?? init.func).name;
  return named === `PyInit_${init.name}` ? named : `${named} (PyInit_${init.name})`;
}

function decideInit(c: InitCandidate, ctx: TransformContext): Decision {
  const { init, file } = c;
  const fn = init.func;
  const findings = [];
  const manual = (why: string, steps: string): Decision => ({
    action: 'manual',
    findings: [ctx.finding(file, fn.start, fn.bodyStart, 'single-phase-init', 'error', 'manual', `single-phase init in ${initLabel(init)}: ${why}`, steps)],
  });
  const ext = ctx.ext;
  if (ext.ambiguous && ext.ambiguous.length > 0) {
    return manual(`its files are shared with ${ext.ambiguous.join(', ')}`, 'convert each module separately, or list its files under [tool.pyext-isolate.modules]');
  }
  // The limited API has PyModuleDef_Slot and PyModuleDef_Init from 3.5 on: an older one cannot build the rewrite.
  const limited = limitedApiOf(ctx);
  if (limited && limited.value < 0x03050000) {
    return manual(`the module is built for the limited API ${limitedApiLabel(limited.value)} (${limited.source}), which has no multi-phase init (PyModuleDef_Slot, PyModuleDef_Init: 3.5)`, 'build it with Py_LIMITED_API >= 0x03050000 (0x030C0000 to declare own-GIL support) or without the limited API, then run again');
  }
  const def = ext.moduleDef;
  if (!def || !init.createCall) {
    const declarer = init.createCall?.defName ? defDeclaringMacro(ext, init.createCall.defName) : undefined;
    if (declarer) return manual(`its PyModuleDef '${init.createCall!.defName}' is declared by macro ${declarer.name} (${declarer.where}) together with other code, so it cannot be written out alone`, `write the definition of '${init.createCall!.defName}' out where ${declarer.name} is used (static struct PyModuleDef ${init.createCall!.defName} = {...};), then run again`);
    return manual('the PyModuleDef it creates the module from was not found', 'pass every file of the extension, or convert by hand');
  }
  if (init.createCall.defName !== def.name) return manual(`it creates the module from '${init.createCall.defName ?? '?'}', not a PyModuleDef of these files`, 'convert by hand');
  for (const hook of ['m_traverse', 'm_clear', 'm_free']) {
    const v = def.fields.get(hook)?.value;
    const name = v && !isZeroExpr(v) ? functionName(v) : undefined;
    if (v && !isZeroExpr(v) && (!name || !ctx.ext.functionsByName.get(name))) return manual(`the module def's ${hook} (${v.trim()}) is not a function of these files`, 'pass the file that defines it, then run again');
  }
  const slotsField = def.fields.get('m_slots');
  if (slotsField && !isZeroExpr(slotsField.value)) return manual('the module def already has m_slots (m_reload)', 'convert by hand');
  if ([...def.fields.values()].some((f) => f.conditional)) return manual('fields of the module def are inside #if blocks', 'convert by hand');
  const filled = fieldWrite(ext, def.name);
  if (filled) return manual(`the code fills the module def '${def.name}' at run time (${filled}): multi-phase init creates the module from the def before its exec function runs, so those fields would come too late (the module would lose its methods or name)`, `write those fields into the initializer of '${def.name}' (PyModuleDef_HEAD_INIT, then the values), drop the assignments, then run again`);
  // Code the parser could not read in the def (an unterminated literal, a stray brace): the new fields
  // would go where no compiler, nor a later run, reads them as this run does.
  const broken = def.file.parsed.damage.find((d) => d.start >= def.initStart && d.start <= def.initEnd);
  if (broken) {
    const what = broken.missing === '"' || broken.missing === "'" ? `an unterminated ${broken.missing === '"' ? 'string' : 'character'} literal` : 'code that could not be parsed';
    return manual(`its module def has ${what} (line ${def.file.source.position(broken.start).line})`, 'fix the module def, then run again');
  }
  // The same in the statement that creates the module: the rewrite replaces it, so the damage that
  // kept the module loaded once would be gone for the next run, which would declare it isolated. (A
  // statement macro, `MOD_DEF(m, ...)`, needs no `;` of its own.)
  const create = init.createCall;
  const misread = fn.file.parsed.damage.find((d) => d.start >= create.stmtStart && d.start <= create.stmtEnd && !(create.viaMacro && d.missing === ';' && d.start === create.stmtEnd));
  if (misread) return manual(`the statement that creates its module has code that could not be parsed (line ${fn.file.source.position(misread.start).line})`, 'fix that statement, then run again');
  const body = fn.node.childForFieldName('body');
  if (!body) return manual('its body could not be parsed', 'convert by hand');
  const head = fn.headerMacro ? undefined : versionGroupsInHead(file, fn);
  if (head && 'why' in head) return manual(head.why, 'write the head out once (PyMODINIT_FUNC PyInit_<name>(void) with its { after any #endif), then run again');
  if (init.entry) {
    if (fn.params.length > 0 && !(fn.params.length === 1 && fn.params[0].type === 'void')) return manual(`its helper ${fn.name}() takes parameters`, 'convert by hand');
    const others = ctx.access.callSites(fn);
    if (others.callers.some((x) => x !== init.entry) || others.valueUses.length > 0 || others.macroCalls.length > 0) return manual(`its helper ${fn.name}() is used elsewhere too`, 'convert by hand');
  }
  // PyState_FindModule returns NULL for multi-phase modules: every call must be replaceable first.
  for (const f of ext.files) {
    for (const call of f.apiCalls) {
      if (call.api !== 'PyState_FindModule' && !(call.api === 'PyState_AddModule' && call.func !== fn) && call.api !== 'PyState_RemoveModule') continue;
      if (!call.func && unusedMacro(f, call.start, ctx)) continue; // in a macro nobody expands (as in find)
      const blocker = pyStateBlocker(call, ctx);
      if (blocker) return manual(`${blocker.why}; it stops working under multi-phase init`, blocker.steps);
    }
  }
  const scope = moduleVarScope(c, body, ctx);
  if (scope === 'outside') return manual(`it keeps the module in '${c.moduleVar}', which is not declared in these files: the code that reads it cannot be seen, nor that variable kept right`, `pass the file that defines '${c.moduleVar}' too (or keep the module in a local variable), then run again`);
  if (scope === 'global') {
    const param = freeParamName(c, body, ctx);
    if (!param) return manual(`the module is kept in the global '${c.moduleVar}', and no name for the exec function's parameter is free of other meanings`, 'keep the module in a local variable of the init function, then run again');
    c.execParam = param;
  }
  const plan = planInitEdits(c, body, ctx);
  if (typeof plan === 'string') return manual(plan, 'convert by hand; see rewrite spec section 5');
  if ('why' in plan) return manual(plan.why, plan.steps);
  c.plan = plan;
  // The state lookups planned from now on (exec's own among them) read the parameter, not the global.
  if (c.execParam) ctx.plan.execParam = c.execParam;
  findings.push(
    ctx.finding(file, fn.start, fn.bodyStart, 'single-phase-init', 'error', 'auto',
      `${initLabel(init)} uses single-phase init (PyModule_Create): isolated subinterpreters refuse to import it`,
      `multi-phase-init moves the body into ${ctx.plan.names.exec}() as the Py_mod_exec slot and returns PyModuleDef_Init(&${def.name})${plan.helperDrops.dropped.length > 0 ? `; ${plan.helperDrops.dropped.join(', ')} goes from its error path (the import machinery releases the module when exec fails)` : ''}`),
  );
  return { action: 'apply', findings };
}

const RETURN_TYPES = new Set(['return_statement']);
const CALLS = new Set(['call_expression']);

/** Finds every statement of the init body that must change; a string is the reason to refuse. */
function planInitEdits(c: InitCandidate, body: SyntaxNode, ctx: TransformContext): InitEditPlan | string | { why: string; steps: string } {
  const file = c.file;
  const src = file.source;
  const text = src.text;
  const create = c.init.createCall!;
  const mv = create.moduleVar;
  const removals: { start: number; end: number }[] = [];
  const replacements: { start: number; end: number; text: string }[] = [];
  // Return values may hide in the project's macros (`return MOD_ERROR_VAL;`).
  const lookup = macroLookup(file);
  const valueOf = (expr: string): string => stripCasts(expandMacros(expr, lookup));
  let stmt: SyntaxNode | null = file.parsed.tree.rootNode.descendantForIndex(create.start, create.start + 8);
  while (stmt && !['expression_statement', 'declaration', 'return_statement', 'if_statement'].includes(stmt.type)) stmt = stmt.parent;
  if (!stmt) return 'the PyModule_Create statement could not be located';
  // The module variable must not hold anything else before the module is created.
  // With a scratch local for the earlier role of the module variable: where the module's own uses start.
  let createAt = body.startIndex;
  const guards = findAll(body, new Set(['if_statement'])).filter((ifs) => {
    const cond = ifs.childForFieldName('condition');
    return !!cond && /PyState_FindModule\s*\(/.test(nodeText(cond, text)) && ifs.startIndex < stmt!.startIndex;
  });
  if (mv) {
    // Its declaration (`PyObject *m = NULL;`) and the re-import shortcut do not count.
    // The parse view: dead #if branches (Python 2 code) are blank there.
    let head = file.parsed.parseText.slice(body.startIndex, stmt.startIndex);
    for (const g of guards.slice().reverse()) head = head.slice(0, g.startIndex - body.startIndex) + head.slice(g.endIndex - body.startIndex);
    const before = head.replace(new RegExp(`\\*\\s*${mv}\\s*=\\s*(NULL|0)\\s*(?=[;,])`, 'g'), '');
    const reuse = new RegExp(`(^|[^\\w.>])${mv}\\s*(=[^=]|->|\\.|\\))`).exec(before.replace(/\/\*[\s\S]*?\*\//g, ''));
    if (reuse) {
      // Its earlier role (an imported module, say) gets a local of its own; the name is the module's from then on.
      const r = scratchLocal(c, body, stmt, mv, guards, ctx);
      if (typeof r === 'string') return { why: `its variable '${mv}' is used for something else before PyModule_Create, and ${r}`, steps: `give that earlier use a variable of its own, then run again` };
      replacements.push(...r.renames);
      createAt = stmt.startIndex;
    }
  }
  // `if ((m = PyState_FindModule(&def)) != NULL) { Py_INCREF(m); return m; }`: a single-phase
  // re-import shortcut, meaningless (and wrong) in exec.
  for (const ifs of guards) removals.push(statementRemoval(src, ifs.startIndex, ifs.endIndex));
  if (stmt.type === 'return_statement') {
    // return PyModule_Create(&def);
    replacements.push({ start: stmt.startIndex, end: stmt.endIndex, text: 'return 0;' });
  } else if (stmt.type === 'expression_statement' || stmt.type === 'declaration') {
    if (!mv) return 'the result of PyModule_Create is not stored in a variable';
    const declarators = stmt.type === 'declaration' ? stmt.childrenForFieldName('declarator') : [];
    if (declarators.length > 1) {
      // `PyObject *m = PyModule_Create(&def), *err;`: only the module's declarator goes.
      const k = declarators.findIndex((d) => d.type === 'init_declarator' && d.childForFieldName('value') !== null && /PyModule_Create/.test(nodeText(d.childForFieldName('value')!, text)));
      if (k === -1) return 'the module variable is declared together with others';
      const d = declarators[k];
      removals.push(k < declarators.length - 1 ? { start: d.startIndex, end: declarators[k + 1].startIndex } : { start: declarators[k - 1].endIndex, end: d.endIndex });
    } else if (c.execParam) replacements.push({ start: stmt.startIndex, end: stmt.endIndex, text: `${mv} = ${c.execParam};` });
    else removals.push(statementRemoval(src, stmt.startIndex, stmt.endIndex));
    // The NULL check right after it is dead code in exec (the module exists).
    const next = stmt.nextNamedSibling;
    if (next && ((next.type === 'if_statement' && isNullCheckOf(next, mv, text, valueOf)) || (next.type === 'expression_statement' && isNullCheckMacroOf(next, mv, text, lookup)))) removals.push(statementRemoval(src, next.startIndex, next.endIndex));
  } else if (stmt.type === 'if_statement' || stmt.parent?.type === 'if_statement') {
    const ifs = stmt.type === 'if_statement' ? stmt : stmt.parent!;
    // if ((m = PyModule_Create(&def)) == NULL) return NULL;
    if (!ifs.childForFieldName('alternative') && isSimpleExit(ifs.childForFieldName('consequence'), text, valueOf)) {
      if (c.execParam) replacements.push({ start: ifs.startIndex, end: ifs.endIndex, text: `${mv} = ${c.execParam};` });
      else removals.push(statementRemoval(src, ifs.startIndex, ifs.endIndex));
    }
    else return 'PyModule_Create is called inside a condition with more than an error exit';
  } else return `PyModule_Create is used in an unusual place (${stmt.type})`;

  // The module variable's declaration (`PyObject *m;`, `PyObject *m = NULL;`).
  if (mv && stmt.type !== 'declaration') {
    const decls = findAll(body, new Set(['declaration']));
    for (const d of decls) {
      const names = d.childrenForFieldName('declarator');
      const idx = names.findIndex((n) => declaredName(n, text) === mv);
      if (idx === -1) continue;
      if (d.startIndex < createAt) break; // it now declares the scratch local
      if (names.length === 1) removals.push(statementRemoval(src, d.startIndex, d.endIndex));
      else {
        // Remove the declarator and one adjacent comma.
        const n = names[idx];
        if (idx < names.length - 1) removals.push({ start: n.startIndex, end: names[idx + 1].startIndex });
        else removals.push({ start: names[idx - 1].endIndex, end: n.endIndex });
      }
      break;
    }
  }
  // `m = NULL;` after the creation marks a failed setup (zstandard: `Py_DECREF(m); m = NULL;`, then
  // `return m;`): where nothing but that return follows, the reset is the exec's `return -1;`. Any
  // other assignment: the later `return m` may not be the module, and `return 0` would hide it.
  if (mv) {
    const after = file.parsed.parseText.slice(stmt.endIndex, body.endIndex).replace(/\/\*[\s\S]*?\*\//g, (x) => ' '.repeat(x.length));
    const assigned = new RegExp(`(^|[^\\w.>])${mv}\\s*=[^=]`, 'g');
    for (let again = assigned.exec(after); again; again = assigned.exec(after)) {
      const at = stmt.endIndex + again.index + again[1].length;
      const reset = resetBeforeReturn(file, at, mv, valueOf);
      if (!reset) return `its variable '${mv}' is assigned again after PyModule_Create ('${text.slice(at, text.indexOf(';', at) + 1).trim()}') where more than 'return ${mv}' follows, so that return may report a failure`;
      replacements.push({ start: reset.startIndex, end: reset.endIndex, text: 'return -1;' });
    }
  }
  // Returns: `return m;` -> `return 0;`, `return NULL;` -> `return -1;`.
  for (const r of findAll(body, RETURN_TYPES)) {
    if (r.startIndex >= create.stmtStart && r.endIndex <= create.stmtEnd) continue;
    if (removals.some((x) => r.startIndex >= x.start && r.endIndex <= x.end)) continue;
    const e = r.namedChildren.find((n) => n.type !== 'comment');
    if (!e) return 'it has a bare `return;`';
    const v = valueOf(nodeText(e, text));
    if (mv && v === mv) replacements.push({ start: e.startIndex, end: e.endIndex, text: '0' });
    else if (isZeroExpr(v)) replacements.push({ start: e.startIndex, end: e.endIndex, text: '-1' });
    else return `it returns '${nodeText(e, text)}', not the module it created`;
  }
  // Reference drops of the module (the import machinery owns it in exec), and PyState_AddModule.
  for (const call of findAll(body, CALLS)) {
    const fnNode = call.childForFieldName('function');
    const name = fnNode ? nodeText(fnNode, text) : '';
    const args = call.childForFieldName('arguments')?.namedChildren.filter((a) => a.type !== 'comment') ?? [];
    const arg0 = args[0] ? stripCasts(nodeText(args[0], text)) : '';
    if (mv && ['Py_DECREF', 'Py_XDECREF', 'Py_CLEAR', 'Py_DecRef'].includes(name) && arg0 === mv && call.startIndex >= createAt) {
      const s = call.parent;
      if (s && s.type === 'expression_statement') {
        if (s.parent && s.parent.type === 'compound_statement') removals.push(statementRemoval(src, s.startIndex, s.endIndex));
        else if (labelTakesNext(s, src)) removals.push({ start: src.lineStart(s.startIndex), end: src.lineEndIncludingEol(s.endIndex) });
        else replacements.push({ start: call.startIndex, end: call.endIndex, text: '(void)0' });
      } else return `${name}(${mv}) is used inside an expression`;
    }
    if (name === 'PyState_AddModule') {
      const s = statementOfCall(call);
      if (!s) return 'PyState_AddModule is used inside a larger expression';
      removals.push(statementRemoval(src, s.startIndex, s.endIndex));
    }
  }
  // The module must not escape into a global: globals-to-state reports that.
  // Helpers the init function passes the module to, that drop a reference to it (`Py_DECREF(m);
  // return -1;` on an error path): in exec the import machinery owns the module, so that drop goes
  // where it safely can, else the init stays single-phase until a human decides.
  let helperDrops: { edits: HelperDropEdit[]; dropped: string[] } = { edits: [], dropped: [] };
  if (mv) {
    const drops = helperModuleDrops(body, mv, ctx, createAt);
    if ('why' in drops) return drops;
    helperDrops = drops;
  }
  // Macros the init function expands that `return NULL` (`#define CHECK(x) if (!(x)) return NULL`):
  // in exec that must be `return -1`; a macro other functions use too cannot be changed.
  for (const f of ctx.ext.files) {
    for (const m of f.macros.values()) {
      // A macro defined before PyModule_Create in the init body speaks of the scratch local (renamed with it).
      const renamed = !m.file && f === file && m.start >= body.startIndex && m.end <= createAt;
      const dropsModule = !!mv && !renamed && (!(m.params ?? []).includes(mv) && dropsRef(m.body, mv) || macroDropsArgument(m, mv, text.slice(createAt, body.endIndex)));
      // No return of its own: it may return through another macro it calls.
      const throughOthers = !/\breturn\b/.test(m.body) && !dropsModule;
      // `#define X_N(stmt, X) RETURN_X_IF_COND(stmt, X, == NULL)`: no return of its own, but it hands
      // its parameter to a macro that returns it (ijson): what each use in the init returns is its argument.
      const forwards = throughOthers && returnedParam(m, lookup) !== undefined;
      // `#define ADD_TYPE(name, type) { ... X_LZ(PyType_Ready(&type), MOD_VAL(NULL)); ... }`: a return
      // macro used in its body with the init's error value.
      const nested = throughOthers && !forwards ? nestedReturnArguments(m, f, mv, lookup) : undefined;
      if (throughOthers && !forwards && !nested) continue;
      const users = macroUsers(ctx.ext, m.name);
      if (!users.funcs.includes(c.init.func)) continue;
      if (nested) {
        const where = `${basename(f.path)}:${f.source.position(m.start).line}`;
        if (nested === 'other' || users.funcs.some((u) => u !== c.init.func) || users.outside > 0 || f !== file) {
          return {
            why: `macro ${m.name} (${where}) returns from ${c.init.func.name}() through another macro, ${nested === 'other' ? 'with a value that is neither NULL nor the module' : 'and is used outside the init function too'}; the exec function must return 0 on success and -1 on error`,
            steps: `expand ${m.name} in ${c.init.func.name}() by hand, then run again`,
          };
        }
        replacements.push(...nested);
        continue;
      }
      if (forwards) {
        if (f !== file && !ctx.ext.files.includes(f)) continue;
        const uses = returnArgumentUses(m, c.init.func, mv, lookup);
        if (!uses) {
          return {
            why: `macro ${m.name} (${basename(f.path)}:${f.source.position(m.start).line}) returns its argument '${m.params![returnedParam(m, lookup)!]}' from ${c.init.func.name}() through another macro, and a use there passes a value that is neither NULL nor the module`,
            steps: `replace that use of ${m.name} in ${c.init.func.name}() by a plain \`if (...) return NULL;\`, then run again`,
          };
        }
        replacements.push(...uses);
        continue;
      }
      const where = `${basename(f.path)}:${f.source.position(m.start).line}`;
      const fnName = c.init.func.name;
      // `#define FAIL { Py_DECREF(m); return NULL; }`: the module is owned by the import machinery in exec.
      if (dropsModule) {
        return {
          why: `macro ${m.name} (${where}) drops a reference to the module '${mv}' in ${fnName}(); in the exec function the import machinery owns the module, so that would free it twice`,
          steps: `expand ${m.name} in ${fnName}() by hand (or take the Py_DECREF(${mv}) out of it), then run again`,
        };
      }
      // Every `return` in the body must be one that can become `return -1` (`#define RET(v) return (v)`
      // would turn `RET(NULL)` into a success and `RET(m)` into a pointer from an int function).
      const returns = m.body.match(/\breturn\b[^;]*/g) ?? [];
      const bad = returns.find((r) => !returnsErrorValue(r));
      // `#define RETURN_MODULE(m) return (m)`: what each use returns is known where it is used.
      const atUses = bad !== undefined || users.funcs.some((u) => u !== c.init.func) || users.outside > 0 || f !== file ? returnMacroUses(m, c.init.func, mv, lookup) ?? returnArgumentUses(m, c.init.func, mv, lookup) : undefined;
      if (atUses) {
        replacements.push(...atUses);
        continue;
      }
      if (bad !== undefined) {
        return {
          why: `macro ${m.name} (${where}) returns from ${fnName}() ('${bad.trim()}'); the exec function must return 0 on success and -1 on error, and the macro cannot be rewritten to say which`,
          steps: `replace the uses of ${m.name} in ${fnName}() by plain \`return ...;\` statements (\`return NULL;\` on errors, \`return ${mv ?? 'm'};\` on success), then run again`,
        };
      }
      if (users.funcs.some((u) => u !== c.init.func) || users.outside > 0) return `macro ${m.name}() returns NULL from the init function and from other functions too`;
      const raw = f.source.text.slice(m.start, m.end);
      for (const v of errorValuesReturned(raw)) {
        if (f !== file) return `macro ${m.name}() (in another file) returns NULL from the init function`;
        replacements.push({ start: m.start + v.at, end: m.start + v.at + v.length, text: '-1' });
      }
    }
  }
  const unseen = unseenStatementMacro(c, ctx, body, replacements);
  if (unseen) return unseen;
  const library = libraryImportEdits(c);
  if (typeof library === 'string') return library;
  replacements.push(...library);
  removals.push(...orphanedLabels(body, removals, file));
  for (const r of removals) overSplitVersionGroups(file, r);
  const merged = mergeSpans(removals);
  // Neighbouring statements removed between two blank lines leave one blank line, not two. The
  // spans stay apart: the state declaration may be inserted where one ends and the next starts.
  for (let i = 0; i < merged.length; i++) {
    let j = i;
    while (j + 1 < merged.length && merged[j + 1].start === merged[j].end) j++;
    merged[j].end = withoutDoubleBlank(src, { start: merged[i].start, end: merged[j].end }).end;
    i = j;
  }
  // Edits inside a statement that goes away go with it.
  const inside = (r: { start: number; end: number }): boolean => merged.some((m) => r.start >= m.start && r.end <= m.end);
  // `if (bad) { Py_DECREF(m); return NULL; }` keeps one statement: in a file that writes single
  // statements without braces, so does the result (a later run measures the file's style on it).
  const unbraced = fileStyle(file).bracesForSingle ? [] : unbraceLeftSingles(body, merged, src);
  const kept = replacements.filter((r) => !inside(r));
  return { removals: [...merged, ...unbraced].sort((a, b) => a.start - b.start), replacements: [...kept, ...continuationPadding(src, kept)], helperDrops };
}

/**
 * Lines of a macro body keep their backslashes in the column they were aligned to: the padding
 * before the `\` of each line the replacements make longer or shorter takes up the difference
 * (spaces only, and at least one is left).
 */
function continuationPadding(src: FileModel['source'], edits: { start: number; end: number; text: string }[]): { start: number; end: number; text: string }[] {
  const growth = new Map<number, number>();
  for (const r of edits) {
    const ls = src.lineStart(r.start);
    if (r.text.includes('\n') || src.lineStart(r.end) !== ls) continue;
    growth.set(ls, (growth.get(ls) ?? 0) + r.text.length - (r.end - r.start));
  }
  const out: { start: number; end: number; text: string }[] = [];
  for (const [ls, grow] of growth) {
    const end = src.lineEndIncludingEol(ls);
    const pad = / +\\\r?\n$/.exec(src.text.slice(ls, end));
    if (!pad || grow === 0) continue;
    const spaces = pad[0].length - pad[0].trimStart().length;
    if (spaces - grow < 1) continue;
    const at = end - pad[0].length;
    if (edits.some((r) => r.end > at && r.start < at + spaces)) continue;
    out.push({ start: at, end: at + spaces, text: ' '.repeat(spaces - grow) });
  }
  return out;
}

/**
 * A removed statement whose end a decided Python-version #if splits (`if (m == NULL)` / `#ifdef
 * HAVE_PY3K` / `return NULL;` / `#else` / `return;` / `#endif`): the dead branches and the #endif
 * go with it when nothing of the live branch follows, else the #else would be left without its #if.
 */
function overSplitVersionGroups(file: FileModel, r: { start: number; end: number }): void {
  const text = file.source.text;
  for (const g of file.parsed.lex.groups) {
    if (g.includeGuard || g.resolvedBranch === undefined || g.resolvedBranch < 0 || !g.endif) continue;
    if (!(r.start <= g.start && g.start < r.end && r.end < g.end)) continue;
    const live = g.branches[g.resolvedBranch];
    if (r.end < live.bodyStart || r.end > live.bodyEnd || text.slice(r.end, live.bodyEnd).trim() !== '') continue;
    r.end = file.source.lineEndIncludingEol(g.endif.start);
  }
}

/**
 * The braces of `if (c) { ... }` (no else, `{` ending the `if` line, `}` on a line of its own,
 * no comment) whose statements the removals leave at exactly one.
 */
function unbraceLeftSingles(body: SyntaxNode, removals: { start: number; end: number }[], src: FileModel['source']): { start: number; end: number }[] {
  const out: { start: number; end: number }[] = [];
  const removed = (n: SyntaxNode): boolean => removals.some((r) => n.startIndex >= r.start && n.endIndex <= r.end);
  for (const ifs of findAll(body, new Set(['if_statement']))) {
    if (ifs.childForFieldName('alternative') || ifs.parent?.type === 'else_clause') continue;
    const cond = ifs.childForFieldName('condition');
    const block = ifs.childForFieldName('consequence');
    if (!cond || !block || block.type !== 'compound_statement') continue;
    const kids = block.namedChildren;
    if (kids.some((k) => k.type === 'comment') || kids.filter((k) => !removed(k)).length !== 1 || kids.length < 2) continue;
    const left = kids.find((k) => !removed(k))!;
    if (left.type === 'declaration' || left.type === 'labeled_statement' || left.type === 'if_statement') continue;
    const text = src.text;
    const open = block.startIndex;
    const close = block.endIndex - 1;
    if (text.slice(cond.endIndex, open).trim() !== '' || text.slice(open + 1, src.lineEndIncludingEol(open)).trim() !== '') continue;
    if (text.slice(src.lineStart(close), close).trim() !== '' || text.slice(close + 1, src.lineEndIncludingEol(close)).trim() !== '') continue;
    if (removals.some((r) => r.start < src.lineEndIncludingEol(close) && r.end > src.lineStart(close))) continue;
    out.push({ start: cond.endIndex, end: open + 1 }, closingBraceLine(close, removals, src));
  }
  return out;
}

/**
 * The line of a block's closing brace, removed as the line break before it plus the brace
 * (`\n    }`) when nothing follows the brace: the removal then ends where the if statement ends, so
 * another transform's statement inserted after the if (the GC tracking of an object it created)
 * touches it instead of falling inside it. Otherwise (text after the brace, or the line before
 * already removed) the whole line.
 */
function closingBraceLine(close: number, removals: { start: number; end: number }[], src: FileModel['source']): { start: number; end: number } {
  const text = src.text;
  const lineStart = src.lineStart(close);
  const eol = text[lineStart - 2] === '\r' ? 2 : 1;
  const afterBrace = text[close + 1];
  const beforeTouched = removals.some((r) => r.start < lineStart && r.end > lineStart - eol);
  if (lineStart >= eol && (afterBrace === '\n' || afterBrace === '\r') && !beforeTouched) return { start: lineStart - eol, end: close + 1 };
  return { start: lineStart, end: src.lineEndIncludingEol(close) };
}

/**
 * Import macros of other libraries in the init body (NumPy's `import_array();`): their bodies
 * are in headers the parse never sees. One that hides `return NULL` (or sets an error and carries
 * on) becomes the spelling that returns -1, which NumPy 1.x and 2.x headers both provide; one
 * that returns its argument gets -1 instead of NULL.
 */
function libraryImportEdits(c: InitCandidate): { start: number; end: number; text: string }[] | string {
  const file = c.init.func.file;
  const text = file.source.text;
  const out: { start: number; end: number; text: string }[] = [];
  for (const call of file.apiCalls) {
    const lib = call.func === c.init.func ? libraryImport(call.api) : undefined;
    if (!lib) continue;
    const m = new RegExp(`^${call.api}\\s*\\(((?:[^()]|\\([^()]*\\))*)\\)`).exec(text.slice(call.start, Math.max(call.end, call.start + 400)));
    if (!m) {
      if (lib.failure === 'returns-null' || lib.failure === 'returns-arg') return `${call.api} (${lib.library}) is used without its argument list, and it returns from ${c.init.func.name}() on failure`;
      continue;
    }
    if (lib.execForm) {
      out.push({ start: call.start, end: call.start + m[0].length, text: lib.execForm });
      continue;
    }
    if (lib.failure !== 'returns-arg') continue;
    const args = splitArgs(m[1]);
    const arg = args[lib.returnArg ?? 0];
    if (arg === undefined) return `${call.api}() (${lib.library}) has fewer arguments than expected`;
    if (/^-\s*1$/.test(arg.text.trim())) continue;
    if (!isZeroExpr(arg.text.trim())) return `${call.api}(${m[1].trim()}) (${lib.library}) returns '${arg.text.trim()}' from ${c.init.func.name}() on failure; the exec function must return -1`;
    const at = call.start + m[0].indexOf('(') + 1 + arg.offset;
    const lead = arg.text.length - arg.text.trimStart().length;
    out.push({ start: at + lead, end: at + lead + arg.text.trim().length, text: '-1' });
  }
  return out;
}

/**
 * A macro whose whole body is one `return` statement (`return (value)`, `return NULL`), used in
 * the init function: each use becomes `return 0` or `return -1` as the value it returns there is
 * the module or NULL; undefined when some use returns anything else.
 */
function returnMacroUses(m: MacroDef, fn: FunctionInfo, mv: string | undefined, lookup: MacroLookup): { start: number; end: number; text: string }[] | undefined {
  if (!/^return\b[^;]*;?$/.test(m.body.replace(/\/\*[\s\S]*?\*\//g, '').trim())) return undefined;
  const file = fn.file;
  const text = file.source.text;
  const out: { start: number; end: number; text: string }[] = [];
  for (const at of usesOf(file, m.name)) {
    if (at <= fn.bodyStart || at >= fn.bodyEnd) continue;
    let end = at + m.name.length;
    let args: string[] = [];
    if (m.params) {
      let open = end;
      while (/\s/.test(text[open] ?? '')) open++;
      const call = callArguments(text, open);
      if (!call) return undefined;
      args = call.args;
      end = call.close + 1;
    }
    const body = m.params ? substitute(m, args) : m.body;
    const value = stripCasts(expandMacros(body.replace(/\/\*[\s\S]*?\*\//g, '').trim().replace(/;$/, '').replace(/^return\b/, ''), lookup));
    if (mv && value === mv) out.push({ start: at, end, text: 'return 0' });
    else if (isZeroExpr(value)) out.push({ start: at, end, text: 'return -1' });
    else return undefined;
  }
  return out;
}

/**
 * `#define RETURN_IF_NULL(expr, X) do { if ((expr) == NULL) { return X; } } while (0)` (ijson's
 * X_N): every return of the macro returns the same parameter, so what each use returns is its
 * argument there: `RETURN_IF_NULL(m, NULL)` in the init becomes `RETURN_IF_NULL(m, -1)` in exec,
 * and the macro's other users keep theirs. Undefined when a use passes anything else.
 */
function returnArgumentUses(m: MacroDef, fn: FunctionInfo, mv: string | undefined, lookup: MacroLookup): { start: number; end: number; text: string }[] | undefined {
  const index = returnedParam(m, lookup);
  if (index === undefined || !m.params) return undefined;
  const file = fn.file;
  const text = file.source.text;
  const out: { start: number; end: number; text: string }[] = [];
  for (const at of usesOf(file, m.name)) {
    if (at <= fn.bodyStart || at >= fn.bodyEnd) continue;
    let open = at + m.name.length;
    while (/\s/.test(text[open] ?? '')) open++;
    const call = callArguments(text, open);
    if (!call || call.args.length !== m.params.length) return undefined;
    const from = open + 1 + call.args.slice(0, index).reduce((n, a) => n + a.length + 1, 0);
    const arg = call.args[index];
    const start = from + (arg.length - arg.trimStart().length);
    const end = from + arg.trimEnd().length;
    const value = stripCasts(expandMacros(arg.trim(), lookup));
    if (mv && value === mv) out.push({ start, end, text: '0' });
    else if (isZeroExpr(value)) out.push({ start, end, text: '-1' });
    else return undefined;
  }
  return out;
}

/**
 * The parameter a function-like macro returns: every `return` of its body returns it, or its whole
 * body is one call of such a macro with the parameter in that place (`#define X_N(stmt, X)
 * RETURN_X_IF_COND(stmt, X, == NULL)`, a few levels deep at most).
 */
function returnedParam(m: MacroDef, lookup: MacroLookup, depth = 0): number | undefined {
  if (!m.params || depth > 4) return undefined;
  const body = m.body.replace(/\/\*[\s\S]*?\*\//g, '');
  const returned = [...body.matchAll(/\breturn\b\s*([^;]*)/g)].map((r) => r[1].trim().replace(/^\(\s*([A-Za-z_]\w*)\s*\)$/, '$1'));
  if (returned.length > 0) {
    if (!returned.every((r) => r === returned[0])) return undefined;
    const index = m.params.indexOf(returned[0]);
    return index < 0 ? undefined : index;
  }
  const call = /^\s*([A-Za-z_]\w*)\s*\(/.exec(body);
  const inner = call && call[1] !== m.name ? lookup(call[1]) : undefined;
  if (!inner) return undefined;
  const args = callArguments(body, call![0].length - 1);
  // Nothing after the call but a `;`: the body is that one statement.
  if (!args || !/^\s*;?\s*$/.test(body.slice(args.close + 1))) return undefined;
  const k = returnedParam(inner, lookup, depth + 1);
  if (k === undefined || k >= args.args.length) return undefined;
  const index = m.params.indexOf(args.args[k].trim());
  return index < 0 ? undefined : index;
}

/**
 * In the body of `m` (no `return` of its own), the uses of macros that return one of their
 * arguments (see returnedParam) with the init's error value there: the edits that make each `-1`
 * (`0` for the module). Undefined when the body uses none; 'other' when one passes another value.
 */
function nestedReturnArguments(m: MacroDef, f: FileModel, mv: string | undefined, lookup: MacroLookup): { start: number; end: number; text: string }[] | 'other' | undefined {
  if (m.file) return undefined;
  const text = f.source.text;
  const raw = text.slice(m.start, m.end);
  const out: { start: number; end: number; text: string }[] = [];
  const word = /[A-Za-z_]\w*/g;
  const head = raw.indexOf(m.name) + m.name.length;
  for (let w = (word.lastIndex = head, word.exec(raw)); w; w = word.exec(raw)) {
    const r = w[0] !== m.name ? lookup(w[0]) : undefined;
    const index = r ? returnedParam(r, lookup) : undefined;
    if (!r || index === undefined) continue;
    let open = w.index + w[0].length;
    while (/[ \t]/.test(raw[open] ?? '')) open++;
    const call = callArguments(raw, open);
    if (!call || call.args.length !== r.params!.length) return 'other';
    const from = open + 1 + call.args.slice(0, index).reduce((n, a) => n + a.length + 1, 0);
    const arg = call.args[index];
    if ((m.params ?? []).includes(arg.trim())) return 'other';
    const start = m.start + from + (arg.length - arg.trimStart().length);
    const end = m.start + from + arg.trimEnd().length;
    const value = stripCasts(expandMacros(arg.trim(), lookup));
    if (mv && value === mv) out.push({ start, end, text: '0' });
    else if (isZeroExpr(value)) out.push({ start, end, text: '-1' });
    else return 'other';
    word.lastIndex = open + 1;
  }
  return out.length > 0 ? out : undefined;
}

/** Top-level comma-separated pieces of an argument list, with their offsets. */
function splitArgs(s: string): { text: string; offset: number }[] {
  const out: { text: string; offset: number }[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i <= s.length; i++) {
    const ch = s[i];
    if (i === s.length || (ch === ',' && depth === 0)) {
      out.push({ text: s.slice(start, i), offset: start });
      start = i + 1;
    } else if (ch === '(') depth++;
    else if (ch === ')') depth--;
  }
  return out.filter((a, k) => !(k === 0 && out.length === 1 && a.text.trim() === ''));
}

/**
 * The init function's module variable holds something else before PyModule_Create (an imported
 * module whose attribute it reads: `m = PyImport_ImportModule("abc"); x = PyObject_GetAttrString(m, "Mapping");
 * Py_DECREF(m); ... m = PyModule_Create(&def);`). In exec the module is the parameter, so those uses get a
 * local of their own: every use of the name before the PyModule_Create statement (its declaration, and
 * the bodies of macros the init defines there) is renamed. A reason instead when that is not safe: a
 * macro defined elsewhere uses the name, a macro defined there is used after PyModule_Create too, it is
 * returned, the re-import shortcut reads it, or a jump from before PyModule_Create reaches code after it
 * that names it (its error exit would drop the module, which exec must not).
 */
function scratchLocal(c: InitCandidate, body: SyntaxNode, create: SyntaxNode, mv: string, guards: SyntaxNode[], ctx: TransformContext): { renames: { start: number; end: number; text: string }[] } | string {
  const file = c.file;
  const text = file.source.text;
  const from = body.startIndex;
  const to = create.startIndex;
  if (guards.length > 0) return 'a PyState_FindModule shortcut reads it there too';
  const inRange = (at: number): boolean => at > from && at < to;
  for (const m of file.macros.values()) {
    if (m.file || !new RegExp(`\\b${mv}\\b`).test(m.body) || (m.params ?? []).includes(mv)) continue;
    const defined = m.start > from && m.end <= to;
    // (`#undef NAME` at the end of the function is no use.)
    const uses = usesOf(file, m.name).filter((at) => at >= m.end && !/^\s*#\s*undef\s*$/.test(text.slice(file.source.lineStart(at), at)));
    if (defined && uses.some((at) => at >= to && at < body.endIndex)) return `macro ${m.name}(), defined there, is used after PyModule_Create too`;
    if (!defined && uses.some(inRange)) return `macro ${m.name}() (line ${file.source.position(m.start).line}) uses the name there`;
  }
  for (const r of findAll(body, RETURN_TYPES)) {
    const e = r.namedChildren.find((n) => n.type !== 'comment');
    if (r.startIndex < to && e && stripCasts(nodeText(e, text)) === mv) return 'it is returned there';
  }
  // Jumps from before PyModule_Create to a label after it whose code names the variable.
  // (A jump inside a macro the init expands there counts too.)
  const labels = findAll(body, new Set(['labeled_statement'])).filter((l) => l.startIndex > to);
  const targets = findAll(body, new Set(['goto_statement'])).filter((x) => x.startIndex < to).map((g) => g.childForFieldName('label')).filter((l): l is SyntaxNode => !!l).map((l) => nodeText(l, text));
  for (const m of file.macros.values()) if (usesOf(file, m.name).some(inRange)) for (const x of m.body.matchAll(/\bgoto\s+([A-Za-z_]\w*)/g)) targets.push(x[1]);
  for (const target of new Set(targets)) {
    const label = labels.find((l) => nodeText(l.childForFieldName('label')!, text) === target);
    if (label && new RegExp(`\\b${mv}\\b`).test(file.parsed.parseText.slice(label.startIndex, body.endIndex))) {
      return `its error exit '${target}:' after PyModule_Create names it and is reached from before`;
    }
  }
  // Imports get `imported`; anything else `<name>_tmp`; never a name the file already uses.
  const assigned = [...text.slice(from, to).replace(/\/\*[\s\S]*?\*\//g, ' ').matchAll(new RegExp(`(?:^|[^\\w.>])${mv}\\s*=(?!=)\\s*([A-Za-z_]\\w*)`, 'g'))].map((x) => x[1]).filter((v) => v !== 'NULL');
  const imports = assigned.length > 0 && assigned.every((callee) => /^PyImport_\w*Import\w*$/.test(callee));
  const taken = (n: string): boolean => file.allIdentifiers.has(n) || ctx.ext.files.some((f) => f.allIdentifiers.has(n));
  const base = imports ? 'imported' : `${mv}_tmp`;
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  const renames = usesOf(file, mv).filter(inRange).map((at) => ({ start: at, end: at + mv.length, text: name }));
  return { renames };
}

/**
 * `fail:` / `Py_DECREF(m);` / `return NULL;`: the label's statement has a line of its own and a statement
 * follows it in the block, so the label can simply head that one (a declaration cannot follow a label
 * before C23); else the statement becomes `(void)0;`.
 */
function labelTakesNext(stmt: SyntaxNode, src: FileModel['source']): boolean {
  const label = stmt.parent;
  if (!label || label.type !== 'labeled_statement' || label.parent?.type !== 'compound_statement') return false;
  const text = src.text;
  if (text.slice(src.lineStart(stmt.startIndex), stmt.startIndex).trim() !== '') return false;
  if (text.slice(stmt.endIndex, src.lineEndIncludingEol(stmt.endIndex)).trim() !== '') return false;
  let next = label.nextNamedSibling;
  while (next && next.type === 'comment') next = next.nextNamedSibling;
  return !!next && /_statement$/.test(next.type) && next.type !== 'labeled_statement';
}

function mergeSpans(spans: { start: number; end: number }[]): { start: number; end: number }[] {
  const sorted = spans.slice().sort((a, b) => a.start - b.start || b.end - a.end);
  const out: { start: number; end: number }[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
    else out.push({ ...s });
  }
  return out;
}

/** A statement whose whole purpose is the call: `f(...);` or `if (f(...) < 0) <exit>`. */
function statementOfCall(call: SyntaxNode): SyntaxNode | undefined {
  let p = call.parent;
  if (p && p.type === 'expression_statement') return p;
  while (p && (p.type === 'binary_expression' || p.type === 'parenthesized_expression' || p.type === 'unary_expression')) p = p.parent;
  if (p && p.type === 'condition_clause') p = p.parent;
  if (p && p.type === 'if_statement' && !p.childForFieldName('alternative')) return p;
  return undefined;
}

/**
 * `kv_module = PyModule_Create(&def);` with `PyObject *kv_module;` at file scope: other code may read
 * the module through that global (a header's `#define STATE GET_STATE(kv_module)`), which stays
 * (globals-to-state leaves it to a human), so exec must keep it assigned and never shadow it.
 */
function moduleVarScope(c: InitCandidate, body: SyntaxNode, ctx: TransformContext): 'local' | 'global' | 'outside' {
  const mv = c.init.createCall?.moduleVar;
  const text = c.file.source.text;
  if (!mv || findAll(body, new Set(['declaration'])).some((d) => d.childrenForFieldName('declarator').some((n) => declaredName(n, text) === mv))) return 'local';
  // Not a local: a global of these files, or one only a header outside them (or a file not given) declares.
  return ctx.ext.globals.some((g) => g.scope === 'file' && g.name === mv) ? 'global' : 'outside';
}

/** A parameter name that nothing in the init body, no global and no macro of the extension means already. */
function freeParamName(c: InitCandidate, body: SyntaxNode, ctx: TransformContext): string | undefined {
  const bodyText = c.file.source.text.slice(body.startIndex, body.endIndex);
  return ['module', 'mod', 'module_object'].find((name) => {
    const word = new RegExp(`\\b${name}\\b`);
    if (word.test(bodyText) || ctx.ext.globals.some((g) => g.name === name)) return false;
    return !ctx.ext.files.some((f) => [...f.macros.values()].some((m) => m.name === name || word.test(m.body)));
  });
}

function declaredName(n: SyntaxNode, text: string): string | undefined {
  let x: SyntaxNode | null = n;
  while (x && x.type !== 'identifier') x = x.childForFieldName('declarator');
  return x ? nodeText(x, text) : undefined;
}

function isNullCheckOf(ifs: SyntaxNode, mv: string, text: string, valueOf: (expr: string) => string): boolean {
  if (ifs.childForFieldName('alternative')) return false;
  const cond = ifs.childForFieldName('condition');
  if (!cond) return false;
  const c = nodeText(cond, text).replace(/\s+/g, '');
  const ok = c === `(${mv}==NULL)` || c === `(!${mv})` || c === `(NULL==${mv})` || c === `(${mv}==0)`;
  return ok && isSimpleExit(ifs.childForFieldName('consequence'), text, valueOf);
}

/**
 * `RETURN_IF_NULL(m, NULL);`, ijson's `X_N(m, MOD_VAL(NULL));` (through `RETURN_X_IF_COND(stmt, X, == NULL)`):
 * a call of the file's macros that, expanded, is only a NULL check of `mv` and an exit. Dead in exec, like
 * the `if` it stands for, once the create call before it is gone.
 */
function isNullCheckMacroOf(stmt: SyntaxNode, mv: string, text: string, macros: (name: string) => { params?: string[]; body: string } | undefined): boolean {
  const expanded = expandMacroCalls(nodeText(stmt, text).replace(/;\s*$/, ''), macros, 4);
  if (expanded === undefined) return false;
  const e = expanded.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\s+/g, '');
  const m = `\\(?${mv}\\)?`;
  return new RegExp(`^(?:do\\{)?if\\((?:${m}==(?:NULL|0)|NULL==${m}|!${m})\\)\\{?(?:return[^;{}]*|goto\\w+);\\}?(?:\\}while\\(0\\))?;?$`).test(e);
}

/** `text` with the calls of these function-like macros replaced by their bodies (arguments substituted), `depth` levels deep; undefined when a call cannot be read. */
function expandMacroCalls(text: string, macros: (name: string) => { params?: string[]; body: string } | undefined, depth: number): string | undefined {
  if (depth === 0) return text;
  let out = '';
  let i = 0;
  const re = /\b([A-Za-z_]\w*)\s*\(/g;
  for (let m = re.exec(text); m; m = re.exec(text)) {
    const def = macros(m[1]);
    if (!def?.params) continue;
    const args: string[] = [];
    let level = 0;
    let from = m.index + m[0].length;
    let j = from;
    for (; j < text.length; j++) {
      const ch = text[j];
      if (ch === '(') level++;
      else if (ch === ')') {
        if (level === 0) break;
        level--;
      } else if (ch === ',' && level === 0) {
        args.push(text.slice(from, j).trim());
        from = j + 1;
      }
    }
    if (j >= text.length) return undefined;
    args.push(text.slice(from, j).trim());
    if (args.length !== def.params.length && !(def.params.length === 0 && args.length === 1 && args[0] === '')) return undefined;
    let body = def.body;
    def.params.forEach((p, k) => {
      body = body.replace(new RegExp(`\\b${p}\\b`, 'g'), () => args[k]);
    });
    out += text.slice(i, m.index) + body;
    i = j + 1;
    re.lastIndex = i;
  }
  out += text.slice(i);
  return out === text ? text : expandMacroCalls(out, macros, depth - 1);
}

/** `return NULL;`, `goto label;` or a block holding only that. */
function isSimpleExit(n: SyntaxNode | null, text: string, valueOf: (expr: string) => string): boolean {
  if (!n) return false;
  if (n.type === 'compound_statement') {
    const inner = n.namedChildren.filter((c) => c.type !== 'comment');
    return inner.length === 1 && isSimpleExit(inner[0], text, valueOf);
  }
  if (n.type === 'goto_statement') return true;
  if (n.type === 'return_statement') {
    const e = n.namedChildren.find((c) => c.type !== 'comment');
    return !!e && isZeroExpr(valueOf(nodeText(e, text)));
  }
  // `INITERROR;` with `#define INITERROR return NULL`.
  if (n.type === 'expression_statement') {
    const r = /^return\b([\s\S]*?);?$/.exec(valueOf(nodeText(n, text).replace(/;\s*$/, '')).trim());
    // `return ((PyObject *)NULL)` (the porting guide's RETURN_MOD_INIT_ERROR): the cast in its parentheses goes too.
    return !!r && r[1].trim() !== '' && isZeroExpr(stripCasts(r[1].trim()));
  }
  return false;
}

/**
 * Labels whose every `goto` goes with the removed statements (`if (m == NULL) goto exit;` after
 * PyModule_Create): left alone they would be unused labels, a new compiler warning. A label that
 * a macro body jumps to stays.
 */
function orphanedLabels(body: SyntaxNode, removals: { start: number; end: number }[], file: FileModel): { start: number; end: number }[] {
  const text = file.source.text;
  const out: { start: number; end: number }[] = [];
  const gotos = findAll(body, new Set(['goto_statement']));
  for (const ls of findAll(body, new Set(['labeled_statement']))) {
    const labelNode = ls.childForFieldName('label');
    if (!labelNode) continue;
    const label = nodeText(labelNode, text);
    const jumps = gotos.filter((g) => nodeText(g.childForFieldName('label') ?? g, text) === label);
    if (jumps.length === 0 || !jumps.every((g) => removals.some((x) => g.startIndex >= x.start && g.endIndex <= x.end))) continue;
    if ([...file.macros.values()].some((m) => new RegExp(`\\bgoto\\s+${label}\\b`).test(m.body))) continue;
    const colon = text.indexOf(':', labelNode.endIndex);
    let end = colon + 1;
    while (end < text.length && (text[end] === ' ' || text[end] === '\t')) end++;
    const lineStart = file.source.lineStart(labelNode.startIndex);
    const alone = /^[ \t]*$/.test(text.slice(lineStart, labelNode.startIndex)) && (text[end] === '\n' || text[end] === '\r');
    out.push(alone ? { start: lineStart, end: file.source.lineEndIncludingEol(end) } : { start: labelNode.startIndex, end });
  }
  return out;
}


function editInit(c: InitCandidate, ctx: TransformContext): void {
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

/**
 * The Python-version #if groups between the start of the function's head and its body that hold its
 * name in the branch every supported version compiles: from the first `#if` to the end of the last
 * `#endif` line (without its line break). The `{` may be the last thing of that branch (`PyInit_x(void) {`
 * / `#else` / `initx(void) {` / `#endif`): `braceInside`. `directives`: the `#define` / `#undef` /
 * `#pragma` lines the branches hold besides the head, as a group of their own (the head leaves, they
 * stay). `codeAfterBrace`: the compiled branch goes on with the body's first statements after its `{`
 * (`PyInit_x(void) {` / `PyObject *m = PyModule_Create(&def);` / `#else` ...): they stay where they
 * are with the directive lines among them, and only the branches after it go (`deadAfter`: from there
 * to the `#endif` line's end). `why`: such a group the rewrite cannot take apart (the init is then manual).
 */
function versionGroupsInHead(file: FileModel, fn: InitInfo['func']): { start: number; end: number; braceInside: boolean; directives: string; codeAfterBrace?: { deadAfter: number } } | { why: string } | undefined {
  const text = file.source.text;
  const lx = file.parsed.lex;
  // Each group starts in the head (or its live branch starts with the head) and ends before the body,
  // or holds the body's `{` in its live branch.
  const groups = lx.groups.filter((g) => {
    if (!g.endif || g.endif.end <= fn.declStart || g.start >= fn.paramsStart || g.start >= fn.bodyStart) return false;
    if (g.resolvedBranch === undefined || g.resolvedBranch < 0) return g.start >= fn.declStart || g.endif.end <= fn.bodyStart;
    const live = g.branches[g.resolvedBranch].bodyStart;
    return g.start >= fn.declStart || (live <= fn.declStart && /^\s*$/.test(text.slice(live, fn.declStart)));
  });
  if (groups.length === 0) return undefined;
  const why = (s: string) => ({ why: `the #if around its head (line ${file.source.position(s === '' ? groups[0].start : groups[0].start).line}) ${s}` });
  if (groups.some((g) => g.resolvedBranch === undefined || g.resolvedBranch < 0)) return groups.some((g) => g.endif!.end > fn.bodyStart) ? why('is not decided by the Python version, and the body\'s { is inside it') : undefined;
  const holding = groups.find((g) => g.branches[g.resolvedBranch!].bodyStart <= fn.paramsStart && fn.paramsEnd <= g.branches[g.resolvedBranch!].bodyEnd);
  const straddling = groups.filter((g) => g.endif!.end > fn.bodyStart);
  if (!holding) return straddling.length > 0 ? why('holds the body\'s { but not the function\'s name') : undefined;
  const braceInside = straddling.length > 0;
  let codeAfterBrace: { deadAfter: number } | undefined;
  if (braceInside) {
    // Only the head's own group may hold the `{`, in its compiled branch.
    if (straddling.length > 1 || straddling[0] !== holding) return why('holds the body\'s { in another group than the name');
    const live = holding.branches[holding.resolvedBranch!];
    if (!(live.bodyStart <= fn.bodyStart && fn.bodyStart < live.bodyEnd)) return why('holds the body\'s { in another branch than the name');
    // Statements after the `{` (directive lines aside) are the body's: they stay in place.
    const tail = text.slice(fn.bodyStart + 1, live.bodyEnd).replace(/^[ \t]*#.*(?:\\\r?\n.*)*$/gm, '');
    if (!/^\s*$/.test(tail)) codeAfterBrace = { deadAfter: live.bodyEnd };
  }
  // `#define` lines next to the head: kept in a group of their own above the exec (those among the
  // body's first statements stay with them).
  const inside = lx.directives.filter((d) => groups.some((g) => d.start >= g.start && d.end <= g.end) && !groups.some((g) => g.branches.some((b) => b.directive === d) || g.endif === d));
  const inTail = (d: { start: number }): boolean => !!codeAfterBrace && d.start > fn.bodyStart && d.start < codeAfterBrace.deadAfter;
  if (inside.some((d) => !(d.kind === 'define' || d.kind === 'undef' || (d.kind === 'other' && /^#\s*pragma\b/.test(text.slice(d.start, d.end).trimStart()))))) return why('holds other preprocessor lines than #define, #undef and #pragma');
  let directives = '';
  if (inside.some((d) => !inTail(d))) {
    if (groups.length > 1) return why('is one of several and holds #define lines');
    const eol = file.source.eol;
    const g = groups[0];
    for (const b of g.branches) {
      const lines = inside.filter((d) => d.start >= b.bodyStart && d.start < b.bodyEnd && !inTail(d)).map((d) => text.slice(d.start, d.end) + eol);
      // An `#else` left empty (its lines stay in the body) is not written.
      if (lines.length > 0 || b.directive.kind !== 'else') directives += text.slice(b.directive.start, b.directive.end) + eol + lines.join('');
    }
    directives += text.slice(g.endif!.start, g.endif!.end) + eol;
  }
  return { start: Math.min(...groups.map((g) => g.start)), end: Math.max(...groups.map((g) => g.endif!.end)), braceInside, directives, codeAfterBrace };
}

/**
 * A decided Python-version #if opened above the head with other code, whose compiled branch holds
 * the head, the body's `{` and its first statements (cheetah3: `#ifdef IS_PYTHON3` / the module def /
 * `PyMODINIT_FUNC PyInit_x(void)` / `{` / `PyObject *m = PyModule_Create(&def);` / `#else` / the
 * Python 2 head / `#endif`): the group is closed above the exec's head instead (`endif`, its line),
 * and the branches after the compiled one with the old `#endif` line go (`deadFrom`..`deadTo`).
 */
function versionGroupOpenedAboveHead(file: FileModel, fn: InitInfo['func']): { endif: string; deadFrom: number; deadTo: number } | undefined {
  const src = file.source;
  if (src.text.slice(src.lineStart(fn.declStart), fn.declStart).trim() !== '') return undefined;
  const g = file.parsed.lex.groups.find((x) => !x.includeGuard && x.endif && x.start < fn.declStart && x.endif.end > fn.bodyStart && x.endif.end < fn.bodyEnd);
  if (!g || g.resolvedBranch === undefined || g.resolvedBranch < 0) return undefined;
  const live = g.branches[g.resolvedBranch];
  if (!(live.bodyStart <= src.lineStart(fn.declStart) && fn.bodyStart < live.bodyEnd)) return undefined;
  return { endif: src.text.slice(g.endif!.start, g.endif!.end), deadFrom: live.bodyEnd, deadTo: src.lineEndIncludingEol(g.endif!.end) };
}

/**
 * `m = NULL;` (the assignment of the module variable at `at`) as a statement after which control
 * reaches `return m;` and nothing else: the end of blocks and of if-branches (through a label), then
 * that return. Undefined for anything else (another value, a loop, more statements).
 */
function resetBeforeReturn(file: FileModel, at: number, mv: string, valueOf: (expr: string) => string): SyntaxNode | undefined {
  const text = file.source.text;
  let node: SyntaxNode | null = file.parsed.tree.rootNode.descendantForIndex(at, at + mv.length);
  while (node && node.type !== 'assignment_expression') node = node.parent;
  const right = node?.childForFieldName('right');
  if (!node || !right || nodeText(node.childForFieldName('left') ?? node, text) !== mv || !isZeroExpr(valueOf(nodeText(right, text)))) return undefined;
  const stmt = node.parent;
  if (!stmt || stmt.type !== 'expression_statement') return undefined;
  let x: SyntaxNode = stmt;
  for (let guard = 0; guard < 32; guard++) {
    const up: SyntaxNode | null = x.parent;
    if (!up) return undefined;
    if (up.type === 'compound_statement') {
      let next = x.nextNamedSibling;
      while (next && next.type === 'comment') next = next.nextNamedSibling;
      // `out: return m;`: the shared exit that the success path jumps to.
      while (next && next.type === 'labeled_statement') next = next.namedChildren.filter((c) => c.type !== 'comment' && c.type !== 'statement_identifier').pop() ?? null;
      if (next) {
        const value = next.type === 'return_statement' ? next.namedChildren.find((c) => c.type !== 'comment') : undefined;
        return value && stripCasts(nodeText(value, text)).replace(/^\((.*)\)$/s, '$1').trim() === mv ? stmt : undefined;
      }
    } else if (up.type !== 'if_statement' && up.type !== 'else_clause' && up.type !== 'labeled_statement') return undefined;
    x = up;
  }
  return undefined;
}

/** The function's name in its declarator. */
function findName(fn: InitInfo['func'], text: string): { start: number } | undefined {
  const at = text.indexOf(fn.name, fn.declStart);
  return at === -1 || at > fn.paramsStart ? undefined : { start: at };
}

/** The first assignment to a field of module def `name` in code (`def.m_methods = t;`), as `file:line`. */
function fieldWrite(ext: TransformContext['ext'], name: string): string | undefined {
  const re = new RegExp(`(?:\\b${name}\\s*\\.|\\(\\s*&\\s*${name}\\s*\\)\\s*->)\\s*(m_\\w+)\\s*=(?!=)`, 'g');
  for (const f of ext.files) {
    if (!f.allIdentifiers.has(name)) continue;
    const text = f.source.text;
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) {
      if (isInert(f.parsed.lex, m.index)) continue;
      return `${basename(f.path)}:${f.source.position(m.index).line}, ${m[1]}`;
    }
  }
  return undefined;
}
