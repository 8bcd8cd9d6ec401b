/**
 * The single-phase init as the transform sees it, and the edits decide plans for it (so that
 * decide and edit agree). Types only, shared by the init's parts.
 */
import type { FileModel, InitInfo } from '../../src/model/types';
import type { HelperDropEdit } from './helper-module-drops';

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

export interface InitEditPlan {
  removals: { start: number; end: number }[];
  replacements: { start: number; end: number; text: string }[];
  /** Reference drops of the module in helpers the init passes it to (and what they were, for the finding). */
  helperDrops: { edits: HelperDropEdit[]; dropped: string[] };
}
