/**
 * globals-to-state: file-scope Python-object globals (exceptions, interned strings, imported
 * modules and attributes, cached types, `_Py_IDENTIFIER`s) become fields of the module state;
 * every use reads `st-><field>` (rewrite spec §3). This file composes the parts: finding the
 * candidates, and deciding the globals a paste macro forms together.
 */
import type { GlobalVar } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { isOwnMainState } from '../shared/c-data';
import { isCData } from '../shared/c-data-problems';
import { structSequenceFill, guardsStructSequence } from './struct-sequence';
import { ID } from './id';
import { KIND_TEXT, ruleFor, type Candidate } from './global-candidate';
import { decideAlone } from './decide-global';
import { decideStructSequence } from './struct-sequence-move';
import { edit } from './edit-global';
import { staticObjectOf } from '../shared/static-objects';
import { decideStaticObject } from './static-object';

export { ID } from './id';

const HANDLED: ReadonlySet<string> = new Set(['exception', 'interned-string', 'imported-module', 'imported-attribute', 'cached-type', 'constant-object', 'object', 'py-identifier', 'module-object']);

export const globalsToState: Transform<Candidate> = {
  id: ID,
  title: 'Move Python-object globals into module state',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    const out: Candidate[] = [];
    for (const g of ctx.ext.globals) {
      const seq = structSequenceFill(g, ctx.ext);
      const obj = staticObjectOf(g, ctx);
      if (obj) out.push({ g, obj });
      else if (seq) out.push({ g, seq, moves: 'g' in seq ? seq.guard?.flag : undefined });
      else if (((g.scope === 'file' || g.category === 'py-identifier') && (g.isPythonObject || g.objectGuess) && HANDLED.has(g.category)) || (g.scope === 'file' && isCData(g) && !isOwnMainState(g, ctx))) out.push({ g });
    }
    return out;
  },
  decide,
  edit,
};

function decide(c: Candidate, ctx: TransformContext): Decision {
  if (c.obj) return decideStaticObject(c.obj, ctx);
  if (c.seq) return decideStructSequence(c, c.seq, ctx);
  // The once-guard of a struct sequence type goes with the type when it becomes per module, and
  // stays with it when it stays per process (a per-module flag would fill the one static type again).
  if (isCData(c.g) && guardsStructSequence(c.g, ctx.ext)) return { action: 'skip', findings: [] };
  const d = decideAlone(c, ctx);
  if (d.action !== 'apply') return d;
  // A macro that pastes its name (`str_##S`) is rewritten once for every name it forms: all move, or none.
  const partner = pastePartnerProblem(c.g, ctx);
  if (!partner) return d;
  const { g } = c;
  return {
    action: 'manual',
    findings: [ctx.finding(g.file, g.declStart, g.declEnd, ruleFor(g), 'error', 'manual', `${KIND_TEXT[g.category] ?? 'object'} '${g.name}' is a C global shared by every interpreter: ${partner.why}`, partner.steps)],
  };
}

/** Why a global that a paste macro forms cannot move with the others it forms, or undefined. */
function pastePartnerProblem(g: GlobalVar, ctx: TransformContext): { why: string; steps: string } | undefined {
  const chains = new Set(g.uses.filter((u) => u.pasted).map((u) => u.pasted!));
  for (const chain of chains) {
    for (const name of new Set(chain.forms.map((f) => f.name))) {
      if (name === g.name) continue;
      const p = g.file.globals.find((x) => x.name === name && x.scope === 'file');
      if (!p) return { why: `macro ${chain.macro}() pastes its name, and also '${name}', which is no global of this file`, steps: `expand ${chain.macro}() by hand for '${g.name}', then run again` };
      const cand = globalsToState.find(ctx).find((x) => x.g === p);
      const dp = cand ? decideAlone(cand, ctx) : undefined;
      if (!dp || dp.action !== 'apply') {
        const why = dp?.findings[0]?.message.replace(/^.*? is a C global shared by every interpreter: /, '') ?? 'it is not a Python object';
        return { why: `macro ${chain.macro}() pastes its name and also '${name}', which stays global (${why})`, steps: `resolve the finding of '${name}', or expand ${chain.macro}() by hand for '${g.name}', then run again` };
      }
    }
  }
  return undefined;
}

