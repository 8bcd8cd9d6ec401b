/**
 * Discovery: each PATH is a file or a directory; directories are walked for C sources and
 * templates, skipping VCS, build and virtualenv directories and symlink loops.
 */
import * as fs from 'fs';
import * as path from 'path';
import { excluder, globRoot, isGlob } from './glob';
import { removeIfStaleTemp, tempFilePid, processAlive } from './write';
import { journalPid } from './journal';

export const SOURCE_SUFFIXES = ['.c', '.h', '.c.src', '.h.src', '.inc', '.inc.src'];
/** C-like files that are not read: reported as skipped, never dropped silently. */
export const CXX_SUFFIXES = ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.cpp.src', '.hpp.src', '.cpp.in'];
export const CXX_SKIPPED = 'C++ source: not read (pyext-isolate reads C); review its globals and statics by hand';

export function isCxxPath(p: string): boolean {
  return CXX_SUFFIXES.some((s) => p.endsWith(s));
}
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'build', 'node_modules', '.venv', 'venv', 'env', '.env', '.tox', '.nox', '__pycache__', 'site-packages', 'dist', '.eggs', '.mypy_cache', '.pyext-isolate-cache']);

import type { Problem } from '../core/problem';

export type { Problem };

export interface Discovery {
  files: string[];
  problems: Problem[];
  /** PATH arguments that do not exist: a usage error. */
  missing: string[];
  /** PATH arguments (directories, globs) that hold no C source file: a usage error too. */
  empty: string[];
  /** Journals of applies that were interrupted (their process is gone): see apply.ts. */
  journals: string[];
}

export function isSourcePath(p: string): boolean {
  return SOURCE_SUFFIXES.some((s) => p.endsWith(s));
}

/** `exclude`: patterns anchored by `anchorPattern` (see glob.ts). */
export function discover(paths: string[], exclude: string[] = []): Discovery {
  const excluded = excluder(exclude);
  const files = new Set<string>();
  const problems: Problem[] = [];
  const missing: string[] = [];
  const empty: string[] = [];
  const journals = new Set<string>();
  const seenDirs = new Set<string>();
  const noteJournal = (full: string, name: string): void => {
    const pid = journalPid(name);
    if (pid === undefined) return;
    if (pid !== process.pid && processAlive(pid)) problems.push({ path: full, message: `another apply (pid ${pid}) is writing files here: run again when it is done` });
    else journals.add(full);
  };
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && isGlob(p)) {
        // A quoted glob the shell did not expand: walk its base directory and keep what matches.
        const { base, matches } = globRoot(p);
        const found = new Set<string>();
        let baseReal: string | undefined;
        try {
          baseReal = fs.statSync(base).isDirectory() ? fs.realpathSync(base) : undefined;
        } catch {
          baseReal = undefined;
        }
        if (baseReal) walk({ root: base, rootReal: baseReal, excluded, out: found, problems, ancestors: new Set(), visited: new Set(), noteJournal }, base, baseReal);
        const hits = [...found].filter(matches);
        if (hits.length === 0) empty.push(p);
        for (const f of hits) files.add(f);
      } else if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else problems.push({ path: p, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      if (isCxxPath(p)) problems.push({ path: path.normalize(p), message: CXX_SKIPPED, level: 'info' });
      else files.add(path.normalize(p));
      // An interrupted apply of this file's extension left its journal next to it, or above.
      const dir = path.dirname(path.resolve(p));
      if (!seenDirs.has(dir)) {
        seenDirs.add(dir);
        try {
          for (const n of fs.readdirSync(dir)) noteJournal(path.join(dir, n), n);
        } catch {
          /* an unlistable directory has no journal we could use */
        }
      }
      continue;
    }
    if (st.isDirectory()) {
      let real: string;
      try {
        real = fs.realpathSync(p);
      } catch (err) {
        problems.push({ path: p, message: `cannot resolve: ${(err as Error).message}` });
        continue;
      }
      const found = new Set<string>();
      if (!excluded(path.resolve(p))) walk({ root: p, rootReal: real, excluded, out: found, problems, ancestors: new Set(), visited: new Set(), noteJournal }, p, real);
      if (found.size === 0) empty.push(p);
      for (const f of found) files.add(f);
    } else problems.push({ path: p, message: `${kindOf(st)}: not read (only regular files and directories are)` });
  }
  return { files: [...files].sort(), problems, missing, empty, journals: [...journals].sort() };
}

interface Walk {
  root: string;
  /** The root's real path: nothing outside it is followed. */
  rootReal: string;
  excluded: (absPath: string) => boolean;
  out: Set<string>;
  problems: Problem[];
  ancestors: Set<string>;
  visited: Set<string>;
  noteJournal: (full: string, name: string) => void;
}

/** What a non-regular file is, for a one-line report. */
export function kindOf(st: fs.Stats): string {
  if (st.isFIFO()) return 'a named pipe (FIFO)';
  if (st.isSocket()) return 'a socket';
  if (st.isCharacterDevice() || st.isBlockDevice()) return 'a device';
  if (st.isDirectory()) return 'a directory';
  return 'not a regular file';
}

function kindOfDirent(e: fs.Dirent): string {
  if (e.isFIFO()) return 'a named pipe (FIFO)';
  if (e.isSocket()) return 'a socket';
  if (e.isCharacterDevice() || e.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

function inside(dirReal: string, p: string): boolean {
  const rel = path.relative(dirReal, p);
  return rel === '' || (!rel.startsWith('..' + path.sep) && rel !== '..' && !path.isAbsolute(rel));
}

/**
 * Walks `dir`, whose real path is `real`: a child's real path is its parent's plus its name
 * unless it is a symlink (one realpath per link, not per directory: deep trees stay linear).
 */
function walk(w: Walk, dir: string, real: string): void {
  const { problems, ancestors, visited } = w;
  if (ancestors.has(real)) {
    problems.push({ path: dir, message: 'directory symlink loop: skipped' });
    return;
  }
  if (visited.has(real)) return; // a second link to a directory already walked
  visited.add(real);
  ancestors.add(real);
  let entries: fs.Dirent[];
  try {
    entries = fs.readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    problems.push({ path: dir, message: `cannot list: ${(err as Error).message}` });
    return;
  }
  // A virtualenv under any name (seen from its own listing: no extra lookup per directory).
  if (dir !== w.root && entries.some((e) => e.name === 'pyvenv.cfg')) {
    ancestors.delete(real);
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (w.excluded(path.resolve(full))) continue;
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    let special = isDir || isFile ? undefined : e.isSymbolicLink() ? undefined : kindOfDirent(e);
    let childReal = path.join(real, e.name);
    if (e.isSymbolicLink()) {
      try {
        const st = fs.statSync(full);
        isDir = st.isDirectory();
        isFile = st.isFile();
        if (!isDir && !isFile) special = kindOf(st);
        if (isDir) childReal = fs.realpathSync(full);
      } catch {
        problems.push({ path: full, message: 'broken symbolic link: skipped' });
        continue;
      }
    }
    // A pipe, socket or device named like a source (or a link to /dev/zero) is reported, never read.
    if (special !== undefined && isSourcePath(e.name)) {
      problems.push({ path: full, message: `${special}: not read (only regular files are)` });
      continue;
    }
    if (isDir) {
      if (SKIP_DIRS.has(e.name) || e.name.endsWith('.egg-info')) continue;
      // Never follow a link out of the PATH given: apply would write there.
      if (!inside(w.rootReal, childReal) && !ancestors.has(childReal)) {
        problems.push({ path: full, message: `directory symlink to ${childReal}, outside ${w.root}: not followed (give that directory as a PATH to include it)` });
        continue;
      }
      walk(w, full, childReal);
    } else if (isFile && isSourcePath(e.name)) w.out.add(full);
    else if (isFile && isCxxPath(e.name)) problems.push({ path: full, message: CXX_SKIPPED, level: 'info' });
    else if (isFile && journalPid(e.name) !== undefined) w.noteJournal(full, e.name);
    else if (isFile && tempFilePid(e.name) !== undefined && removeIfStaleTemp(full)) {
      // Debris of an apply that was killed between writing a temp file and renaming it.
      problems.push({ path: full, message: `removed a temp file left by an interrupted run (pid ${tempFilePid(e.name)})`, level: 'info' });
    }
  }
  ancestors.delete(real);
}
