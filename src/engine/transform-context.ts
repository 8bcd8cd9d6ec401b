/**
 * The context the transforms of one extension share: their edits and findings, the decisions
 * they tell each other, the state plan and how each function reaches the state.
 */
import type { Edit } from '../core/edits';
import type { Guard } from '../core/conditions';
import type { Finding, FixKind, Severity } from '../core/findings';
import { findingAt } from '../core/findings';
import type { ExtensionModel, FileModel, FunctionInfo, GlobalVar } from '../model/types';
import { Roles } from '../model/roles';
import { StatePlan } from '../plan/state-plan';
import { Access } from '../plan/access-kinds';
import { ModuleHelper } from '../plan/module-helpers';
import { StateAccess } from '../plan/state-access';
import type { TransformContext, TransformOptions } from '../../transforms/types';

export interface EditWithFile extends Edit {
  file: string;
}

export class Context implements TransformContext {
  transformId = '';
  readonly edits: EditWithFile[] = [];
  readonly findings: Finding[] = [];
  heapTypes = new Set<string>();
  moduleReady: true | string = 'not decided';
  existingState = false;
  initConverts = false;
  capsuleTables = new Set<string>();
  movingGlobals = new Set<GlobalVar>();
  heapTypeRefusals = new Map<string, { why: string; steps?: string }>();
  exportedFunctions = new Set<string>();
  moduleHelpers = new Map<FunctionInfo, ModuleHelper>();
  access!: StateAccess;
  private orderSeq = 0;

  constructor(
    readonly ext: ExtensionModel,
    readonly options: TransformOptions,
    readonly roles: Roles,
    readonly plan: StatePlan,
  ) {}

  finding(file: FileModel, start: number, end: number, check: string, severity: Severity, fix: FixKind, message: string, suggestion?: string): Finding {
    const f = findingAt(file.source, start, end, `${this.transformId}/${check}`, severity, fix, message, suggestion);
    return f;
  }
  replace(file: FileModel, start: number, end: number, text: string, order?: number): void {
    this.edits.push({ file: file.path, start, end, text, by: this.transformId, order: order ?? this.orderSeq++ });
  }
  insert(file: FileModel, at: number, text: string, order?: number): void {
    this.edits.push({ file: file.path, start: at, end: at, text, by: this.transformId, order: (order ?? 0) * 100000 + this.orderSeq++ });
  }
  stateIn(f: FunctionInfo, guard?: Guard): string | undefined {
    const a = this.access.resolve(f);
    if (a.kind === 'none') return undefined;
    this.plan.needState(f, this.transformId, guard);
    return this.plan.stateVar(f);
  }
  accessOf(f: FunctionInfo): Access {
    return this.access.resolve(f);
  }
}
