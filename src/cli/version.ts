/** The tool's version, from package.json (also part of the cache key). */
import * as fs from 'fs';
import * as path from 'path';

let cached: string | undefined;
export function toolVersion(): string {
  if (cached) return cached;
  for (const p of [path.join(__dirname, '..', '..', '..', 'package.json'), path.join(__dirname, '..', '..', 'package.json')]) {
    try {
      cached = (JSON.parse(fs.readFileSync(p, 'utf8')) as { version: string }).version;
      return cached;
    } catch {
      /* try the next */
    }
  }
  return (cached = '0.0.0');
}
