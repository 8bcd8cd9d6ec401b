/**
 * Atomic writes: a temp file in the same directory, fsync, the original mode, owner and group,
 * then rename. A kill at any moment leaves the old file or the new one, never half of either; a
 * failed write removes its temp file. What cannot be replaced without loss is refused: a symbolic
 * link (it would become a regular file), a file with other hard links (they would keep the old
 * bytes), a file edited since it was read (checked again right before the rename).
 */
import * as fs from 'fs';
import * as path from 'path';
import * as crypto from 'crypto';

export interface WriteOutcome {
  path: string;
  ok: boolean;
  error?: string;
}

const TEMP_MARK = '.pyext-isolate-';

/** Longest file name most file systems take (bytes). */
const NAME_MAX = 255;

export function tempPathFor(target: string): string {
  const dir = path.dirname(target);
  const suffix = `${TEMP_MARK}${process.pid}-${crypto.randomBytes(4).toString('hex')}.tmp`;
  // A long target name would make the temp name too long to create: keep its start only.
  let stem = `.${path.basename(target)}`;
  while (Buffer.byteLength(stem + suffix) > NAME_MAX) stem = stem.slice(0, -1);
  return path.join(dir, stem + suffix);
}

/** Why a file that exists cannot be replaced by a rename, or undefined when it can. */
export function unreplaceable(target: string, st: fs.Stats): string | undefined {
  if (st.isSymbolicLink()) return 'is a symbolic link: not rewritten (it would become a regular file; point PATH at its target, or exclude it)';
  if (!st.isFile()) return 'is not a regular file: not rewritten';
  if (st.nlink > 1) return `has ${st.nlink} hard links: not rewritten (the other links would keep the old content; break the link first)`;
  // A read-only file stays read-only: we do not write through the user's permissions. For
  // root, access(2) allows everything, so a file without any write bit is refused as well.
  if ((st.mode & 0o222) === 0) return 'not writable (read-only file)';
  void target;
  return undefined;
}

export function writeFileAtomic(target: string, bytes: Buffer, opts: { mustExist?: boolean; expectedBefore?: Buffer } = {}): WriteOutcome {
  let mode = 0o644;
  let owner: { uid: number; gid: number } | undefined;
  try {
    const st = fs.lstatSync(target);
    mode = st.mode & 0o7777;
    owner = { uid: st.uid, gid: st.gid };
    const why = unreplaceable(target, st);
    if (why) return { path: target, ok: false, error: why };
    if (opts.expectedBefore) {
      const now = fs.readFileSync(target);
      if (!now.equals(opts.expectedBefore)) return { path: target, ok: false, error: 'changed on disk since it was read: not written' };
    }
    fs.accessSync(target, fs.constants.W_OK);
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') {
      if (opts.mustExist) return { path: target, ok: false, error: 'vanished before it could be written' };
    } else if (e.code === 'EACCES' || e.code === 'EPERM') return { path: target, ok: false, error: 'not writable (permission denied)' };
    else return { path: target, ok: false, error: describe(e) };
  }
  removeStaleTemps(path.dirname(target));
  const tmp = tempPathFor(target);
  let fd: number | undefined;
  try {
    fd = fs.openSync(tmp, 'wx', mode);
    let off = 0;
    while (off < bytes.length) off += fs.writeSync(fd, bytes, off, bytes.length - off);
    fs.fsyncSync(fd);
    if (owner) keepOwner(fd, owner);
    fs.closeSync(fd);
    fd = undefined;
    fs.chmodSync(tmp, mode);
    // The file may have been edited while the temp file was written (a big file, an editor's
    // save): look again right before the rename, which would silently drop that edit.
    const late = lateChange(target, opts, owner !== undefined);
    if (late) {
      fs.unlinkSync(tmp);
      return { path: target, ok: false, error: late };
    }
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
    return { path: target, ok: false, error: describe(err as NodeJS.ErrnoException) };
  }
}

/** Owner and group of the original where this process may set them (root, or a group it is in). */
function keepOwner(fd: number, owner: { uid: number; gid: number }): void {
  try {
    const st = fs.fstatSync(fd);
    if (st.uid !== owner.uid || st.gid !== owner.gid) fs.fchownSync(fd, owner.uid, owner.gid);
  } catch {
    try {
      const st = fs.fstatSync(fd);
      if (st.gid !== owner.gid) fs.fchownSync(fd, st.uid, owner.gid);
    } catch {
      /* not permitted: the file gets this process's owner, as any editor's save would */
    }
  }
}

/** The reason the target may no longer be replaced, found right before the rename. */
function lateChange(target: string, opts: { mustExist?: boolean; expectedBefore?: Buffer }, existed: boolean): string | undefined {
  let now: Buffer;
  try {
    now = fs.readFileSync(target);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') return undefined;
    return existed ? 'vanished while it was being written: not written' : undefined;
  }
  if (opts.expectedBefore) return now.equals(opts.expectedBefore) ? undefined : 'changed on disk while it was being written: not written (the edit is kept)';
  return existed ? undefined : 'appeared on disk while it was being written: not written';
}

/** An errno as a short reason for a one-line report (the path is already in the line). */
function describe(e: NodeJS.ErrnoException): string {
  switch (e.code) {
    case 'ENOSPC': return 'no space left on device (ENOSPC)';
    case 'EDQUOT': return 'disk quota exceeded (EDQUOT)';
    case 'EROFS': return 'read-only file system (EROFS)';
    case 'EACCES':
    case 'EPERM': return `permission denied (${e.code}${e.syscall ? ` on ${e.syscall}` : ''})`;
    case 'EIO': return 'I/O error (EIO)';
    case 'ENOENT': return 'its directory vanished (ENOENT)';
    default: return e.code ? `${e.code}${e.syscall ? ` on ${e.syscall}` : ''}` : e.message;
  }
}

const swept = new Set<string>();

/**
 * A run killed between creating its temp file and the rename (SIGKILL, power loss) leaves
 * `.<name>.pyext-isolate-<pid>-<hex>.tmp` behind; the next write into that directory removes
 * the ones whose process is gone (once per directory and process; discovery removes them from
 * every directory it walks). A live process's temp file (a concurrent run) is left alone.
 */
export function removeStaleTemps(dir: string): string[] {
  if (swept.has(dir)) return [];
  swept.add(dir);
  let names: string[];
  try {
    names = fs.readdirSync(dir);
  } catch {
    return [];
  }
  const removed: string[] = [];
  for (const n of names) if (removeIfStaleTemp(path.join(dir, n))) removed.push(path.join(dir, n));
  return removed;
}

/** The pid in a temp file name of ours (`.<name>.pyext-isolate-<pid>-<hex>.tmp`), else undefined. */
export function tempFilePid(name: string): number | undefined {
  if (name[0] !== '.' || !name.endsWith('.tmp')) return undefined;
  const m = /\.pyext-isolate-(\d+)-[0-9a-f]+\.tmp$/.exec(name);
  return m && m.index > 0 ? Number(m[1]) : undefined;
}

/** Removes `file` if it is a temp file of ours whose process is gone; true if it did. */
export function removeIfStaleTemp(file: string): boolean {
  const pid = tempFilePid(path.basename(file));
  // Our own pid: a write of this process (another thread's) may be in progress.
  if (pid === undefined || pid === process.pid || processAlive(pid)) return false;
  try {
    fs.unlinkSync(file);
    return true;
  } catch {
    return false; // gone already, or not ours to remove
  }
}

export function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
