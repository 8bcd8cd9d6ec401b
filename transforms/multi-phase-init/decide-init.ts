/**
 * Whether the single-phase init converts: the def, its hooks and fields, the head, PyState calls
 * and the module variable are checked, then the body's edits planned; else a manual finding says why.
 */
import { basename } from 'path';
import type { ExtensionModel, InitInfo } from '../../src/model/types';
import { isInert } from '../../src/core/lex';
import { isZeroExpr, functionName } from '../../src/model/cnodes';
import type { Decision, TransformContext } from '../types';
import type { InitCandidate } from './init-candidate';
import { pyStateBlocker } from './pystate-calls';
import { unusedMacro } from './unread-inits';
import { planInitEdits } from './init-edits';
import { versionGroupsInHead } from './head-version-groups';
import { moduleVarScope, freeParamName } from './module-variable';
import { limitedApiLabel, limitedApiOf } from '../shared/limited-api';

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

export function decideInit(c: InitCandidate, ctx: TransformContext): Decision {
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
