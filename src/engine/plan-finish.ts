/**
 * The end of planning: the edits applied and reparsed, the output checked (no new parse damage, the
 * invariants), and the extension refused whole, with the reason, when a check fails.
 */
import type { Edit } from '../core/edits';
import { applyEdits, compareEdits, doubledBlankRemovals, selectEdits } from '../core/edits';
import { continueMacroLines } from '../core/macro-lines';
import type { Finding } from '../core/findings';
import { compareFindings, findingAt } from '../core/findings';
import { parseSource } from '../core/parse';
import { SourceFile, loneCrAsLf } from '../core/source';
import type { ExtensionModel, FileModel } from '../model/types';
import { EMITTER, NewFile } from '../plan/emit';
import { shimsUsed } from '../plan/missing-generated';
import { COMPAT_HEADER, renderCompatHeader } from '../plan/emit-compat';
import * as path from 'path';
import { REGISTRY } from '../../transforms';
import type { ParsedFile } from '../core/parse';
import { checkRewrite } from './invariants';
import { originalOffset } from './output-places';
import { InvariantFile, InvariantViolation } from './invariant-types';
import { generatedFileEdited } from '../plan/generated-source';
import { unnamedStatics } from './unused-statics';
import type { ExtensionPlan, FileChange } from './plan-types';
import { Context, EditWithFile } from './transform-context';

/**
 * `damageBlocks`: parse damage is among what keeps the module loading once. The rewrite must leave
 * some of it, else the next run finds nothing that blocks and declares isolation: not idempotent.
 */
export function finish(result: ExtensionPlan, ctx: Context, newFiles: NewFile[], damageBlocks = false): ExtensionPlan {
  const ext = ctx.ext;
  const order = [...REGISTRY.map((t) => t.id), EMITTER];
  const byFile = new Map<string, EditWithFile[]>();
  for (const e of ctx.edits) {
    if (!byFile.has(e.file)) byFile.set(e.file, []);
    byFile.get(e.file)!.push(e);
  }
  const changes: FileChange[] = [];
  const outputs = new Map<FileModel, { parsed: ParsedFile; edits: Edit[] }>();
  for (const f of ext.files) {
    const edits = byFile.get(f.path);
    if (!edits || edits.length === 0) continue;
    const sel = selectEdits(edits, order);
    if (sel.conflicts.length > 0) {
      const c = sel.conflicts[0];
      return refuseAll(result, ctx, f, `conflicting edits: ${c.reason}; the extension is left untouched`);
    }
    // Lines are reasoned on as the compiler reads them (a lone CR ends one); the edits go into the bytes.
    const lines = f.source.text;
    const before = f.source.raw;
    const blanks = doubledBlankRemovals(lines, sel.accepted, EMITTER);
    // In offset order with the rest (a stable sort keeps the order of insertions at one offset).
    if (blanks.length > 0) sel.accepted = [...sel.accepted, ...blanks].sort(compareEdits);
    // Line breaks written into a macro body continue it.
    const continued = continueMacroLines(lines, f.parsed.lex, sel.accepted);
    if (continued.problem) return refuseAll(result, ctx, f, `${continued.problem.reason}; the extension is left untouched`, continued.problem.at);
    sel.accepted = continued.edits;
    const after = applyEdits(before, sel.accepted);
    if (after === before) continue;
    const joined = before !== lines ? joinedLineEnd(before, lines, sel.accepted, after) : undefined;
    if (joined !== undefined) return refuseAll(result, ctx, f, `a line break the rewrite writes would follow a lone carriage return at line ${f.source.position(joined).line} of ${f.path}, and the two would read as one CRLF line end; the extension is left untouched`, joined);
    // A file linked into other modules too is shared as it is (the model keeps state out of it).
    const alsoIn = ext.sharedFiles?.get(f);
    if (alsoIn) return refuseAll(result, ctx, f, `${f.path} is linked into ${alsoIn.join(', ')} too and would need changes for this module; the extension is left untouched`);
    // Never make the parse worse than it was.
    const damageBefore = f.parsed.damageBytes;
    const reparsed = parseSource(SourceFile.fromText(f.path, after), f.parsed.table, f.parsed.projectMacros);
    const damageAfter = reparsed.damageBytes;
    if (damageAfter > damageBefore) {
      return refuseAll(result, ctx, f, `the rewritten file ${f.path} would parse worse than the original (${damageAfter} vs ${damageBefore} damaged bytes; ${firstNewDamage(f, reparsed)}); the extension is left untouched`);
    }
    outputs.set(f, { parsed: reparsed, edits: sel.accepted });
    changes.push({ path: f.path, before, after, by: [...new Set(sel.accepted.map((e) => e.by))] });
  }
  // The load-once guard that parse damage asked for stays only while damage does (plan-extension):
  // a rewrite that replaced every damaged byte (a global declared in text the parser misread, moved
  // into the state) would be undone by the next run, which would declare isolation over code nobody read.
  if (damageBlocks && ext.files.every((f) => (outputs.get(f)?.parsed ?? f.parsed).damage.length === 0)) {
    const first = ext.files.find((f) => f.parsed.damage.length > 0);
    const at = first?.parsed.damage[0].start ?? 0;
    const where = first ? `${path.basename(first.path)}:${first.source.position(at).line}` : 'its files';
    return refuseAll(result, ctx, first ?? ext.files[0], `the rewrite would replace all the code that could not be parsed (first at ${where}), on which the module's loading once rests, so a second run would declare isolation over code nobody could read; fix that code (or give the macros it uses in [tool.pyext-isolate] macros), then run again; the extension is left untouched`, at);
  }
  // The compat header is written whole: with this run's shims and those that code an earlier run
  // converted still uses (runs in steps: a later run must not drop what an earlier step needed).
  const finalTexts = ext.files.map((f) => ({ path: f.path, text: changes.find((c) => c.path === f.path)?.after ?? f.source.text }));
  newFiles = newFiles.map((n) => {
    if (path.basename(n.path) !== COMPAT_HEADER) return n;
    const needs = new Set([...ctx.plan.compat, ...shimsUsed(finalTexts)]);
    return { ...n, content: renderCompatHeader(needs, ctx.options.minPython) };
  });
  // Never leave a name without its declaration (engine/invariants.ts).
  const violation = invariantViolation(ctx, outputs, newFiles);
  if (violation) return refuseForInvariant(result, ctx, violation, outputs);
  // A static function the output names nowhere (a new -Wunused-function), and a generated file the
  // rewrite changes (its generator needs the same change): written, with a warning.
  const generated = changes.map((c) => generatedFileEdited(ext.files.find((f) => f.path === c.path)!)).filter((f) => f !== undefined);
  const warnings = [...unnamedStaticFindings(ext, outputs), ...generated];
  if (warnings.length > 0) result.findings = [...result.findings, ...warnings].sort(compareFindings);
  result.changes = changes;
  result.newFiles = newFiles;
  return result;
}

/**
 * Where a lone CR of the original meets a line feed the edits write right after it (the two read as
 * one CRLF in the output, one line end where the plan meant two); undefined when the output reads
 * as the plan's lines.
 */
function joinedLineEnd(raw: string, lines: string, edits: Edit[], after: string): number | undefined {
  if (loneCrAsLf(after) === applyEdits(lines, edits)) return undefined;
  for (const e of edits) if (raw[e.start - 1] === '\r' && raw[e.start] !== '\n') return e.start - 1;
  return 0;
}

function invariantViolation(ctx: Context, outputs: Map<FileModel, { parsed: ParsedFile; edits: Edit[] }>, newFiles: NewFile[]): InvariantViolation | undefined {
  const files: InvariantFile[] = ctx.ext.files.map((f) => {
    const o = outputs.get(f);
    return { path: f.path, original: f.parsed, output: o ? o.parsed : f.parsed, edits: o?.edits };
  });
  // The tree's other files are unchanged, but a unit of theirs may include a changed header.
  // Except the files of modules that include a header this one shares with them: they hold their
  // own copy of its statics, and a header rewrite stands only when their rewrite makes the same one
  // (engine/shared-files.ts refuses the extension otherwise).
  const shared = new Set([...(ctx.ext.sharedHeaders?.keys() ?? [])].map((h) => path.basename(h.path)));
  for (const f of ctx.ext.otherFiles ?? []) {
    if (shared.size > 0 && f.localIncludes.some((inc) => shared.has(path.basename(inc)))) continue;
    files.push({ path: f.path, original: f.parsed, output: f.parsed });
  }
  for (const n of newFiles) {
    const parsed = parseSource(SourceFile.fromText(n.path, n.content));
    const known = files.find((x) => x.path === n.path);
    if (known) known.output = parsed; // regenerated over a generated file of an earlier run
    else files.push({ path: n.path, output: parsed });
  }
  const plan = ctx.plan;
  return checkRewrite({
    files,
    state: plan.fields.length > 0 ? { struct: plan.names.struct, fields: new Set([...plan.fields.map((f) => f.name), ...(plan.ownStruct?.def.fields.map((f) => f.name) ?? [])]) } : undefined,
    movedLocals: [...ctx.movingGlobals].filter((g) => g.scope === 'function' && g.func).map((g) => ({ path: g.file.path, func: g.func!.name, name: g.name })),
    minPython: ctx.options.minPython,
  })[0];
}

/**
 * A warning for each static function the rewrite leaves named nowhere (engine/unused-statics.ts):
 * the output compiles, but gcc -Wall says "defined but not used" where the original was quiet.
 */
function unnamedStaticFindings(ext: ExtensionModel, outputs: Map<FileModel, { parsed: ParsedFile; edits: Edit[] }>): Finding[] {
  const out: Finding[] = [];
  for (const [f, o] of outputs) {
    const included = ext.files.some((x) => x !== f && x.localIncludes.some((inc) => path.basename(inc) === path.basename(f.path)));
    for (const u of unnamedStatics(f, o.parsed, included)) {
      const where = originalOffset(o.edits, u.at);
      out.push(findingAt(f.source, where, where + u.name.length, 'engine/added-warning', 'warning', 'manual',
        `the rewrite leaves the static function '${u.name}' named nowhere, which the original names: gcc -Wall warns "'${u.name}' defined but not used" [-Wunused-function] where the original did not (a warning a -fsyntax-only compile does not show)`,
        `name '${u.name}' where the original did, delete it if nothing needs it, or report it with the file (a pyext-isolate bug)`));
    }
  }
  return out;
}

/** Refuses the extension at the place of a violation (mapped back to the original file where it can be). */
function refuseForInvariant(result: ExtensionPlan, ctx: Context, v: InvariantViolation, outputs: Map<FileModel, { parsed: ParsedFile; edits: Edit[] }>): ExtensionPlan {
  const reason = `the rewrite would ${v.changesControlFlow ? 'change what the code does' : 'not compile'}: ${v.message}; the extension is left untouched`;
  const f = ctx.ext.files.find((x) => x.path === v.path);
  if (!f) return refuseAll(result, ctx, ctx.ext.moduleDef?.file ?? ctx.ext.files[0], reason);
  const out = outputs.get(f);
  const at = out ? originalOffset(out.edits, v.offset) : v.offset;
  return refuseAll(result, ctx, f, reason, at, out ? 0 : v.name.length);
}

/** Where the rewritten text is damaged and the original was not: its first such line, for the message. */
function firstNewDamage(f: FileModel, reparsed: ReturnType<typeof parseSource>): string {
  const lineOf = (text: string, at: number): string => text.slice(text.lastIndexOf('\n', at - 1) + 1, (text.indexOf('\n', at) + 1 || text.length + 1) - 1).trim();
  const before = new Set(f.parsed.damage.map((d) => lineOf(f.source.text, d.start)));
  const text = reparsed.source.text;
  const fresh = reparsed.damage.find((d) => !before.has(lineOf(text, d.start))) ?? reparsed.damage[0];
  if (!fresh) return 'no damaged line found';
  const line = reparsed.source.position(fresh.start).line;
  const code = lineOf(text, fresh.start);
  return `first new damage at line ${line} of the rewritten text: '${code.length > 80 ? code.slice(0, 77) + '...' : code}'`;
}

export function refuseAll(result: ExtensionPlan, ctx: Context, f: FileModel, reason: string, at = 0, length = 0): ExtensionPlan {
  result.refused = ctx.ext.files.map((x) => ({ path: x.path, reason: x === f ? reason : `${reason} (in ${f.path})` }));
  result.findings.push(findingAt(f.source, at, at + length, 'engine/refused', 'error', 'manual', reason, 'report this with the file if it looks like a pyext-isolate bug; select fewer transforms to get the others applied'));
  result.findings.sort(compareFindings);
  result.changes = [];
  result.newFiles = [];
  return result;
}
