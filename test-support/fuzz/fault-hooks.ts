/**
 * Fault injection for tests that run the real CLI: preloaded with
 * `NODE_OPTIONS=--require dist/test-support/fuzz/fault-hooks.js` (main thread and worker
 * threads alike), it patches `fs` according to environment variables:
 *
 *   PYEXT_FAULT_VANISH_ON_READ=/abs/file     the file is deleted just before it is first read
 *                                            (it vanishes after discovery, mid-run)
 *   PYEXT_FAULT_VANISH_BEFORE_WRITE=/abs/file  the file is deleted just before apply writes it
 *   PYEXT_FAULT_ENOSPC=/abs/file             writes to the temp file for it fail with ENOSPC
 *   PYEXT_FAULT_EIO_RENAME=/abs/file         the rename onto it fails with EIO
 *   PYEXT_FAULT_SLOW_WRITES=ms               every write of a temp file is cut into small
 *                                            pieces with a pause after each, and the rename
 *                                            waits too: a slow disk, so that a kill lands mid-write
 *   PYEXT_FAULT_MARK_WRITES=1                prints `@@write <path>` on stderr as a temp file opens
 *   PYEXT_FAULT_KILL_AT_WRITE=suffix         the process SIGKILLs itself after writing the first
 *                                            bytes of the temp file for a target ending in suffix
 *   PYEXT_FAULT_KILL_ON_WRITEFILE=suffix     the process SIGKILLs itself when writeFileSync writes a
 *                                            path ending in suffix (branch mode's worktree files)
 *   PYEXT_FAULT_HANG_ON_READ=/abs/file       reading the file in a worker thread never returns
 *                                            (a runaway analysis, for the time bound)
 *   PYEXT_FAULT_EDIT_DURING_WRITE=/abs/file  the file gets a line appended while the temp file
 *                                            for it is written (an editor saving meanwhile)
 *
 * Nothing here is used unless a test sets these variables.
 */
// The real module object (a namespace import would be a copy): patches must reach every user.
import fs = require('fs');
import path = require('path');

const env = process.env;
const TEMP_RE = /^\.(.+)\.pyext-isolate-\d+-[0-9a-f]+\.tmp$/;

function sleep(ms: number): void {
  if (ms > 0) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function errno(code: string, errnoNum: number, syscall: string, p?: string): NodeJS.ErrnoException {
  const e = new Error(`${code}: ${code === 'ENOSPC' ? 'no space left on device' : 'i/o error'}, ${syscall}${p ? ` '${p}'` : ''}`) as NodeJS.ErrnoException;
  e.code = code;
  e.errno = -errnoNum;
  e.syscall = syscall;
  if (p) e.path = p;
  return e;
}

/** The target a temp file path stands for, or undefined. */
function targetOfTemp(p: string): string | undefined {
  const m = TEMP_RE.exec(path.basename(p));
  return m ? path.join(path.dirname(path.resolve(p)), m[1]) : undefined;
}

function same(p: fs.PathOrFileDescriptor, target: string | undefined): boolean {
  return target !== undefined && typeof p !== 'number' && path.resolve(String(p)) === path.resolve(target);
}

const mfs = fs as unknown as Record<string, (...args: unknown[]) => unknown>;
const tempFds = new Map<number, string>();

function patch(name: string, wrap: (orig: (...args: unknown[]) => unknown) => (...args: unknown[]) => unknown): void {
  const orig = mfs[name].bind(fs);
  mfs[name] = wrap(orig);
}

const vanishOnRead = env.PYEXT_FAULT_VANISH_ON_READ;
const vanishBeforeWrite = env.PYEXT_FAULT_VANISH_BEFORE_WRITE;
const enospc = env.PYEXT_FAULT_ENOSPC;
const eioRename = env.PYEXT_FAULT_EIO_RENAME;
const slow = Number(env.PYEXT_FAULT_SLOW_WRITES ?? 0);
const mark = env.PYEXT_FAULT_MARK_WRITES === '1';
const killAt = env.PYEXT_FAULT_KILL_AT_WRITE;

if (vanishOnRead) {
  // Sources are read through open + read (engine/read.ts), other files with readFileSync.
  for (const name of ['readFileSync', 'openSync']) {
    patch(name, (orig) => (p, ...rest) => {
      if (same(p as fs.PathOrFileDescriptor, vanishOnRead)) fs.rmSync(vanishOnRead, { force: true });
      return orig(p, ...rest);
    });
  }
}

if (vanishBeforeWrite) {
  // apply's first look at its target is an lstat: the file goes just before it.
  let gone = false;
  patch('lstatSync', (orig) => (p, ...rest) => {
    if (!gone && same(p as fs.PathOrFileDescriptor, vanishBeforeWrite)) {
      gone = true;
      fs.rmSync(vanishBeforeWrite, { force: true });
    }
    return orig(p, ...rest);
  });
}

if (enospc || slow > 0 || mark || killAt || env.PYEXT_FAULT_EDIT_DURING_WRITE) {
  patch('openSync', (orig) => (p, ...rest) => {
    const fd = orig(p, ...rest) as number;
    const target = typeof p === 'string' ? targetOfTemp(p) : undefined;
    if (target) {
      tempFds.set(fd, target);
      if (mark) fs.writeSync(2, `@@write ${target}\n`);
    }
    return fd;
  });
  patch('closeSync', (orig) => (fd, ...rest) => {
    tempFds.delete(fd as number);
    return orig(fd, ...rest);
  });
  patch('writeSync', (orig) => (fd, buf, off, len, ...rest) => {
    const target = tempFds.get(fd as number);
    if (target && enospc && path.resolve(target) === path.resolve(enospc)) throw errno('ENOSPC', 28, 'write');
    if (target && killAt && target.endsWith(killAt) && Buffer.isBuffer(buf) && typeof off === 'number' && typeof len === 'number') {
      orig(fd, buf, off, Math.min(len, 100), ...rest);
      process.kill(process.pid, 'SIGKILL');
    }
    if (target && slow > 0 && Buffer.isBuffer(buf) && typeof off === 'number' && typeof len === 'number') {
      const n = orig(fd, buf, off, Math.min(len, 256), ...rest);
      sleep(slow);
      return n;
    }
    return orig(fd, buf, off, len, ...rest);
  });
}

if (eioRename || slow > 0) {
  patch('renameSync', (orig) => (from, to) => {
    if (eioRename && same(to as fs.PathOrFileDescriptor, eioRename)) throw errno('EIO', 5, 'rename', String(from));
    if (slow > 0 && targetOfTemp(String(from))) sleep(slow * 4);
    return orig(from, to);
  });
}

const hangOnRead = env.PYEXT_FAULT_HANG_ON_READ;
// eslint-disable-next-line @typescript-eslint/no-require-imports
if (hangOnRead && !(require('worker_threads') as typeof import('worker_threads')).isMainThread) {
  const hangFds = new Set<number>();
  patch('openSync', (orig) => (p, ...rest) => {
    const fd = orig(p, ...rest) as number;
    if (same(p as fs.PathOrFileDescriptor, hangOnRead)) hangFds.add(fd);
    return fd;
  });
  patch('readSync', (orig) => (fd, ...rest) => {
    if (hangFds.has(fd as number)) for (;;) sleep(1000);
    return orig(fd, ...rest);
  });
}

const editDuringWrite = env.PYEXT_FAULT_EDIT_DURING_WRITE;
if (editDuringWrite) {
  patch('fsyncSync', (orig) => (fd, ...rest) => {
    const r = orig(fd, ...rest);
    const target = tempFds.get(fd as number);
    if (target && path.resolve(target) === path.resolve(editDuringWrite)) fs.appendFileSync(editDuringWrite, '/* edited meanwhile */\n');
    return r;
  });
}

const killOnWriteFile = env.PYEXT_FAULT_KILL_ON_WRITEFILE;
if (killOnWriteFile) {
  patch('writeFileSync', (orig) => (p, ...rest) => {
    if (typeof p === 'string' && p.endsWith(killOnWriteFile)) process.kill(process.pid, 'SIGKILL');
    return orig(p, ...rest);
  });
}
