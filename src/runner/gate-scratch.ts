/**
 * A scratch copy of an extension's directories for the compile gate (its files as the rewrite
 * would make them, the rest linked in), and reading its files.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { commonDir } from '../core/paths';

export function readOrEmpty(f: string): string {
  return readOrUndefined(f) ?? '';
}

export function readOrUndefined(f: string): string | undefined {
  try {
    return fs.readFileSync(f, 'latin1');
  } catch {
    return undefined;
  }
}

/**
 * A scratch copy of the directories that hold the extension: its files written (as they are, or
 * as the rewrite makes them), every other file of those directories a symlink to the original.
 * The copy is never a way into the user's tree: files are unlinked before they are written.
 */
export class Scratch {
  /** The copy of the base. */
  readonly root: string;
  readonly base: string;
  /** Holds the copy and the compiles' dependency files. */
  private readonly top: string;
  private deps = 0;
  private readonly linked: string[] = [];
  private written = new Set<string>();
  private current = new Map<string, string>();
  private signed?: string;

  constructor(private readonly files: string[], private readonly generated: string[]) {
    this.base = commonDir([...files, ...generated]);
    this.top = fs.mkdtempSync(path.join(os.tmpdir(), 'pyext-isolate-gate-'));
    this.root = path.join(this.top, 'tree');
    const dirs = new Set([...files, ...generated].map((f) => path.dirname(f)));
    for (const d of dirs) {
      fs.mkdirSync(this.map(d), { recursive: true });
      let names: fs.Dirent[] = [];
      try {
        names = fs.readdirSync(d, { withFileTypes: true });
      } catch {
        /* a directory that cannot be listed: its other files are simply not there */
      }
      for (const e of names.slice(0, 4000)) {
        if (!e.isFile()) continue;
        const src = path.join(d, e.name);
        fs.symlinkSync(src, this.map(src));
        this.linked.push(src);
      }
    }
  }

  /** Where a path of the user's tree is in the scratch copy (paths outside the base stay). */
  map(p: string): string {
    const rel = path.relative(this.base, p);
    return rel.startsWith('..') || path.isAbsolute(rel) ? p : path.join(this.root, rel);
  }

  /** A path (or a flag holding one) with the scratch root and the base written as placeholders: for cache keys. */
  rebase(p: string): string {
    return p.split(this.root).join('<scratch>').split(this.base).join('<base>');
  }

  /** The inverse of rebase, to the user's tree (a file of the copy is its original). */
  unbase(p: string): string {
    return p.split('<scratch>').join(this.base).split('<base>').join(this.base);
  }

  /** Sets the contents: `contents` for the paths it has, the originals (links) for the others. */
  fill(contents: Map<string, string>): void {
    for (const f of this.written) {
      fs.rmSync(this.map(f), { force: true });
      if (this.linked.includes(f)) fs.symlinkSync(f, this.map(f));
    }
    this.written = new Set();
    for (const [f, text] of contents) {
      const to = this.map(f);
      if (to === f) continue; // outside the base: never written
      fs.rmSync(to, { force: true });
      fs.mkdirSync(path.dirname(to), { recursive: true });
      fs.writeFileSync(to, Buffer.from(text, 'latin1'), { flag: 'wx' });
      this.written.add(f);
    }
    this.current = contents;
    this.signed = undefined;
  }

  /** A hash of the extension's files as the copy has them (what else a compile reads, its dependencies say). */
  signature(): string {
    return (this.signed ??= this.computeSignature());
  }

  private computeSignature(): string {
    const h = crypto.createHash('sha256');
    for (const f of [...new Set([...this.files, ...this.generated])].sort()) {
      const rel = path.relative(this.base, f);
      const text = this.current.get(f) ?? (this.files.includes(f) ? readOrEmpty(f) : undefined);
      h.update(text === undefined ? `${rel}\0-\0` : `${rel}\0${sha(text)}\0`);
    }
    return h.digest('hex');
  }

  /** The extension's files and the generated ones: the signature covers them. */
  covers(f: string): boolean {
    return this.files.includes(f) || this.generated.includes(f);
  }

  /** A new name for one compile's -MF output (compiles run concurrently). */
  depFile(): string {
    return path.join(this.top, `deps-${this.deps++}`);
  }

  remove(): void {
    fs.rmSync(this.top, { recursive: true, force: true });
  }
}

function sha(text: string): string {
  return crypto.createHash('sha256').update(text, 'latin1').digest('hex');
}
