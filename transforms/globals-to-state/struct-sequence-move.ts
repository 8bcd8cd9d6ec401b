/**
 * A static struct sequence type filled by PyStructSequence_InitType: decided and written as a type made
 * per module by PyStructSequence_NewType.
 */
import type { Decision, TransformContext } from '../types';
import { rewriteUses, useLocation } from '../shared/state-uses';
import { useProblem } from '../shared/use-problems';
import { pastedBy } from '../shared/pasted-by';
import { repeatedDeclaration } from '../shared/c-data-problems';
import { namedByOtherFiles } from '../../src/plan/export-marks';
import { outsideHeaderProblem } from '../../src/model/outside-headers';
import { insertLinesBefore } from '../../src/plan/statement-insert';
import { outsideItsFunction, type StructSequenceFill } from './struct-sequence';
import { styledLines } from '../../src/plan/code-style';
import { removeGlobalDeclaration } from '../shared/global-declarations';
import { ID } from './id';
import type { Candidate } from './global-candidate';
import { readPasteMacros } from './paste-macros';

/** A static struct sequence type: per module from PyStructSequence_NewType, or why not. */
export function decideStructSequence(c: Candidate, seq: StructSequenceFill | { problem: string }, ctx: TransformContext): Decision {
  const { g } = c;
  const what = `struct sequence type '${g.name}'`;
  const manual = (why: string, steps: string, at = g.declStart): Decision => ({
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, 'type-pointer', 'error', 'manual', `${what} is a static type shared by every interpreter: ${why}${at !== g.declStart ? ` (at ${useLocation(g.file, at, g.file)})` : ''}`, steps)],
  });
  if (!('g' in seq)) return manual(seq.problem, `create it with PyStructSequence_NewType() in the module's init, keep the pointer in the module state and use it where &${g.name} is used, then run again`);
  const outside = outsideHeaderProblem(ctx.ext, g.name);
  if (outside) return manual(outside.reason, outside.steps);
  const twin = repeatedDeclaration(g, ctx.ext);
  if (twin) return manual(twin.reason, twin.steps);
  if (g.storage !== 'static') {
    const outsider = namedByOtherFiles(ctx.ext, g.name);
    if (outsider) return manual(`it is not static and ${outsider}: that use could not be rewritten`, 'give the tool every file of the module together (or list them in [tool.pyext-isolate] modules), then run again');
  }
  const pasted = pastedBy(g.name, ctx, readPasteMacros(ctx));
  if (pasted) return manual(`macro ${pasted}() builds identifiers by token pasting and may use it where no rewrite can see`, 'expand the macro by hand for this name, then run again');
  const rest = g.uses.filter((u) => u !== seq.use && u !== seq.nameGuard?.use);
  const early = rest.find((u) => u.func === seq.func && u.kind !== 'decl' && u.start < seq.start);
  if (early) return manual('it is used in the init function before it is filled', 'fill it first, then run again', early.start);
  const misread = rest.find(outsideItsFunction);
  if (misread) {
    const line = misread.file.source.position(misread.func!.start).line;
    return manual(`the parse reads its use as part of ${misread.func!.name}() (line ${line}), whose braces close before it: a brace was lost (an unknown macro in that function?), so the state would be looked up in the wrong function`,
      `add the macro that breaks the parse of ${misread.func!.name}() to [tool.pyext-isolate] macros (\`check --stats\` shows the damage), then run again`, misread.start);
  }
  const p = useProblem(rest, g.name, ctx);
  if (p) return manual(p.reason, p.suggestion, p.at);
  if (ctx.moduleReady !== true) return manual(`the module cannot get a state yet: ${ctx.moduleReady}`, 'resolve the multi-phase-init finding first');
  // Filled where the module's exec is (or will be): its errors return -1.
  const inExec = seq.func === ctx.plan.execFunction || (ctx.initConverts && seq.func === ctx.ext.init?.func);
  if (!inExec) return manual(`it is filled in ${seq.func.name}(), not in the module's init or exec function`, `fill it in the module's init function, then run again`, seq.use.start);
  const guard = seq.guard ? `; the once-per-process flag '${seq.guard.flag.name}' goes (each module fills its own)` : seq.nameGuard ? `; the once-per-process test of ${g.name}.tp_name goes (each module fills its own)` : '';
  return {
    action: 'apply',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, 'type-pointer', 'error', 'auto', `${what} is a static type filled by PyStructSequence_InitType, shared by every interpreter and module instance`,
      `${ID} creates it with PyStructSequence_NewType(${seq.desc}) into ${ctx.plan.names.struct} (a heap type) and rewrites its ${rest.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}${guard}`)],
  };
}

export function editStructSequence(c: Candidate, seq: StructSequenceFill, ctx: TransformContext): void {
  const { g } = c;
  const field = ctx.plan.request({
    name: ctx.plan.freeFieldName(g.name, g.file.path.replace(/^.*[\\/]/, '').replace(/\W.*$/, '')),
    ctype: 'PyTypeObject *',
    owns: 'strong',
    guard: g.guard,
    was: `${g.storage === 'static' ? 'static ' : ''}PyTypeObject ${g.name}`,
    from: ID,
  });
  c.field = field;
  rewriteUses(g.uses.filter((u) => u !== seq.use && u !== seq.nameGuard?.use), g.name, field, ctx, true);
  if (seq.nameGuard) ctx.replace(seq.file, seq.nameGuard.start, seq.nameGuard.end, '');
  const st = ctx.stateIn(seq.func) ?? ctx.plan.stateVar(seq.func);
  const src = seq.file.source;
  const create = `${st}->${field} = PyStructSequence_NewType(${seq.desc})`;
  // CPython 3.12 and 3.13 can fail in NewType without setting an exception (a type name that cannot
  // be copied): MemoryError then, as the init's other failures raise.
  const lost = ['/* CPython (3.12, 3.13) loses the error when it cannot copy the type\'s name */', 'PyErr_NoMemory();'];
  if (seq.form === 'condition') {
    // `if (InitType2(&X, &d) < 0) { ...the init's error path... }`: the creation goes before it.
    const indent = src.indentAt(seq.ifStatement!.startIndex);
    const lines = styledLines(seq.func, [`${create};`, `if (${st}->${field} == NULL && !PyErr_Occurred()) {`, ...lost.map((l) => `    ${l}`), '}'], indent);
    insertLinesBefore(ctx, seq.file, seq.func, seq.ifStatement!, lines, 0);
    ctx.replace(seq.file, seq.start, seq.end, `${st}->${field} == NULL`);
  } else {
    const start = seq.guard ? seq.guard.start : seq.start;
    const end = seq.guard ? seq.guard.end : seq.end;
    const indent = src.indentAt(start);
    const lines = styledLines(seq.func, [`${create};`, `if (${st}->${field} == NULL) {`, '    if (!PyErr_Occurred()) {', ...lost.map((l) => `        ${l}`), '    }', '    return -1;', '}'], indent);
    ctx.replace(seq.file, start, end, lines.map((l, i) => (i === 0 ? l : l === '' ? l : indent + l)).join(src.eol ?? '\n'));
  }
  removeGlobalDeclaration(g, ctx);
  if (seq.guard) removeGlobalDeclaration(seq.guard.flag, ctx);
}
