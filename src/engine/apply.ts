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
 * run would have left it. `check` and `diff` only report it.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { writeFileAtomic, unreplaceable, WriteOutcome, tempPathFor } from './write';
import type { FileChange } from './plan-extension';
import type { NewFile } from '../plan/emit';
import type { Problem } from './discover';

export interface ApplyInput {
  changes: FileChange[];
  newFiles: NewFile[];
}

interface PlannedWrite {
  path: string;
  /** latin1 text; undefined: a new file. */
  before?: string;
  after: string;
}

const JOURNAL_RE = /^\.pyext-isolate-apply-(\d+)-[0-9a-f]+\.journal$/;

/** The pid in a journal name of ours, else undefined. */
export function journalPid(name: string): number | undefined {
  const m = JOURNAL_RE.exec(name);
  return m ? Number(m[1]) : undefined;
}

interface Journal {
  tool: 'pyext-isolate';
  pid: number;
  /** Paths relative to the journal's directory; `before` is the sha256 of the old content (null: a new file). */
  files: { path: string; before: string | null; after: string }[];
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}

/** Writes every change and new file, one extension at a time, whole or not at all. */
export function applyChanges(input: ApplyInput): WriteOutcome[] {
  const units = new Map<string, PlannedWrite[]>();
  const add = (unit: string, w: PlannedWrite): void => {
    if (!units.has(unit)) units.set(unit, []);
    units.get(unit)!.push(w);
  };
  // New files first: a header nobody includes yet is harmless, an include of a missing one is not.
  for (const n of input.newFiles) add(n.unit ?? n.path, { path: n.path, after: n.content });
  for (const c of input.changes) add(c.unit ?? c.path, { path: c.path, before: c.before, after: c.after });
  const out: WriteOutcome[] = [];
  for (const writes of units.values()) out.push(...applyUnit(writes));
  return out;
}

function applyUnit(writes: PlannedWrite[]): WriteOutcome[] {
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

function isBelow(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
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

function readJournal(file: string): Journal | undefined {
  try {
    const st = fs.lstatSync(file);
    if (!st.isFile() || st.size > 1 << 30) return undefined;
    const j = JSON.parse(fs.readFileSync(file, 'latin1')) as Journal;
    if (j.tool !== 'pyext-isolate' || !Array.isArray(j.files)) return undefined;
    return j;
  } catch {
    return undefined;
  }
}

/** What state a journal's files are in: every file old or new (finishable), or the first that is neither. */
function journalState(file: string, j: Journal): { pending: PlannedWrite[] } | { neither: string } {
  const dir = path.dirname(file);
  const pending: PlannedWrite[] = [];
  for (const f of j.files) {
    const p = path.resolve(dir, f.path);
    // Ours only ever names files below its directory: anything else is not our journal.
    if (typeof f.path !== 'string' || typeof f.after !== 'string' || !isBelow(dir, p)) return { neither: file };
    let now: string | undefined;
    try {
      const st = fs.lstatSync(p);
      if (!st.isFile()) return { neither: p };
      now = fs.readFileSync(p, 'latin1');
    } catch {
      now = undefined;
    }
    if (now === f.after) continue;
    if (f.before === null ? now === undefined : now !== undefined && sha(now) === f.before) pending.push({ path: p, before: now, after: f.after });
    else return { neither: p };
  }
  return { pending };
}

/**
 * Journals of interrupted applies found by discovery. With `finish`, each is completed (every
 * file must still be its old or its new content) and removed; without, each is reported.
 */
export function handleJournals(journals: string[], finish: boolean): Problem[] {
  const problems: Problem[] = [];
  for (const file of journals) {
    const pid = journalPid(path.basename(file));
    const j = readJournal(file);
    if (!j) {
      problems.push({ path: file, message: 'unreadable journal of an interrupted apply: left alone (remove it if nothing is half-written)' });
      continue;
    }
    const state = journalState(file, j);
    if ('neither' in state) {
      problems.push({ path: state.neither, message: `an interrupted apply (pid ${pid}) left its extension half-written and this file changed since: restore the extension from version control, then remove ${path.basename(file)}` });
      continue;
    }
    if (!finish) {
      if (state.pending.length > 0) problems.push({ path: file, message: `an interrupted apply (pid ${pid}) left ${state.pending.length} file(s) of an extension unwritten: run apply to finish it` });
      else problems.push({ path: file, message: `finished apply (pid ${pid}) left its journal: the next apply removes it`, level: 'info' });
      continue;
    }
    const outcomes = state.pending.map(writeOne);
    const failed = outcomes.find((o) => !o.ok);
    if (failed) {
      problems.push({ path: failed.path, message: `cannot finish an interrupted apply (pid ${pid}): ${failed.error}` });
      continue;
    }
    removeQuietly(file);
    problems.push({ path: file, message: `finished an apply that was interrupted (pid ${pid}): ${outcomes.length} file(s) written`, level: 'info' });
  }
  return problems;
}
