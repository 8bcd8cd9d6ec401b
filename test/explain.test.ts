/**
 * `pyext-isolate check --explain <id>` prints the transform's README (transforms/<id>/README.md) for every
 * registered transform, with the six sections every README has; an unknown id is a usage error (exit 2,
 * one line on stderr). Runs the built CLI (dist/), as a user would.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TRANSFORM_IDS } from '../transforms';
import { RULE_DOCS } from '../transforms/rule-docs';

const ROOT = path.join(__dirname, '..');
const BIN = path.join(ROOT, 'bin', 'pyext-isolate.js');
const SECTIONS = ['What', 'Why', 'Before–After', 'Rules', 'Refuses when', 'Python versions'];

function run(args: string[]): { status: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

beforeAll(() => {
  // `npm test` builds first; build here too when the test runs on its own in a fresh checkout.
  if (!fs.existsSync(path.join(ROOT, 'dist', 'src', 'cli', 'main.js'))) execFileSync('npx', ['tsc', '-p', '.'], { cwd: ROOT, stdio: 'inherit' });
});

test('every transform is registered', () => {
  expect(TRANSFORM_IDS.length).toBeGreaterThan(0);
});

describe.each(TRANSFORM_IDS.map((id) => [id]))('check --explain %s', (id) => {
  const readme = path.join(ROOT, 'transforms', id, 'README.md');

  test('prints the README with all six sections', () => {
    const r = run(['check', '--explain', id]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(readme, 'utf8'));
    expect(r.stdout.split('\n')[0]).toBe(`# ${id}`);
    const headings = r.stdout.split('\n').filter((l) => l.startsWith('## ')).map((l) => l.slice(3).trim());
    expect(headings).toEqual(SECTIONS);
  });

  test('the Rules section names every rule id of the transform', () => {
    const text = fs.readFileSync(readme, 'utf8');
    const rules = text.slice(text.indexOf('\n## Rules\n'), text.indexOf('\n## Refuses when\n'));
    const ids = Object.keys(RULE_DOCS).filter((r) => r.startsWith(`${id}/`));
    expect(ids.length).toBeGreaterThan(0);
    for (const rule of ids) expect(rules).toContain(`\`${rule}\``);
  });

  test('a rule id under it prints the same README', () => {
    const rule = Object.keys(RULE_DOCS).find((r) => r.startsWith(`${id}/`))!;
    const r = run(['check', '--explain', rule]);
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(fs.readFileSync(readme, 'utf8'));
  });
});

test('an unknown id exits 2 with a one-line error', () => {
  const r = run(['check', '--explain', 'no-such-transform']);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^pyext-isolate: unknown transform or rule 'no-such-transform'/);
});
