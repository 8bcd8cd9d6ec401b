/**
 * The registry: run order = commit order in branch mode. Later transforms may rely on the
 * earlier ones (all module-state transforms need multi-phase-init's exec function).
 */
import type { Transform } from './types';
import { multiPhaseInit } from './multi-phase-init';
import { globalsToState } from './globals-to-state';
import { functionStaticsToState } from './function-statics-to-state';
import { staticTypeToHeap } from './static-type-to-heap';
import { capsuleApiToState } from './capsule-api-to-state';
import { checks } from './checks';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const REGISTRY: readonly Transform<any>[] = [multiPhaseInit, globalsToState, functionStaticsToState, staticTypeToHeap, capsuleApiToState, checks];

export const TRANSFORM_IDS: readonly string[] = REGISTRY.map((t) => t.id);

/** The selected ids plus what they require, in registry order; unknown ids are an error. */
export function expandSelection(select?: readonly string[]): { ids: string[]; unknown: string[]; added: string[] } {
  if (!select || select.length === 0) return { ids: [...TRANSFORM_IDS], unknown: [], added: [] };
  const unknown = select.filter((s) => !TRANSFORM_IDS.includes(s));
  const want = new Set(select.filter((s) => TRANSFORM_IDS.includes(s)));
  const added: string[] = [];
  for (const t of REGISTRY) {
    if (!want.has(t.id)) continue;
    for (const r of t.requires ?? []) {
      if (!want.has(r)) {
        want.add(r);
        added.push(r);
      }
    }
  }
  want.add('checks');
  return { ids: TRANSFORM_IDS.filter((id) => want.has(id)), unknown, added };
}
