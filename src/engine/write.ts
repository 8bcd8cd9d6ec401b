/**
 * Atomic writes: a temp file in the same directory, fsync, the original mode, then rename.
 * A kill at any moment leaves the old file or the new one, never half of either; a failed
 * write removes its temp file.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';

export interface WriteOutcome {
  path: string;
  ok: boolean;
  error?: string;
}

export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  return path.join(dir, `.${path.basename(target)}.pyext-isolate-${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`);
}

export function writeFileAtomic(target: string, bytes: Buffer, opts: { mustExist?: boolean; expectedBefore?: Buffer } = {}): WriteOutcome {
  let mode = 0o644;
  try {
    const st = fs.statSync(target);
    mode = st.mode & 0o7777;
    if (opts.expectedBefore) {
      const now = fs.readFileSync(target);
      if (!now.equals(opts.expectedBefore)) return { path: target, ok: false, error: 'changed on disk since it was read: not written' };
    }
    // A read-only file stays read-only: we do not write through the user's permissions.
    fs.accessSync(target, fs.constants.W_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      if (opts.mustExist) return { path: target, ok: false, error: 'vanished before it could be written' };
    } else if (e.code === 'EACCES' || e.code === 'EPERM') return { path: target, ok: false, error: 'not writable (permission denied)' };
    else return { path: target, ok: false, error: e.message };
  }
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(tmp, mode);
    fs.renameSync(tmp, target);
    return { path: target, ok: true };
  } catch (err) {
    if (fd !== undefined) {
      try {
        fs.closeSync(fd);
      } catch {
        /* already closed */
      }
    }
    try {
      fs.unlinkSync(tmp);
    } catch {
      /* not created */
    }
    return { path: target, ok: false, error: (err as Error).message };
  }
}
