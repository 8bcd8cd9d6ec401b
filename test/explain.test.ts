/**
 * Rule docs: `pyext-isolate rule <transform-id>` (and its alias `check --explain`) prints the transform's
 * README (transforms/<id>/README.md, also `engine`) with the six sections every README has; `rule <rule-id>`
 * prints that rule's page (what, why, example, fix, when it refuses) built from the README; `rules` lists
 * every rule with its severity and fix kind; an unknown id is a usage error (exit 2, one line on stderr).
 * Runs the built CLI (dist/), as a user would.
 */
import { execFileSync, spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { TRANSFORM_IDS } from '../transforms';
import { RULE_DOCS } from '../transforms/rule-docs';
import { rulePage } from '../src/engine/rule-pages';

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

describe.each([...TRANSFORM_IDS, 'engine'].map((id) => [id]))('check --explain %s', (id) => {
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

  test('each rule id under it has a page with all five sections; --explain is an alias of rule', () => {
    const rules = Object.keys(RULE_DOCS).filter((r) => r.startsWith(`${id}/`));
    for (const rule of rules) {
      const page = rulePage(rule);
      expect(page.split('\n')[0]).toBe(`# ${rule}`);
      expect(page).toContain(RULE_DOCS[rule]);
      const parts = page.split(/^## /m).slice(1);
      expect(parts.map((p) => p.split('\n')[0])).toEqual(['What', 'Why', 'Example', 'Fix', 'When it refuses']);
      for (const p of parts) expect(p.split('\n').slice(1).join('\n').trim().length).toBeGreaterThan(20);
      expect(page).toMatch(/^Severity: (error|warning|info)[^.]*\. Fix: (auto|manual|none|unsafe)/m);
    }
    // The command line prints the same page, under both names.
    const r = run(['rule', rules[0]]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stdout).toBe(rulePage(rules[0]));
    expect(run(['check', '--explain', rules[0]]).stdout).toBe(r.stdout);
  });
});

test('rules lists every rule id once, with severity and fix kind', () => {
  const r = run(['rules']);
  expect(r.status).toBe(0);
  for (const rule of Object.keys(RULE_DOCS)) expect(r.stdout).toMatch(new RegExp(`^${rule.replace(/[/-]/g, '\\$&')} +(error|warning|info)[a-z /]* +(auto|manual|none)[a-z /]* +\\S`, 'm'));
});

test('a rule id that is a near miss gets a suggestion', () => {
  const r = run(['rule', 'checks/gilstat']);
  expect(r.status).toBe(2);
  expect(r.stderr).toBe("pyext-isolate: unknown rule or transform 'checks/gilstat' (did you mean 'checks/gilstate'?); `pyext-isolate rules` lists them\n");
});

test('an unknown id exits 2 with a one-line error', () => {
  const r = run(['check', '--explain', 'no-such-transform']);
  expect(r.status).toBe(2);
  expect(r.stdout).toBe('');
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^pyext-isolate: unknown rule or transform 'no-such-transform'/);
});
