/**
 * Discovery: each PATH is a file or a directory; directories are walked for C sources and
 * templates, skipping VCS, build and virtualenv directories and symlink loops.
 */
import * as fs from 'fs';
import * as path from 'path';
import { excluder, globRoot, isGlob } from './glob';
import { removeIfStaleTemp, tempFilePid } from './write';

export const SOURCE_SUFFIXES = ['.c', '.h', '.c.src', '.h.src', '.inc'];
const SKIP_DIRS = new Set(['.git', '.hg', '.svn', 'build', 'node_modules', '.venv', 'venv', 'env', '.env', '.tox', '.nox', '__pycache__', 'site-packages', 'dist', '.eggs', '.mypy_cache', '.pyext-isolate-cache']);

export interface Problem {
  path: string;
  message: string;
  /** info: nothing was lost (a generated file skipped); warning: a file could not be read. */
  level?: 'warning' | 'info';
}

export interface Discovery {
  files: string[];
  problems: Problem[];
  /** PATH arguments that do not exist: a usage error. */
  missing: string[];
  /** PATH arguments (directories, globs) that hold no C source file: a usage error too. */
  empty: string[];
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
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if ((code === 'ENOENT' || code === 'ENOTDIR') && isGlob(p)) {
        const { base, matches } = globRoot(p);
        const found = new Set<string>();
        if (fs.existsSync(base) && fs.statSync(base).isDirectory()) walk(base, excluded, found, problems, new Set(), new Set());
        const hits = [...found].filter(matches);
        if (hits.length === 0) empty.push(p);
        for (const f of hits) files.add(f);
      } else if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else problems.push({ path: p, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      files.add(path.normalize(p));
      continue;
    }
    if (st.isDirectory()) {
      const found = new Set<string>();
      if (!excluded(path.resolve(p))) walk(p, excluded, found, problems, new Set(), new Set());
      if (found.size === 0) empty.push(p);
      for (const f of found) files.add(f);
    }
  }
  return { files: [...files].sort(), problems, missing, empty };
}

function walk(dir: string, excluded: (absPath: string) => boolean, out: Set<string>, problems: Problem[], ancestors: Set<string>, visited: Set<string>): void {
  let real: string;
  try {
    real = fs.realpathSync(dir);
  } catch (err) {
    problems.push({ path: dir, message: `cannot resolve: ${(err as Error).message}` });
    return;
  }
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
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const full = path.join(dir, e.name);
    if (excluded(path.resolve(full))) continue;
    let isDir = e.isDirectory();
    let isFile = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const st = fs.statSync(full);
        isDir = st.isDirectory();
        isFile = st.isFile();
      } catch {
        problems.push({ path: full, message: 'broken symbolic link: skipped' });
        continue;
      }
    }
    if (isDir) {
      if (SKIP_DIRS.has(e.name) || e.name.endsWith('.egg-info')) continue;
      if (fs.existsSync(path.join(full, 'pyvenv.cfg'))) continue; // a virtualenv under any name
      walk(full, excluded, out, problems, ancestors, visited);
    } else if (isFile && isSourcePath(e.name)) out.add(full);
    else if (isFile && tempFilePid(e.name) !== undefined && removeIfStaleTemp(full)) {
      // Debris of an apply that was killed between writing a temp file and renaming it.
      problems.push({ path: full, message: `removed a temp file left by an interrupted run (pid ${tempFilePid(e.name)})`, level: 'info' });
    }
  }
  ancestors.delete(real);
}
