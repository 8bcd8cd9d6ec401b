/**
 * A rewrite that turns out, while the plan is written out, not to be safe to make (a use of the
 * state on a teardown path that no statement can guard): the extension is refused with this
 * reason and a finding at the place, as for a broken invariant, not reported as a tool error.
 */
import type { FileModel } from '../model/types';

export class RewriteRefusal extends Error {
  constructor(
    message: string,
    readonly file?: FileModel,
    readonly at?: number,
  ) {
    super(message);
  }
}
