/**
 * Tests that run the CLI (or forked fuzz children) need the compiled dist/. ensureBuilt()
 * compiles when an output is missing or older than its source, under a lock so that parallel
 * jest workers do not run tsc on top of each other. tsc emits even with type errors elsewhere
 * in the tree (other work in progress), which is what these tests need.
 */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import * as crypto from 'crypto';
import { execFileSync } from 'child_process';
import { repoRoot } from './run';

const SOURCE_DIRS = ['src', 'transforms', 'test-support'];

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** .ts sources whose .js in dist/ is missing or older. */
export function staleOutputs(root = repoRoot()): string[] {
  const stale: string[] = [];
  const walk = (rel: string): void => {
    let entries: fs.Dirent[];
    try {
      entries = fs.readdirSync(path.join(root, rel), { withFileTypes: true });
    } catch {
      return;
    }
    for (const e of entries) {
      const r = path.join(rel, e.name);
      if (e.isDirectory()) walk(r);
      else if (e.name.endsWith('.ts') && !e.name.endsWith('.d.ts')) {
        const js = path.join(root, 'dist', r.replace(/\.ts$/, '.js'));
        try {
          if (fs.statSync(js).mtimeMs + 1 < fs.statSync(path.join(root, r)).mtimeMs) stale.push(r);
        } catch {
          stale.push(r);
        }
      }
    }
  };
  for (const d of SOURCE_DIRS) walk(d);
  return stale;
}

export function ensureBuilt(root = repoRoot()): void {
  if (staleOutputs(root).length === 0) return;
  const lock = path.join(os.tmpdir(), `pyext-isolate-build-${crypto.createHash('sha1').update(root).digest('hex').slice(0, 10)}.lock`);
  const deadline = Date.now() + 300_000;
  for (;;) {
    try {
      fs.mkdirSync(lock);
      break;
    } catch {
      try {
        if (Date.now() - fs.statSync(lock).mtimeMs > 180_000) fs.rmSync(lock, { recursive: true, force: true });
      } catch {
        /* released meanwhile */
      }
      if (Date.now() > deadline) throw new Error(`ensureBuilt: ${lock} is held for too long`);
      sleep(250);
    }
  }
  try {
    if (staleOutputs(root).length === 0) return;
    const tsc = require.resolve('typescript/bin/tsc', { paths: [root] });
    try {
      execFileSync(process.execPath, [tsc, '-p', root], { cwd: root, stdio: 'pipe' });
    } catch {
      /* type errors elsewhere: the JavaScript is emitted anyway */
    }
    const still = staleOutputs(root);
    if (still.some((s) => s.startsWith('src') || s.startsWith('test-support'))) throw new Error(`ensureBuilt: tsc did not produce ${still.slice(0, 3).join(', ')}`);
  } finally {
    fs.rmSync(lock, { recursive: true, force: true });
  }
}
