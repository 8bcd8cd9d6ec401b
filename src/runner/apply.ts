/**
 * Applying a rewrite: each extension is written whole or not at all.
 *
 *   1. Every file of the extension is checked first (still unchanged, writable, replaceable);
 *      one that is not stops the extension before anything is written.
 *   2. A journal (the new content of every file, the hash of every old one) is written next to
 *      the extension's first file when more than one file changes.
 *   3. New files (generated headers) are written before the files that include them, each file
 *      atomically (write.ts).
 *   4. A write that fails rolls back the ones already written; the journal goes last.
 *
 * A run killed between two files leaves its journal: the next `apply` finishes the job from it
 * (every file must still be its old or its new content), so the tree ends as an uninterrupted
 * run would have left it (`finishJournals`). `check` and `diff` only report it (engine/journal.ts).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic, unreplaceable, WriteOutcome, tempPathFor } from '../engine/write';
import type { FileChange } from '../engine/plan-types';
import type { NewFile } from '../plan/emit';
import type { Problem } from '../engine/discover';
import { Journal, PlannedWrite, inspectJournal, isBelow, sha } from '../engine/journal';

export interface ApplyInput {
  changes: FileChange[];
  newFiles: NewFile[];
}

/** Writes every change and new file, one extension at a time, whole or not at all. */
export function applyChanges(input: ApplyInput): WriteOutcome[] {
  const units = new Map<string, PlannedWrite[]>();
  const add = (unit: string, w: PlannedWrite): void => {
    if (!units.has(unit)) units.set(unit, []);
    // Two extensions of one unit that change a file they share change it alike (engine/shared-files.ts): once.
    if (units.get(unit)!.some((x) => x.path === w.path && x.after === w.after)) return;
    units.get(unit)!.push(w);
  };
  // New files first: a header nobody includes yet is harmless, an include of a missing one is not.
  for (const n of input.newFiles) add(n.unit ?? n.path, { path: n.path, after: n.content });
  for (const c of input.changes) add(c.unit ?? c.path, { path: c.path, before: c.before, after: c.after });
  const out: WriteOutcome[] = [];
  for (const writes of units.values()) out.push(...applyUnit(writes));
  return out;
}

function applyUnit(all: PlannedWrite[]): WriteOutcome[] {
  // A generated file two extensions of one directory share (the compat header), or a header two
  // modules include that both rewrite alike (engine/shared-files.ts), written by the first: done.
  const present = new Set(all.filter((w) => holds(w.path, w.after)));
  if (present.size === 0) return applyWrites(all);
  const outcomes = applyWrites(all.filter((w) => !present.has(w)));
  return all.map((w) => (present.has(w) ? { path: w.path, ok: true } : outcomes.find((o) => o.path === w.path)!));
}

/** A regular file (not a link) with exactly this text. */
function holds(file: string, text: string): boolean {
  try {
    return fs.lstatSync(file).isFile() && fs.readFileSync(file, 'latin1') === text;
  } catch {
    return false;
  }
}

function applyWrites(writes: PlannedWrite[]): WriteOutcome[] {
  if (writes.length === 0) return [];
  // 1. Everything checked before anything is written.
  const blocked = writes.map((w) => ({ w, why: precheck(w) })).filter((x) => x.why !== undefined);
  if (blocked.length > 0) {
    const first = path.basename(blocked[0].w.path);
    return writes.map((w) => {
      const own = blocked.find((b) => b.w === w);
      return { path: w.path, ok: false, error: own ? own.why : `its extension is written whole or not at all, and ${first} cannot be written` };
    });
  }
  // 2. The journal, when an interruption could leave the extension half-written.
  let journal: string | undefined;
  if (writes.length > 1) {
    const j = writeJournal(writes);
    if ('error' in j) return writes.map((w) => ({ path: w.path, ok: false, error: `cannot record the extension's writes (${j.error})` }));
    journal = j.path;
  }
  // 3. The writes, new files first (their order in `writes`).
  const done: PlannedWrite[] = [];
  for (const w of writes) {
    const o = writeOne(w);
    if (o.ok) {
      done.push(w);
      continue;
    }
    // 4. A failure: the ones written go back to what they were.
    const undone = rollBack(done);
    const failedName = path.basename(w.path);
    if (undone && journal) removeQuietly(journal);
    return writes.map((x) => (x === w ? o : { path: x.path, ok: false, error: `its extension is written whole or not at all, and ${failedName} could not be written${done.includes(x) ? (undone ? ' (written, then restored)' : ' (written and NOT restored: the next apply finishes the extension)') : ''}` }));
  }
  if (journal) removeQuietly(journal);
  return writes.map((w) => ({ path: w.path, ok: true }));
}

function writeOne(w: PlannedWrite): WriteOutcome {
  const bytes = Buffer.from(w.after, 'latin1');
  return w.before === undefined ? writeFileAtomic(w.path, bytes) : writeFileAtomic(w.path, bytes, { mustExist: true, expectedBefore: Buffer.from(w.before, 'latin1') });
}

/** Puts written files back (old content, or removed when new); true when all went back. */
function rollBack(done: PlannedWrite[]): boolean {
  let ok = true;
  for (const w of done.slice().reverse()) {
    if (w.before !== undefined) {
      ok = writeFileAtomic(w.path, Buffer.from(w.before, 'latin1'), { mustExist: true, expectedBefore: Buffer.from(w.after, 'latin1') }).ok && ok;
    } else {
      try {
        if (fs.readFileSync(w.path, 'latin1') === w.after) fs.unlinkSync(w.path);
      } catch {
        ok = false;
      }
    }
  }
  return ok;
}

/** Why this write cannot happen (checked for every file before any is written), or undefined. */
function precheck(w: PlannedWrite): string | undefined {
  let st: fs.Stats;
  try {
    st = fs.lstatSync(w.path);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code !== 'ENOENT') return `cannot be read (${e.code ?? e.message})`;
    if (w.before !== undefined) return 'vanished before it could be written';
    return dirWritable(path.dirname(w.path));
  }
  if (w.before === undefined) return 'appeared on disk since the run started';
  const why = unreplaceable(w.path, st);
  if (why) return why;
  try {
    fs.accessSync(w.path, fs.constants.W_OK);
  } catch {
    return 'not writable (permission denied)';
  }
  try {
    if (fs.readFileSync(w.path, 'latin1') !== w.before) return 'changed on disk since it was read';
  } catch {
    return 'vanished before it could be written';
  }
  return dirWritable(path.dirname(w.path));
}

function dirWritable(dir: string): string | undefined {
  try {
    fs.accessSync(dir, fs.constants.W_OK);
    return undefined;
  } catch {
    return 'its directory is not writable (permission denied)';
  }
}

/** The deepest directory holding every file of the extension: the journal names them below it. */
function journalDir(writes: PlannedWrite[]): string {
  let dir = path.dirname(path.resolve(writes[0].path));
  while (!writes.every((w) => isBelow(dir, path.resolve(w.path))) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  return dir;
}

function writeJournal(writes: PlannedWrite[]): { path: string } | { error: string } {
  const dir = journalDir(writes);
  const file = path.join(dir, `.pyext-isolate-apply-${process.pid}-${crypto.randomBytes(4).toString('hex')}.journal`);
  const j: Journal = {
    tool: 'pyext-isolate',
    pid: process.pid,
    files: writes.map((w) => ({ path: path.relative(dir, w.path), before: w.before === undefined ? null : sha(w.before), after: w.after })),
  };
  const tmp = tempPathFor(file);
  try {
    const fd = fs.openSync(tmp, 'wx', 0o600);
    try {
      const bytes = Buffer.from(JSON.stringify(j), 'latin1');
      for (let off = 0; off < bytes.length; ) off += fs.writeSync(fd, bytes, off, bytes.length - off);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, file);
    return { path: file };
  } catch (err) {
    removeQuietly(tmp);
    return { error: (err as NodeJS.ErrnoException).code ?? (err as Error).message };
  }
}

function removeQuietly(p: string): void {
  try {
    fs.unlinkSync(p);
  } catch {
    /* gone already */
  }
}

/**
 * Finishes the journals of interrupted applies that discovery found: each is completed (every
 * file must still be its old or its new content) and removed; what cannot be finished is said.
 */
export function finishJournals(journals: string[]): Problem[] {
  const problems: Problem[] = [];
  for (const file of journals) {
    const state = inspectJournal(file);
    if ('problem' in state) {
      problems.push(state.problem);
      continue;
    }
    const outcomes = state.pending.map(writeOne);
    const failed = outcomes.find((o) => !o.ok);
    if (failed) {
      problems.push({ path: failed.path, message: `cannot finish an interrupted apply (pid ${state.pid}): ${failed.error}` });
      continue;
    }
    removeQuietly(file);
    problems.push({ path: file, message: `finished an apply that was interrupted (pid ${state.pid}): ${outcomes.length} file(s) written`, level: 'info' });
  }
  return problems;
}
