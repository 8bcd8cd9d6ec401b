/**
 * An exported C-API capsule or an imported one, as the transform sees it, and the plan decide makes
 * for an exported table.
 */
import type { CapsuleExport, CapsuleImport, GlobalVar } from '../../src/model/types';

export type Candidate = { kind: 'export'; c: CapsuleExport; plan?: TablePlan } | { kind: 'import'; c: CapsuleImport; moves?: GlobalVar };

export interface TablePlan {
  table: GlobalVar;
  /** Functions stored in the table (by name). */
  functions: string[];
  /** Entries that are types or objects of the module. */
  perModule: string[];
  /** A struct table: the members its static initializer sets, assigned one by one in exec instead. */
  members?: Member[];
}

/** A member of a struct table and the value its initializer gives it. */
export interface Member {
  field: string;
  value: string;
}
