/**
 * Reading input files safely: only regular files, never more than a size limit. A FIFO, socket
 * or device (or a symlink to one, like /dev/zero) is reported instead of read: opening it
 * non-blocking and checking what was opened means a pipe nobody writes to cannot hang the run.
 */
import * as fs from 'fs';
import { kindOf } from './discover';

/** Sources above this are refused (a generated 10 MB file is fine; /dev/zero is not). */
export const MAX_SOURCE_BYTES = 64 << 20;
/** pyproject.toml and other small text inputs. */
export const MAX_CONFIG_BYTES = 4 << 20;

export type ReadResult = { bytes: Buffer } | { problem: string; code?: string };

export function readRegularFile(filePath: string, maxBytes: number): ReadResult {
  let fd: number;
  try {
    fd = fs.openSync(filePath, fs.constants.O_RDONLY | fs.constants.O_NONBLOCK | (fs.constants.O_NOCTTY ?? 0));
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return { problem: 'vanished while the run was in progress', code: e.code };
    if (e.code === 'EACCES' || e.code === 'EPERM') return { problem: 'unreadable (permission denied)', code: e.code };
    if (e.code === 'EISDIR') return { problem: 'is a directory', code: e.code };
    if (e.code === 'ENXIO') return { problem: 'a socket or device: not read (only regular files are)', code: e.code };
    return { problem: `unreadable: ${e.message}`, code: e.code };
  }
  try {
    const st = fs.fstatSync(fd);
    if (!st.isFile()) return { problem: `${kindOf(st)}: not read (only regular files are)` };
    if (st.size > maxBytes) return { problem: tooLarge(st.size, maxBytes) };
    // The size may change while we read: never read more than the limit.
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buf = Buffer.allocUnsafe(Math.min(Math.max(st.size - total, 0) + 1, maxBytes + 1 - total, 1 << 20) || 1);
      const n = fs.readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      chunks.push(n === buf.length ? buf : buf.subarray(0, n));
      total += n;
      if (total > maxBytes) return { problem: tooLarge(total, maxBytes) };
    }
    return { bytes: Buffer.concat(chunks, total) };
  } catch (err) {
    const e = err as NodeJS.ErrnoException;
    return { problem: `unreadable: ${e.code ?? e.message}`, code: e.code };
  } finally {
    fs.closeSync(fd);
  }
}

function tooLarge(size: number, max: number): string {
  return `too large (${(size / (1 << 20)).toFixed(1)} MB; the limit is ${max >> 20} MB): not read`;
}
