/**
 * The transform interface. A transform reads like a recipe: find candidates in the shared
 * model, decide per candidate (apply, or a finding saying why a human must), then edit:
 * text edits on the original bytes plus requests to the shared StatePlan.
 */
import type { Edit } from '../src/core/edits';
import type { Guard } from '../src/core/conditions';
import type { Finding, FixKind, Severity } from '../src/core/findings';
import type { ExtensionModel, FileModel, FunctionInfo } from '../src/model/types';
import type { Roles } from '../src/model/roles';
import type { StatePlan } from '../src/plan/state-plan';
import type { Access } from '../src/plan/access-kinds';
import type { StateAccess } from '../src/plan/state-access';
import type { PyVersion } from '../src/core/pyversion';

export interface TransformOptions {
  minPython: PyVersion;
  unsafe: boolean;
  /** Non-static symbols only this extension uses are treated like static ones (config `assume-internal`). */
  assumeInternal: boolean;
  /**
   * Macros the build defines (`NAME` or `NAME=VALUE`, from config `defines` or compile_commands.json):
   * they hold as if #defined before every file.
   */
  defines: readonly { define: string; from: string }[];
  /** Transforms that run (ids). */
  selected: Set<string>;
}

export type Action = 'apply' | 'manual' | 'skip';

export interface Decision {
  action: Action;
  findings: Finding[];
}

export interface TransformContext {
  readonly ext: ExtensionModel;
  readonly options: TransformOptions;
  readonly roles: Roles;
  readonly access: StateAccess;
  readonly plan: StatePlan;
  /** Static types that will be heap types after this run. */
  readonly heapTypes: Set<string>;
  /** Why a type that could have been converted was left static (the first blocking use), and what to do. */
  readonly heapTypeRefusals: Map<string, { why: string; steps?: string }>;
  /**
   * The module will have an exec function and room for state after this run (multi-phase-init
   * applies, or the module already is multi-phase with a state we can extend); else the reason.
   */
  readonly moduleReady: true | string;
  /** Globals (of any transform) whose declaration goes away in this run. */
  readonly movingGlobals: Set<import('../src/model/types').GlobalVar>;
  /** C-API tables (variable names) that capsule-api-to-state moves into the state. */
  readonly capsuleTables: Set<string>;
  /** multi-phase-init converts the init function in this run. */
  readonly initConverts: boolean;
  /** The module def already has m_size/m_traverse/... of its own: they are left as they are. */
  readonly existingState: boolean;
  /** Static helpers the init function calls once to ready types: in exec they get the module. */
  readonly moduleHelpers: Map<FunctionInfo, import('../src/plan/module-helpers').ModuleHelper>;
  /** The transform currently running. */
  readonly transformId: string;
  finding(file: FileModel, start: number, end: number, check: string, severity: Severity, fix: FixKind, message: string, suggestion?: string): Finding;
  replace(file: FileModel, start: number, end: number, text: string, order?: number): void;
  insert(file: FileModel, at: number, text: string, order?: number): void;
  /** The expression for the state inside `f` (registers the need); undefined when it has no access. */
  /** `f` uses `st` (under `guard`, a condition inside its body, when given). */
  stateIn(f: FunctionInfo, guard?: Guard): string | undefined;
  accessOf(f: FunctionInfo): Access;
  /** Every edit requested so far, with the path of its file. */
  readonly edits: readonly (Edit & { file: string })[];
}

export interface Transform<C = unknown> {
  id: string;
  /** Imperative, at most 60 chars: the commit subject. */
  title: string;
  minPython: PyVersion;
  /** Transforms that must run too (and first). */
  requires?: string[];
  find(ctx: TransformContext): C[];
  decide(c: C, ctx: TransformContext): Decision;
  edit(c: C, ctx: TransformContext): void;
}
