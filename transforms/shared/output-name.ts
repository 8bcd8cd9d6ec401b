import type { FunctionInfo } from '../../src/model/types';
import type { TransformContext } from '../types';

/**
 * A function's name in the output: the init function this run converts is the exec function. State
 * fields say where they came from by this name, which a later run (over the converted init) reads too.
 */
export function outputName(ctx: TransformContext, f: FunctionInfo): string {
  return ctx.initConverts && ctx.ext.init?.func === f ? ctx.plan.names.exec : f.name;
}
