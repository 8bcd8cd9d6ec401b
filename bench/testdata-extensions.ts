/**
 * The testdata extensions the cost tools measure, and a converted copy of one: what
 * bench/cost-table.ts (timing) and bench/cost-instructions.ts (instruction counts) share.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { spawnSync } from 'node:child_process';
import { applyRewrite, rewrite } from '../src/api';
import { prepareBaseline } from '../src/verify';
import type { Baseline } from '../src/verify';

/** `--name VALUE` from the command line, else `def`. */
export function arg(name: string, def: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : def;
}

/** `--extensions DIR`, default the repository's testdata/extensions. */
export function extensionsDir(): string {
  return path.resolve(arg('extensions', path.join(__dirname, '..', '..', 'testdata', 'extensions')));
}

export interface ModuleJson {
  module: string;
  sources: string[];
  includeDirs?: string[];
  defines?: string[];
  consumerOf?: string;
}

export interface BenchExtension {
  name: string;
  json: ModuleJson;
}

/** Extensions of `dir` with a bench.py and a module.json, sorted; consumers of another extension's C API left out (they need their provider built beside them). */
export function benchExtensions(dir: string, only: string[]): BenchExtension[] {
  return fs
    .readdirSync(dir)
    .filter((n) => fs.existsSync(path.join(dir, n, 'bench.py')) && fs.existsSync(path.join(dir, n, 'module.json')))
    .filter((n) => !only.length || only.includes(n))
    .sort()
    .map((name) => ({ name, json: JSON.parse(fs.readFileSync(path.join(dir, name, 'module.json'), 'utf8')) as ModuleJson }))
    .filter((e) => !e.json.consumerOf);
}

export interface ConvertedCopy {
  /** The converted tree (a temporary copy). */
  work: string;
  /** The original, for building "before". */
  baseline: Baseline;
  sources: string[];
  includeDirs: string[];
  defines: string[];
  cleanup(): void;
}

/**
 * A temporary copy of the extension converted as `pyext-isolate apply` does, with the tool
 * built here, or with another build of it (`tool`: a directory with bin/pyext-isolate.js).
 */
export function convertedCopy(dir: string, ext: BenchExtension, tool: string): ConvertedCopy {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), `cost-${ext.name}-`));
  const removeWork = (): void => fs.rmSync(work, { recursive: true, force: true });
  try {
    fs.cpSync(path.join(dir, ext.name), work, { recursive: true });
    if (tool) {
      const r = spawnSync(process.execPath, [path.join(tool, 'bin', 'pyext-isolate.js'), 'apply', work, '--quiet', '--no-cache'], { encoding: 'utf8' });
      if (r.status !== 0 && r.status !== 1) throw new Error(`${ext.name}: ${tool} apply exited ${r.status}: ${r.stderr.trim().split('\n').slice(-1)[0]}`);
    } else {
      const failed = applyRewrite(rewrite([work])).filter((o) => !o.ok);
      if (failed.length) throw new Error(`${ext.name}: write failed: ${failed.map((f) => `${f.path}: ${f.error}`).join('; ')}`);
    }
    const baseline = prepareBaseline({ paths: [work], dir: path.join(dir, ext.name) });
    return {
      work,
      baseline,
      sources: ext.json.sources.map((s) => path.join(work, s)),
      includeDirs: (ext.json.includeDirs ?? []).map((d) => path.join(work, d)),
      defines: ext.json.defines ?? [],
      cleanup: () => {
        baseline.cleanup();
        removeWork();
      },
    };
  } catch (e) {
    removeWork();
    throw e;
  }
}
