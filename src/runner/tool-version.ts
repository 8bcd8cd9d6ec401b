/** The tool's version, from package.json (also part of the cache key). */
import * as crypto from 'crypto';
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

let fingerprint: string | undefined;
/**
 * The version plus a hash of the tool's own code files (path, size and mtime of every .js under the
 * build's src/ and transforms/), so that a cache written by another build of the same version — a
 * git checkout, a local change, a rebuild — is never hit. Stats only: a few milliseconds per process.
 */
export function toolFingerprint(): string {
  if (fingerprint) return fingerprint;
  const h = crypto.createHash('sha256');
  const buildRoot = path.join(__dirname, '..', '..');
  for (const top of ['src', 'transforms']) {
    const files: string[] = [];
    const walk = (dir: string): void => {
      let entries: fs.Dirent[];
      try {
        entries = fs.readdirSync(dir, { withFileTypes: true });
      } catch {
        return;
      }
      for (const e of entries) {
        const p = path.join(dir, e.name);
        if (e.isDirectory()) walk(p);
        else if (e.name.endsWith('.js') || e.name.endsWith('.ts')) files.push(p);
      }
    };
    walk(path.join(buildRoot, top));
    for (const f of files.sort()) {
      try {
        const st = fs.statSync(f);
        h.update(`\0${path.relative(buildRoot, f)}\0${st.size}\0${st.mtimeMs}`);
      } catch {
        /* vanished: the hash still differs from a build that has it */
      }
    }
  }
  return (fingerprint = `${toolVersion()}+${h.digest('hex').slice(0, 16)}`);
}
