/**
 * What planning an extension takes (PlanOptions) and gives (ExtensionPlan, with a FileChange per
 * changed file).
 */
import type { Finding } from '../core/findings';
import type { PyVersion } from '../core/pyversion';
import type { ExtensionModel, FileModel, FunctionInfo } from '../model/types';
import type { NewFile } from '../plan/emit';

export interface PlanOptions {
  minPython: PyVersion;
  unsafe?: boolean;
  /** See Config.assumeInternal (default true). */
  assumeInternal?: boolean;
  /** Macros the build defines, and where each comes from (config.ts `buildDefines`). */
  defines?: readonly { define: string; from: string }[];
  select?: string[];
  /** check: findings only; rewrite: findings and new file contents. */
  mode: 'check' | 'rewrite';
  /** Whether a path exists (the one I/O the plan needs: generated files that went missing). */
  exists?: (p: string) => boolean;
  /** Plan only as far as the state block's place (see oneRunBlock). */
  placementOnly?: boolean;
  /** Functions whose earlier runs' inner or conditional lookups are not reused (StatePlan.ignoredLookups). */
  ignoredLookups?: ReadonlySet<FunctionInfo>;
}

export interface FileChange {
  path: string;
  before: string;
  after: string;
  /** Transforms whose edits landed in the file. */
  by: string[];
  /** The extension it belongs to (its first file): apply writes an extension whole or not at all. */
  unit?: string;
}

export interface ExtensionPlan {
  ext: ExtensionModel;
  findings: Finding[];
  changes: FileChange[];
  newFiles: NewFile[];
  /** Files (the whole extension) left untouched, with the reason. */
  refused: { path: string; reason: string }[];
  /** Decisions per transform id: how many candidates apply / need a human. */
  counts: Record<string, { apply: number; manual: number }>;
  /** With PlanOptions.placementOnly: where the state block goes. */
  blockAt?: { file: FileModel; at: number };
  /** With PlanOptions.placementOnly: the state fields one run writes, in its order. */
  fieldOrder?: string[];
}
