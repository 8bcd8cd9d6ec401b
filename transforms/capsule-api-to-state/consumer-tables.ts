/**
 * A consumer's global that keeps another module's imported C-API table: moved into the state as C data
 * when every use reaches it, else said.
 */
import type { CapsuleImport, GlobalVar } from '../../src/model/types';
import type { Decision, TransformContext } from '../types';
import { cDataProblem } from '../shared/c-data-problems';
import { ID } from './id';

export function decideImport(cand: { c: CapsuleImport; moves?: GlobalVar }, ctx: TransformContext): Decision {
  const c = cand.c;
  const target = c.target?.replace(/\s+/g, '');
  const g = c.inMacro ? undefined : ctx.ext.globals.find((x) => x.name === target && (x.scope === 'file' || x.storage === 'static'));
  if (!c.inMacro && !g) return { action: 'skip', findings: [] };
  const message = `the C-API table of capsule ${c.capsuleName} is kept in the C global '${c.target}': one table per process, from whichever interpreter imported first`;
  // The pointer becomes a C field of the state, filled where the capsule is imported (exec), when
  // every use reaches the state: each interpreter then uses the table its own import gave it.
  const problem = g ? (g.scope === 'file' && c.func ? cDataProblem(g, ctx) : { reason: 'it is not imported in a function' }) : { reason: `it is imported in a macro (${c.capsuleName})` };
  if (g && !problem) {
    cand.moves = g;
    return {
      action: 'apply',
      findings: [ctx.finding(c.file, c.start, c.end, 'consumer-global', 'error', 'auto', message,
        `${ID} moves '${g.name}' into ${ctx.plan.names.struct} as a C field (per module), filled by this import in exec, and rewrites its ${g.uses.filter((u) => u.kind !== 'decl').length} use(s) to st->${g.name}`)],
    };
  }
  return {
    action: 'manual',
    findings: [ctx.finding(c.file, c.start, c.end, 'consumer-global', 'error', 'manual', `${message}${problem && g ? `; it cannot move into the module state: ${problem.reason}` : ''}`,
      'an isolation-aware consumer keeps the table in its own module state and imports the capsule in its exec function')],
  };
}
