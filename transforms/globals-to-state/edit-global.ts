/**
 * A decided global written into the state: its field requested, its uses rewritten, references stolen
 * by PyModule_AddObject taken first, and its declaration removed.
 */
import type { TransformContext } from '../types';
import { rewriteUses, stateVarAt } from '../shared/state-uses';
import { addObjectSteals } from '../shared/ownership';
import { statementRemoval, leadingComment, spanOf } from '../../src/plan/text-util';
import { rewriteIdentifierUses } from './py-identifier';
import { editCData } from '../shared/c-data';
import { isCData } from '../shared/c-data-problems';
import { outputName } from '../shared/output-name';
import { insertLinesBefore } from '../../src/plan/statement-insert';
import { editModuleGlobal, keptByExec } from './module-global';
import { removeDeclaringMacro, removeGlobalDeclaration } from '../shared/global-declarations';
import { ID } from './id';
import type { Candidate } from './global-candidate';
import { editStructSequence } from './struct-sequence-move';
import { editStaticObject } from './static-object';

export function edit(c: Candidate, ctx: TransformContext): void {
  const { g } = c;
  if (c.obj) return editStaticObject(c.obj, ctx);
  if (c.seq && 'g' in c.seq) return editStructSequence(c, c.seq, ctx);
  if (isCData(g)) return editCData(g, ctx, ID);
  if (g.category === 'module-object' || keptByExec(g, ctx)) {
    editModuleGlobal(g, ctx);
    removeGlobalDeclaration(g, ctx);
    return;
  }
  const prefix = g.scope === 'function' ? outputName(ctx, g.func!) : g.file.path.replace(/^.*[\\/]/, '').replace(/\W.*$/, '');
  if (g.category === 'py-identifier') {
    const field = ctx.plan.request({ name: ctx.plan.freeFieldName(g.name.replace(/^PyId_/, 'str_'), prefix), ctype: 'PyObject *', owns: 'strong', was: `_Py_IDENTIFIER(${g.name.replace(/^PyId_/, '')})`, from: ID, guard: g.guard, init: `PyUnicode_InternFromString(${g.init?.text ?? JSON.stringify(g.name)})` });
    rewriteIdentifierUses(g, field, ctx);
    ctx.replace(g.file, ...spanOf(statementRemoval(g.file.source, g.declStart, g.declEnd)), '');
    return;
  }
  const ctype = g.arrayLen !== undefined ? g.ctype.replace(/\s*\[[^\]]*\]$/, '') : g.ctype;
  const doc = g.siblings <= 1 ? leadingComment(g.file.source, g.declStart) : undefined;
  const field = ctx.plan.request({
    doc: doc?.text,
    // A pasted name (`st->str_##S`) is spelled by the macro: the field keeps it exactly.
    name: g.uses.some((u) => u.pasted) ? g.name : ctx.plan.freeFieldName(g.name, prefix),
    ctype: ctype.trim(),
    arrayLen: g.arrayLen,
    owns: c.owns ?? 'strong',
    guard: g.guard,
    was: `${g.storage === 'static' ? 'static ' : ''}${ctype}${ctype.endsWith('*') ? '' : ' '}${g.name}${g.arrayLen !== undefined ? `[${g.arrayLen}]` : ''}`,
    from: ID,
  });
  c.field = field;
  rewriteUses(g.uses, g.name, field, ctx);
  for (const s of addObjectSteals(g)) {
    // In front of the statement; a brace-less loop or if body (`for (...) PyModule_AddObject(...);`) gets braces.
    const line = `Py_${s.nullable ? 'X' : ''}INCREF(${stateVarAt(ctx, s.file, s.at)}->${field}${s.subscript});`;
    insertLinesBefore(ctx, s.file, s.func, s.stmt, [line], 0);
  }
  removeGlobalDeclaration(g, ctx);
  if (g.declaredBy) removeDeclaringMacro(g, ctx);
}
