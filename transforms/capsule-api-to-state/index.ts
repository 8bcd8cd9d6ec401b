/**
 * capsule-api-to-state: exported C-API tables (a static array or struct of pointers passed to
 * PyCapsule_New) and their consumers (rewrite spec section 6). This version reports; the per-module
 * table with a static "main" instance is issue 8.
 */
import type { CapsuleExport, CapsuleImport, GlobalVar } from '../../src/model/types';
import type { Decision, Transform, TransformContext } from '../types';
import { stripCasts } from '../../src/model/cnodes';

export const ID = 'capsule-api-to-state';

type Candidate = { kind: 'export'; c: CapsuleExport } | { kind: 'import'; c: CapsuleImport };

export const capsuleApiToState: Transform<Candidate> = {
  id: ID,
  title: 'Make the exported C-API table per module',
  minPython: '3.9',
  requires: ['multi-phase-init'],
  find(ctx) {
    return [
      ...ctx.ext.capsuleExports.map((c) => ({ kind: 'export' as const, c })),
      ...ctx.ext.capsuleImports.filter((c) => c.target).map((c) => ({ kind: 'import' as const, c })),
    ];
  },
  decide(c, ctx) {
    return c.kind === 'export' ? decideExport(c.c, ctx) : decideImport(c.c, ctx);
  },
  edit() {
    /* reporting only in this version */
  },
};

/** Entries of the exported table: the table's initializer, or the `T[i] = v;` fills. */
export function tableEntries(table: GlobalVar): string[] {
  if (table.init && table.init.text.startsWith('{')) {
    return table.init.text.slice(1, -1).split(',').map((s) => stripCasts(s.trim())).filter((s) => s !== '');
  }
  return table.fills.map((f) => stripCasts(f.value));
}

function decideExport(c: CapsuleExport, ctx: TransformContext): Decision {
  // The table: a static of the exporting function, else a file-scope variable of the same file, else any.
  const table = c.table
    ? ctx.ext.globals.find((g) => g.name === c.table && g.scope === 'function' && g.func === c.func) ??
      ctx.ext.globals.find((g) => g.name === c.table && g.scope === 'file' && g.file === c.file) ??
      ctx.ext.globals.find((g) => g.name === c.table && g.scope === 'file')
    : undefined;
  if (!table) {
    return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'info', 'none', `C-API capsule ${c.capsuleName} exports '${c.pointerExpr}', not a table of these files`, 'nothing to do unless it points at module state')] };
  }
  const entries = tableEntries(table);
  const types = entries.filter((e) => /^&\s*\w+$/.test(e) && ctx.ext.typesByName.has(e.replace(/^&\s*/, '')));
  const objects = entries.filter((e) => ctx.ext.globals.some((g) => g.scope === 'file' && g.isPythonObject && g.name === e));
  if (types.length === 0 && objects.length === 0) {
    return { action: 'skip', findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'info', 'none', `C-API table '${table.name}' (capsule ${c.capsuleName}) holds only functions; it can stay one per process`, 'functions in it that need module state are reported where they use it')] };
  }
  return {
    action: 'manual',
    findings: [ctx.finding(c.file, c.callStart, c.callEnd, 'exported-table', 'error', 'manual',
      `C-API table '${table.name}' (capsule ${c.capsuleName}) exports per-module objects by address: ${[...types, ...objects].join(', ')}`,
      'make the table a field of the module state filled in exec (same layout and capsule name), keep a static "main" copy for consumers that are not isolation-aware, and export the types through the table instead of by address (rewrite spec section 6)')],
  };
}

function decideImport(c: CapsuleImport, ctx: TransformContext): Decision {
  const target = c.target?.replace(/\s+/g, '');
  const isGlobal = c.inMacro || ctx.ext.globals.some((g) => g.name === target && (g.scope === 'file' || g.storage === 'static'));
  if (!isGlobal) return { action: 'skip', findings: [] };
  return {
    action: 'manual',
    findings: [ctx.finding(c.file, c.start, c.end, 'consumer-global', 'error', 'manual',
      `the C-API table of capsule ${c.capsuleName} is kept in the C global '${c.target}': one table per process, from whichever interpreter imported first`,
      'an isolation-aware consumer keeps the table in its own module state and imports the capsule in its exec function')],
  };
}
