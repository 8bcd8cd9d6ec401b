/** The realistic extension modules of testdata/extensions, and running the tool on copies of them. */
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { rewrite, applyRewrite, check, RewriteResult } from '../../src/api';

export const ROOT = path.resolve(__dirname, '..', '..');
export const EXTENSIONS = path.join(ROOT, 'testdata', 'extensions');
export const EXPECTED = path.join(ROOT, 'testdata', 'expected');
export const UPDATE = process.env.UPDATE_SNAPSHOTS === '1';

export interface ModuleJson {
  module: string;
  sources: string[];
  includeDirs?: string[];
  defines?: string[];
  minPython?: string;
  templates?: Record<string, string>;
  consumerOf?: string;
}

export interface TestModule {
  name: string;
  dir: string;
  json: ModuleJson;
}

export function listModules(): TestModule[] {
  return fs
    .readdirSync(EXTENSIONS, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(path.join(EXTENSIONS, d.name, 'module.json')))
    .map((d) => ({ name: d.name, dir: path.join(EXTENSIONS, d.name), json: JSON.parse(fs.readFileSync(path.join(EXTENSIONS, d.name, 'module.json'), 'utf8')) as ModuleJson }))
    .sort((a, b) => (a.name < b.name ? -1 : 1));
}

export function tempCopy(src: string, tag = 'mod'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-isolate-test-${tag}-`));
  fs.cpSync(src, dir, { recursive: true });
  return dir;
}

/** A fresh copy of a case's inputs (no snapshots) for each test of the block: `dir()` names it. */
export function inputsOfCase(name: string, tag: string): () => string {
  let dir = '';
  beforeEach(() => {
    dir = tempCopy(path.join(ROOT, 'testdata', 'cases', name), tag);
    for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f), { recursive: true });
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));
  return () => dir;
}

/** `fn` with a new empty temporary directory, removed after (whatever fn does). */
export function inTempDir<T>(fn: (dir: string) => T, tag = 'steps'): T {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `pyext-isolate-${tag}-`));
  try {
    return fn(dir);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A temp copy of a case's inputs (testdata/cases/<name>): its snapshots (expected*, findings.txt) left out. */
export function caseInputCopy(name: string, tag = name): string {
  const dir = tempCopy(path.join(ROOT, 'testdata', 'cases', name), tag);
  for (const f of fs.readdirSync(dir)) if (f.startsWith('expected') || f === 'findings.txt') fs.rmSync(path.join(dir, f), { recursive: true, force: true });
  return dir;
}

/** Replaces the first `from` in `dir`/`file` by `to`; throws when `from` is not there (an edit that did nothing would test nothing). */
export function editFile(dir: string, file: string, from: string, to: string): void {
  const p = path.join(dir, file);
  const text = fs.readFileSync(p, 'latin1');
  if (!text.includes(from)) throw new Error(`${file} has no ${JSON.stringify(from.slice(0, 60))} to replace`);
  fs.writeFileSync(p, text.replace(from, to));
}

/** All files under a directory (relative paths, sorted). */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out.push(path.relative(dir, p));
    }
  };
  walk(dir);
  return out.sort();
}

/** Rewrites a copy of the module and writes it; returns the copy's path and the result. */
export function convertCopy(mod: TestModule, opts: { select?: string[]; minPython?: string } = {}): { dir: string; result: RewriteResult } {
  const dir = tempCopy(mod.dir, mod.name);
  const result = rewrite([dir], { select: opts.select, minPython: opts.minPython });
  const failed = applyRewrite(result).filter((o) => !o.ok);
  if (failed.length > 0) throw new Error(`write failed: ${failed.map((f) => `${f.path}: ${f.error}`).join('; ')}`);
  return { dir, result };
}

/** Findings as text with paths relative to the module directory (stable across machines). */
export function findingsText(dir: string): string {
  const r = check([dir]);
  return r.findings
    .map((f) => `${path.relative(dir, f.file)}:${f.line}:${f.col}: ${f.severity} ${f.rule} [${f.fix}]: ${f.message}${f.accepted ? ` (accepted: ${f.accepted.justification})` : ''}`)
    .join('\n') + '\n';
}

/** Compares text with a snapshot file, writing it when UPDATE_SNAPSHOTS=1 or when it is missing. */
export function matchSnapshot(actual: string, snapshotPath: string): void {
  if (UPDATE || !fs.existsSync(snapshotPath)) {
    fs.mkdirSync(path.dirname(snapshotPath), { recursive: true });
    fs.writeFileSync(snapshotPath, Buffer.from(actual, 'latin1'));
    if (!UPDATE) throw new Error(`snapshot ${path.relative(ROOT, snapshotPath)} was missing and has been written: review it and run again`);
    return;
  }
  const expected = fs.readFileSync(snapshotPath, 'latin1');
  expect(actual).toBe(expected);
}
