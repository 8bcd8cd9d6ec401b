/**
 * A content-hash cache of check results per group of files, as ruff keeps: the key covers the
 * tool's version and a hash of its code, the options that change results, and every file's path and content hash, so a
 * stale entry can never be hit. Entries are written atomically; a broken entry is a miss.
 */
import * as crypto from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import type { Config } from './config';
import type { GroupResult } from './worker';
import { toolFingerprint } from '../cli/version';

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
    macros: config.macros,
    exportMacros: config.exportMacros,
    modules: config.modules ?? null,
  }));
  for (const [p, hash] of files) h.update(`\0${path.resolve(p)}\0${hash}`);
  return h.digest('hex');
}

export class ResultCache {
  private ready = false;
  constructor(private readonly dir: string) {}

  private file(key: string): string {
    return path.join(this.dir, key.slice(0, 2), key + '.json');
  }

  get(key: string): GroupResult | undefined {
    return this.getJson<GroupResult>(key);
  }

  set(key: string, value: GroupResult): void {
    this.setJson(key, value);
  }

  getJson<T>(key: string): T | undefined {
    try {
      return JSON.parse(fs.readFileSync(this.file(key), 'utf8')) as T;
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
      fs.writeFileSync(tmp, JSON.stringify(value));
      fs.renameSync(tmp, f);
    } catch {
      /* a cache that cannot be written is just a slower run */
    }
  }
}
