/**
 * Discovery: each PATH is a file or a directory; directories are walked for C sources and
 * templates, skipping VCS, build and virtualenv directories and symlink loops.
 */
import * as fs from 'fs';
import * as path from 'path';
import { globToRegExp, matchesAny } from './glob';
import { removeIfStaleTemp, tempFilePid } from './write';

export const SOURCE_SUFFIXES = ['.c', '.h', '.c.src', '.h.src', '.inc', '.inc.src'];
/** C-like files that are not read: reported as skipped, never dropped silently. */
export const CXX_SUFFIXES = ['.cpp', '.cc', '.cxx', '.c++', '.hpp', '.hh', '.hxx', '.cpp.src', '.hpp.src', '.cpp.in'];
export const CXX_SKIPPED = 'C++ source: not read (pyext-isolate reads C); review its globals and statics by hand';

export function isCxxPath(p: string): boolean {
  return CXX_SUFFIXES.some((s) => p.endsWith(s));
}
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
}

export function isSourcePath(p: string): boolean {
  return SOURCE_SUFFIXES.some((s) => p.endsWith(s));
}

export function discover(paths: string[], exclude: string[] = []): Discovery {
  const globs = exclude.map(globToRegExp);
  const files = new Set<string>();
  const problems: Problem[] = [];
  const missing: string[] = [];
  for (const p of paths) {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'ENOENT' || code === 'ENOTDIR') missing.push(p);
      else problems.push({ path: p, message: `cannot read: ${(err as Error).message}` });
      continue;
    }
    if (st.isFile()) {
      if (isCxxPath(p)) problems.push({ path: path.normalize(p), message: CXX_SKIPPED, level: 'info' });
      else files.add(path.normalize(p));
      continue;
    }
    if (st.isDirectory()) walk(p, p, globs, files, problems, new Set(), new Set());
  }
  return { files: [...files].sort(), problems, missing };
}

function walk(root: string, dir: string, globs: RegExp[], out: Set<string>, problems: Problem[], ancestors: Set<string>, visited: Set<string>): void {
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
    const rel = path.relative(root, full);
    if (globs.length > 0 && matchesAny(rel, globs)) continue;
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
      walk(root, full, globs, out, problems, ancestors, visited);
    } else if (isFile && isSourcePath(e.name)) out.add(full);
    else if (isFile && isCxxPath(e.name)) problems.push({ path: full, message: CXX_SKIPPED, level: 'info' });
    else if (isFile && tempFilePid(e.name) !== undefined && removeIfStaleTemp(full)) {
      // Debris of an apply that was killed between writing a temp file and renaming it.
      problems.push({ path: full, message: `removed a temp file left by an interrupted run (pid ${tempFilePid(e.name)})`, level: 'info' });
    }
  }
  ancestors.delete(real);
}
