/**
 * A content-hash cache of check results per group of files, as ruff keeps: the key covers the
 * tool's version and a hash of its code, the options that change results, and every file's path
 * and content hash, so a stale entry can never be hit. Entries are written atomically. Each entry
 * carries its key and a hash of its value: one that is broken, renamed or edited is a miss, never
 * a result (an edited entry must not make a tree look clean).
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Config } from '../engine/config';
import { toolFingerprint } from './tool-version';
import { readRegularFile } from '../engine/read';
import { definesFromCompileCommands } from '../engine/compile-commands';

const MAX_ENTRY_BYTES = 256 << 20;

interface Entry {
  key: string;
  /** sha256 of key and value: an entry edited by hand (or half-written by another tool) is a miss. */
  sha: string;
  /** The result, as JSON text. */
  value: string;
}

function digest(key: string, value: string): string {
  return crypto.createHash('sha256').update(key).update('\0').update(value).digest('hex');
}

export function cacheKey(mode: string, config: Config, stats: boolean, files: [string, string][]): string {
  const h = crypto.createHash('sha256');
  h.update(JSON.stringify({
    v: toolFingerprint(),
    mode,
    stats,
    minPython: config.minPython,
    select: config.select ?? null,
    unsafe: config.unsafe,
    assumeInternal: config.assumeInternal,
    defines: config.defines,
    // The analysis reads the -D flags compile_commands.json gives these files (Py_LIMITED_API).
    compileDefines: config.compileCommands ? definesFromCompileCommands(config.compileCommands, files.map(([p]) => p)) : [],
    // And the limited API the build script turns on.
    scriptDefines: config.buildScriptDefines ?? [],
    macros: config.macros,
    exportMacros: config.exportMacros,
    modules: config.modules ?? null,
  }));
  for (const [p, hash] of files) h.update(`\0${path.resolve(p)}\0${hash}`);
  return h.digest('hex');
}

/** `T`: what `get`/`set` hold (a batch group's result); `getJson`/`setJson` take any JSON. */
export class ResultCache<T = unknown> {
  private ready = false;
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key + '.json');
  }

  get(key: string): T | undefined {
    return this.getJson<T>(key);
  }

  set(key: string, value: T): void {
    this.setJson(key, value);
  }

  getJson<T>(key: string): T | undefined {
    const r = readRegularFile(this.file(key), MAX_ENTRY_BYTES);
    if ('problem' in r) return undefined;
    try {
      const entry = JSON.parse(r.bytes.toString('utf8')) as Partial<Entry>;
      if (entry.key !== key || typeof entry.value !== 'string' || entry.sha !== digest(key, entry.value)) return undefined;
      return JSON.parse(entry.value) as T;
    } catch {
      return undefined;
    }
  }

  setJson(key: string, value: unknown): void {
    try {
      if (!this.ready) {
        fs.mkdirSync(this.dir, { recursive: true });
        const ignore = path.join(this.dir, '.gitignore');
        if (!fs.existsSync(ignore)) fs.writeFileSync(ignore, '# Created by pyext-isolate (a cache of check results).\n*\n');
        this.ready = true;
      }
      const f = this.file(key);
      fs.mkdirSync(path.dirname(f), { recursive: true });
      const tmp = `${f}.${process.pid}.tmp`;
      const text = JSON.stringify(value);
      const entry: Entry = { key, sha: digest(key, text), value: text };
      fs.writeFileSync(tmp, JSON.stringify(entry));
      fs.renameSync(tmp, f);
    } catch {
      /* a cache that cannot be written is just a slower run */
    }
  }
}
