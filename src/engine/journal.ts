/**
 * The journal an apply of several files writes next to the extension (the new content of every
 * file, the hash of every old one), as discovery and `check` read it: whether an interrupted apply
 * can be finished, and what to report. Writing and finishing are the runner's (runner/apply.ts).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Problem } from '../core/problem';

export interface PlannedWrite {
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

export interface Journal {
  tool: 'pyext-isolate';
  pid: number;
  /** Paths relative to the journal's directory; `before` is the sha256 of the old content (null: a new file). */
  files: { path: string; before: string | null; after: string }[];
}

export function sha(text: string): string {
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}

export function isBelow(dir: string, p: string): boolean {
  const rel = path.relative(dir, p);
  return rel !== '' && !rel.startsWith('..') && !path.isAbsolute(rel);
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

/** A journal's state: what to report as it is, or the writes that would finish it. */
export function inspectJournal(file: string): { problem: Problem } | { pid: number | undefined; pending: PlannedWrite[] } {
  const pid = journalPid(path.basename(file));
  const j = readJournal(file);
  if (!j) return { problem: { path: file, message: 'unreadable journal of an interrupted apply: left alone (remove it if nothing is half-written)' } };
  const state = journalState(file, j);
  if ('neither' in state) {
    return { problem: { path: state.neither, message: `an interrupted apply (pid ${pid}) left its extension half-written and this file changed since: restore the extension from version control, then remove ${path.basename(file)}` } };
  }
  return { pid, pending: state.pending };
}

/** Journals of interrupted applies found by discovery, reported (`apply` finishes them). */
export function journalProblems(journals: string[]): Problem[] {
  return journals.map((file) => {
    const state = inspectJournal(file);
    if ('problem' in state) return state.problem;
    if (state.pending.length > 0) return { path: file, message: `an interrupted apply (pid ${state.pid}) left ${state.pending.length} file(s) of an extension unwritten: run apply to finish it` };
    return { path: file, message: `finished apply (pid ${state.pid}) left its journal: the next apply removes it`, level: 'info' as const };
  });
}
