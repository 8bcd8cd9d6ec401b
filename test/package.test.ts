/**
 * The npm package a user installs: what `npm pack` would put in it. No source maps (no sources
 * ship), no bench or fuzz code, a LICENSE that matches package.json, the transforms' READMEs (the
 * rule pages are built from them), and the fields npm shows (repository, homepage, bugs).
 */
import * as fs from 'fs';
import * as path from 'path';
import { spawnSync } from 'child_process';
import { ROOT } from './helpers/modules';

const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));

test('npm pack holds the tool, its docs and a LICENSE, and nothing of bench, fuzz or tests', () => {
  const r = spawnSync('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: ROOT, encoding: 'utf8' });
  expect(r.status).toBe(0);
  const files: string[] = JSON.parse(r.stdout)[0].files.map((f: { path: string }) => f.path);
  expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
  // The verify harness's benchmark runner is part of the tool (`verify --bench`); the project's own bench is not.
  expect(files.filter((f) => /bench|fuzz|test-support|(^|\/)test\//.test(f) && f !== 'src/verify/harness/bench_run.py')).toEqual([]);
  expect(files).toContain('src/verify/harness/bench_run.py');
  expect(files).toEqual(expect.arrayContaining(['LICENSE', 'README.md', 'package.json', 'bin/pyext-isolate.js', 'dist/src/cli/main.js', 'dist/src/api.js', 'transforms/engine/README.md', 'transforms/checks/README.md']));
  expect(files.some((f) => f.startsWith('src/verify/harness/'))).toBe(true);
});

test('package.json names the license, repository, homepage and bugs; LICENSE is that license', () => {
  expect(pkg.license).toBe('MIT');
  expect(fs.readFileSync(path.join(ROOT, 'LICENSE'), 'utf8')).toMatch(/^MIT License\n/);
  expect(pkg.repository.url).toMatch(/^git\+https:\/\//);
  expect(pkg.homepage).toMatch(/^https:\/\//);
  expect(pkg.bugs.url).toMatch(/^https:\/\/.*\/issues$/);
});

test('the build writes no source maps', () => {
  const tsconfig = JSON.parse(fs.readFileSync(path.join(ROOT, 'tsconfig.json'), 'utf8'));
  expect(tsconfig.compilerOptions.sourceMap).toBe(false);
});
