import * as path from 'path';

/** The deepest directory holding every file (paths are shown relative to it); the current directory for none. */
export function commonDir(files: readonly string[]): string {
  if (files.length === 0) return process.cwd();
  let dir = path.dirname(path.resolve(files[0]));
  for (const f of files) {
    const abs = path.resolve(f);
    while (!abs.startsWith(dir + path.sep) && path.dirname(dir) !== dir) dir = path.dirname(dir);
  }
  return dir;
}
